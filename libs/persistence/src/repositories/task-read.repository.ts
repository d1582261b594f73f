import { DataSource } from 'typeorm';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';
import { OVERDUE_SQL } from './case-read.repository';

/** `pool`: unclaimed tasks of my units; `mine`: tasks I hold; `done`: cases whose handling I completed, no longer my tasks. */
export interface TaskListQuery {
  scope: 'pool' | 'mine' | 'done';
  userId: string;
  unitIds: string[];
  page?: PageRequest;
}

export interface TaskItem {
  caseId: string;
  caseNo: string | null;
  stage: string;
  status: string;
  category: string;
  summary: string;
  centerCode: string | null;
  unitId: string | null;
  assigneeId: string | null;
  severity: string;
  stageEnteredAt: Date;
  stageDeadline: Date | null;
  overdue: boolean;
  escalationLevel: number;
  createdAt: Date;
  /** `done` only: when I last completed its handling. */
  handledAt: Date | null;
}

const TASK_STAGES = `('ROUTING', 'HANDLING', 'TRACKING', 'FEEDBACK')`;

/** The mediators' desk: the case_tasks view (open cases in a task stage), most urgent first. */
export class TaskReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: TaskListQuery): Promise<Page<TaskItem>> {
    if (query.scope === 'done') return this.done(query);
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const where =
      query.scope === 'pool'
        ? [`unit_id = ANY(${params.add(query.unitIds)}::uuid[])`, 'assignee_id IS NULL']
        : [`assignee_id = ${params.add(query.userId)}::uuid`];
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(due, case_id) > (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (TaskItem & { id: string; cursor_key: string })[] = await this.dataSource.query(
      `SELECT case_id AS "caseId", case_no AS "caseNo", stage, status, category, summary, center_code AS "centerCode",
              unit_id AS "unitId", assignee_id AS "assigneeId", severity, stage_entered_at AS "stageEnteredAt",
              stage_deadline AS "stageDeadline", coalesce(${OVERDUE_SQL}, false) AS overdue, escalation_level AS "escalationLevel",
              created_at AS "createdAt", NULL AS "handledAt", case_id AS id, due::text AS cursor_key
         FROM case_tasks WHERE ${where.join(' AND ')}
        ORDER BY due, case_id
        LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, id: __, ...item }) => item);
  }

  /**
   * Cases whose handling the mediator completed (their HandlingCompleted events, from a partial
   * index), newest first, less those that are again tasks they hold (returned from supervision,
   * follow-up not fulfilled, feedback still to deliver): those are in `mine`.
   */
  private async done(query: TaskListQuery): Promise<Page<TaskItem>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const actor = params.add(query.userId);
    const where = [
      `NOT (c.assignee_id IS NOT NULL AND c.assignee_id = ${params.add(query.userId)}::uuid AND c.status <> 'CLOSED' AND c.stage IN ${TASK_STAGES})`,
    ];
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(h.handled_at, h.case_id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (TaskItem & { id: string; cursor_key: string })[] = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.case_no AS "caseNo", c.stage, c.status, c.category, c.summary, c.center_code AS "centerCode",
              c.unit_id AS "unitId", c.assignee_id AS "assigneeId", c.severity, c.stage_entered_at AS "stageEnteredAt",
              c.stage_deadline AS "stageDeadline", coalesce(${OVERDUE_SQL}, false) AS overdue,
              c.escalation_level AS "escalationLevel", c.created_at AS "createdAt", h.handled_at AS "handledAt",
              c.id::text AS id, h.handled_at::text AS cursor_key
         FROM (SELECT case_id, max(occurred_at) AS handled_at FROM case_events
                WHERE type = 'HandlingCompleted' AND actor_id = ${actor} GROUP BY case_id) h
         JOIN cases c ON c.id = h.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY h.handled_at DESC, h.case_id DESC
        LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, id: __, ...item }) => item);
  }
}
