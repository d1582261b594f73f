import { MigrationInterface, QueryRunner } from 'typeorm';

export class SlaAndAlerts1764338400000 implements MigrationInterface {
  name = 'SlaAndAlerts1764338400000';

  async up(q: QueryRunner): Promise<void> {
    // SLA policies are data: `default` is the office's, others serve drills and tests. A case's
    // workflow reads its policy at every stage entry, so a change applies to deadlines set after it.
    await q.query(`
      CREATE TABLE sla_policies (
        name text PRIMARY KEY,
        policy jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`
      CREATE TABLE calendar_years (
        year integer PRIMARY KEY,
        holidays date[] NOT NULL DEFAULT '{}',
        workdays date[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Read model of warnings and escalations (the supervisors' desk), built from the events.
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        event_seq integer NOT NULL,
        case_no text,
        stage text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WARNING', 'ESCALATION')),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
        center_code text,
        unit_id uuid,
        deadline timestamptz,
        raised_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        CONSTRAINT alerts_case_event UNIQUE (case_id, event_seq)
      )`);
    await q.query(`CREATE INDEX alerts_open ON alerts (raised_at DESC) WHERE acknowledged_at IS NULL`);
    await q.query(`CREATE INDEX alerts_case ON alerts (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS alerts');
    await q.query('DROP TABLE IF EXISTS calendar_years');
    await q.query('DROP TABLE IF EXISTS sla_policies');
  }
}
