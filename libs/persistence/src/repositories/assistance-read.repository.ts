import { DataSource } from 'typeorm';
import type { AssistanceRow } from '../case-projection';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';

/** One assistance (协办) as the desks list it: the read model row, the case's number and summary. */
export type AssistanceItem = Omit<AssistanceRow, 'lastSeq'> & {
  caseNo: string | null;
  caseSummary: string;
  caseCategory: string;
  overdue: boolean;
};

/** `pool`: open, unclaimed assistances of my units; `mine`: those I claimed and have not answered; `done`: those I answered. */
export type AssistanceScope = 'pool' | 'mine' | 'done';

const COLUMNS = `s.id, s.case_id AS "caseId", c.case_no AS "caseNo", c.summary AS "caseSummary", c.category AS "caseCategory",
  s.unit_id AS "unitId", s.center_code AS "centerCode", s.instruction, s.working_days AS "workingDays",
  s.requested_by AS "requestedBy", s.requested_at AS "requestedAt", s.deadline, s.status, s.assignee_id AS "assigneeId",
  s.claimed_at AS "claimedAt", s.answered_at AS "answeredAt", s.report, s.on_time AS "onTime",
  s.withdrawn_at AS "withdrawnAt", s.withdraw_reason AS "withdrawReason", s.alert_level AS "alertLevel",
  (s.status IN ('OPEN', 'CLAIMED') AND s.deadline < now()) AS overdue`;

/** The read side of joint handling: `case_assistances` joined with the case's number and summary. */
export class AssistanceReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async byId(id: string): Promise<AssistanceItem | null> {
    const rows: AssistanceItem[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM case_assistances s JOIN cases c ON c.id = s.case_id WHERE s.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A case's assistances in the order they were requested. */
  async ofCase(caseId: string): Promise<AssistanceItem[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM case_assistances s JOIN cases c ON c.id = s.case_id
        WHERE s.case_id = $1 ORDER BY s.requested_at, s.id`,
      [caseId],
    );
  }

  /** The assisting unit's pool and the assistances of one mediator, nearest deadline first (done: newest answer first). */
  async list(query: {
    scope: AssistanceScope;
    userId: string;
    unitIds: string[];
    page?: PageRequest;
  }): Promise<Page<AssistanceItem>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const done = query.scope === 'done';
    const key = done ? 's.answered_at' : 's.deadline';
    const where =
      query.scope === 'pool'
        ? [`s.unit_id = ANY(${params.add(query.unitIds)}::uuid[])`, `s.status = 'OPEN'`]
        : query.scope === 'mine'
          ? [`s.assignee_id = ${params.add(query.userId)}::uuid`, `s.status = 'CLAIMED'`]
          : [`s.assignee_id = ${params.add(query.userId)}::uuid`, `s.status = 'ANSWERED'`];
    if (query.page?.cursor) {
      const { key: after, id } = decodeCursor(query.page.cursor);
      where.push(`(${key}, s.id) ${done ? '<' : '>'} (${params.add(after)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (AssistanceItem & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, ${key}::text AS cursor_key
         FROM case_assistances s JOIN cases c ON c.id = s.case_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${key} ${done ? 'DESC' : ''}, s.id ${done ? 'DESC' : ''}
        LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, ...item }) => item);
  }
}
