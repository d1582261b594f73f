import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The aggregate behind the measures (docs/read-models.md, "Measures"): cumulative totals per
 * (dimension, group, metric, sub-key) and day, so a period is two rows per key whatever its length.
 *
 * - `measure_facts`: one row per countable fact of a case (an acceptance, a stage visit that
 *   ended, a closure, a rating, an escalation), with its instant. Live appends and the rebuild
 *   both read it, so both count the same things.
 * - `measure_totals`: row (key, day) holds the sums of the key's facts on days up to and
 *   including `day` (office days, UTC+8). `hist` counts stage-visit durations in the buckets of
 *   `measure_bucket` (4 per doubling from one minute), for the p90.
 * - `measure_keys`: the keys that have rows, so a query need not scan the totals for them.
 *
 * The totals are filled from the read models by SQL written out here (frozen: a migration runs no
 * live code, so later changes to libs/persistence/src/measures.ts cannot change what it did).
 * It gives the rows that `buildMeasureTotals` gives: per key, a row on each day with facts,
 * holding the running sums (and the running histogram for stage_time) up to that day.
 */
export class MeasureTotals1764360000000 implements MigrationInterface {
  name = 'MeasureTotals1764360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION measure_bucket(seconds double precision) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN seconds < 60 THEN 0 ELSE least(79, 1 + floor(4 * ln(seconds / 60) / ln(2))::integer) END $$`);
    await q.query(`
      CREATE FUNCTION measure_hist_add(a integer[], b integer[]) RETURNS integer[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN a IS NULL THEN b WHEN b IS NULL THEN a ELSE
                ARRAY(SELECT coalesce(x, 0) + coalesce(y, 0) FROM unnest(a, b) WITH ORDINALITY AS u (x, y, i) ORDER BY i) END $$`);
    await q.query(`
      CREATE VIEW measure_facts AS
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
    await q.query(`
      CREATE TABLE measure_totals (
        dim text NOT NULL,
        grp text NOT NULL,
        metric text NOT NULL,
        sub text NOT NULL,
        day date NOT NULL,
        n bigint NOT NULL,
        hits bigint NOT NULL,
        extra bigint NOT NULL,
        ms bigint NOT NULL,
        hist integer[],
        CONSTRAINT measure_totals_pkey PRIMARY KEY (dim, grp, metric, sub, day)
      )`);
    await q.query(`
      CREATE TABLE measure_keys (
        dim text NOT NULL,
        grp text NOT NULL,
        metric text NOT NULL,
        sub text NOT NULL,
        CONSTRAINT measure_keys_pkey PRIMARY KEY (dim, grp, metric, sub)
      )`);
    await fillMeasureTotals(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE measure_keys');
    await q.query('DROP TABLE measure_totals');
    await q.query('DROP VIEW measure_facts');
    await q.query('DROP FUNCTION measure_hist_add(integer[], integer[])');
    await q.query('DROP FUNCTION measure_bucket(double precision)');
  }
}

/**
 * Fills the (empty) totals and keys from `measure_facts`, as the migration did: frozen SQL. A test
 * holds it to `buildMeasureTotals` (test/integration/read-model-stats.spec.ts).
 */
export async function fillMeasureTotals(q: Pick<QueryRunner, 'query'>): Promise<void> {
  await q.query(`CREATE AGGREGATE pg_temp.measure_hist_sum(integer[]) (SFUNC = measure_hist_add, STYPE = integer[])`);
  await q.query(`
      WITH facts AS (
        SELECT g.dim, g.grp, f.metric, f.sub, ((f.at) AT TIME ZONE 'UTC' + interval '8 hours')::date AS day, f.bucket, f.hits, f.extra, f.ms
          FROM measure_facts f JOIN cases c ON c.id = f.case_id
         CROSS JOIN LATERAL (VALUES ('center', coalesce(c.center_code, '')), ('unit', coalesce(c.unit_id::text, '')),
                ('community', coalesce(c.community_code, '')), ('grid', coalesce(c.grid_code, '')), ('category', coalesce(c.category, ''))) AS g (dim, grp)),
      per_day AS (
        SELECT dim, grp, metric, sub, day, count(*) AS n, sum(hits) AS hits, sum(extra) AS extra, sum(ms) AS ms
          FROM facts GROUP BY dim, grp, metric, sub, day),
      per_bucket AS (
        SELECT dim, grp, metric, sub, day, bucket, count(*)::integer AS c
          FROM facts WHERE metric = 'stage_time' GROUP BY dim, grp, metric, sub, day, bucket),
      day_hist AS (
        SELECT k.dim, k.grp, k.metric, k.sub, k.day, array_agg(coalesce(b.c, 0) ORDER BY i) AS hist
          FROM (SELECT DISTINCT dim, grp, metric, sub, day FROM per_bucket) AS k
         CROSS JOIN generate_series(0, 79) AS i
          LEFT JOIN per_bucket b ON b.dim = k.dim AND b.grp = k.grp AND b.metric = k.metric AND b.sub = k.sub AND b.day = k.day AND b.bucket = i
         GROUP BY k.dim, k.grp, k.metric, k.sub, k.day)
      INSERT INTO measure_totals (dim, grp, metric, sub, day, n, hits, extra, ms, hist)
      SELECT d.dim, d.grp, d.metric, d.sub, d.day,
             sum(d.n) OVER w, sum(d.hits) OVER w, sum(d.extra) OVER w, sum(d.ms) OVER w,
             CASE WHEN d.metric = 'stage_time' THEN pg_temp.measure_hist_sum(h.hist) OVER w END
        FROM per_day d
        LEFT JOIN day_hist h ON h.dim = d.dim AND h.grp = d.grp AND h.metric = d.metric AND h.sub = d.sub AND h.day = d.day
      WINDOW w AS (PARTITION BY d.dim, d.grp, d.metric, d.sub ORDER BY d.day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`);
  await q.query(
    `INSERT INTO measure_keys (dim, grp, metric, sub) SELECT DISTINCT dim, grp, metric, sub FROM measure_totals`,
  );
  await q.query(`DROP AGGREGATE pg_temp.measure_hist_sum(integer[])`);
}
