import { DataSource } from 'typeorm';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';

export interface AlertListQuery {
  acknowledged?: boolean;
  /** A level-1 supervisor sees the alerts of their own center only. */
  centerCode?: string;
  /** A supervisor sees alerts at or below their level. */
  maxLevel?: number;
  /** A mediator sees the warnings of their pools. */
  unitIds?: string[];
  page?: PageRequest;
}

/** An alert as API.md shapes it, with where it belongs. */
export interface AlertView {
  id: string;
  caseId: string;
  caseNo: string | null;
  stage: string;
  kind: 'WARNING' | 'ESCALATION';
  level: number;
  centerCode: string | null;
  unitId: string | null;
  deadline: Date | null;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** The order in which alerts were stored: the live stream's event id. */
  streamPosition: number;
  /** SUPERVISION_ORDER, REOPENED, or null: the stage's own deadline. */
  reason: string | null;
}

const ALERT_COLUMNS = `id, case_id AS "caseId", case_no AS "caseNo", stage, kind, level, center_code AS "centerCode",
  unit_id AS "unitId", deadline, raised_at AS "raisedAt", acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy",
  stream_position::float8 AS "streamPosition", reason`;

/** The supervisors' desk: warnings and escalations, newest first. */
export class AlertReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: AlertListQuery): Promise<Page<AlertView>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.acknowledged === false) where.push('acknowledged_at IS NULL');
    if (query.acknowledged === true) where.push('acknowledged_at IS NOT NULL');
    if (query.centerCode !== undefined) where.push(`center_code = ${params.add(query.centerCode)}`);
    if (query.maxLevel !== undefined) where.push(`level <= ${params.add(query.maxLevel)}`);
    if (query.unitIds !== undefined) where.push(`unit_id = ANY(${params.add(query.unitIds)}::uuid[])`);
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(raised_at, id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: (AlertView & { cursor_key: string })[] = await this.dataSource.query(
      `SELECT ${ALERT_COLUMNS}, raised_at::text AS cursor_key
         FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY raised_at DESC, id DESC
        LIMIT ${limit + 1}`,
      params.values,
    );
    return toPage(rows, limit, ({ cursor_key: _, ...item }) => item);
  }

  /**
   * Alerts stored after `position`, and those at the positions in `pending` (taken by a
   * transaction that had not committed when later ones were read), in stream order.
   */
  async since(position: number, pending: number[], limit: number): Promise<AlertView[]> {
    return this.dataSource.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts
        WHERE stream_position > $1 OR stream_position = ANY($2::bigint[])
        ORDER BY stream_position LIMIT $3`,
      [position, pending, limit],
    );
  }

  /** The position of the newest alert stored, 0 when there is none. */
  async lastPosition(): Promise<number> {
    const [row]: { position: number | null }[] = await this.dataSource.query(
      'SELECT max(stream_position)::float8 AS position FROM alerts',
    );
    return row.position ?? 0;
  }

  async findById(id: string): Promise<AlertView | null> {
    const [row]: AlertView[] = await this.dataSource.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Records who acknowledged the alert, once: a second acknowledgement changes nothing and the
   * first one stands. The record goes to the append-only alert_acknowledgements (which a
   * rebuild keeps) and onto the alert row in the same transaction. Null for an unknown alert.
   */
  async acknowledge(id: string, userId: string): Promise<AlertView | null> {
    return this.dataSource.transaction(async (tx) => {
      const [known]: unknown[] = await tx.query('SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE', [id]);
      if (!known) return null;
      await tx.query(
        `INSERT INTO alert_acknowledgements (alert_id, acknowledged_by) VALUES ($1, $2) ON CONFLICT (alert_id) DO NOTHING`,
        [id, userId],
      );
      await tx.query(
        `UPDATE alerts a SET acknowledged_at = k.acknowledged_at, acknowledged_by = k.acknowledged_by
           FROM alert_acknowledgements k WHERE a.id = $1 AND k.alert_id = a.id`,
        [id],
      );
      const [row]: AlertView[] = await tx.query(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = $1`, [id]);
      return row;
    });
  }
}
