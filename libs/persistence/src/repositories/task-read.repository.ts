import { DataSource } from 'typeorm';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';
import { OVERDUE_SQL } from './case-read.repository';

/** `pool`: unclaimed tasks of my units; `mine`: tasks I hold. */
export interface TaskListQuery {
  scope: 'pool' | 'mine';
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
  stageDeadline: Date | null;
  overdue: boolean;
  escalationLevel: number;
  createdAt: Date;
}

/** The mediators' desk: the case_tasks view (open cases in a task stage), most urgent first. */
export class TaskReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: TaskListQuery): Promise<Page<TaskItem>> {
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
              unit_id AS "unitId", assignee_id AS "assigneeId", severity, stage_deadline AS "stageDeadline",
              coalesce(${OVERDUE_SQL}, false) AS overdue, escalation_level AS "escalationLevel", created_at AS "createdAt",
              case_id AS id, due::text AS cursor_key
         FROM case_tasks WHERE ${where.join(' AND ')}
        ORDER BY due, case_id
        LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, id: __, ...item }) => item);
  }
}
