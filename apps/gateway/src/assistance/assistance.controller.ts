import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { uuidPipe } from '../common/case-action';
import { ApiTemporalUnavailable } from '../common/temporal-unavailable';
import { NoBodyDto } from '../common/validation';
import { ClaimConflictDto } from '../disputes/dispute.dto';
import {
  AnswerAssistanceDto,
  AssistanceDto,
  AssistanceListDto,
  AssistanceListQueryDto,
  RequestAssistanceDto,
  WithdrawAssistanceDto,
} from './assistance.dto';
import { AssistanceService } from './assistance.service';

const FORBIDDEN = 'FORBIDDEN: role, pool or holder does not allow it';
const CONFLICT = 'STAGE_CONFLICT: does not fit the case or the assistance now';

/** Joint handling (协办) on a case: the handling mediator requests and withdraws assistance. */
@ApiTags('assistance')
@ApiBearerAuth()
@Controller('api/disputes')
export class CaseAssistanceController {
  constructor(private readonly assistance: AssistanceService) {}

  @Post(':id/assistance')
  @Roles('MEDIATOR')
  @ApiOperation({
    summary:
      "请求协办: the mediator holding the case in HANDLING asks another unit for assistance, with an instruction and a deadline in working days; a task appears in that unit's pool",
  })
  @ApiCreatedResponse({ type: AssistanceDto, description: 'the assistance, OPEN' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such case' })
  @ApiConflictResponse({ description: `${CONFLICT} (not in HANDLING, suspended, closed)` })
  @ApiUnprocessableEntityResponse({
    description: "RULE_VIOLATION: unknown unit, the case's own unit, one already open to that unit, too many open",
  })
  @ApiTemporalUnavailable()
  request(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: RequestAssistanceDto,
  ): Promise<AssistanceDto> {
    return this.assistance.request(user, id, dto);
  }

  @Get(':id/assistance')
  @ApiOperation({ summary: "the case's assistances in request order, with their state" })
  @ApiOkResponse({ type: [AssistanceDto] })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: outside your pools, center or reports' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  ofCase(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<AssistanceDto[]> {
    return this.assistance.ofCase(user, id);
  }

  @Post(':id/assistance/:aid/withdraw')
  @Roles('MEDIATOR')
  @HttpCode(200)
  @ApiOperation({ summary: 'withdraws an open assistance with a reason (the mediator holding the case)' })
  @ApiOkResponse({ type: AssistanceDto, description: 'the assistance, WITHDRAWN' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such case or assistance' })
  @ApiConflictResponse({ description: `${CONFLICT} (already answered or withdrawn)` })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: an empty reason' })
  @ApiTemporalUnavailable()
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Param('aid', uuidPipe('aid')) aid: string,
    @Body() dto: WithdrawAssistanceDto,
  ): Promise<AssistanceDto> {
    return this.assistance.withdraw(user, id, aid, dto);
  }
}

/** The assisting unit's side: its pool of 协办 tasks, a claim and the answer. */
@ApiTags('assistance')
@ApiBearerAuth()
@Controller('api/tasks/assistance')
export class AssistanceTaskController {
  constructor(private readonly assistance: AssistanceService) {}

  @Get()
  @Roles('MEDIATOR')
  @ApiOperation({
    summary:
      '协办 tasks: open, unclaimed assistances asked of my units (scope=pool), those I claimed (mine), those I answered (done); nearest deadline first',
  })
  @ApiOkResponse({ type: AssistanceListDto })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: a cursor this list did not hand out' })
  list(@CurrentUser() user: AuthUser, @Query() query: AssistanceListQueryDto): Promise<AssistanceListDto> {
    return this.assistance.list(user, query);
  }

  @Get(':aid')
  @ApiOperation({ summary: "one assistance: for its unit's mediators, its claimant and whoever sees the case" })
  @ApiOkResponse({ type: AssistanceDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: neither of your units nor of a case you see' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentUser() user: AuthUser, @Param('aid', uuidPipe('aid')) aid: string): Promise<AssistanceDto> {
    return this.assistance.get(user, aid);
  }

  @Post(':aid/claim')
  @Roles('MEDIATOR')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "claims the assistance from your unit's pool; a second claimer gets 409 ALREADY_CLAIMED naming who holds it",
  })
  @ApiOkResponse({ type: AssistanceDto, description: 'the assistance, CLAIMED by you' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({ description: "FORBIDDEN: not a mediator of the assisting unit's pool" })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such assistance' })
  @ApiConflictResponse({
    type: ClaimConflictDto,
    description:
      'ALREADY_CLAIMED: another mediator holds it (claimedBy names them), or you do; STAGE_CONFLICT: answered or withdrawn',
  })
  @ApiTemporalUnavailable()
  claim(
    @CurrentUser() user: AuthUser,
    @Param('aid', uuidPipe('aid')) aid: string,
    @Body() _body: NoBodyDto,
  ): Promise<AssistanceDto> {
    return this.assistance.claim(user, aid);
  }

  @Post(':aid/answer')
  @Roles('MEDIATOR')
  @HttpCode(200)
  @ApiOperation({ summary: 'answers the assistance you claimed with a report (协办报告): it is no longer open' })
  @ApiOkResponse({ type: AssistanceDto, description: 'the assistance, ANSWERED' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field named' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: you did not claim it' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such assistance' })
  @ApiConflictResponse({ description: `${CONFLICT} (already answered or withdrawn)` })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: an empty report' })
  @ApiTemporalUnavailable()
  answer(
    @CurrentUser() user: AuthUser,
    @Param('aid', uuidPipe('aid')) aid: string,
    @Body() dto: AnswerAssistanceDto,
  ): Promise<AssistanceDto> {
    return this.assistance.answer(user, aid, dto);
  }
}
