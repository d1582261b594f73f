import { applyDecorators, HttpCode, ParseUUIDPipe } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import type { ActionUpdate } from '@app/contracts';
import type { Role } from '@app/domain/enums';
import { ACTION_RULES, type Action } from '@app/domain/workflow-rules/stage-rules';
import { Roles } from '../auth/auth.decorators';
import { CaseViewDto } from '../disputes/dispute.dto';
import { ApiError } from './api-error';
import { ApiTemporalUnavailable } from './temporal-unavailable';

/** Any UUID PostgreSQL's uuid type takes: 8-4-4-4-12 hexadecimal digits, whatever its version digit. */
const HEX_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

/**
 * ParseUUIDPipe with the check it had before NestJS 12 (version 'all': any hexadecimal UUID).
 * NestJS 12's 'all' asks for a version digit 1–8 and the RFC variant, which would refuse the ids
 * the read models derive from md5 (escalation and key-person alerts) with a 400.
 */
class HexUuidPipe extends ParseUUIDPipe {
  protected override isUUID(value: unknown): boolean {
    return typeof value === 'string' && HEX_UUID.test(value);
  }
}

export const uuidPipe = (name: string): ParseUUIDPipe =>
  new HexUuidPipe({ exceptionFactory: () => ApiError.validation([`${name}: must be a UUID`]) });

/** Staff roles the stage rules allow for an action: checked at the edge, before the body is. */
export const rolesFor = (action: Action): Role[] =>
  ACTION_RULES[action].roles.filter((r): r is Role => r !== 'SYSTEM' && r !== 'PARTY');

/**
 * A case action route, named by the action's update (its name is the action's): the roles of the
 * stage rules, and the documented answers — the case after the action, or the contract's errors.
 * A route whose 409 says more (the task claim's `claimedBy`) passes its own `conflict`:
 * @nestjs/swagger 12 merges a second declaration of a status into the first (descriptions joined)
 * instead of replacing it.
 */
export const CaseAction = (
  update: Pick<ActionUpdate, 'name'>,
  summary: string,
  options: { conflict?: ApiResponseOptions } = {},
) =>
  applyDecorators(
    Roles(...rolesFor(update.name)),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: CaseViewDto, description: 'the case after the action' }),
    ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' }),
    ApiForbiddenResponse({ description: 'FORBIDDEN: role, pool, center or assignee does not allow it' }),
    ApiNotFoundResponse({ description: 'NOT_FOUND: no such case' }),
    ApiConflictResponse(
      options.conflict ?? { description: 'STAGE_CONFLICT / ALREADY_CLAIMED: does not fit the case now' },
    ),
    ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: refused by a rule' }),
    ApiTemporalUnavailable(),
  );
