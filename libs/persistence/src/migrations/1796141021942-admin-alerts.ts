import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts for ADMIN about the engine itself (GET /api/admin/alerts): a case whose activity keeps
 * failing (ACTIVITY_FAILING, after ACTIVITY_ALERT_AFTER_ATTEMPTS attempts) or whose record the
 * database refuses as wrong (ACTIVITY_REFUSED, at once). One open alert per workflow, activity and
 * kind: a later failure updates it (attempts, error, last seen) instead of adding another.
 */
export class AdminAlerts1796141021942 implements MigrationInterface {
  name = 'AdminAlerts1796141021942';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_alerts (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('ACTIVITY_FAILING', 'ACTIVITY_REFUSED')),
        case_id uuid,
        workflow_id text NOT NULL,
        activity text NOT NULL,
        attempts integer NOT NULL,
        error text NOT NULL,
        raised_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid
      )`);
    await q.query(
      `CREATE UNIQUE INDEX admin_alerts_open ON admin_alerts (workflow_id, activity, kind) WHERE acknowledged_at IS NULL`,
    );
    await q.query(`CREATE INDEX admin_alerts_recent ON admin_alerts (last_seen_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE admin_alerts');
  }
}
