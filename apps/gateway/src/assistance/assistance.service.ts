import { HttpStatus, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  answerAssistanceUpdate,
  claimAssistanceUpdate,
  requestAssistanceUpdate,
  withdrawAssistanceUpdate,
  type CaseState,
} from '@app/contracts';
import {
  AssistanceReadRepository,
  type AssistanceItem,
} from '@app/persistence/repositories/assistance-read.repository';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { actorOf, type AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { canSeeCase } from '../disputes/case-access';
import { CaseViewService } from '../disputes/case-view.service';
import { DisputeWorkflowClient } from '../disputes/dispute-workflow.client';
import type {
  AnswerAssistanceDto,
  AssistanceDto,
  AssistanceListDto,
  AssistanceListQueryDto,
  RequestAssistanceDto,
  WithdrawAssistanceDto,
} from './assistance.dto';

/**
 * Joint handling (协办, docs/joint-handling.md): the handling mediator's requests and
 * withdrawals on the case, the assisting unit's pool, claim and answer. The dispute workflow
 * decides (rules in libs/domain/src/assistance); the lists come from `case_assistances`.
 */
@Injectable()
export class AssistanceService {
  constructor(
    private readonly assistances: AssistanceReadRepository,
    private readonly views: CaseViewService,
    private readonly workflow: DisputeWorkflowClient,
    private readonly territory: TerritoryRepository,
    private readonly users: UserRepository,
  ) {}

  /** Requests assistance of another unit: the case's handling mediator only (the workflow checks stage and holder). */
  async request(user: AuthUser, caseId: string, dto: RequestAssistanceDto): Promise<AssistanceDto> {
    await this.caseAsMediator(user, caseId);
    const territory = await this.territory.load();
    const unit = territory.units.find((u) => u.id === dto.unitId);
    if (!unit) throw ApiError.rule([`unitId: unknown unit ${dto.unitId}`]);
    const state = await this.workflow.update(caseId, requestAssistanceUpdate, {
      actor: actorOf(user, 'MEDIATOR'),
      unitId: unit.id,
      centerCode: unit.centerCode,
      instruction: dto.instruction,
      workingDays: dto.workingDays,
    });
    const created = state.assistances?.[state.assistances.length - 1];
    return this.one(created!.id);
  }

  /** The case's assistances, for whoever sees the case. */
  async ofCase(user: AuthUser, caseId: string): Promise<AssistanceDto[]> {
    await this.views.visibleCase(user, caseId);
    return this.toDtos(await this.assistances.ofCase(caseId));
  }

  async withdraw(user: AuthUser, caseId: string, id: string, dto: WithdrawAssistanceDto): Promise<AssistanceDto> {
    await this.caseAsMediator(user, caseId);
    const item = await this.assistances.byId(id);
    if (!item || item.caseId !== caseId) throw ApiError.notFound('assistance');
    await this.act(item, withdrawAssistanceUpdate, {
      actor: actorOf(user, 'MEDIATOR'),
      assistanceId: id,
      reason: dto.reason,
    });
    return this.one(id);
  }

  /** The assisting unit's pool (scope pool), what I claimed (mine), what I answered (done). */
  async list(user: AuthUser, query: AssistanceListQueryDto): Promise<AssistanceListDto> {
    const page = await this.assistances.list({
      scope: query.scope ?? 'pool',
      userId: user.id,
      unitIds: user.unitIds,
      page: { limit: query.limit, cursor: query.cursor },
    });
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** One assistance: for the assisting unit's mediators, its claimant, and whoever sees the case. */
  async get(user: AuthUser, id: string): Promise<AssistanceDto> {
    const item = await this.assistances.byId(id);
    if (!item) throw ApiError.notFound('assistance');
    if (!(await this.maySee(user, item)))
      throw ApiError.forbidden('the assistance is neither of your units nor of a case you see');
    return (await this.toDtos([item]))[0];
  }

  async claim(user: AuthUser, id: string): Promise<AssistanceDto> {
    const item = await this.assistances.byId(id);
    if (!item) throw ApiError.notFound('assistance');
    try {
      await this.act(item, claimAssistanceUpdate, { actor: actorOf(user, 'MEDIATOR'), assistanceId: id });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ALREADY_CLAIMED') throw error;
      const holder = (await this.assistances.byId(id))?.assigneeId;
      if (!holder) throw error;
      const displayName = (await this.users.displayNames([holder])).get(holder) ?? null;
      throw new ApiError(HttpStatus.CONFLICT, 'ALREADY_CLAIMED', error.message, {
        claimedBy: { id: holder, displayName },
      });
    }
    return this.one(id);
  }

  async answer(user: AuthUser, id: string, dto: AnswerAssistanceDto): Promise<AssistanceDto> {
    const item = await this.assistances.byId(id);
    if (!item) throw ApiError.notFound('assistance');
    await this.act(item, answerAssistanceUpdate, {
      actor: actorOf(user, 'MEDIATOR'),
      assistanceId: id,
      report: dto.report,
    });
    return this.one(id);
  }

  private act<I>(item: AssistanceItem, update: UpdateDefinition<CaseState, [I]>, input: I): Promise<CaseState> {
    return this.workflow.update(item.caseId, update, input);
  }

  /** The case, seen through the MEDIATOR role (requests and withdrawals are the handling mediator's). */
  private async caseAsMediator(user: AuthUser, caseId: string) {
    const row = await this.views.visibleCase(user, caseId);
    if (!canSeeCase(user, row, ['MEDIATOR']))
      throw ApiError.forbidden('only the mediator who holds the task may request or withdraw assistance');
    return row;
  }

  private async maySee(user: AuthUser, item: AssistanceItem): Promise<boolean> {
    if (item.assigneeId === user.id || (user.roles.includes('MEDIATOR') && user.unitIds.includes(item.unitId)))
      return true;
    try {
      await this.views.visibleCase(user, item.caseId);
      return true;
    } catch {
      return false;
    }
  }

  private async one(id: string): Promise<AssistanceDto> {
    const item = await this.assistances.byId(id);
    if (!item) throw ApiError.notFound('assistance');
    return (await this.toDtos([item]))[0];
  }

  private async toDtos(items: AssistanceItem[]): Promise<AssistanceDto[]> {
    if (items.length === 0) return [];
    const [territory, names] = await Promise.all([
      this.territory.load(),
      this.users.displayNames(items.flatMap((i) => [i.requestedBy, ...(i.assigneeId ? [i.assigneeId] : [])])),
    ]);
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    return items.map((i) => ({
      id: i.id,
      caseId: i.caseId,
      caseNo: i.caseNo,
      caseSummary: i.caseSummary,
      caseCategory: i.caseCategory,
      unitId: i.unitId,
      unitName: territory.units.find((u) => u.id === i.unitId)?.name ?? null,
      centerCode: i.centerCode,
      instruction: i.instruction,
      workingDays: Number(i.workingDays),
      requestedBy: i.requestedBy,
      requestedByName: names.get(i.requestedBy) ?? null,
      requestedAt: iso(i.requestedAt)!,
      deadline: iso(i.deadline)!,
      status: i.status,
      assigneeId: i.assigneeId,
      assigneeName: i.assigneeId ? (names.get(i.assigneeId) ?? null) : null,
      claimedAt: iso(i.claimedAt),
      answeredAt: iso(i.answeredAt),
      report: i.report,
      onTime: i.onTime,
      withdrawnAt: iso(i.withdrawnAt),
      withdrawReason: i.withdrawReason,
      alertLevel: Number(i.alertLevel),
      overdue: i.overdue,
    }));
  }
}
