import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764331200000 implements MigrationInterface {
  name = 'InitialSchema1764331200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE centers (
        code text PRIMARY KEY,
        name text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE grids (
        code text PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL CHECK (level IN ('STREET', 'COMMUNITY', 'BASE')),
        parent_code text REFERENCES grids (code),
        community_code text
      )`);
    await q.query(`
      CREATE TABLE communities (
        code text PRIMARY KEY,
        name text NOT NULL,
        grid_code text NOT NULL REFERENCES grids (code)
      )`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        center_code text NOT NULL REFERENCES centers (code),
        level text NOT NULL CHECK (level IN ('STREET', 'COMMUNITY')),
        community_code text REFERENCES communities (code),
        is_main boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        center_code text REFERENCES centers (code),
        unit_ids uuid[] NOT NULL DEFAULT '{}',
        supervisor_level smallint CHECK (supervisor_level BETWEEN 1 AND 3),
        grid_code text REFERENCES grids (code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The case's own history: append-only, one sequence per case.
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        payload jsonb NOT NULL,
        schema_version smallint NOT NULL DEFAULT 1,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_events_case_seq UNIQUE (case_id, seq)
      )`);
    // Corrections are new events, never edits: the table refuses UPDATE and DELETE outright.
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`
      CREATE TABLE case_number_counters (
        street_code text NOT NULL,
        year integer NOT NULL,
        last_seq integer NOT NULL,
        PRIMARY KEY (street_code, year)
      )`);
    // Read model of cases, built from case_events alone.
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        case_no text UNIQUE,
        receipt_code text UNIQUE,
        stage text NOT NULL,
        status text NOT NULL,
        channel text NOT NULL,
        category text NOT NULL,
        summary text NOT NULL,
        description text NOT NULL,
        grid_code text NOT NULL,
        community_code text,
        address text NOT NULL,
        occurred_at timestamptz,
        urgent boolean NOT NULL,
        parties jsonb NOT NULL,
        center_code text,
        unit_id uuid,
        assignee_id uuid,
        severity text NOT NULL,
        sla_class text NOT NULL,
        stage_entered_at timestamptz NOT NULL,
        stage_deadline timestamptz,
        escalation_level smallint NOT NULL DEFAULT 0,
        reopen_count smallint NOT NULL DEFAULT 0,
        resolution text,
        reported_by uuid,
        last_seq integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX cases_created_at ON cases (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'cases',
      'case_number_counters',
      'case_events',
      'users',
      'units',
      'communities',
      'grids',
      'centers',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS case_events_append_only()`);
  }
}
