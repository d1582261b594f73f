import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['screening_records', 'screening_findings', 'screening_drive_events'];

/**
 * Issue 18 part 2 (docs/screening-drives.md): screening drives (矛盾纠纷大排查). A drive, the grids
 * it covers (numbered: the number places each grid's alerts), one screening per grid, the reports
 * its findings became, the drive's append-only event record, and the alerts its workflow raised
 * for grids left unscreened (the source the alerts table is rebuilt from: they come from no case
 * event). Screenings, findings and events are append-only, as case_events are.
 */
export class ScreeningDrives1796149877927 implements MigrationInterface {
  name = 'ScreeningDrives1796149877927';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE screening_drives (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        community_codes text[] NOT NULL DEFAULT '{}',
        grid_codes text[] NOT NULL DEFAULT '{}',
        opened_by uuid NOT NULL,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT screening_drives_period CHECK (ends_at > starts_at)
      )`);
    await q.query('CREATE INDEX screening_drives_listed ON screening_drives (opened_at DESC, id DESC)');
    await q.query(`
      CREATE TABLE screening_drive_grids (
        drive_id uuid NOT NULL REFERENCES screening_drives (id),
        grid_code text NOT NULL REFERENCES grids (code),
        community_code text NOT NULL,
        position integer NOT NULL,
        PRIMARY KEY (drive_id, grid_code),
        UNIQUE (drive_id, position)
      )`);
    await q.query('CREATE INDEX screening_drive_grids_by_grid ON screening_drive_grids (grid_code)');
    await q.query(`
      CREATE TABLE screening_records (
        drive_id uuid NOT NULL,
        grid_code text NOT NULL,
        nothing_found boolean NOT NULL,
        finding_count integer NOT NULL,
        note text,
        late boolean NOT NULL DEFAULT false,
        screened_by uuid NOT NULL,
        screened_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (drive_id, grid_code),
        FOREIGN KEY (drive_id, grid_code) REFERENCES screening_drive_grids (drive_id, grid_code),
        CONSTRAINT screening_records_one_or_other CHECK (nothing_found = (finding_count = 0))
      )`);
    await q.query(`
      CREATE TABLE screening_findings (
        drive_id uuid NOT NULL,
        grid_code text NOT NULL,
        position integer NOT NULL,
        case_id uuid NOT NULL UNIQUE,
        PRIMARY KEY (drive_id, grid_code, position),
        FOREIGN KEY (drive_id, grid_code) REFERENCES screening_records (drive_id, grid_code)
      )`);
    await q.query(`
      CREATE TABLE screening_drive_events (
        drive_id uuid NOT NULL REFERENCES screening_drives (id),
        seq integer NOT NULL,
        type text NOT NULL,
        actor_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (drive_id, seq)
      )`);
    for (const table of APPEND_ONLY) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_update_delete()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} EXECUTE FUNCTION refuse_update_delete()`,
      );
    }
    await q.query(`
      CREATE TABLE screening_alert_log (
        drive_id uuid NOT NULL REFERENCES screening_drives (id),
        seq integer NOT NULL,
        grid_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('WARNING', 'ESCALATION')),
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
        center_code text NOT NULL,
        unit_id uuid,
        deadline timestamptz NOT NULL,
        raised_at timestamptz NOT NULL,
        PRIMARY KEY (drive_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alerts WHERE reason = 'SCREENING_DRIVE'`);
    for (const table of [
      'screening_alert_log',
      'screening_drive_events',
      'screening_findings',
      'screening_records',
      'screening_drive_grids',
      'screening_drives',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
