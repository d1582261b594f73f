import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the desks' live streams need (API.md, "Alerts" and "Tasks"):
 * - `alerts.stream_position`: the order in which alerts were stored, the SSE `id:` of each, so a
 *   client that reconnects with `Last-Event-ID` is sent exactly what it missed;
 * - `stream_tickets`: one-use tickets, valid a minute, that a browser's EventSource (which cannot
 *   set headers) presents instead of a bearer token in the URL; in the database so that any
 *   gateway process can take a ticket another one issued;
 * - a `tasks` notification whenever a case's pool, assignee or stage changes, so the mediators'
 *   pools update without a reload on every gateway process.
 */
export class LiveStreams1764950400000 implements MigrationInterface {
  name = 'LiveStreams1764950400000';

  async up(q: QueryRunner): Promise<void> {
    // Existing alerts are numbered in the order they were raised.
    await q.query('ALTER TABLE alerts ADD COLUMN stream_position bigint');
    await q.query('CREATE SEQUENCE alerts_stream_position OWNED BY alerts.stream_position');
    await q.query(`
      UPDATE alerts a SET stream_position = n.position
        FROM (SELECT id, nextval('alerts_stream_position') AS position FROM (SELECT id FROM alerts ORDER BY raised_at, id) o) n
       WHERE a.id = n.id`);
    await q.query(`ALTER TABLE alerts ALTER COLUMN stream_position SET DEFAULT nextval('alerts_stream_position')`);
    await q.query('ALTER TABLE alerts ALTER COLUMN stream_position SET NOT NULL');
    await q.query('CREATE UNIQUE INDEX alerts_by_stream_position ON alerts (stream_position)');

    await q.query(`
      CREATE TABLE stream_tickets (
        ticket text PRIMARY KEY,
        user_id uuid NOT NULL,
        -- the signed-in user as the bearer token that asked for the ticket carried them
        claims jsonb NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX stream_tickets_expiry ON stream_tickets (expires_at)');

    // Per statement, so that a rebuild or a bulk seed (one statement, many rows) sends one
    // "refetch" notice instead of a notification per case. The appends change one case at a time.
    await q.query(`
      CREATE FUNCTION cases_notify_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changes json[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(json_build_object('caseId', f.id, 'unitId', f.unit_id, 'assigneeId', f.assignee_id,
                                             'stage', f.stage, 'status', f.status))
            INTO changes FROM (SELECT * FROM fresh LIMIT 21) f;
        ELSE
          SELECT array_agg(json_build_object('caseId', f.id, 'unitId', f.unit_id, 'previousUnitId', s.unit_id,
                                             'assigneeId', f.assignee_id, 'previousAssigneeId', s.assignee_id,
                                             'stage', f.stage, 'status', f.status))
            INTO changes
            FROM (SELECT f.* FROM fresh f JOIN stale s ON s.id = f.id
                   WHERE f.unit_id IS DISTINCT FROM s.unit_id OR f.assignee_id IS DISTINCT FROM s.assignee_id
                      OR f.stage IS DISTINCT FROM s.stage OR f.status IS DISTINCT FROM s.status
                   LIMIT 21) f
            JOIN stale s ON s.id = f.id;
        END IF;
        IF changes IS NULL THEN RETURN NULL; END IF;
        IF array_length(changes, 1) > 20 THEN
          PERFORM pg_notify('tasks', '{"bulk":true}');
        ELSE
          PERFORM pg_notify('tasks', c::text) FROM unnest(changes) c;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER cases_notify_tasks_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS fresh
                   FOR EACH STATEMENT EXECUTE FUNCTION cases_notify_tasks()`);
    await q.query(`CREATE TRIGGER cases_notify_tasks_update AFTER UPDATE ON cases REFERENCING NEW TABLE AS fresh OLD TABLE AS stale
                   FOR EACH STATEMENT EXECUTE FUNCTION cases_notify_tasks()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_notify_tasks_insert ON cases');
    await q.query('DROP TRIGGER IF EXISTS cases_notify_tasks_update ON cases');
    await q.query('DROP FUNCTION IF EXISTS cases_notify_tasks()');
    await q.query('DROP TABLE IF EXISTS stream_tickets');
    await q.query('DROP INDEX IF EXISTS alerts_by_stream_position');
    await q.query('ALTER TABLE alerts DROP COLUMN IF EXISTS stream_position');
  }
}
