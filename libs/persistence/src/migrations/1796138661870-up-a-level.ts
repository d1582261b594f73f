import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Small matters stay in the community", second step (DOMAIN.md "Routing"): a case that a
 * community-level unit completed as UNRESOLVED goes up to the street-level unit of the same
 * center. The gateway marks such a transfer (`upALevel` in DisputeTransferred); the read model
 * keeps when it happened (`cases.up_a_level_at`), and `measure_facts` counts it as the fact
 * `up_a_level` (上交), so the stats show how many cases went up a level. No case went up a level
 * before this migration (no event carries the mark), so the totals need no rebuild.
 *
 * The view is written out whole, as it stands from here on (frozen: no live code).
 */
export class UpALevel1796138661870 implements MigrationInterface {
  name = 'UpALevel1796138661870';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN up_a_level_at timestamptz');
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM measure_totals WHERE metric = $1', ['up_a_level']);
    await q.query('DELETE FROM measure_keys WHERE metric = $1', ['up_a_level']);
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
         WHERE a.kind = 'ESCALATION'`);
    await q.query('ALTER TABLE cases DROP COLUMN up_a_level_at');
  }
}
