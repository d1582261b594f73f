import type { DataSource, QueryRunner } from 'typeorm';
import { OFFICE_UTC_OFFSET_HOURS } from '@app/domain/calendar/office-time';

type Runner = Pick<QueryRunner, 'query'>;

/**
 * The measures' maintained aggregate (migration MeasureTotals1764360000000, docs/read-models.md
 * "Measures"). A fact (acceptance, ended stage visit, closure, rating, escalation) counts for the
 * case's current center, unit, community, grid and category, on the office day of its instant.
 * `measure_totals` keeps, per key and day, the cumulative sums up to that day; a period is the
 * difference of two rows.
 */
export const MEASURE_DIMS = ['center', 'unit', 'community', 'grid', 'category'] as const;
export type MeasureDim = (typeof MEASURE_DIMS)[number];

/** SQL for the office day (a date) of a timestamptz expression (office time: libs/domain/src/calendar/office-time.ts). */
export const officeDaySql = (expr: string) =>
  `((${expr}) AT TIME ZONE 'UTC' + interval '${OFFICE_UTC_OFFSET_HOURS} hours')::date`;

/** Stage-visit duration buckets: [0, 1 min), then 4 per doubling from 1 min (measure_bucket in SQL). */
export const HIST_BUCKETS = 80;

/** [lower, upper) of a duration bucket in milliseconds; the last bucket's upper is an assumed bound. */
export function bucketBoundsMs(bucket: number): [number, number] {
  if (bucket === 0) return [0, 60_000];
  return [60_000 * 2 ** ((bucket - 1) / 4), 60_000 * 2 ** (bucket / 4)];
}

/**
 * The q-quantile (0..1) of the durations a histogram counts, in ms, interpolated like
 * percentile_cont: each bucket's items are taken as spread evenly over it. Off from the exact
 * value by less than a bucket's width (a factor of 2^(1/4), 19 %). Null for an empty histogram.
 */
export function histQuantileMs(hist: readonly number[], q: number): number | null {
  const total = hist.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (let b = 0; b < hist.length; b++) {
      const count = hist[b];
      if (count > 0 && rank < before + count) {
        const [lower, upper] = bucketBoundsMs(b);
        return lower + ((upper - lower) * (rank - before + 0.5)) / count;
      }
      before += count;
    }
    return bucketBoundsMs(hist.length - 1)[1];
  };
  const rank = q * (total - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, total - 1);
  return valueAt(low) + (valueAt(high) - valueAt(low)) * (rank - low);
}

/** One fact of a case as `measure_facts` gives it, with its office day. */
export interface MeasureFact {
  metric: string;
  sub: string;
  day: string;
  hits: number;
  extra: number;
  ms: number;
  bucket: number | null;
}

export type MeasureDims = Record<MeasureDim, string>;

/** The groups a case counts for; '' where it has none yet (a case not routed has no center). */
export function measureDims(
  row: {
    centerCode: string | null;
    unitId: string | null;
    communityCode: string | null;
    gridCode: string | null;
    category: string | null;
  } | null,
): MeasureDims | null {
  if (!row) return null;
  return {
    center: row.centerCode ?? '',
    unit: row.unitId ?? '',
    community: row.communityCode ?? '',
    grid: row.gridCode ?? '',
    category: row.category ?? '',
  };
}

/**
 * Whether an event can change the case's facts or the groups they count for: it ends a stage
 * visit, raises an alert, records a rating, changes what a closure counts, or moves the case to
 * another group. An append whose event does none of these skips the measures' work. Pure.
 */
export function touchesMeasures(
  before: MeasureCaseRow | null,
  step: { row: MeasureCaseRow; leftStage: unknown; alert: unknown; rating: unknown; assistance?: unknown },
): boolean {
  if (step.leftStage || step.alert || step.rating || step.assistance) return true;
  if (!before) return step.row.stage === 'CLOSED';
  const closure = (r: MeasureCaseRow) =>
    [
      r.stage === 'CLOSED',
      r.resolution,
      r.reopenCount,
      r.stageEnteredAt?.valueOf(),
      r.upALevelAt?.valueOf() ?? null,
    ].join('|');
  return (
    closure(before) !== closure(step.row) ||
    JSON.stringify(measureDims(before)) !== JSON.stringify(measureDims(step.row))
  );
}

/** The case columns the facts and their groups depend on. */
export interface MeasureCaseRow {
  centerCode: string | null;
  unitId: string | null;
  communityCode: string | null;
  gridCode: string | null;
  category: string | null;
  stage: string;
  resolution: string | null;
  reopenCount: number;
  stageEnteredAt: Date | string | null;
  /** When the case went up a level (the `up_a_level` fact); absent or null: never. */
  upALevelAt?: Date | string | null;
}

export interface MeasureKey {
  dim: MeasureDim;
  grp: string;
  metric: string;
  sub: string;
}

/** A change of one key's totals on one day. */
export interface MeasureDelta extends MeasureKey {
  day: string;
  n: number;
  hits: number;
  extra: number;
  ms: number;
  /** bucket → count, stage_time only. */
  hist: Map<number, number> | null;
}

const keyString = (k: MeasureKey) => `${k.dim}\u001f${k.grp}\u001f${k.metric}\u001f${k.sub}`;

/**
 * What an append changes in the totals: the case's facts after it, counted for its groups after
 * it, minus its facts before, counted for its groups before. A transfer thus moves all the case's
 * facts to its new unit. Zero changes are left out; the result is in key and day order. Pure.
 */
export function measureDeltas(
  before: { dims: MeasureDims | null; facts: MeasureFact[] },
  after: { dims: MeasureDims | null; facts: MeasureFact[] },
): MeasureDelta[] {
  const deltas = new Map<string, MeasureDelta>();
  const add = (dims: MeasureDims | null, facts: MeasureFact[], sign: 1 | -1) => {
    if (!dims) return;
    for (const fact of facts) {
      for (const dim of MEASURE_DIMS) {
        const key: MeasureKey = { dim, grp: dims[dim], metric: fact.metric, sub: fact.sub };
        const id = `${keyString(key)}\u001f${fact.day}`;
        let delta = deltas.get(id);
        if (!delta) {
          delta = {
            ...key,
            day: fact.day,
            n: 0,
            hits: 0,
            extra: 0,
            ms: 0,
            hist: fact.metric === 'stage_time' ? new Map() : null,
          };
          deltas.set(id, delta);
        }
        delta.n += sign;
        delta.hits += sign * fact.hits;
        delta.extra += sign * fact.extra;
        delta.ms += sign * fact.ms;
        if (delta.hist && fact.bucket !== null) delta.hist.set(fact.bucket, (delta.hist.get(fact.bucket) ?? 0) + sign);
      }
    }
  };
  add(before.dims, before.facts, -1);
  add(after.dims, after.facts, 1);
  const changed = [...deltas.values()].filter(
    (d) =>
      d.n !== 0 ||
      d.hits !== 0 ||
      d.extra !== 0 ||
      d.ms !== 0 ||
      (d.hist !== null && [...d.hist.values()].some((c) => c !== 0)),
  );
  return changed.sort((a, b) => compareText(keyString(a), keyString(b)) || compareText(a.day, b.day));
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A change applied to a key's rows on the days [from, until) (until null: to the last row). */
export interface MeasureRangeUpdate extends MeasureKey {
  from: string;
  until: string | null;
  n: number;
  hits: number;
  extra: number;
  ms: number;
  hist: number[] | null;
}

/**
 * Turns day deltas into updates of cumulative rows: a row on day D takes the sum of its key's
 * deltas on days up to D, so each key's days split into ranges with one running sum each. Pure.
 */
export function cumulativeUpdates(deltas: MeasureDelta[]): MeasureRangeUpdate[] {
  const byKey = new Map<string, MeasureDelta[]>();
  for (const d of deltas) {
    const id = keyString(d);
    const days = byKey.get(id);
    if (days) days.push(d);
    else byKey.set(id, [d]);
  }
  const updates: MeasureRangeUpdate[] = [];
  for (const days of byKey.values()) {
    days.sort((a, b) => compareText(a.day, b.day));
    const running = {
      n: 0,
      hits: 0,
      extra: 0,
      ms: 0,
      hist: days[0].hist ? new Array<number>(HIST_BUCKETS).fill(0) : null,
    };
    days.forEach((d, i) => {
      running.n += d.n;
      running.hits += d.hits;
      running.extra += d.extra;
      running.ms += d.ms;
      if (running.hist && d.hist) for (const [bucket, count] of d.hist) running.hist[bucket] += count;
      updates.push({
        dim: d.dim,
        grp: d.grp,
        metric: d.metric,
        sub: d.sub,
        from: d.day,
        until: days[i + 1]?.day ?? null,
        n: running.n,
        hits: running.hits,
        extra: running.extra,
        ms: running.ms,
        hist: running.hist ? [...running.hist] : null,
      });
    });
  }
  return updates;
}

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
 * they change. Readers keep only totals older by one more day, so that an append whose
 * transaction spans midnight cannot change kept totals unnoticed.
 */
export const HISTORY_LAG_DAYS = 2;

/** Advisory lock class of the measure keys: all writers of a key's rows take its lock first. */
const MEASURE_LOCK_CLASS = 7_104_001;

const histLiteral = (hist: number[] | null) => (hist ? `{${hist.join(',')}}` : null);

/** Takes the keys' advisory locks (until the transaction ends), in one global order. */
async function lockMeasureKeys(runner: Runner, keys: MeasureKey[]): Promise<void> {
  await runner.query(
    `SELECT pg_advisory_xact_lock(${MEASURE_LOCK_CLASS}, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS s`,
    [[...new Set(keys.map(keyString))]],
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
            CASE WHEN d.metric = 'stage_time' THEN coalesce(p.hist, array_fill(0, ARRAY[${HIST_BUCKETS}])) END
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
  // readers may keep: it moves the version they check (StatsRepository). The day's own facts,
  // yesterday's (a case routed today that was accepted yesterday) and the stages they end do not.
  const earliest = deltas.reduce((min, d) => (d.day < min ? d.day : min), deltas[0].day);
  await runner.query(
    `WITH history AS (UPDATE measure_history SET version = version + 1 WHERE $12::date <= ${officeDaySql('now()')} - ${HISTORY_LAG_DAYS})
     UPDATE measure_totals t
        SET n = t.n + d.n, hits = t.hits + d.hits, extra = t.extra + d.extra, ms = t.ms + d.ms,
            hist = measure_hist_add(t.hist, d.hist::integer[])
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
      earliest,
    ],
  );
  await insertMeasureKeys(runner, deltas);
}

/** Marks every kept total stale (after the totals were built anew). */
export async function bumpMeasureHistory(runner: Runner): Promise<void> {
  await runner.query('UPDATE measure_history SET version = version + 1');
}

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
 * in a transaction of its own under the keys' locks, as an append's changes do. Returns the rows
 * inserted.
 */
export async function carryMeasureTotals(
  dataSource: Pick<DataSource, 'query' | 'transaction'>,
  day: string,
  batchKeys = 500,
): Promise<number> {
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
       SELECT dim, grp, metric, sub, day, n, hits, extra, ms, hist::integer[]
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
      if (keyString(key) !== current) {
        endKey();
        current = keyString(key);
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
