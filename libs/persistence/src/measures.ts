import type { DataSource, QueryRunner } from 'typeorm';
import { OFFICE_UTC_OFFSET_HOURS } from '@app/domain/calendar/office-time';
import { HIST_BUCKETS } from '@app/domain/measures/histogram';
import {
  cumulativeUpdates,
  MEASURE_DIMS,
  measureKeyString,
  type MeasureDelta,
  type MeasureDim,
  type MeasureFact,
  type MeasureKey,
  type MeasureRangeUpdate,
} from '@app/domain/measures/totals';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The SQL of the measures' maintained totals (migration MeasureTotals1764360000000,
 * docs/read-models.md "Measures"): reading a case's facts, applying an append's deltas under the
 * keys' locks, the day carry and the full build. The arithmetic (facts, deltas, running sums) is
 * libs/domain/src/measures/totals.ts; the stats queries are repositories/stats.repository.ts.
 */

/** SQL for the office day (a date) of a timestamptz expression (office time: libs/domain/src/calendar/office-time.ts). */
export const officeDaySql = (expr: string) =>
  `((${expr}) AT TIME ZONE 'UTC' + interval '${OFFICE_UTC_OFFSET_HOURS} hours')::date`;

/** The facts of one case as they stand in the read models (inside the append's transaction). */
export async function caseMeasureFacts(runner: Runner, caseId: string): Promise<MeasureFact[]> {
  const rows: {
    metric: string;
    sub: string;
    day: string;
    hits: number;
    extra: number;
    ms: string;
    bucket: number | null;
  }[] = await runner.query(
    `SELECT metric, sub, to_char(${officeDaySql('at')}, 'YYYY-MM-DD') AS day, hits, extra, ms, bucket
       FROM measure_facts WHERE case_id = $1`,
    [caseId],
  );
  return rows.map((r) => ({
    metric: r.metric,
    sub: r.sub,
    day: r.day,
    hits: Number(r.hits),
    extra: Number(r.extra),
    ms: Number(r.ms),
    bucket: r.bucket === null ? null : Number(r.bucket),
  }));
}

/**
 * Totals as of a day at least this many days before today move `measure_history.version` when
 * they change, and log the change (`measure_changes`: which dimension, from which day on).
 * Readers keep only totals older by one more day, so that an append whose transaction spans
 * midnight cannot change kept totals unnoticed.
 */
export const HISTORY_LAG_DAYS = 2;

/** Advisory lock class of the measure keys: all writers of a key's rows take its lock first. */
const MEASURE_LOCK_CLASS = 7_104_001;

const histLiteral = (hist: number[] | null) => (hist ? `{${hist.join(',')}}` : null);

/** Takes the keys' advisory locks (until the transaction ends), in one global order. */
async function lockMeasureKeys(runner: Runner, keys: MeasureKey[]): Promise<void> {
  await runner.query(
    `SELECT pg_advisory_xact_lock(${MEASURE_LOCK_CLASS}, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [[...new Set(keys.map(measureKeyString))]],
  );
}

/**
 * Applies an append's deltas to the cumulative totals, in the append's transaction. Each key's
 * rows are changed under a transaction-level advisory lock taken in one global order, so two
 * appends never interleave on a key (a row copied from its predecessor cannot miss an update)
 * and never deadlock on each other.
 */
export async function applyMeasureDeltas(runner: Runner, deltas: MeasureDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await lockMeasureKeys(runner, deltas);
  // A row on each delta's day, copied from the key's row before it (or zero) where missing.
  await runner.query(
    `INSERT INTO measure_totals (dim, grp, metric, sub, day, n, hits, extra, ms, hist)
     SELECT d.dim, d.grp, d.metric, d.sub, d.day, coalesce(p.n, 0), coalesce(p.hits, 0), coalesce(p.extra, 0), coalesce(p.ms, 0),
            CASE WHEN d.metric = 'stage_time' THEN coalesce(p.hist, array_fill(0, ARRAY[${HIST_BUCKETS}])::text) END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[]) AS d (dim, grp, metric, sub, day)
       LEFT JOIN LATERAL (
         SELECT t.n, t.hits, t.extra, t.ms, t.hist FROM measure_totals t
          WHERE t.dim = d.dim AND t.grp = d.grp AND t.metric = d.metric AND t.sub = d.sub AND t.day < d.day
          ORDER BY t.day DESC LIMIT 1) AS p ON true
     ON CONFLICT ON CONSTRAINT measure_totals_pkey DO NOTHING`,
    [
      deltas.map((d) => d.dim),
      deltas.map((d) => d.grp),
      deltas.map((d) => d.metric),
      deltas.map((d) => d.sub),
      deltas.map((d) => d.day),
    ],
  );
  const updates = cumulativeUpdates(deltas);
  // A change on a day two or more days back (by the database's clock) changes totals that stats
  // readers may keep: it moves the version and logs, per dimension, the first day it changes
  // (StatsRepository drops what it kept of that dimension from that day on). The day's own
  // facts, yesterday's (a case routed today that was accepted yesterday) and the stages they end
  // do not.
  const earliest = earliestDayPerDim(deltas);
  await runner.query(
    `WITH changed AS (SELECT e.dim, e.from_day FROM unnest($12::text[], $13::date[]) AS e (dim, from_day)
                       WHERE e.from_day <= ${officeDaySql('now()')} - ${HISTORY_LAG_DAYS}),
          history AS (UPDATE measure_history SET version = version + 1 WHERE EXISTS (SELECT 1 FROM changed) RETURNING version),
          logged AS (INSERT INTO measure_changes (version, dim, from_day) SELECT h.version, c.dim, c.from_day FROM history h, changed c)
     UPDATE measure_totals t
        SET n = t.n + d.n, hits = t.hits + d.hits, extra = t.extra + d.extra, ms = t.ms + d.ms,
            hist = measure_hist_add(t.hist::integer[], d.hist::integer[])::text
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])
            AS d (dim, grp, metric, sub, from_day, until_day, n, hits, extra, ms, hist)
      WHERE t.dim = d.dim AND t.grp = d.grp AND t.metric = d.metric AND t.sub = d.sub
        AND t.day >= d.from_day AND (d.until_day IS NULL OR t.day < d.until_day)`,
    [
      updates.map((u) => u.dim),
      updates.map((u) => u.grp),
      updates.map((u) => u.metric),
      updates.map((u) => u.sub),
      updates.map((u) => u.from),
      updates.map((u) => u.until),
      updates.map((u) => u.n),
      updates.map((u) => u.hits),
      updates.map((u) => u.extra),
      updates.map((u) => u.ms),
      updates.map((u) => histLiteral(u.hist)),
      earliest.map((e) => e.dim),
      earliest.map((e) => e.day),
    ],
  );
  await insertMeasureKeys(runner, deltas);
}

/** Each dimension's earliest day among the deltas. */
export function earliestDayPerDim(deltas: MeasureDelta[]): { dim: MeasureDim; day: string }[] {
  const earliest = new Map<MeasureDim, string>();
  for (const d of deltas) {
    const day = earliest.get(d.dim);
    if (day === undefined || d.day < day) earliest.set(d.dim, d.day);
  }
  return [...earliest].map(([dim, day]) => ({ dim, day }));
}

/** Marks every kept total stale (after the totals were built anew): a change of every dimension on every day. */
export async function bumpMeasureHistory(runner: Runner): Promise<void> {
  await runner.query(
    `WITH history AS (UPDATE measure_history SET version = version + 1 RETURNING version)
     INSERT INTO measure_changes (version, dim, from_day) SELECT h.version, d, NULL FROM history h, unnest($1::text[]) AS d`,
    [[...MEASURE_DIMS]],
  );
}

/** How long `measure_changes` keeps a change: a reader that has not caught up for longer drops all it kept. */
export const MEASURE_CHANGES_KEPT_DAYS = 7;

async function insertMeasureKeys(runner: Runner, keys: MeasureKey[]): Promise<void> {
  if (keys.length === 0) return;
  await runner.query(
    `INSERT INTO measure_keys (dim, grp, metric, sub)
     SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT ON CONSTRAINT measure_keys_pkey DO NOTHING`,
    [keys.map((k) => k.dim), keys.map((k) => k.grp), keys.map((k) => k.metric), keys.map((k) => k.sub)],
  );
}

/**
 * Gives every key a row on the office day `day` where it has none: a copy of its latest row
 * before (sums do not change on a day without facts). The worker runs this after each office
 * midnight, so a stats query finds the rows of its boundary days in one index range
 * (measure_totals_by_day) instead of searching back key by key. The figures do not depend on it:
 * where a key has no row on a day, a query takes its latest row before. Keys go in batches, each
 * in a transaction of its own under the keys' locks, as an append's changes do. Also deletes
 * the changes logged more than MEASURE_CHANGES_KEPT_DAYS ago. Returns the rows inserted.
 */
export async function carryMeasureTotals(
  dataSource: Pick<DataSource, 'query' | 'transaction'>,
  day: string,
  batchKeys = 500,
): Promise<number> {
  // The day's housekeeping of the changes log too (StatsRepository reads only recent changes).
  await dataSource.query(`DELETE FROM measure_changes WHERE at < now() - interval '${MEASURE_CHANGES_KEPT_DAYS} days'`);
  const missing: MeasureKey[] = await dataSource.query(
    `SELECT k.dim, k.grp, k.metric, k.sub FROM measure_keys k
      WHERE NOT EXISTS (SELECT 1 FROM measure_totals t
                         WHERE t.dim = k.dim AND t.grp = k.grp AND t.metric = k.metric AND t.sub = k.sub AND t.day = $1::date)`,
    [day],
  );
  let inserted = 0;
  for (let i = 0; i < missing.length; i += batchKeys) {
    const batch = missing.slice(i, i + batchKeys);
    inserted += await dataSource.transaction(async (tx) => {
      await lockMeasureKeys(tx, batch);
      const rows: unknown[] = await tx.query(
        `INSERT INTO measure_totals (dim, grp, metric, sub, day, n, hits, extra, ms, hist)
         SELECT p.dim, p.grp, p.metric, p.sub, $5::date, p.n, p.hits, p.extra, p.ms, p.hist
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k (dim, grp, metric, sub)
           JOIN LATERAL (SELECT t.* FROM measure_totals t
                          WHERE t.dim = k.dim AND t.grp = k.grp AND t.metric = k.metric AND t.sub = k.sub AND t.day < $5::date
                          ORDER BY t.day DESC LIMIT 1) AS p ON true
         ON CONFLICT ON CONSTRAINT measure_totals_pkey DO NOTHING
         RETURNING 1`,
        [batch.map((k) => k.dim), batch.map((k) => k.grp), batch.map((k) => k.metric), batch.map((k) => k.sub), day],
      );
      return rows.length;
    });
  }
  return inserted;
}

/** SQL: the five (dim, grp) pairs of a case row `c`. */
export const CASE_GROUPS_SQL = `(VALUES ('center', coalesce(c.center_code, '')), ('unit', coalesce(c.unit_id::text, '')),
  ('community', coalesce(c.community_code, '')), ('grid', coalesce(c.grid_code, '')), ('category', coalesce(c.category, '')))`;

/**
 * Fills the (emptied) totals from the read models in one pass: the facts of every case grouped
 * by key and day in PostgreSQL, the running sums in a cursor walk here. Used by the migration,
 * the rebuild and the large seed; needs an open transaction (the cursor). Returns rows written.
 */
export async function buildMeasureTotals(runner: Runner, batchRows = 5_000): Promise<number> {
  await runner.query(
    `DECLARE measure_build NO SCROLL CURSOR FOR
     SELECT dim, grp, metric, sub, to_char(day, 'YYYY-MM-DD') AS day, sum(c)::bigint AS n, sum(hits)::bigint AS hits,
            sum(extra)::bigint AS extra, sum(ms)::bigint AS ms,
            CASE WHEN metric = 'stage_time' THEN jsonb_object_agg(coalesce(bucket, -1), c) END AS buckets
       FROM (SELECT g.dim, g.grp, f.metric, f.sub, ${officeDaySql('f.at')} AS day, f.bucket,
                    count(*) AS c, sum(f.hits) AS hits, sum(f.extra) AS extra, sum(f.ms) AS ms
               FROM measure_facts f JOIN cases c ON c.id = f.case_id
              CROSS JOIN LATERAL ${CASE_GROUPS_SQL} AS g (dim, grp)
              GROUP BY 1, 2, 3, 4, 5, 6) AS b
      GROUP BY dim, grp, metric, sub, day
      ORDER BY dim, grp, metric, sub, day`,
  );
  let written = 0;
  let current = '';
  // One key's days at a time: its running sums come from cumulativeUpdates, as a live append's do.
  let keyDays: MeasureDelta[] = [];
  let rows: MeasureRangeUpdate[] = [];
  const keys: MeasureKey[] = [];
  const endKey = () => {
    if (keyDays.length > 0) rows.push(...cumulativeUpdates(keyDays));
    keyDays = [];
  };
  const flush = async () => {
    if (rows.length === 0) return;
    await runner.query(
      `INSERT INTO measure_totals (dim, grp, metric, sub, day, n, hits, extra, ms, hist)
       SELECT dim, grp, metric, sub, day, n, hits, extra, ms, hist
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[])
              AS r (dim, grp, metric, sub, day, n, hits, extra, ms, hist)`,
      [
        rows.map((r) => r.dim),
        rows.map((r) => r.grp),
        rows.map((r) => r.metric),
        rows.map((r) => r.sub),
        rows.map((r) => r.from),
        rows.map((r) => r.n),
        rows.map((r) => r.hits),
        rows.map((r) => r.extra),
        rows.map((r) => r.ms),
        rows.map((r) => histLiteral(r.hist)),
      ],
    );
    written += rows.length;
    rows = [];
    await insertMeasureKeys(runner, keys.splice(0));
  };
  for (;;) {
    const batch: {
      dim: MeasureDim;
      grp: string;
      metric: string;
      sub: string;
      day: string;
      n: string;
      hits: string;
      extra: string;
      ms: string;
      buckets: Record<string, number> | null;
    }[] = await runner.query(`FETCH ${batchRows} FROM measure_build`);
    for (const r of batch) {
      const key: MeasureKey = { dim: r.dim, grp: r.grp, metric: r.metric, sub: r.sub };
      if (measureKeyString(key) !== current) {
        endKey();
        current = measureKeyString(key);
        keys.push(key);
      }
      const hist =
        r.metric === 'stage_time'
          ? new Map(Object.entries(r.buckets ?? {}).map(([bucket, count]) => [Number(bucket), Number(count)]))
          : null;
      keyDays.push({
        ...key,
        day: r.day,
        n: Number(r.n),
        hits: Number(r.hits),
        extra: Number(r.extra),
        ms: Number(r.ms),
        hist,
      });
    }
    if (rows.length >= batchRows) await flush();
    if (batch.length < batchRows) break;
  }
  endKey();
  await flush();
  await runner.query('CLOSE measure_build');
  return written;
}
