import { HttpStatus, Injectable } from '@nestjs/common';
import { reassignTaskUpdate, transferDisputeUpdate, type ActionInput, type ActionUpdate } from '@app/contracts';
import type { CenterCode } from '@app/domain/enums';
import { findUnit } from '@app/domain/territory';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { actorOf, type AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { actingRoleOn } from './case-access';
import { CaseViewService } from './case-view.service';
import type { CaseViewDto } from './dispute.dto';
import { DisputeWorkflowClient } from './dispute-workflow.client';

export type ActionPayload<I extends ActionInput> = Omit<I, 'actor'>;

/** Actions on a case by staff, and the checks some of them need before the workflow is asked. */
@Injectable()
export class CaseActionService {
  constructor(
    private readonly workflow: DisputeWorkflowClient,
    private readonly views: CaseViewService,
    private readonly territory: TerritoryRepository,
    private readonly users: UserRepository,
  ) {}

  /**
   * One action on a case: the caller must see the case and hold a role the action allows; the
   * workflow decides the rest (stage, pool, assignee) and answers with the case after the action.
   * The action is the update's name (stage rules and workflow read the same one).
   * Reads that do not depend on each other go side by side (each on its own pooled connection):
   * the case and the SLA settings the update carries; after the update, the assignee's name and
   * the personal-data audit record. The access check still answers first, and the audit record
   * is written before the answer leaves.
   */
  async act<I extends ActionInput>(
    user: AuthUser,
    caseId: string,
    update: ActionUpdate<I>,
    payload: ActionPayload<I>,
  ): Promise<CaseViewDto> {
    const settings = this.workflow.slaSettingsFor(update.name);
    // A failed read of the settings reaches the caller through the update, after the access check.
    settings.catch(() => undefined);
    const row = await this.views.visibleCase(user, caseId);
    const actor = actorOf(user, actingRoleOn(user, update.name, row));
    const state = await this.workflow.update(row.id, update, { ...payload, actor } as unknown as I, settings);
    const view = this.views.view(user, await this.views.requireRow(row.id), state);
    const [named] = await Promise.all([
      this.views.withAssigneeName(view),
      this.views.recordReveal(user, row, 'action', view.parties),
    ]);
    return named;
  }

  /**
   * A transfer; one from a community-level unit to a street-level unit of the same center goes up
   * a level (上交), which the event states for the measures.
   */
  async transfer(
    user: AuthUser,
    caseId: string,
    input: { centerCode: CenterCode; unitId: string; reason: string },
  ): Promise<CaseViewDto> {
    await this.requireUnitOfCenter(input.unitId, input.centerCode);
    const [row, territory] = await Promise.all([this.views.visibleCase(user, caseId), this.territory.load()]);
    const from = row.unitId ? findUnit(territory, row.unitId) : undefined;
    const to = findUnit(territory, input.unitId);
    const upALevel = from?.level === 'COMMUNITY' && to?.level === 'STREET' && from.centerCode === to.centerCode;
    return this.act(user, caseId, transferDisputeUpdate, {
      ...input,
      ...(upALevel ? { upALevel: true } : {}),
    });
  }

  /** The routing form's checks: the unit must belong to the center. */
  async requireUnitOfCenter(unitId: string, centerCode: string): Promise<void> {
    const territory = await this.territory.load();
    const unit = territory.units.find((u) => u.id === unitId);
    if (!unit) throw ApiError.rule([`unitId: unknown unit ${unitId}`]);
    if (unit.centerCode !== centerCode)
      throw ApiError.rule([`unitId: unit ${unit.name} belongs to center ${unit.centerCode}, not ${centerCode}`]);
  }

  /** The case to merge into must exist, be visible and still open. */
  async requireOpenTarget(user: AuthUser, caseId: string, intoId: string): Promise<CaseEntity> {
    if (intoId === caseId)
      throw new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'RULE_VIOLATION', 'a case cannot be merged into itself');
    const target = await this.views.visibleCase(user, intoId);
    const state = await this.workflow.state(intoId);
    if ((state?.status ?? target.status) === 'CLOSED') {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'STAGE_CONFLICT',
        `case ${target.caseNo ?? intoId} is closed; merge into an open case`,
      );
    }
    return target;
  }

  /**
   * A reassignment goes to an active mediator of the case's pool. The caller must see the case as
   * the supervisor who reassigns before anything about the pool is told.
   */
  async requireMediatorOfCase(user: AuthUser, caseId: string, mediatorId: string): Promise<string> {
    const row = await this.views.visibleCase(user, caseId);
    actingRoleOn(user, reassignTaskUpdate.name, row);
    const mediator = await this.users.findActiveById(mediatorId);
    if (!mediator || !mediator.roles.includes('MEDIATOR'))
      throw ApiError.rule([`mediatorId: no active mediator ${mediatorId}`]);
    if (!row.unitId || !mediator.unitIds.includes(row.unitId)) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'RULE_VIOLATION',
        `${mediator.displayName} is not in the pool of the case's unit`,
      );
    }
    return mediator.id;
  }
}
