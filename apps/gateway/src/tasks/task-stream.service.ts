import { Injectable } from '@nestjs/common';
import { filter, map, Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth.types';
import { PgNotificationsService } from '../infrastructure/pg-notifications.service';

/** A change of a case's pool, holder or stage, as the cases table's trigger announces it. */
export interface TaskChange {
  caseId: string;
  unitId: string | null;
  previousUnitId?: string | null;
  assigneeId: string | null;
  previousAssigneeId?: string | null;
  stage: string;
  status: string;
}

/** `changed`: one task; `refetch`: many at once, or the listener was away: read the lists again. */
export type TaskMessage =
  | {
      type: 'task';
      data: { kind: 'changed'; caseId: string; stage: string; unitId: string | null; assigneeId: string | null };
    }
  | { type: 'task'; data: { kind: 'refetch' } };

/** Whether a change concerns the mediator: a task of their pools, or one they held or now hold. Pure. */
export function concernsMediator(user: Pick<AuthUser, 'id' | 'unitIds'>, change: TaskChange): boolean {
  const units = [change.unitId, change.previousUnitId].filter((u): u is string => !!u);
  return (
    units.some((u) => user.unitIds.includes(u)) ||
    change.assigneeId === user.id ||
    change.previousAssigneeId === user.id
  );
}

/**
 * The mediators' pools, live: another mediator's claim, a release, a new routing or transfer into
 * a pool reaches every mediator of that pool within the time of one notification, so an inbox
 * updates without a reload. The message says what changed; the desk reads its lists again.
 */
@Injectable()
export class TaskStreamService {
  constructor(private readonly notifications: PgNotificationsService) {}

  async streamFor(user: AuthUser): Promise<Observable<TaskMessage>> {
    const notices = await this.notifications.on('tasks');
    return notices.pipe(
      map((notice): TaskMessage | null => {
        if ('reconnected' in notice) return { type: 'task', data: { kind: 'refetch' } };
        const change = JSON.parse(notice.payload) as TaskChange | { bulk: true };
        if ('bulk' in change) return { type: 'task', data: { kind: 'refetch' } };
        if (!concernsMediator(user, change)) return null;
        return {
          type: 'task',
          data: {
            kind: 'changed',
            caseId: change.caseId,
            stage: change.stage,
            unitId: change.unitId,
            assigneeId: change.assigneeId,
          },
        };
      }),
      filter((message): message is TaskMessage => message !== null),
    );
  }
}
