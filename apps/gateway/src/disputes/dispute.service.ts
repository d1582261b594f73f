import { randomUUID } from 'crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  awaitRegistrationUpdate,
  caseStateQuery,
  claimTaskUpdate,
  DEFAULT_SLA_POLICY_NAME,
  disputeWorkflowId,
  DISPUTE_WORKFLOW_TYPE,
  transferDisputeUpdate,
  type ActionInput,
  type CaseState,
  type DisputeWorkflowInput,
  type RepeatParty,
} from '@app/contracts';
import { officeYear } from '@app/domain/calendar/office-time';
import type { CenterCode, Role, Severity, SlaClass } from '@app/domain/enums';
import { suggestRouting } from '@app/domain/routing/routing-rules';
import { findGrid, findUnit, mainUnitOfCenter, resolveUnit } from '@app/domain/territory';
import type { Action } from '@app/domain/workflow-rules/stage-rules';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { CaseReadRepository, type CaseScope } from '@app/persistence/repositories/case-read.repository';
import { IntakeRepository } from '@app/persistence/repositories/intake.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { RoutingRulesRepository } from '@app/persistence/repositories/routing-rules.repository';
import { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import type { disputeWorkflow } from '@app/workflows/dispute.workflow';
import { AuditService, personalDataIn, type RevealView } from '../audit/audit.service';
import { actorOf, type AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { currentOperationId } from '../common/idempotency.interceptor';
import { TemporalClientProvider } from '../infrastructure/temporal.module';
import { KeyPersonService } from '../key-persons/key-person.service';
import { ReporterIntake } from '../key-persons/reporter-intake.service';
import { MetricsService } from '../observability/metrics.service';
import { actingRoleOn, canSeeCase, maskIdNumber, maskPersonalData, maskPhone, seesPersonalData } from './case-access';
import type {
  CaseListDto,
  CaseListQueryDto,
  DuplicatesQueryDto,
  CaseViewDto,
  CreateDisputeDto,
  MediatorDto,
  RoutingSuggestionDto,
  TaskListDto,
  TaskListQueryDto,
  TimelineEventDto,
} from './dispute.dto';
import { toApiError } from './workflow-errors';

/** A party has 3+ cases in 12 months when two earlier ones exist besides this report. */
const REPEAT_PARTY_EARLIER_CASES = 2;

export type ActionPayload<I extends ActionInput> = Omit<I, 'actor'>;

@Injectable()
export class DisputeService {
  constructor(
    private readonly temporal: TemporalClientProvider,
    private readonly cases: CaseReadRepository,
    private readonly events: CaseEventRepository,
    private readonly territory: TerritoryRepository,
    private readonly intake: IntakeRepository,
    private readonly routingRules: RoutingRulesRepository,
    private readonly users: UserRepository,
    private readonly metrics: MetricsService,
    private readonly tasks: TaskReadRepository,
    private readonly keyPersons: KeyPersonService,
    private readonly reporters: ReporterIntake,
    private readonly slaSettings: SlaSettingsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Starts the case's workflow and answers once the workflow has recorded it. */
  async register(user: AuthUser, dto: CreateDisputeDto): Promise<CaseViewDto> {
    const role: Role = user.roles.includes('CLERK') ? 'CLERK' : user.roles.includes('GRID_WORKER') ? 'GRID_WORKER' : 'REPORTER';
    // A resident reporter (民情联络员) reports in their resident group's grid, through their channel.
    await this.reporters.check(user, role, dto);
    if (dto.acceptNow && role !== 'CLERK') throw ApiError.forbidden('only a CLERK may accept a report at once (acceptNow)');
    if (!dto.parties.some((party) => party.role === 'APPLICANT')) {
      throw ApiError.rule(['parties: at least one party must have the role APPLICANT']);
    }
    const grid = await this.territory.findGrid(dto.gridCode);
    if (!grid) throw ApiError.rule([`gridCode: unknown grid "${dto.gridCode}"`]);
    if (!grid.active) throw ApiError.rule([`gridCode: grid "${dto.gridCode}" is deactivated and takes no new report`]);
    const parties = dto.parties.map(({ role: partyRole, name, phone, idNumber }) => ({ role: partyRole, name, phone, idNumber }));
    const repeatParty = await this.repeatPartyOf(parties);
    // Under an Idempotency-Key every attempt names the same case, so a retry after a crash finds
    // the workflow its first attempt started instead of registering the report twice.
    const operation = currentOperationId();
    const caseId = operation ? uuidOf(operation) : randomUUID();
    // The intake's deadlines come from the SLA settings in force now: read here, they travel in the
    // workflow's input and spare the worker a local activity per intake (issue 16).
    const reportedAt = new Date();
    const year = officeYear(reportedAt.getTime());
    const years = [year, year + 1];
    const slaSettings = { policyName: DEFAULT_SLA_POLICY_NAME, years, settings: await this.slaSettings.load(DEFAULT_SLA_POLICY_NAME, years) };
    const input: DisputeWorkflowInput = {
      caseId,
      report: {
        channel: dto.channel,
        category: dto.category,
        summary: dto.summary,
        description: dto.description,
        gridCode: dto.gridCode,
        address: dto.address,
        occurredAt: dto.occurredAt,
        urgent: dto.urgent ?? false,
        parties,
        ...(repeatParty && { repeatParty }),
      },
      reportedBy: actorOf(user, role),
      acceptNow: dto.acceptNow ?? false,
      reportedAt: reportedAt.toISOString(),
      // DOMAIN.md: the repeat-party flag raises severity to MAJOR.
      severity: repeatParty ? 'MAJOR' : 'NORMAL',
      slaSettings,
    };
    // Temporal unreachable or past the call's deadline: 503 TEMPORAL_UNAVAILABLE, nothing recorded.
    const start = new WithStartWorkflowOperation<typeof disputeWorkflow>(DISPUTE_WORKFLOW_TYPE, {
      workflowId: disputeWorkflowId(caseId),
      taskQueue: this.temporal.taskQueue,
      args: [input],
      workflowIdConflictPolicy: operation ? 'USE_EXISTING' : 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    const state = await this.temporal.call((client) =>
      this.metrics.timeWorkflow('start', DISPUTE_WORKFLOW_TYPE, () =>
        client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, { startWorkflowOperation: start }),
      ),
    );
    // A party whose phone or ID number is a key person's links the case to them (docs/key-persons.md).
    await this.keyPersons.linkReport(caseId, parties);
    return this.view(user, await this.requireRow(caseId), state);
  }

  async get(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    const view = await this.caseView(user, caseId);
    // The key persons its parties matched at intake: for the register's users only (docs/key-persons.md).
    const keyPersons = await this.keyPersons.caseLinks(user, caseId);
    return keyPersons === undefined ? view : { ...view, keyPersons };
  }

  private async caseView(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    const row = await this.visibleCase(user, caseId);
    const view = await this.withAssigneeName(this.view(user, row, await this.queryState(caseId)));
    await this.recordReveal(user, row, 'case', view.parties);
    return view;
  }

  /** Newest first, within what the caller may see; personal data masked. */
  async list(user: AuthUser, query: CaseListQueryDto): Promise<CaseListDto> {
    const { limit, cursor, ...filter } = query;
    const page = await this.cases.list({ ...filter, scope: listScope(user) }, { limit, cursor });
    return { items: page.items.map((row) => this.view(user, row, undefined, true)), nextCursor: page.nextCursor };
  }

  /** The mediators' desk: unclaimed tasks of my pools, or the tasks I hold. */
  async taskList(user: AuthUser, query: TaskListQueryDto): Promise<TaskListDto> {
    const page = await this.tasks.list({
      scope: query.scope ?? 'pool',
      userId: user.id,
      unitIds: user.unitIds,
      page: { limit: query.limit, cursor: query.cursor },
    });
    return {
      items: page.items.map((t) => ({
        caseId: t.caseId,
        caseNo: t.caseNo,
        stage: t.stage,
        category: t.category,
        summary: t.summary,
        unitId: t.unitId,
        assigneeId: t.assigneeId,
        severity: t.severity,
        status: t.status,
        stageEnteredAt: new Date(t.stageEnteredAt).toISOString(),
        stageDeadline: t.stageDeadline ? new Date(t.stageDeadline).toISOString() : null,
        overdue: t.overdue,
        escalationLevel: t.escalationLevel,
        handledAt: t.handledAt ? new Date(t.handledAt).toISOString() : null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * The case's events in order, each actor named (staff by display name; system and party: null),
   * personal data masked in every payload for a role the case view masks it for.
   */
  async timeline(user: AuthUser, caseId: string): Promise<TimelineEventDto[]> {
    const row = await this.visibleCase(user, caseId);
    const events = await this.events.timeline(caseId);
    const names = await this.users.displayNames(events.map((e) => e.actor.userId));
    const mask = !seesPersonalData(user);
    await this.recordReveal(user, row, 'timeline', events.map((e) => e.data));
    return events.map((e) => ({
      ...e,
      data: mask ? maskPersonalData(e.data) : e.data,
      actor: { ...e.actor, displayName: names.get(e.actor.userId) ?? null },
    }));
  }

  /** Claims the task; a claim that lost the race is told who won (409 ALREADY_CLAIMED with `claimedBy`). */
  async claim(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    try {
      return await this.act(user, caseId, 'claimTask', claimTaskUpdate, {});
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ALREADY_CLAIMED') throw error;
      const holder = (await this.queryState(caseId))?.assigneeId ?? (await this.requireRow(caseId)).assigneeId;
      if (!holder) throw error;
      const displayName = (await this.users.displayNames([holder])).get(holder) ?? null;
      throw new ApiError(HttpStatus.CONFLICT, 'ALREADY_CLAIMED', error.message, { claimedBy: { id: holder, displayName } });
    }
  }

  /** The active mediators of the case's pool, whom a supervisor may hand it to. */
  async mediatorsOfCase(user: AuthUser, caseId: string): Promise<MediatorDto[]> {
    const row = await this.visibleCase(user, caseId);
    const unitId = (await this.queryState(caseId))?.unitId ?? row.unitId;
    return unitId ? this.users.activeMediatorsOf(unitId) : [];
  }

  async duplicates(user: AuthUser, query: DuplicatesQueryDto): Promise<CaseListDto> {
    if (!query.phone && !query.idNumber && !(query.address && query.category)) {
      throw ApiError.rule(['give phone, idNumber, or address together with category']);
    }
    const { limit, cursor, ...match } = query;
    const page = await this.intake.findDuplicates(match, { limit, cursor });
    return { items: page.items.map((row) => this.view(user, row, undefined, true)), nextCursor: page.nextCursor };
  }

  /** The rule table's suggestion for the case, with the unit resolved in the case's community. */
  async routingSuggestion(user: AuthUser, caseId: string): Promise<RoutingSuggestionDto> {
    const row = await this.visibleCase(user, caseId);
    // The case's grid may have been deactivated since: the case still gets its suggestion.
    const [territory, rules] = await Promise.all([this.territory.load({ withInactiveGrids: true }), this.routingRules.load()]);
    const grid = findGrid(territory, row.gridCode);
    if (!grid) throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'RULE_VIOLATION', `the case's grid ${row.gridCode} no longer exists`);
    // The flag kept on the case at intake (DOMAIN.md): routing then defaults to MAJOR.
    const repeatParty = row.repeatParty !== null;
    // "Small matters stay in the community", second step: what a community-level unit could not
    // resolve goes up to the street-level unit of the same center (DOMAIN.md "Routing").
    const current = row.unitId ? findUnit(territory, row.unitId) : undefined;
    if (row.stage === 'SUPERVISION' && current?.level === 'COMMUNITY' && (await this.events.lastHandlingOutcome(caseId)) === 'UNRESOLVED') {
      const up = mainUnitOfCenter(territory, current.centerCode);
      return {
        centerCode: current.centerCode,
        unitId: up.id,
        slaClass: row.slaClass as SlaClass,
        severity: row.severity as Severity,
        reasons: [`Handling by the community-level unit ${current.name} ended UNRESOLVED: the case goes up a level to the street-level unit of center ${current.centerCode}.`, `Unit: ${up.name}.`],
        repeatParty,
        upALevel: true,
      };
    }
    // A party matched a key person at intake: MAJOR, with that reason (docs/key-persons.md).
    const keyPerson = await this.keyPersons.isLinked(caseId);
    const suggestion = suggestRouting(
      { category: row.category as never, gridLevel: grid.level, severity: keyPerson ? 'MAJOR' : (row.severity as Severity), repeatParty },
      rules,
    );
    if (keyPerson && row.severity !== 'MAJOR') suggestion.reasons.unshift('A party matches a key person (重点人员) of the register: severity MAJOR.');
    const unit = resolveUnit(territory, { centerCode: suggestion.centerCode, unitLevel: suggestion.unitLevel, gridCode: row.gridCode });
    return {
      centerCode: suggestion.centerCode,
      unitId: unit.id,
      slaClass: suggestion.slaClass,
      severity: suggestion.severity,
      reasons: [...suggestion.reasons, `Unit: ${unit.name}.`],
      repeatParty,
      upALevel: false,
    };
  }

  /**
   * One action on a case: the caller must see the case and hold a role the action allows; the
   * workflow decides the rest (stage, pool, assignee) and answers with the case after the action.
   */
  async act<I extends ActionInput>(
    user: AuthUser,
    caseId: string,
    action: Action,
    update: UpdateDefinition<CaseState, [I]>,
    payload: ActionPayload<I>,
  ): Promise<CaseViewDto> {
    const row = await this.visibleCase(user, caseId);
    const actor = actorOf(user, actingRoleOn(user, action, row));
    return this.applyUpdate(user, row, update, { ...payload, actor } as unknown as I);
  }

  /** An action by a party, who is known by the receipt code alone. */
  async actAsParty<I extends ActionInput>(row: CaseEntity, update: UpdateDefinition<CaseState, [I]>, payload: ActionPayload<I>): Promise<CaseState> {
    try {
      return await this.temporal.call((client) =>
        client.workflow.getHandle(disputeWorkflowId(row.id)).executeUpdate(update, {
          args: [{ ...payload, actor: { userId: 'party', role: 'PARTY', unitIds: [] } } as unknown as I],
          updateId: currentOperationId(),
        }),
      );
    } catch (error) {
      throw toApiError(error, true);
    }
  }

  /**
   * A transfer; one from a community-level unit to a street-level unit of the same center goes up
   * a level (上交), which the event states for the measures.
   */
  async transfer(user: AuthUser, caseId: string, input: { centerCode: CenterCode; unitId: string; reason: string }): Promise<CaseViewDto> {
    await this.requireUnitOfCenter(input.unitId, input.centerCode);
    const [row, territory] = await Promise.all([this.visibleCase(user, caseId), this.territory.load()]);
    const from = row.unitId ? findUnit(territory, row.unitId) : undefined;
    const to = findUnit(territory, input.unitId);
    const upALevel = from?.level === 'COMMUNITY' && to?.level === 'STREET' && from.centerCode === to.centerCode;
    return this.act(user, caseId, 'transferDispute', transferDisputeUpdate, { ...input, ...(upALevel ? { upALevel: true } : {}) });
  }

  /** The routing form's checks: the unit must belong to the center. */
  async requireUnitOfCenter(unitId: string, centerCode: string): Promise<void> {
    const territory = await this.territory.load();
    const unit = territory.units.find((u) => u.id === unitId);
    if (!unit) throw ApiError.rule([`unitId: unknown unit ${unitId}`]);
    if (unit.centerCode !== centerCode) throw ApiError.rule([`unitId: unit ${unit.name} belongs to center ${unit.centerCode}, not ${centerCode}`]);
  }

  /** The case to merge into must exist, be visible and still open. */
  async requireOpenTarget(user: AuthUser, caseId: string, intoId: string): Promise<CaseEntity> {
    if (intoId === caseId) throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'RULE_VIOLATION', 'a case cannot be merged into itself');
    const target = await this.visibleCase(user, intoId);
    const state = await this.queryState(intoId);
    if ((state?.status ?? target.status) === 'CLOSED') {
      throw new ApiError(HttpStatus.CONFLICT, 'STAGE_CONFLICT', `case ${target.caseNo ?? intoId} is closed; merge into an open case`);
    }
    return target;
  }

  /**
   * A reassignment goes to an active mediator of the case's pool. The caller must see the case as
   * the supervisor who reassigns before anything about the pool is told.
   */
  async requireMediatorOfCase(user: AuthUser, caseId: string, mediatorId: string): Promise<string> {
    const row = await this.visibleCase(user, caseId);
    actingRoleOn(user, 'reassignTask', row);
    const mediator = await this.users.findActiveById(mediatorId);
    if (!mediator || !mediator.roles.includes('MEDIATOR')) throw ApiError.rule([`mediatorId: no active mediator ${mediatorId}`]);
    if (!row.unitId || !mediator.unitIds.includes(row.unitId)) {
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'RULE_VIOLATION', `${mediator.displayName} is not in the pool of the case's unit`);
    }
    return mediator.id;
  }

  async findByReceiptCode(code: string): Promise<CaseEntity | null> {
    return this.cases.findByReceiptCode(code);
  }

  async stateOf(caseId: string): Promise<CaseState | undefined> {
    return this.queryState(caseId);
  }

  private async applyUpdate<I extends ActionInput>(user: AuthUser, row: CaseEntity, update: UpdateDefinition<CaseState, [I]>, input: I) {
    try {
      const state = await this.temporal.call((client) =>
        this.metrics.timeWorkflow('update', update.name, () =>
          client.workflow.getHandle(disputeWorkflowId(row.id)).executeUpdate(update, { args: [input], updateId: currentOperationId() }),
        ),
      );
      const view = await this.withAssigneeName(this.view(user, await this.requireRow(row.id), state));
      await this.recordReveal(user, row, 'action', view.parties);
      return view;
    } catch (error) {
      throw toApiError(error, true);
    }
  }

  /**
   * Phone or ID numbers about to be shown whole (a role that sees personal data, a case that has
   * some): the audit trail records who saw which case's, before the answer leaves.
   */
  private async recordReveal(user: AuthUser, row: CaseEntity, view: RevealView, shown: unknown): Promise<void> {
    if (!seesPersonalData(user)) return;
    const revealed = personalDataIn(shown);
    if (revealed.parties === 0) return;
    await this.audit.personalDataRevealed(user, { id: row.id, caseNo: row.caseNo }, view, revealed);
  }

  private async withAssigneeName(view: CaseViewDto): Promise<CaseViewDto> {
    if (!view.assigneeId) return view;
    return { ...view, assigneeName: (await this.users.displayNames([view.assigneeId])).get(view.assigneeId) };
  }

  /** The repeat-party flag for a new report: its parties' other cases in 12 months, when there are enough of them. */
  private async repeatPartyOf(parties: { phone?: string; idNumber?: string }[]): Promise<RepeatParty | undefined> {
    const phones = parties.flatMap((p) => (p.phone ? [p.phone] : []));
    const idNumbers = parties.flatMap((p) => (p.idNumber ? [p.idNumber] : []));
    const earlier = await this.intake.recentCasesOfParties(phones, idNumbers);
    return earlier.length >= REPEAT_PARTY_EARLIER_CASES ? { count: earlier.length, cases: earlier } : undefined;
  }

  private async requireRow(caseId: string): Promise<CaseEntity> {
    const row = await this.cases.findById(caseId);
    if (!row) throw ApiError.notFound(`case ${caseId}`);
    return row;
  }

  private async visibleCase(user: AuthUser, caseId: string): Promise<CaseEntity> {
    const row = await this.requireRow(caseId);
    if (!canSeeCase(user, row)) throw ApiError.forbidden(`case ${row.caseNo ?? caseId} is outside your pools, center or reports`);
    return row;
  }

  /**
   * The workflow is the authority on state; a case whose history is gone keeps its read model, and
   * so does every read while Temporal is unreachable or slow (TEMPORAL_QUERY_TIMEOUT_MS): the read
   * model is written in the same transaction as each event, so it holds every recorded step.
   */
  private async queryState(caseId: string): Promise<CaseState | undefined> {
    try {
      return await this.temporal.query((client) => client.workflow.getHandle(disputeWorkflowId(caseId)).query(caseStateQuery));
    } catch (error) {
      const mapped = toApiError(error);
      if (mapped instanceof ApiError && mapped.getStatus() === HttpStatus.NOT_FOUND) return undefined;
      throw error;
    }
  }

  /** The case as API.md shows it: workflow state over the read model; personal data masked in lists. */
  view(user: AuthUser, row: CaseEntity, state: CaseState | undefined, list = false): CaseViewDto {
    const deadline = state?.stageDeadline ?? row.stageDeadline?.toISOString();
    const status = state?.status ?? row.status;
    const mask = list || !seesPersonalData(user);
    return {
      id: row.id,
      caseNo: state?.caseNo ?? row.caseNo ?? undefined,
      receiptCode: state?.receiptCode ?? row.receiptCode ?? undefined,
      stage: state?.stage ?? row.stage,
      status,
      category: row.category,
      summary: row.summary,
      parties: row.parties.map((p) =>
        mask ? { ...p, phone: p.phone && maskPhone(p.phone), idNumber: p.idNumber && maskIdNumber(p.idNumber) } : p,
      ),
      gridCode: row.gridCode,
      centerCode: state?.centerCode ?? row.centerCode ?? undefined,
      unitId: state?.unitId ?? row.unitId ?? undefined,
      assigneeId: state?.assigneeId ?? row.assigneeId ?? undefined,
      severity: state?.severity ?? row.severity,
      slaClass: state?.slaClass ?? row.slaClass,
      stageEnteredAt: state?.stageEnteredAt ?? row.stageEnteredAt.toISOString(),
      stageDeadline: deadline,
      overdue: deadline !== undefined && status === 'OPEN' && Date.parse(deadline) < Date.now(),
      escalationLevel: state?.escalationLevel ?? row.escalationLevel,
      reopenCount: state?.reopenCount ?? row.reopenCount,
      repeatParty: row.repeatParty ?? null,
      resolution: state?.resolution ?? row.resolution ?? undefined,
      handlingOutcome: state?.handlingOutcome,
      extension: state?.extension,
      createdAt: row.createdAt.toISOString(),
      updatedAt: state?.updatedAt ?? row.updatedAt.toISOString(),
    };
  }
}

/** A UUID (version 8, "custom") made of the first 122 bits of a hex digest. */
function uuidOf(digest: string): string {
  const variant = ((parseInt(digest[16], 16) & 0x3) | 0x8).toString(16);
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}

/** The list's counterpart of canSeeCase: the broadest restriction among the user's roles. */
function listScope(user: AuthUser): CaseScope | undefined {
  const unrestricted = user.roles.some(
    (role) => role === 'CLERK' || role === 'ADMIN' || (role === 'SUPERVISOR' && (user.supervisorLevel ?? 1) >= 2),
  );
  if (unrestricted) return undefined;
  if (user.roles.includes('SUPERVISOR')) return { centerCode: user.centerCode ?? '' };
  if (user.roles.includes('MEDIATOR')) return { unitIds: user.unitIds };
  return { reportedBy: user.id };
}
