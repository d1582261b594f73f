import { applyDecorators, HttpCode, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { ActionUpdate } from '@app/contracts';
import type { Role } from '@app/domain/enums';
import { ACTION_RULES, type Action } from '@app/domain/workflow-rules/stage-rules';
import { Roles } from '../auth/auth.decorators';
import { CaseViewDto } from '../disputes/dispute.dto';
import { ApiError } from './api-error';
import { ApiTemporalUnavailable } from './temporal-unavailable';

export const uuidPipe = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => ApiError.validation([`${name}: must be a UUID`]) });

/** Staff roles the stage rules allow for an action: checked at the edge, before the body is. */
export const rolesFor = (action: Action): Role[] =>
  ACTION_RULES[action].roles.filter((r): r is Role => r !== 'SYSTEM' && r !== 'PARTY');

/**
 * A case action route, named by the action's update (its name is the action's): the roles of the
 * stage rules, and the documented answers — the case after the action, or the contract's errors.
 */
export const CaseAction = (update: Pick<ActionUpdate, 'name'>, summary: string) =>
  applyDecorators(
    Roles(...rolesFor(update.name)),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: CaseViewDto, description: 'the case after the action' }),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN: role, pool, center or assignee does not allow it' }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: no such case' }),
    ApiConflictResponse({ description: 'STAGE_CONFLICT / ALREADY_CLAIMED: does not fit the case now' }),
    ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: refused by a rule' }),
    ApiTemporalUnavailable(),
  );
