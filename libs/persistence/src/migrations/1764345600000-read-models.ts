import { MigrationInterface, QueryRunner } from 'typeorm';

/** Read-model indexes, the task view, stage visits and ratings for the measures, alert acknowledgements. */
export class ReadModels1764345600000 implements MigrationInterface {
  name = 'ReadModels1764345600000';

  async up(q: QueryRunner): Promise<void> {
    // TRUNCATE skips row triggers: refuse it too, and say which table refused.
    await q.query(`
      CREATE FUNCTION refuse_update_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events EXECUTE FUNCTION refuse_update_delete()`,
    );

    // Text search over case number, summary and party names. pg_trgm would be the usual choice,
    // but under the cluster's C locale it sees no word characters in Chinese text (show_trgm('楼上漏水')
    // is empty), so the index is one of character bigrams, which works for any script: a query's
    // bigrams narrow the rows on a GIN index, LIKE on search_text confirms (docs/read-models.md).
    await q.query(`
      CREATE FUNCTION case_search_text(case_no text, summary text, parties jsonb) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(concat_ws(' ', case_no, summary,
          (SELECT string_agg(p->>'name', ' ') FROM jsonb_array_elements(parties) p)))
      $$`);
    // Every pair of adjacent characters, de-duplicated: a containment query on a GIN index finds
    // the rows holding all of a query's pairs, whatever the script.
    await q.query(`
      CREATE FUNCTION text_bigrams(t text) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
          FROM generate_series(1, greatest(length(t) - 1, 0)) i
         WHERE substr(t, i, 2) !~ '\\s'
      $$`);
    await q.query(
      `ALTER TABLE cases ADD COLUMN search_text text GENERATED ALWAYS AS (case_search_text(case_no, summary, parties)) STORED`,
    );
    await q.query(
      `ALTER TABLE cases ADD COLUMN search_grams text[] GENERATED ALWAYS AS (text_bigrams(case_search_text(case_no, summary, parties))) STORED`,
    );
    await q.query(`CREATE INDEX cases_search_grams ON cases USING gin (search_grams)`);

    // The list: newest first, keyset by (created_at, id); one index per filter with the order after it.
    for (const column of ['stage', 'center_code', 'unit_id', 'grid_code', 'category']) {
      await q.query(`CREATE INDEX cases_${column}_created ON cases (${column}, created_at DESC, id DESC)`);
    }
    await q.query(
      `CREATE INDEX cases_reported_by_created ON cases (reported_by, created_at DESC, id DESC) WHERE reported_by IS NOT NULL`,
    );
    // Overdue (open, past the stage deadline) and the open-case measures scan only open cases.
    await q.query(`CREATE INDEX cases_open_created ON cases (created_at DESC, id DESC) WHERE status <> 'CLOSED'`);
    await q.query(`CREATE INDEX cases_open_stage ON cases (stage, stage_deadline) WHERE status <> 'CLOSED'`);
    // Closed cases by closing time (stage_entered_at of CLOSED), for the resolution and reopen rates.
    await q.query(`CREATE INDEX cases_closed_at ON cases (stage_entered_at) WHERE stage = 'CLOSED'`);

    // Tasks: open cases a mediator works (claim in ROUTING; hold in HANDLING, TRACKING, FEEDBACK),
    // most urgent first. A view over the cases read model, so it can never drift from it.
    await q.query(`
      CREATE VIEW case_tasks AS
        SELECT id AS case_id, case_no, stage, status, category, summary, center_code, unit_id, assignee_id,
               severity, stage_deadline, coalesce(stage_deadline, 'infinity') AS due, escalation_level, created_at, updated_at
          FROM cases
         WHERE status <> 'CLOSED' AND stage IN ('ROUTING', 'HANDLING', 'TRACKING', 'FEEDBACK')`);
    await q.query(`
      CREATE INDEX cases_task_pool ON cases (unit_id, (coalesce(stage_deadline, 'infinity')), id)
       WHERE status <> 'CLOSED' AND stage IN ('ROUTING', 'HANDLING', 'TRACKING', 'FEEDBACK') AND assignee_id IS NULL`);
    await q.query(`
      CREATE INDEX cases_task_assignee ON cases (assignee_id, (coalesce(stage_deadline, 'infinity')), id)
       WHERE status <> 'CLOSED' AND stage IN ('ROUTING', 'HANDLING', 'TRACKING', 'FEEDBACK')`);

    // One row per stage a case entered: durations per stage and timely acceptance, from the events.
    await q.query(`
      CREATE TABLE case_stage_visits (
        case_id uuid NOT NULL,
        entered_seq integer NOT NULL,
        stage text NOT NULL,
        entered_at timestamptz NOT NULL,
        deadline timestamptz,
        left_at timestamptz,
        left_seq integer,
        next_stage text,
        PRIMARY KEY (case_id, entered_seq)
      )`);
    await q.query(
      `CREATE INDEX case_stage_visits_left ON case_stage_visits (left_at) INCLUDE (stage, entered_at, deadline, next_stage) WHERE left_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE case_ratings (
        case_id uuid NOT NULL,
        seq integer NOT NULL,
        rating text NOT NULL,
        rated_at timestamptz NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_ratings_rated ON case_ratings (rated_at) INCLUDE (rating)`);

    // Acknowledging an alert is a person's act outside the case's workflow, so it cannot take a
    // case-event sequence number; it is its own append-only record, kept through rebuilds.
    await q.query(`
      CREATE TABLE alert_acknowledgements (
        alert_id uuid PRIMARY KEY,
        acknowledged_by uuid NOT NULL,
        acknowledged_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TRIGGER alert_acknowledgements_append_only BEFORE UPDATE OR DELETE ON alert_acknowledgements
      FOR EACH ROW EXECUTE FUNCTION refuse_update_delete()`);
    await q.query(
      `CREATE TRIGGER alert_acknowledgements_no_truncate BEFORE TRUNCATE ON alert_acknowledgements EXECUTE FUNCTION refuse_update_delete()`,
    );
    await q.query(`DROP INDEX alerts_open`);
    await q.query(`CREATE INDEX alerts_open ON alerts (raised_at DESC, id DESC) WHERE acknowledged_at IS NULL`);
    await q.query(`CREATE INDEX alerts_raised ON alerts (raised_at DESC, id DESC)`);
    await q.query(`CREATE INDEX alerts_center_raised ON alerts (center_code, raised_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS alerts_center_raised');
    await q.query('DROP INDEX IF EXISTS alerts_raised');
    await q.query('DROP INDEX IF EXISTS alerts_open');
    await q.query(`CREATE INDEX alerts_open ON alerts (raised_at DESC) WHERE acknowledged_at IS NULL`);
    await q.query('DROP TABLE IF EXISTS alert_acknowledgements');
    await q.query('DROP TABLE IF EXISTS case_ratings');
    await q.query('DROP TABLE IF EXISTS case_stage_visits');
    await q.query('DROP VIEW IF EXISTS case_tasks');
    for (const index of [
      'cases_task_assignee',
      'cases_task_pool',
      'cases_closed_at',
      'cases_open_stage',
      'cases_open_created',
      'cases_reported_by_created',
      ...['stage', 'center_code', 'unit_id', 'grid_code', 'category'].map((c) => `cases_${c}_created`),
      'cases_search_grams',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query('ALTER TABLE cases DROP COLUMN IF EXISTS search_grams');
    await q.query('ALTER TABLE cases DROP COLUMN IF EXISTS search_text');
    await q.query('DROP FUNCTION IF EXISTS text_bigrams(text)');
    await q.query('DROP FUNCTION IF EXISTS case_search_text(text, text, jsonb)');
    await q.query('DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events');
    await q.query('DROP FUNCTION IF EXISTS refuse_update_delete()');
  }
}
