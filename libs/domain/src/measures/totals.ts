import { HIST_BUCKETS } from './histogram';

/**
 * The measures' maintained totals, the arithmetic of an append (docs/read-models.md "Measures";
 * the SQL that reads and writes them: libs/persistence/src/measures.ts). A fact (acceptance,
 * ended stage visit, closure, rating, escalation, up a level) counts for the case's current
 * center, unit, community, grid and category, on the office day of its instant. `measure_totals`
 * keeps, per key and day, the cumulative sums up to that day; a period is the difference of two
 * rows. Pure.
 */

/** The groups a fact counts for, and the groups a stats query can ask for (`groupBy`). */
export const MEASURE_DIMS = ['center', 'unit', 'community', 'grid', 'category'] as const;
export type MeasureDim = (typeof MEASURE_DIMS)[number];

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

/**
 * Whether an event can change the case's facts or the groups they count for: it ends a stage
 * visit, raises an alert, records a rating, changes what a closure counts, or moves the case to
 * another group. An append whose event does none of these skips the measures' work.
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

/** A key as one string (the advisory lock of its rows hashes it). */
export const measureKeyString = (k: MeasureKey) => `${k.dim}\u001f${k.grp}\u001f${k.metric}\u001f${k.sub}`;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What an append changes in the totals: the case's facts after it, counted for its groups after
 * it, minus its facts before, counted for its groups before. A transfer thus moves all the case's
 * facts to its new unit. Zero changes are left out; the result is in key and day order.
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
        const id = `${measureKeyString(key)}\u001f${fact.day}`;
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
  return changed.sort((a, b) => compareText(measureKeyString(a), measureKeyString(b)) || compareText(a.day, b.day));
}

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
 * deltas on days up to D, so each key's days split into ranges with one running sum each. The
 * live append and the full build (the rows of one key at a time) both sum with it.
 */
export function cumulativeUpdates(deltas: MeasureDelta[]): MeasureRangeUpdate[] {
  const byKey = new Map<string, MeasureDelta[]>();
  for (const d of deltas) {
    const id = measureKeyString(d);
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
