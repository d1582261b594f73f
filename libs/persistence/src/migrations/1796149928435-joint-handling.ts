import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint handling (协办, docs/joint-handling.md). `case_assistances`: one row per assistance asked
 * of another unit, folded from the case's Assistance* events (the assisting unit's pool lists
 * the OPEN ones; the case page lists them all). `measure_facts` gains the fact `assistance`
 * (sub: the assisting unit; hits: answered on time; extra: answered; on the day it was
 * requested; withdrawn ones do not count), and the `escalation` fact leaves out the alerts of
 * overdue assistances (reason ASSISTANCE): they are the assisting unit's, not the case's. No
 * assistance existed before this migration, so the totals need no rebuild.
 *
 * The view is written out whole, as it stands from here on (frozen: no live code).
 */
export class JointHandling1796149928435 implements MigrationInterface {
  name = 'JointHandling1796149928435';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_assistances (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        center_code text NOT NULL,
        instruction text NOT NULL,
        working_days smallint NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'CLAIMED', 'ANSWERED', 'WITHDRAWN')),
        assignee_id uuid,
        claimed_at timestamptz,
        answered_at timestamptz,
        report text,
        on_time boolean,
        withdrawn_at timestamptz,
        withdraw_reason text,
        alert_level smallint NOT NULL DEFAULT -1,
        last_seq integer NOT NULL
      )`);
    await q.query('CREATE INDEX case_assistances_case ON case_assistances (case_id, requested_at)');
    await q.query(
      `CREATE INDEX case_assistances_pool ON case_assistances (unit_id, deadline) WHERE status IN ('OPEN', 'CLAIMED')`,
    );
    await q.query('CREATE INDEX case_assistances_assignee ON case_assistances (assignee_id, deadline)');
    await q.query(`CREATE OR REPLACE VIEW measure_facts AS
        SELECT v.case_id, 'acceptance'::text AS metric, ''::text AS sub, v.left_at AS at,
               (v.deadline IS NULL OR v.left_at <= v.deadline)::integer AS hits, 0 AS extra,
               0::bigint AS ms, NULL::integer AS bucket
          FROM case_stage_visits v
         WHERE v.left_at IS NOT NULL AND v.stage = 'DISCOVERY' AND v.next_stage = 'ACCEPTANCE'
        UNION ALL
        SELECT v.case_id, 'stage_time', v.stage, v.left_at, 0, 0,
               round(extract(epoch FROM v.left_at - v.entered_at) * 1000)::bigint,
               measure_bucket(extract(epoch FROM v.left_at - v.entered_at)::double precision)
          FROM case_stage_visits v
         WHERE v.left_at IS NOT NULL
        UNION ALL
        SELECT c.id, 'closure', '', c.stage_entered_at, (c.resolution = 'RESOLVED')::integer, (c.reopen_count > 0)::integer, 0, NULL
          FROM cases c
         WHERE c.stage = 'CLOSED' AND c.resolution NOT IN ('REJECTED', 'MERGED')
        UNION ALL
        SELECT r.case_id, 'rating', '', r.rated_at, (r.rating IN ('SATISFIED', 'BASICALLY_SATISFIED'))::integer, 0, 0, NULL
          FROM case_ratings r
        UNION ALL
        SELECT a.case_id, 'escalation', a.level::text, a.raised_at, 0, 0, 0, NULL
          FROM alerts a
         WHERE a.kind = 'ESCALATION' AND a.reason IS DISTINCT FROM 'ASSISTANCE'
        UNION ALL
        SELECT c.id, 'up_a_level', '', c.up_a_level_at, 0, 0, 0, NULL
          FROM cases c
         WHERE c.up_a_level_at IS NOT NULL
        UNION ALL
        SELECT s.case_id, 'assistance', s.unit_id::text, s.requested_at,
               (s.status = 'ANSWERED' AND s.on_time)::integer, (s.status = 'ANSWERED')::integer, 0, NULL
          FROM case_assistances s
         WHERE s.status <> 'WITHDRAWN'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM measure_totals WHERE metric = $1', ['assistance']);
    await q.query('DELETE FROM measure_keys WHERE metric = $1', ['assistance']);
    await q.query(`CREATE OR REPLACE VIEW measure_facts AS
        SELECT v.case_id, 'acceptance'::text AS metric, ''::text AS sub, v.left_at AS at,
               (v.deadline IS NULL OR v.left_at <= v.deadline)::integer AS hits, 0 AS extra,
               0::bigint AS ms, NULL::integer AS bucket
          FROM case_stage_visits v
         WHERE v.left_at IS NOT NULL AND v.stage = 'DISCOVERY' AND v.next_stage = 'ACCEPTANCE'
        UNION ALL
        SELECT v.case_id, 'stage_time', v.stage, v.left_at, 0, 0,
               round(extract(epoch FROM v.left_at - v.entered_at) * 1000)::bigint,
               measure_bucket(extract(epoch FROM v.left_at - v.entered_at)::double precision)
          FROM case_stage_visits v
         WHERE v.left_at IS NOT NULL
        UNION ALL
        SELECT c.id, 'closure', '', c.stage_entered_at, (c.resolution = 'RESOLVED')::integer, (c.reopen_count > 0)::integer, 0, NULL
          FROM cases c
         WHERE c.stage = 'CLOSED' AND c.resolution NOT IN ('REJECTED', 'MERGED')
        UNION ALL
        SELECT r.case_id, 'rating', '', r.rated_at, (r.rating IN ('SATISFIED', 'BASICALLY_SATISFIED'))::integer, 0, 0, NULL
          FROM case_ratings r
        UNION ALL
        SELECT a.case_id, 'escalation', a.level::text, a.raised_at, 0, 0, 0, NULL
          FROM alerts a
         WHERE a.kind = 'ESCALATION'
        UNION ALL
        SELECT c.id, 'up_a_level', '', c.up_a_level_at, 0, 0, 0, NULL
          FROM cases c
         WHERE c.up_a_level_at IS NOT NULL`);
    await q.query('DROP TABLE case_assistances');
  }
}
