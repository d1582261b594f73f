import { HttpStatus, Injectable } from '@nestjs/common';
import { claimTaskUpdate, releaseTaskUpdate } from '@app/contracts';
import { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from '../common/api-error';
import { CaseActionService } from '../disputes/case-action.service';
import { CaseViewService } from '../disputes/case-view.service';
import type { CaseViewDto, TaskListDto, TaskListQueryDto } from '../disputes/dispute.dto';
import { DisputeWorkflowClient } from '../disputes/dispute-workflow.client';

/** The mediators' desk: their lists, a claim and a release. */
@Injectable()
export class TaskService {
  constructor(
    private readonly tasks: TaskReadRepository,
    private readonly actions: CaseActionService,
    private readonly workflow: DisputeWorkflowClient,
    private readonly views: CaseViewService,
    private readonly users: UserRepository,
  ) {}

  /** Unclaimed tasks of my pools (scope pool, the default), the tasks I hold (mine), or those I handled (done). */
  async list(user: AuthUser, query: TaskListQueryDto): Promise<TaskListDto> {
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

  /** Claims the task; a claim that lost the race is told who won (409 ALREADY_CLAIMED with `claimedBy`). */
  async claim(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    try {
      return await this.actions.act(user, caseId, claimTaskUpdate, {});
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'ALREADY_CLAIMED') throw error;
      const holder =
        (await this.workflow.state(caseId))?.assigneeId ?? (await this.views.requireRow(caseId)).assigneeId;
      if (!holder) throw error;
      const displayName = (await this.users.displayNames([holder])).get(holder) ?? null;
      throw new ApiError(HttpStatus.CONFLICT, 'ALREADY_CLAIMED', error.message, {
        claimedBy: { id: holder, displayName },
      });
    }
  }

  /** Gives the task back to its pool; its clock keeps running. */
  release(user: AuthUser, caseId: string): Promise<CaseViewDto> {
    return this.actions.act(user, caseId, releaseTaskUpdate, {});
  }
}
