import { DataSource } from 'typeorm';
import { DAY_MS, officeDate, officeDayStartMs, shiftOfficeDate } from '@app/domain/calendar/office-time';
import { parseIntArray } from '@app/domain/measures/histogram';
import {
  assembleMeasures,
  mergeParts,
  type GroupMeasures,
  type MeasurePart,
  type MeasureRow,
  type StatsQuery,
} from '@app/domain/measures/figures';
import { splitPeriod, sumDayFacts, type DayFact, type PeriodEdge } from '@app/domain/measures/period';
import type { MeasureDim } from '@app/domain/measures/totals';
import { HISTORY_LAG_DAYS, officeDaySql } from '../measures';
import { KeptMeasures, type MeasureChange } from './stats-keep';
import { OVERDUE_SQL } from './case-read.repository';

const GROUP_COLUMN: Record<MeasureDim, string> = {
  center: 'center_code',
  unit: 'unit_id',
  community: 'community_code',
  grid: 'grid_code',
  category: 'category',
};

/**
 * The facts of [$1, $2) summed per group, key and bucket. Every branch of `measure_facts` must
 * reach its facts by an index on its instant (test/integration/read-model-stats.spec.ts checks).
 */
export const edgeFactsSql = (dim: MeasureDim) =>
  `SELECT coalesce(c.${GROUP_COLUMN[dim]}::text, '') AS grp, f.metric, f.sub, f.bucket,
          count(*) AS n, sum(f.hits) AS hits, sum(f.extra) AS extra, sum(f.ms) AS ms
     FROM measure_facts f JOIN cases c ON c.id = f.case_id
    WHERE f.at >= $1 AND f.at < $2
    GROUP BY 1, 2, 3, 4`;

/** Row mapping: a query row's group, key and sums (numeric strings), times `sign`, with its histogram or bucket. */
function signedPart(
  r: { grp: string; metric: string; sub: string; n: string; hits: string; extra: string; ms: string },
  sign: 1 | -1,
  hist: number[] | null,
  bucket: number | null,
): MeasurePart {
  return {
    grp: r.grp,
    metric: r.metric,
    sub: r.sub,
    n: sign * Number(r.n),
    hits: sign * Number(r.hits),
    extra: sign * Number(r.extra),
    ms: sign * Number(r.ms),
    hist,
    bucket,
  };
}

/**
 * The measures' queries. Period measures count what happened in [from, to): an acceptance, a
 * closure, a rating, an escalation, a stage left. The whole office days of the period come from
 * the cumulative totals (two rows per key: the last day's minus the day before the first), the
 * parts of days at its edges from the facts themselves; so the work does not grow with the
 * period. Open and overdue are as of now. Groups are the case's as it stands now (a transferred
 * case counts for its current unit). The p90 comes from a histogram: within 19 % of the exact one.
 * Here: the SQL, the row mapping and what is kept between queries (stats-keep.ts); the arithmetic
 * (splitting the period, adding the parts, the rates, mean and p90) is libs/domain/src/measures/.
 * The gateway reads it through StatsService.
 */
export class StatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Totals as of past days, per (dimension, day, sign), and the facts of past days, per
   * (dimension, day), in time order; each dropped once a logged change concerns it (stats-keep.ts).
   */
  private readonly kept = new KeptMeasures<MeasurePart[], DayFact[]>();
  /** The whole-day reads of facts under way, per (dimension, day). */
  private readonly keeping = new Map<string, Promise<void>>();

  /** `now`: the instant after which no facts are expected (the clock; a test may move it). */
  async measures(query: StatsQuery, now = new Date()): Promise<GroupMeasures[]> {
    const { days, edges } = splitPeriod(query.from, query.to, now);
    const history = days || edges.length > 0 ? this.history() : null;
    // Past days whose facts an edge wanted but found unkept: read whole once this query's own reads are done.
    const unkept: { day: string; dayStart: number }[] = [];
    // Independent reads, each on its own pooled connection: the slowest one sets the time.
    const [open, ...parts] = await Promise.all([
      this.openNow(query.groupBy),
      ...(days && history
        ? [
            this.asOf(query.groupBy, days.last, 1, history),
            this.asOf(query.groupBy, shiftOfficeDate(days.first, -1), -1, history),
          ]
        : []),
      ...(history ? edges.map((edge) => this.fromFacts(query.groupBy, edge, history, unkept)) : []),
    ]);
    for (const { day, dayStart } of unkept) this.keepDayFacts(query.groupBy, day, dayStart);
    return assembleMeasures([...mergeParts(parts.flat()), ...open]);
  }

  /**
   * The history version, and the last day whose totals may be kept (by the database's clock);
   * the changes logged since the version last caught up with drop the kept entries they concern.
   */
  private async history(): Promise<{ version: string; keepThrough: string }> {
    const since = this.kept.since;
    const [row]: { version: string; keep_through: string; changes: string }[] = await this.dataSource.query(
      `SELECT h.version, to_char(${officeDaySql('now()')} - ${HISTORY_LAG_DAYS + 1}, 'YYYY-MM-DD') AS keep_through,
              (SELECT coalesce(json_agg(json_build_array(c.version::text, c.dim, to_char(c.from_day, 'YYYY-MM-DD'))), '[]')::text
                 FROM measure_changes c WHERE c.version > coalesce($1::bigint, h.version) AND c.version <= h.version) AS changes
         FROM measure_history h`,
      [since],
    );
    const changes = (JSON.parse(row.changes) as [string, MeasureDim, string | null][]).map(
      ([version, dim, fromDay]): MeasureChange => ({ version, dim, fromDay }),
    );
    this.kept.catchUp(String(row.version), since, changes);
    return { version: String(row.version), keepThrough: row.keep_through };
  }

  /**
   * Each key's cumulative totals as of the end of office day `day`, times `sign`: the whole days
   * [first, last] of a period are the totals as of `last` less those as of the day before
   * `first`. Most keys have a row on the day itself, and those come from one range scan of
   * measure_totals_by_day; a key without one takes its latest row before (one index descent).
   * Totals as of a day three or more days back are kept in memory (at most KEPT_DAYS of them)
   * and used again until a logged change concerns them (stats-keep.ts); the version is read in
   * the same statement as the rows, so kept rows are never newer or older than their version.
   */
  private async asOf(
    dim: MeasureDim,
    day: string,
    sign: 1 | -1,
    history: Promise<{ version: string; keepThrough: string }>,
  ): Promise<MeasurePart[]> {
    const { keepThrough } = await history;
    const keepable = day <= keepThrough;
    const id = `${dim}|${day}|${sign}`;
    const kept = keepable ? this.kept.totals.get(id) : undefined;
    if (kept) return kept;
    // One row at least (the version), with null keys when the dimension has no totals yet.
    const rows: {
      grp: string | null;
      metric: string;
      sub: string;
      n: string;
      hits: string;
      extra: string;
      ms: string;
      hist: string | null;
      version: string;
    }[] = await this.dataSource.query(
      `WITH on_day AS MATERIALIZED (SELECT grp, metric, sub, n, hits, extra, ms, hist FROM measure_totals WHERE dim = $1 AND day = $2::date),
            totals AS (
              SELECT k.grp, k.metric, k.sub, coalesce(d.n, b.n) AS n, coalesce(d.hits, b.hits) AS hits, coalesce(d.extra, b.extra) AS extra,
                     coalesce(d.ms, b.ms) AS ms, coalesce(d.hist, b.hist) AS hist
                FROM measure_keys k
                LEFT JOIN on_day d ON d.grp = k.grp AND d.metric = k.metric AND d.sub = k.sub
                LEFT JOIN LATERAL (SELECT t.n, t.hits, t.extra, t.ms, t.hist FROM measure_totals t
                                    WHERE d.grp IS NULL AND t.dim = k.dim AND t.grp = k.grp AND t.metric = k.metric AND t.sub = k.sub AND t.day < $2::date
                                    ORDER BY t.day DESC LIMIT 1) AS b ON true
               WHERE k.dim = $1 AND coalesce(d.n, b.n) IS NOT NULL)
       SELECT h.version, totals.* FROM measure_history h LEFT JOIN totals ON true`,
      [dim, day],
    );
    const parts = rows
      .filter((r): r is typeof r & { grp: string } => r.grp !== null)
      .map((r) => {
        const part = signedPart(r, sign, keepable && r.hist !== null ? parseIntArray(r.hist, sign) : null, null);
        // Kept parts are parsed once; a part read once is parsed straight into the sums.
        if (!keepable && r.hist !== null) part.histText = { text: r.hist, sign };
        return part;
      });
    if (keepable && this.kept.mayKeep(String(rows[0].version))) this.kept.totals.set(id, dim, day, parts);
    return parts;
  }

  /**
   * The facts of an edge, summed per group, key and bucket, times the edge's sign. An edge within
   * an office day three or more days back is counted from that day's facts when they are kept (at
   * most KEPT_DAYS days, until a logged change concerns them: the facts of a past day change only
   * with the totals of that day). Otherwise PostgreSQL sums the edge, and a day that
   * may be kept goes to `unkept`: measures() has it read whole once its own reads are done, for
   * the next edges in that day. The query that finds the day unkept does not wait for the whole
   * day's facts (whenKept awaits them).
   */
  private async fromFacts(
    dim: MeasureDim,
    { from, to, sign }: PeriodEdge,
    history: Promise<{ version: string; keepThrough: string }>,
    unkept: { day: string; dayStart: number }[],
  ): Promise<MeasurePart[]> {
    const day = officeDate(from.getTime());
    const dayStart = officeDayStartMs(from.getTime());
    if (to.getTime() <= dayStart + DAY_MS) {
      const { keepThrough } = await history;
      if (day <= keepThrough) {
        const kept = this.kept.facts.get(`${dim}|${day}`);
        if (kept) return sumDayFacts(kept, from.getTime(), to.getTime(), sign);
        unkept.push({ day, dayStart });
      }
    }
    const rows: {
      grp: string;
      metric: string;
      sub: string;
      bucket: number | null;
      n: string;
      hits: string;
      extra: string;
      ms: string;
    }[] = await this.dataSource.query(edgeFactsSql(dim), [from, to]);
    return rows.map((r) =>
      signedPart(r, sign, null, r.metric === 'stage_time' && r.bucket !== null ? Number(r.bucket) : null),
    );
  }

  /** Resolves when every whole-day read begun so far has been kept (or has failed, leaving its day unkept). */
  async whenKept(): Promise<void> {
    await Promise.all(this.keeping.values());
  }

  /**
   * Reads one past office day's facts for a dimension and keeps them, unless the history version
   * read with them is older than the one caught up with; once per day at a time. A failed read
   * keeps nothing: the next edge in that day is summed by PostgreSQL again and begins another
   * read.
   */
  private keepDayFacts(dim: MeasureDim, day: string, dayStart: number): void {
    const id = `${dim}|${day}`;
    if (this.keeping.has(id)) return;
    const reading = this.dayFacts(dim, dayStart)
      .then(({ version, facts }) => {
        if (this.kept.mayKeep(version)) this.kept.facts.set(id, dim, day, facts);
      })
      .catch(() => undefined)
      .finally(() => this.keeping.delete(id));
    this.keeping.set(id, reading);
  }

  /** The facts of one office day for a dimension, in time order, with the history version read in the same statement. */
  private async dayFacts(dim: MeasureDim, dayStart: number): Promise<{ version: string; facts: DayFact[] }> {
    // One row at least (the version), with null facts when the day has none.
    const rows: (Omit<DayFact, 'at' | 'ms'> & { version: string; at: number | null; ms: string })[] =
      await this.dataSource.query(
        `SELECT h.version, f.* FROM measure_history h
           LEFT JOIN (SELECT extract(epoch FROM f.at)::float8 * 1000 AS at, coalesce(c.${GROUP_COLUMN[dim]}::text, '') AS grp,
                             f.metric, f.sub, f.bucket, f.hits, f.extra, f.ms
                        FROM measure_facts f JOIN cases c ON c.id = f.case_id
                       WHERE f.at >= $1 AND f.at < $2) AS f ON true
          ORDER BY f.at`,
        [new Date(dayStart), new Date(dayStart + DAY_MS)],
      );
    const facts: DayFact[] = rows
      .filter((r) => r.at !== null)
      .map((r) => ({
        at: Number(r.at),
        grp: r.grp,
        metric: r.metric,
        sub: r.sub,
        bucket: r.bucket === null ? null : Number(r.bucket),
        hits: Number(r.hits),
        extra: Number(r.extra),
        ms: Number(r.ms),
      }));
    return { version: String(rows[0].version), facts };
  }

  private async openNow(dim: MeasureDim): Promise<MeasureRow[]> {
    const key = `c.${GROUP_COLUMN[dim]}::text`;
    return this.dataSource.query(
      `SELECT 'open' AS metric, ${key} AS grp, c.stage AS sub, count(*) AS total,
              count(*) FILTER (WHERE ${OVERDUE_SQL.replace(/(status|stage_deadline)/g, 'c.$1')}) AS hits, 0 AS extra,
              NULL::float8 AS mean_hours, NULL::float8 AS p90_hours
         FROM cases c WHERE c.status <> 'CLOSED'
        GROUP BY 2, 3`,
    );
  }
}
