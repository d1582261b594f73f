import { DAY_MS, officeDate, officeDayStartMs } from '../calendar/office-time';
import type { MeasurePart } from './figures';

/**
 * How a stats period is read (docs/read-models.md "Measures"): its whole office days from the
 * cumulative totals, the parts of days at its edges from the facts. Office days come from
 * calendar/office-time.ts. Pure.
 */

/** Facts of [from, to) added to (sign 1) or taken from (sign -1) the whole days of a period. */
export interface PeriodEdge {
  from: Date;
  to: Date;
  sign: 1 | -1;
}

/**
 * Splits a period into the whole office days the totals answer for (first and last day, both
 * included) and the parts of days at its edges, which are counted from the facts (a period within
 * one office day, or shorter than a day and past, from the facts alone). An edge within a day
 * is read the shorter way: the part of the day inside the period (sign 1), or the whole day
 * from the totals less the part outside it (sign -1), whichever spans less time; so an edge of a
 * period longer than a day never spans more than half a day. Where the period ends at or after `now`, the
 * rest of its last day lies in the future, where there are no facts to count: that day is always
 * read whole from the totals, less the facts from the period's end to the day's end (none, unless
 * a clock runs ahead).
 */
export function splitPeriod(
  from: Date,
  to: Date,
  now: Date,
): { days: { first: string; last: string } | null; edges: PeriodEdge[] } {
  const start = from.getTime();
  const end = to.getTime();
  if (start >= end) return { days: null, edges: [] };
  const startDay = officeDayStartMs(start);
  const lastDay = officeDayStartMs(end);
  // A period within one office day, or shorter than a day and past, is counted from its facts alone.
  if ((lastDay === startDay && startDay < start) || (end - start < DAY_MS && end < now.getTime()))
    return { days: null, edges: [{ from, to, sign: 1 }] };
  const edges: PeriodEdge[] = [];
  let firstWhole = start;
  if (startDay < start) {
    // The part before the start is the shorter: its day is read whole, less that part.
    if (start - startDay < startDay + DAY_MS - start) {
      firstWhole = startDay;
      edges.push({ from: new Date(startDay), to: from, sign: -1 });
    } else {
      firstWhole = startDay + DAY_MS;
      edges.push({ from, to: new Date(firstWhole), sign: 1 });
    }
  }
  let endWhole = end;
  if (lastDay < end) {
    if (end >= now.getTime() || lastDay + DAY_MS - end < end - lastDay) {
      endWhole = lastDay + DAY_MS;
      edges.push({ from: to, to: new Date(endWhole), sign: -1 });
    } else {
      endWhole = lastDay;
      edges.push({ from: new Date(lastDay), to, sign: 1 });
    }
  }
  if (firstWhole >= endWhole) return { days: null, edges: [{ from, to, sign: 1 }] };
  return { days: { first: officeDate(firstWhole), last: officeDate(endWhole - DAY_MS) }, edges };
}

/** One fact of a past day as the stats reader keeps it: its instant (ms), group, key and figures. */
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

/** The facts (in time order) with instants in [from, to), summed per group, key and bucket, times `sign`. */
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
