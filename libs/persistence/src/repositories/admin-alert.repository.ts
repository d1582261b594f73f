import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';

export type AdminAlertKind = 'ACTIVITY_FAILING' | 'ACTIVITY_REFUSED';

export interface AdminAlert {
  id: string;
  kind: AdminAlertKind;
  caseId: string | null;
  workflowId: string;
  activity: string;
  attempts: number;
  error: string;
  raisedAt: Date;
  lastSeenAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface RaisedAdminAlert {
  kind: AdminAlertKind;
  caseId: string | null;
  workflowId: string;
  activity: string;
  attempts: number;
  error: string;
}

/** The most an ADMIN list answers (the newest first). */
export const ADMIN_ALERTS_LISTED = 200;

/** Alerts for ADMIN about the engine itself (admin_alerts): raised by the worker, read by the gateway. */
export class AdminAlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Raises the alert, or brings the open one of the same workflow, activity and kind up to date. */
  async raise(alert: RaisedAdminAlert): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO admin_alerts (id, kind, case_id, workflow_id, activity, attempts, error) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workflow_id, activity, kind) WHERE acknowledged_at IS NULL
       DO UPDATE SET attempts = GREATEST(admin_alerts.attempts, EXCLUDED.attempts), error = EXCLUDED.error, last_seen_at = now()`,
      [randomUUID(), alert.kind, alert.caseId, alert.workflowId, alert.activity, alert.attempts, alert.error],
    );
  }

  async list(open?: boolean): Promise<AdminAlert[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM admin_alerts
        WHERE $1::boolean IS NULL OR (acknowledged_at IS NULL) = $1::boolean
        ORDER BY last_seen_at DESC, id LIMIT $2`,
      [open ?? null, ADMIN_ALERTS_LISTED],
    );
    return rows.map(toAlert);
  }

  /** Acknowledges the alert; null when there is none with this id. A later failure raises a new one. */
  async acknowledge(id: string, userId: string): Promise<AdminAlert | null> {
    const [rows]: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE admin_alerts SET acknowledged_at = COALESCE(acknowledged_at, now()), acknowledged_by = COALESCE(acknowledged_by, $2)
        WHERE id = $1 RETURNING *`,
      [id, userId],
    );
    return rows[0] ? toAlert(rows[0]) : null;
  }
}

function toAlert(row: Record<string, unknown>): AdminAlert {
  return {
    id: String(row.id),
    kind: row.kind as AdminAlertKind,
    caseId: (row.case_id as string | null) ?? null,
    workflowId: String(row.workflow_id),
    activity: String(row.activity),
    attempts: Number(row.attempts),
    error: String(row.error),
    raisedAt: row.raised_at as Date,
    lastSeenAt: row.last_seen_at as Date,
    acknowledgedAt: (row.acknowledged_at as Date | null) ?? null,
    acknowledgedBy: (row.acknowledged_by as string | null) ?? null,
  };
}
