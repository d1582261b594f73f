import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  mergeDisputeUpdate,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  rejectDisputeUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  returnSupervisionUpdate,
  routeDisputeUpdate,
  suspendDisputeUpdate,
  transferDisputeUpdate,
  withdrawDisputeUpdate,
} from '@app/contracts';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { CaseAction, uuidPipe } from '../common/case-action';
import { ApiTemporalUnavailable } from '../common/temporal-unavailable';
import { NoBodyDto } from '../common/validation';
import {
  CaseListDto,
  CaseListQueryDto,
  CaseViewDto,
  CompleteHandlingDto,
  CreateDisputeDto,
  DuplicatesQueryDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FeedbackDto,
  FollowUpDto,
  HandlingRecordDto,
  MediatorDto,
  MergeDto,
  ReasonDto,
  ReassignDto,
  RouteDto,
  RoutingSuggestionDto,
  SupervisionOrderDto,
  TimelineEventDto,
  TransferDto,
} from './dispute.dto';
import { CaseActionService } from './case-action.service';
import { CaseQueryService } from './case-query.service';
import { IntakeService } from './intake.service';

@ApiTags('disputes')
@ApiBearerAuth()
@Controller('api/disputes')
export class DisputeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly queries: CaseQueryService,
    private readonly actions: CaseActionService,
  ) {}

  @Post()
  @Roles('CLERK', 'GRID_WORKER', 'REPORTER')
  @ApiOperation({ summary: 'register a report (any channel); acceptNow: a walk-in accepted at once (CLERK)' })
  @ApiCreatedResponse({ type: CaseViewDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: every bad field is named' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: acceptNow is for a CLERK' })
  @ApiUnprocessableEntityResponse({ description: 'RULE_VIOLATION: no party is an APPLICANT, or the grid is unknown' })
  @ApiTemporalUnavailable()
  register(@CurrentUser() user: AuthUser, @Body() dto: CreateDisputeDto): Promise<CaseViewDto> {
    return this.intake.register(user, dto);
  }

  @Get()
  @ApiOperation({ summary: 'cases within your scope, newest first, with filters and text search' })
  @ApiOkResponse({ type: CaseListDto })
  list(@CurrentUser() user: AuthUser, @Query() query: CaseListQueryDto): Promise<CaseListDto> {
    return this.queries.list(user, query);
  }

  @Get('duplicates')
  @Roles('CLERK')
  @ApiOperation({
    summary: 'open cases that look like the same dispute (same phone / ID number, or address + category in 30 days)',
  })
  @ApiOkResponse({ type: CaseListDto })
  @ApiUnprocessableEntityResponse({
    description:
      'RULE_VIOLATION: give phone, idNumber, or address together with category (or a cursor this list did not hand out)',
  })
  duplicates(@CurrentUser() user: AuthUser, @Query() query: DuplicatesQueryDto): Promise<CaseListDto> {
    return this.intake.duplicates(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseViewDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: outside your pools, center or reports' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  get(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<CaseViewDto> {
    return this.queries.get(user, id);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: [TimelineEventDto], description: "the case's events in order" })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: outside your pools, center or reports' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  timeline(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<TimelineEventDto[]> {
    return this.queries.timeline(user, id);
  }

  @Get(':id/mediators')
  @Roles('SUPERVISOR')
  @ApiOperation({
    summary: "the active mediators of the case's unit pool, by name: whom the case may be reassigned to",
  })
  @ApiOkResponse({ type: [MediatorDto] })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: outside your center' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  mediators(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string): Promise<MediatorDto[]> {
    return this.queries.mediatorsOfCase(user, id);
  }

  @Get(':id/routing-suggestion')
  @Roles('CLERK', 'SUPERVISOR')
  @ApiOkResponse({ type: RoutingSuggestionDto })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: outside your center' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  routingSuggestion(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
  ): Promise<RoutingSuggestionDto> {
    return this.queries.routingSuggestion(user, id);
  }

  @Post(':id/accept')
  @CaseAction(acceptDisputeUpdate, 'DISCOVERY → ACCEPTANCE: case number and receipt code issued')
  accept(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() _body: NoBodyDto) {
    return this.actions.act(user, id, acceptDisputeUpdate, {});
  }

  @Post(':id/reject')
  @CaseAction(rejectDisputeUpdate, 'closes the report as REJECTED')
  reject(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReasonDto) {
    return this.actions.act(user, id, rejectDisputeUpdate, dto);
  }

  @Post(':id/merge')
  @CaseAction(mergeDisputeUpdate, 'closes the case as MERGED into an open case, whose parties it joins')
  async merge(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: MergeDto) {
    const target = await this.actions.requireOpenTarget(user, id, dto.intoId);
    return this.actions.act(user, id, mergeDisputeUpdate, {
      intoCaseId: target.id,
      intoCaseNo: target.caseNo ?? undefined,
    });
  }

  @Post(':id/route')
  @CaseAction(routeDisputeUpdate, "ACCEPTANCE → ROUTING: a task appears in the unit's pool")
  async route(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: RouteDto) {
    await this.actions.requireUnitOfCenter(dto.unitId, dto.centerCode);
    const slaClass = dto.slaClass ?? (await this.queries.routingSuggestion(user, id)).slaClass;
    return this.actions.act(user, id, routeDisputeUpdate, { ...dto, slaClass });
  }

  @Post(':id/handling-records')
  @CaseAction(recordHandlingUpdate, 'records a mediation session (the assignee)')
  recordHandling(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: HandlingRecordDto,
  ) {
    return this.actions.act(user, id, recordHandlingUpdate, dto);
  }

  @Post(':id/complete-handling')
  @CaseAction(completeHandlingUpdate, 'HANDLING → TRACKING (AGREEMENT) or SUPERVISION')
  completeHandling(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: CompleteHandlingDto,
  ) {
    return this.actions.act(user, id, completeHandlingUpdate, dto);
  }

  @Post(':id/follow-ups')
  @CaseAction(recordFollowUpUpdate, 'TRACKING → SUPERVISION (fulfilled) or back to HANDLING')
  followUp(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: FollowUpDto) {
    return this.actions.act(user, id, recordFollowUpUpdate, dto);
  }

  @Post(':id/extensions')
  @CaseAction(requestExtensionUpdate, "requests the case's one extension (working days)")
  requestExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: ExtensionRequestDto,
  ) {
    return this.actions.act(user, id, requestExtensionUpdate, dto);
  }

  @Post(':id/extensions/:extId/decision')
  @CaseAction(decideExtensionUpdate, 'approves (moves the deadline) or refuses the extension')
  decideExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Param('extId', uuidPipe('extId')) extId: string,
    @Body() dto: ExtensionDecisionDto,
  ) {
    return this.actions.act(user, id, decideExtensionUpdate, { ...dto, extensionId: extId });
  }

  @Post(':id/supervision-orders')
  @CaseAction(issueSupervisionOrderUpdate, '督办单: an instruction and a new deadline, on any open case')
  supervisionOrder(
    @CurrentUser() user: AuthUser,
    @Param('id', uuidPipe('id')) id: string,
    @Body() dto: SupervisionOrderDto,
  ) {
    return this.actions.act(user, id, issueSupervisionOrderUpdate, dto);
  }

  @Post(':id/supervision/approve')
  @CaseAction(approveSupervisionUpdate, 'SUPERVISION → FEEDBACK')
  approve(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() _body: NoBodyDto) {
    return this.actions.act(user, id, approveSupervisionUpdate, {});
  }

  @Post(':id/supervision/return')
  @CaseAction(returnSupervisionUpdate, 'SUPERVISION → HANDLING, with a reason')
  returnToHandling(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReasonDto) {
    return this.actions.act(user, id, returnSupervisionUpdate, dto);
  }

  @Post(':id/feedback')
  @CaseAction(deliverFeedbackUpdate, 'FEEDBACK → EVALUATION: feedback delivered to the parties')
  feedback(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: FeedbackDto) {
    return this.actions.act(user, id, deliverFeedbackUpdate, dto);
  }

  @Post(':id/transfer')
  @CaseAction(transferDisputeUpdate, 'to another center / unit: the task goes to that pool')
  async transfer(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: TransferDto) {
    return this.actions.transfer(user, id, dto);
  }

  @Post(':id/suspend')
  @CaseAction(suspendDisputeUpdate, 'suspends the case: SLA clocks stop')
  suspend(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReasonDto) {
    return this.actions.act(user, id, suspendDisputeUpdate, dto);
  }

  @Post(':id/resume')
  @CaseAction(resumeDisputeUpdate, 'resumes a suspended case: its clock moves by the pause')
  resume(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() _body: NoBodyDto) {
    return this.actions.act(user, id, resumeDisputeUpdate, {});
  }

  @Post(':id/withdraw')
  @CaseAction(withdrawDisputeUpdate, 'the party withdraws (before handling completes): closes WITHDRAWN')
  withdraw(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReasonDto) {
    return this.actions.act(user, id, withdrawDisputeUpdate, dto);
  }

  @Post(':id/reassign')
  @CaseAction(reassignTaskUpdate, "a supervisor moves the task to a mediator of the case's pool")
  async reassign(@CurrentUser() user: AuthUser, @Param('id', uuidPipe('id')) id: string, @Body() dto: ReassignDto) {
    const mediatorId = await this.actions.requireMediatorOfCase(user, id, dto.mediatorId);
    return this.actions.act(user, id, reassignTaskUpdate, { mediatorId });
  }
}
