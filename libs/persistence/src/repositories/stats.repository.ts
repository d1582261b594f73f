import { DataSource } from 'typeorm';
import { DAY_MS, officeDate, officeDayStartMs, shiftOfficeDate } from '@app/domain/calendar/office-time';
import { HIST_BUCKETS, HISTORY_LAG_DAYS, histQuantileMs, officeDaySql } from '../measures';
import { OVERDUE_SQL } from './case-read.repository';

export const STATS_GROUP_BY = ['center', 'unit', 'community', 'grid', 'category'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

const GROUP_COLUMN: Record<StatsGroupBy, string> = {
  center: 'center_code',
  unit: 'unit_id',
  community: 'community_code',
  grid: 'grid_code',
  category: 'category',
};

export interface StatsQuery {
  /** Period start, inclusive. */
  from: Date;
  /** Period end, exclusive. */
  to: Date;
  groupBy: StatsGroupBy;
}

export interface Rate {
  /** The denominator: accepted, closed (not REJECTED/MERGED), rated. */
  total: number;
  /** The numerator: accepted within SLA, RESOLVED, satisfied, reopened. */
  count: number;
  /** count / total; null when nothing was counted. */
  rate: number | null;
}

export interface StageTime {
  visits: number;
  meanHours: number;
  p90Hours: number;
}

/** DOMAIN.md "Measures" for one group (the group's key: a center code, unit id, ...; null: none yet). */
export interface GroupMeasures {
  group: string | null;
  timelyAcceptance: Rate;
  resolution: Rate;
  satisfaction: Rate;
  reopen: Rate;
  openByStage: Record<string, number>;
  overdueByStage: Record<string, number>;
  escalationsByLevel: Record<string, number>;
  /** Cases that went up a level in the period (上交: community-level unit → street-level unit of the same center). */
  upALevel: number;
  /** Joint handling (协办): assistances the group's cases requested in the period, and by the assisting unit. */
  assistance: AssistanceFigures & { byUnit: Record<string, AssistanceFigures> };
  timePerStage: Record<string, StageTime>;
}

/** Assistances requested in the period (not withdrawn), answered so far, answered by their deadline. */
export interface AssistanceFigures {
  requested: number;
  answered: number;
  answeredOnTime: number;
}

/** One line of the measures query: a metric, its group, its sub-key (stage, level), figures. */
export interface MeasureRow {
  metric: 'acceptance' | 'closure' | 'rating' | 'open' | 'escalation' | 'up_a_level' | 'assistance' | 'stage_time';
  grp: string | null;
  sub: string | null;
  total: number;
  hits: number;
  extra: number;
  mean_hours: number | null;
  p90_hours: number | null;
}

const rate = (total: number, count: number): Rate => ({ total, count, rate: total === 0 ? null : count / total });

/** Folds the query's lines into one GroupMeasures per group, groups in key order. Pure. */
export function assembleMeasures(rows: MeasureRow[]): GroupMeasures[] {
  const groups = new Map<string | null, GroupMeasures>();
  const of = (grp: string | null): GroupMeasures => {
    let g = groups.get(grp);
    if (!g) {
      g = {
        group: grp,
        timelyAcceptance: rate(0, 0),
        resolution: rate(0, 0),
        satisfaction: rate(0, 0),
        reopen: rate(0, 0),
        openByStage: {},
        overdueByStage: {},
        escalationsByLevel: {},
        upALevel: 0,
        assistance: { requested: 0, answered: 0, answeredOnTime: 0, byUnit: {} },
        timePerStage: {},
      };
      groups.set(grp, g);
    }
    return g;
  };
  for (const r of rows) {
    const g = of(r.grp);
    const [total, hits, extra] = [Number(r.total), Number(r.hits), Number(r.extra)];
    switch (r.metric) {
      case 'acceptance':
        g.timelyAcceptance = rate(total, hits);
        break;
      case 'closure':
        g.resolution = rate(total, hits);
        g.reopen = rate(total, extra);
        break;
      case 'rating':
        g.satisfaction = rate(total, hits);
        break;
      case 'open':
        g.openByStage[r.sub!] = total;
        if (hits > 0) g.overdueByStage[r.sub!] = hits;
        break;
      case 'escalation':
        g.escalationsByLevel[r.sub!] = total;
        break;
      case 'up_a_level':
        g.upALevel = total;
        break;
      case 'assistance':
        if (total === 0 && hits === 0 && extra === 0) break;
        g.assistance.requested += total;
        g.assistance.answered += extra;
        g.assistance.answeredOnTime += hits;
        g.assistance.byUnit[r.sub!] = { requested: total, answered: extra, answeredOnTime: hits };
        break;
      case 'stage_time':
        g.timePerStage[r.sub!] = { visits: total, meanHours: Number(r.mean_hours), p90Hours: Number(r.p90_hours) };
        break;
    }
  }
  return [...groups.values()].sort((a, b) => (a.group ?? '\uffff').localeCompare(b.group ?? '\uffff'));
}

const officeDay = officeDate;
const officeDayStart = officeDayStartMs;

/** Facts of [from, to) added to (sign 1) or taken from (sign -1) the whole days of a period. */
export interface PeriodEdge {
  from: Date;
  to: Date;
  sign: 1 | -1;
}

/**
 * Splits a period into the whole office days the totals answer for (first and last day, both
 * included) and the parts of days at its edges, which are counted from the facts. Where the
 * period ends at or after `now`, the rest of its last day lies in the future, where there are no
 * facts to count: that day is read whole from the totals, less the facts from the period's end to
 * the day's end (none, unless a clock runs ahead). Pure.
 */
export function splitPeriod(
  from: Date,
  to: Date,
  now: Date,
): { days: { first: string; last: string } | null; edges: PeriodEdge[] } {
  const start = from.getTime();
  const end = to.getTime();
  if (start >= end) return { days: null, edges: [] };
  const firstWhole = officeDayStart(start) === start ? start : officeDayStart(start) + DAY_MS;
  const lastDay = officeDayStart(end);
  const edges: PeriodEdge[] = [];
  let endWhole = lastDay;
  if (lastDay < end && end >= now.getTime() && lastDay >= start) {
    endWhole = lastDay + DAY_MS;
    edges.push({ from: to, to: new Date(endWhole), sign: -1 });
  }
  if (firstWhole >= endWhole) return { days: null, edges: [{ from, to, sign: 1 }] };
  if (start < firstWhole) edges.unshift({ from, to: new Date(firstWhole), sign: 1 });
  if (endWhole < end) edges.push({ from: new Date(endWhole), to, sign: 1 });
  return { days: { first: officeDay(firstWhole), last: officeDay(endWhole - DAY_MS) }, edges };
}

/** Sums of one (group, metric, sub-key) over part of a period. */
export interface MeasurePart {
  grp: string;
  metric: string;
  sub: string;
  n: number;
  hits: number;
  extra: number;
  ms: number;
  /** Stage-visit durations per bucket (the totals' histogram), or */
  hist: number[] | null;
  /** all n in one bucket (facts grouped by bucket), or */
  bucket?: number | null;
  /** the histogram as PostgreSQL's text of an integer array, to be added times `sign` (read once, not kept). */
  histText?: { text: string; sign: 1 | -1 } | null;
}

/**
 * Adds up the parts of a period (whole days from the totals, edges from the facts) into the lines
 * assembleMeasures folds; mean and p90 of a stage from the summed milliseconds and histogram. Pure.
 */
export function mergeParts(parts: MeasurePart[]): MeasureRow[] {
  const merged = new Map<string, MeasurePart>();
  for (const p of parts) {
    const id = `${p.grp}\u001f${p.metric}\u001f${p.sub}`;
    let m = merged.get(id);
    if (!m) {
      m = { grp: p.grp, metric: p.metric, sub: p.sub, n: 0, hits: 0, extra: 0, ms: 0, hist: null };
      merged.set(id, m);
    }
    m.n += p.n;
    m.hits += p.hits;
    m.extra += p.extra;
    m.ms += p.ms;
    if (p.hist) {
      const from = p.hist;
      if (!m.hist) m.hist = from.slice();
      else for (let b = 0, into = m.hist; b < from.length; b++) into[b] += from[b];
    } else if (p.bucket !== undefined && p.bucket !== null) {
      (m.hist ??= new Array<number>(HIST_BUCKETS).fill(0))[p.bucket] += p.n;
    } else if (p.histText) {
      addIntArrayText((m.hist ??= new Array<number>(HIST_BUCKETS).fill(0)), p.histText.text, p.histText.sign);
    }
  }
  const rows: MeasureRow[] = [];
  for (const m of merged.values()) {
    if (m.n === 0) continue;
    const p90 = m.metric === 'stage_time' && m.hist ? histQuantileMs(m.hist, 0.9) : null;
    rows.push({
      metric: m.metric as MeasureRow['metric'],
      grp: m.grp === '' ? null : m.grp,
      sub: m.sub === '' ? null : m.sub,
      total: m.n,
      hits: m.hits,
      extra: m.extra,
      mean_hours: m.metric === 'stage_time' ? m.ms / m.n / 3_600_000 : null,
      p90_hours: p90 === null ? null : p90 / 3_600_000,
    });
  }
  return rows;
}

/** Reads an integer array PostgreSQL gave as text ('{1,0,2}'), times `sign`; faster than the driver's array parser. */
export function parseIntArray(text: string, sign: 1 | -1 = 1): number[] {
  return addIntArrayText([], text, sign);
}

/** Adds the elements of an integer array given as text, times `sign`, into `into` (missing: zero); returns `into`. */
export function addIntArrayText(into: number[], text: string, sign: 1 | -1): number[] {
  let at = 0;
  let value = 0;
  let negative = false;
  let digits = false;
  // One pass over the characters: a histogram has 80 elements and a query reads thousands.
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits = true;
    } else if (c === 45) {
      negative = true;
    } else if (c === 44 || c === 125) {
      if (digits) into[at] = (into[at] ?? 0) + sign * (negative ? -value : value);
      at++;
      value = 0;
      negative = false;
      digits = false;
    }
  }
  return into;
}

/** Values kept under the version they were read at, at most `limit` of them, least recently used out. */
export class VersionedKeep<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly limit: number) {}

  /** The value kept for `id` if it was read at `version`. */
  get(id: string, version: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.value;
  }

  set(id: string, version: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, { version, value });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** One fact of a past day as a StatsRepository keeps it: its instant (ms), group, key and figures. */
export interface DayFact {
  at: number;
  grp: string;
  metric: string;
  sub: string;
  bucket: number | null;
  hits: number;
  extra: number;
  ms: number;
}

/** The facts (in time order) with instants in [from, to), summed per group, key and bucket, times `sign`. Pure. */
export function sumDayFacts(facts: readonly DayFact[], from: number, to: number, sign: 1 | -1): MeasurePart[] {
  let low = 0;
  let high = facts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (facts[mid].at < from) low = mid + 1;
    else high = mid;
  }
  const sums = new Map<string, MeasurePart>();
  for (let i = low; i < facts.length && facts[i].at < to; i++) {
    const f = facts[i];
    const bucket = f.metric === 'stage_time' ? f.bucket : null;
    const id = `${f.grp}\u001f${f.metric}\u001f${f.sub}\u001f${bucket}`;
    let part = sums.get(id);
    if (!part) {
      part = { grp: f.grp, metric: f.metric, sub: f.sub, n: 0, hits: 0, extra: 0, ms: 0, hist: null, bucket };
      sums.set(id, part);
    }
    part.n += sign;
    part.hits += sign * f.hits;
    part.extra += sign * f.extra;
    part.ms += sign * f.ms;
  }
  return [...sums.values()];
}

/** How many (dimension, day, sign) totals a StatsRepository keeps: about 1 MB each for the grid dimension at 1 M cases. */
export const KEPT_DAYS = 24;

/** A query row's group, key and sums (numeric strings), times `sign`, with its histogram or bucket. Pure. */
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

const shiftDay = shiftOfficeDate;

/**
 * The measures. Period measures count what happened in [from, to): an acceptance, a closure, a
 * rating, an escalation, a stage left. The whole office days of the period come from the
 * cumulative totals (two rows per key: the last day's minus the day before the first), the
 * parts of days at its edges from the facts themselves; so the work does not grow with the
 * period. Open and overdue are as of now. Groups are the case's as it stands now (a transferred
 * case counts for its current unit). The p90 comes from a histogram: within 19 % of the exact one.
 */
export class StatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Totals as of past days, per (dimension, day, sign), with the history version they were read at; least recently used first. */
  private readonly kept = new VersionedKeep<MeasurePart[]>(KEPT_DAYS);
  /** The facts of past days, per (dimension, day), in time order, likewise. */
  private readonly keptFacts = new VersionedKeep<DayFact[]>(KEPT_DAYS);

  /** `now`: the instant after which no facts are expected (the clock; a test may move it). */
  async measures(query: StatsQuery, now = new Date()): Promise<GroupMeasures[]> {
    const { days, edges } = splitPeriod(query.from, query.to, now);
    const history = days || edges.length > 0 ? this.history() : null;
    // Independent reads, each on its own pooled connection: the slowest one sets the time.
    const [open, ...parts] = await Promise.all([
      this.openNow(query.groupBy),
      ...(days && history
        ? [
            this.asOf(query.groupBy, days.last, 1, history),
            this.asOf(query.groupBy, shiftDay(days.first, -1), -1, history),
          ]
        : []),
      ...(history ? edges.map((edge) => this.fromFacts(query.groupBy, edge, history)) : []),
    ]);
    return assembleMeasures([...mergeParts(parts.flat()), ...open]);
  }

  /** The history version, and the last day whose totals may be kept (by the database's clock). */
  private async history(): Promise<{ version: string; keepThrough: string }> {
    const [row]: { version: string; keep_through: string }[] = await this.dataSource.query(
      `SELECT version, to_char(${officeDaySql('now()')} - ${HISTORY_LAG_DAYS + 1}, 'YYYY-MM-DD') AS keep_through FROM measure_history`,
    );
    return { version: String(row.version), keepThrough: row.keep_through };
  }

  /**
   * Each key's cumulative totals as of the end of office day `day`, times `sign`: the whole days
   * [first, last] of a period are the totals as of `last` less those as of the day before
   * `first`. Most keys have a row on the day itself, and those come from one range scan of
   * measure_totals_by_day; a key without one takes its latest row before (one index descent).
   * Totals as of a day three or more days back are kept in memory (at most KEPT_DAYS of them)
   * and used again while `measure_history.version` stays the same; the version is read in the
   * same statement as the rows, so kept rows are never newer or older than their version.
   */
  private async asOf(
    dim: StatsGroupBy,
    day: string,
    sign: 1 | -1,
    history: Promise<{ version: string; keepThrough: string }>,
  ): Promise<MeasurePart[]> {
    const { version, keepThrough } = await history;
    const keepable = day <= keepThrough;
    const id = `${dim}|${day}|${sign}`;
    const kept = keepable ? this.kept.get(id, version) : undefined;
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
                     coalesce(d.ms, b.ms) AS ms, coalesce(d.hist, b.hist)::text AS hist
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
    if (keepable) this.kept.set(id, String(rows[0].version), parts);
    return parts;
  }

  /**
   * The facts of an edge, summed per group, key and bucket, times the edge's sign. An edge within
   * an office day three or more days back is counted from that day's facts, read once and kept
   * (at most KEPT_DAYS days) while `measure_history.version` stays the same: the facts of a past
   * day change only with the totals of that day. Other edges are summed by PostgreSQL.
   */
  private async fromFacts(
    dim: StatsGroupBy,
    { from, to, sign }: PeriodEdge,
    history: Promise<{ version: string; keepThrough: string }>,
  ): Promise<MeasurePart[]> {
    const day = officeDay(from.getTime());
    const dayStart = officeDayStart(from.getTime());
    if (to.getTime() <= dayStart + DAY_MS) {
      const { version, keepThrough } = await history;
      if (day <= keepThrough)
        return sumDayFacts(await this.dayFacts(dim, day, dayStart, version), from.getTime(), to.getTime(), sign);
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
    }[] = await this.dataSource.query(
      `SELECT coalesce(c.${GROUP_COLUMN[dim]}::text, '') AS grp, f.metric, f.sub, f.bucket,
                count(*) AS n, sum(f.hits) AS hits, sum(f.extra) AS extra, sum(f.ms) AS ms
           FROM measure_facts f JOIN cases c ON c.id = f.case_id
          WHERE f.at >= $1 AND f.at < $2
          GROUP BY 1, 2, 3, 4`,
      [from, to],
    );
    return rows.map((r) =>
      signedPart(r, sign, null, r.metric === 'stage_time' && r.bucket !== null ? Number(r.bucket) : null),
    );
  }

  /** The facts of one past office day for a dimension, kept under the history version read with them. */
  private async dayFacts(dim: StatsGroupBy, day: string, dayStart: number, version: string): Promise<DayFact[]> {
    const id = `${dim}|${day}`;
    const kept = this.keptFacts.get(id, version);
    if (kept) return kept;
    // One row at least (the version), with null facts when the day has none.
    const rows: {
      version: string;
      at: number | null;
      grp: string;
      metric: string;
      sub: string;
      bucket: number | null;
      hits: number;
      extra: number;
      ms: string;
    }[] = await this.dataSource.query(
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
    this.keptFacts.set(id, String(rows[0].version), facts);
    return facts;
  }

  private async openNow(dim: StatsGroupBy): Promise<MeasureRow[]> {
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
