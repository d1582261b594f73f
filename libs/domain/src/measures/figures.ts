import { addIntArrayText, HIST_BUCKETS, histQuantileMs } from './histogram';
import type { MeasureDim } from './totals';

/**
 * The stats formulas (DOMAIN.md "Measures", `/api/stats`): how the sums of a period become each
 * group's figures: the rates (按期受理率, 化解率, 满意率, reopen), open and overdue by stage,
 * escalations by level, 上交, and the mean and p90 hours per stage. Which facts count as hits is
 * the SQL view `measure_facts` (its latest migration); how a period is cut into parts:
 * `period.ts`; the histogram behind the p90: `histogram.ts`. Pure.
 */

/** What a stats query asks: the period [from, to) and the dimension it groups by. */
export interface StatsQuery {
  /** Period start, inclusive. */
  from: Date;
  /** Period end, exclusive. */
  to: Date;
  groupBy: MeasureDim;
}

export interface Rate {
  /** The denominator: accepted, closed (not REJECTED/MERGED), rated. */
  total: number;
  /** The numerator: accepted within SLA, RESOLVED, satisfied, reopened. */
  count: number;
  /** count / total; null when nothing was counted. */
  rate: number | null;
}

/** A rate of `count` out of `total` (null when the total is 0). */
export const rate = (total: number, count: number): Rate => ({
  total,
  count,
  rate: total === 0 ? null : count / total,
});

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

/** One line of the measures: a metric, its group, its sub-key (stage, level), figures. */
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
 * assembleMeasures folds; mean and p90 of a stage from the summed milliseconds and histogram.
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

/** Folds the lines into one GroupMeasures per group, groups in key order (null last). */
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
