/**
 * The monthly briefing (通报, docs/briefing.md): the figures of the measures per center, unit and
 * community over a period, each section ranked. Pure: the figures come from the measures as
 * GET /api/stats reads them (libs/persistence/src/stats-read.ts), the names from the territory.
 */
import { DAY_MS, OFFICE_UTC_OFFSET_MS, officeDate } from '../calendar/office-time';
import type { WorkingCalendar } from '../calendar/working-calendar';

/** The groupings a briefing has a section for, in the order it shows them. */
export const BRIEFING_SECTIONS = ['center', 'unit', 'community'] as const;
export type BriefingSectionKey = (typeof BRIEFING_SECTIONS)[number];

/** The extra columns whose data come from other parts of issue 18 (协办, 大排查). */
export const BRIEFING_EXTRAS = ['assistanceOnTime', 'screeningCoverage'] as const;
export type BriefingExtraKey = (typeof BRIEFING_EXTRAS)[number];

export interface BriefingRate {
  total: number;
  count: number;
  /** count / total, 0..1; null when nothing was counted. */
  rate: number | null;
}

/** One group of the measures as GET /api/stats answers it (the fields a briefing reads). */
export interface StatsGroupFigures {
  group: string | null;
  timelyAcceptance: BriefingRate;
  resolution: BriefingRate;
  satisfaction: BriefingRate;
  openByStage: Record<string, number>;
  overdueByStage: Record<string, number>;
  escalationsByLevel: Record<string, number>;
}

export interface BriefingRow {
  /** The group's key (center code, unit id, community code); null: cases not yet routed. */
  group: string | null;
  /** The group's name when the briefing was generated. */
  name: string;
  timelyAcceptance: BriefingRate;
  resolution: BriefingRate;
  satisfaction: BriefingRate;
  /** Open cases as of the generation. */
  open: number;
  /** Open cases past their stage deadline as of the generation (the sum of overdueByStage). */
  overdue: number;
  overdueByStage: Record<string, number>;
  /** Escalations raised in the period (the sum of escalationsByLevel). */
  escalations: number;
  escalationsByLevel: Record<string, number>;
  /** 协办按时率; null: no figure for this group (or not counted for this grouping: see the section's `extras`). */
  assistanceOnTime: BriefingRate | null;
  /** 排查覆盖率; likewise. */
  screeningCoverage: BriefingRate | null;
  /** The mean of the three rates that have a denominator, in percent (one decimal); null: none has. */
  score: number | null;
  /** 1 = best; null: not ranked (no rate counted, or no group key). */
  rank: number | null;
}

export interface BriefingSection {
  key: BriefingSectionKey;
  /** Whether each extra column is counted for this grouping (false: 暂无数据; 排查覆盖率 of units). */
  extras: Record<BriefingExtraKey, boolean>;
  /** Ranked groups first by rank, then the unranked by name. */
  rows: BriefingRow[];
}

export interface BriefingFigures {
  /** Period start (inclusive) and end (exclusive), ISO instants. */
  from: string;
  to: string;
  /** 'YYYY-MM' for a month's briefing. */
  month: string | null;
  /** When the figures were read: open and overdue counts are as of this instant. */
  asOf: string;
  streetName: string;
  /** The whole street: the center section's groups added up (cases not yet routed included). */
  total: BriefingRow;
  sections: BriefingSection[];
}

/** The extra columns' figures of one section: per group key, or null when the column is not counted for the grouping. */
export type BriefingExtraFigures = Record<BriefingExtraKey, Map<string | null, BriefingRate> | null>;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `month` is 'YYYY-MM'. */
export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** The office month 'YYYY-MM' as a period: its first office midnight to the next month's (UTC+8). */
export function monthPeriod(month: string): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`'${month}' is not a month (YYYY-MM)`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999.
  const midnight = (monthIndex: number) => new Date(0).setUTCFullYear(year, monthIndex, 1) - OFFICE_UTC_OFFSET_MS;
  return { from: new Date(midnight(index)), to: new Date(midnight(index + 1)) };
}

/** The office month ('YYYY-MM') that contains `at`. */
export function officeMonth(at: Date | number): string {
  return officeDate(at).slice(0, 7);
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const { from } = monthPeriod(month);
  return officeMonth(from.getTime() - DAY_MS);
}

/** The first working day ('YYYY-MM-DD') of the office month, by the working calendar. */
export function firstWorkingDay(calendar: WorkingCalendar, month: string): string {
  const { from, to } = monthPeriod(month);
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    if (calendar.isWorkingDay(new Date(t))) return officeDate(t);
  }
  // A month without a working day does not exist in any calendar an office loads; its last day then.
  return officeDate(to.getTime() - DAY_MS);
}

/**
 * Which month's briefing is due on office day `day` ('YYYY-MM-DD'): the month before, on and after
 * the first working day of `day`'s month (a run missed on that day is made up on a later one);
 * null before it (the days off at the start of a month).
 */
export function monthDueOn(calendar: WorkingCalendar, day: string): string | null {
  const month = day.slice(0, 7);
  return day >= firstWorkingDay(calendar, month) ? previousMonth(month) : null;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + Number(n), 0);

const rateOf = (total: number, count: number): BriefingRate => ({
  total,
  count,
  rate: total === 0 ? null : count / total,
});

const addCounts = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + Number(n);
  return into;
};

/** The mean of the three rates that have a denominator, in percent with one decimal; null when none has. */
export function briefingScore(
  row: Pick<BriefingRow, 'timelyAcceptance' | 'resolution' | 'satisfaction'>,
): number | null {
  const rates = [row.timelyAcceptance, row.resolution, row.satisfaction]
    .map((r) => r.rate)
    .filter((r): r is number => r !== null);
  if (rates.length === 0) return null;
  return Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 1000) / 10;
}

/** The assistance figures `/api/stats` gives each group (GroupMeasures.assistance). */
export interface StatsAssistanceFigures {
  byUnit: Record<string, { requested: number; answeredOnTime: number }>;
}

/**
 * 协办按时率 of a section, from the same measure as `/api/stats` and the statistics page's 协办
 * column (answered by the deadline / requested, withdrawn ones not counted), by the assisting
 * side: each group's `byUnit` added up over the case groups, then keyed by the assisting unit
 * (unit section), its center (center section) or its community (community section; `placeOf`
 * answers none for a street-level unit, left out there).
 */
export function assistanceByAssistingSide(
  groups: readonly { assistance?: StatsAssistanceFigures }[],
  section: BriefingSectionKey,
  placeOf: (unitId: string) => { centerCode: string; communityCode?: string | null } | undefined,
): Map<string | null, BriefingRate> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const group of groups) {
    for (const [unitId, figures] of Object.entries(group.assistance?.byUnit ?? {})) {
      const place = placeOf(unitId);
      const key = section === 'unit' ? unitId : section === 'center' ? place?.centerCode : place?.communityCode;
      if (!key) continue;
      const sum = sums.get(key) ?? { total: 0, count: 0 };
      sum.total += figures.requested;
      sum.count += figures.answeredOnTime;
      sums.set(key, sum);
    }
  }
  return new Map(
    [...sums].map(([key, { total, count }]) => [key, { total, count, rate: total === 0 ? null : count / total }]),
  );
}

/** One group's row (unranked) from its measures and its extra figures. */
export function briefingRow(
  figures: StatsGroupFigures,
  name: string,
  extras: BriefingExtraFigures = { assistanceOnTime: null, screeningCoverage: null },
): BriefingRow {
  const row: BriefingRow = {
    group: figures.group,
    name,
    timelyAcceptance: { ...figures.timelyAcceptance },
    resolution: { ...figures.resolution },
    satisfaction: { ...figures.satisfaction },
    open: sum(figures.openByStage),
    overdue: sum(figures.overdueByStage),
    overdueByStage: { ...figures.overdueByStage },
    escalations: sum(figures.escalationsByLevel),
    escalationsByLevel: { ...figures.escalationsByLevel },
    assistanceOnTime: extras.assistanceOnTime?.get(figures.group) ?? null,
    screeningCoverage: extras.screeningCoverage?.get(figures.group) ?? null,
    score: null,
    rank: null,
  };
  row.score = briefingScore(row);
  return row;
}

/**
 * Ranks a section's rows: by score (higher first), then fewer overdue, then fewer escalations;
 * rows equal on all three share a rank (1, 2, 2, 4). A row without a score or a group key (cases
 * not yet routed) is not ranked and comes after the ranked ones, by name. Returns new rows.
 */
export function rankRows(rows: readonly BriefingRow[]): BriefingRow[] {
  const ranked = rows.filter((r) => r.group !== null && r.score !== null).map((r) => ({ ...r }));
  const rest = rows
    .filter((r) => r.group === null || r.score === null)
    .map((r) => ({ ...r, rank: null }))
    .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : a.name.localeCompare(b.name, 'zh-CN')));
  const compare = (a: BriefingRow, b: BriefingRow) =>
    b.score! - a.score! || a.overdue - b.overdue || a.escalations - b.escalations;
  ranked.sort((a, b) => compare(a, b) || a.name.localeCompare(b.name, 'zh-CN') || a.group!.localeCompare(b.group!));
  ranked.forEach((row, i) => {
    row.rank = i > 0 && compare(ranked[i - 1], row) === 0 ? ranked[i - 1].rank : i + 1;
  });
  return [...ranked, ...rest];
}

/** The street's row: every group of a section added up (rates from the added counts, not averaged). */
export function totalRow(rows: readonly BriefingRow[], name: string): BriefingRow {
  const add = (key: 'timelyAcceptance' | 'resolution' | 'satisfaction') =>
    rateOf(
      rows.reduce((n, r) => n + r[key].total, 0),
      rows.reduce((n, r) => n + r[key].count, 0),
    );
  const addExtra = (key: BriefingExtraKey): BriefingRate | null => {
    const present = rows.map((r) => r[key]).filter((r): r is BriefingRate => r !== null);
    if (present.length === 0) return null;
    return rateOf(
      present.reduce((n, r) => n + r.total, 0),
      present.reduce((n, r) => n + r.count, 0),
    );
  };
  const row: BriefingRow = {
    group: null,
    name,
    timelyAcceptance: add('timelyAcceptance'),
    resolution: add('resolution'),
    satisfaction: add('satisfaction'),
    open: rows.reduce((n, r) => n + r.open, 0),
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    overdueByStage: rows.reduce((into, r) => addCounts(into, r.overdueByStage), {} as Record<string, number>),
    escalations: rows.reduce((n, r) => n + r.escalations, 0),
    escalationsByLevel: rows.reduce((into, r) => addCounts(into, r.escalationsByLevel), {} as Record<string, number>),
    assistanceOnTime: addExtra('assistanceOnTime'),
    screeningCoverage: addExtra('screeningCoverage'),
    score: null,
    rank: null,
  };
  row.score = briefingScore(row);
  return row;
}

/** What assembleBriefing reads for each section: the measures, the group names, the extra figures. */
export interface BriefingSectionInput {
  key: BriefingSectionKey;
  groups: readonly StatsGroupFigures[];
  nameOf: (group: string | null) => string;
  extras: BriefingExtraFigures;
}

/** The briefing's figures from each section's measures. Pure. */
export function assembleBriefing(input: {
  from: Date;
  to: Date;
  month: string | null;
  asOf: Date;
  streetName: string;
  sections: readonly BriefingSectionInput[];
}): BriefingFigures {
  const sections: BriefingSection[] = input.sections.map((section) => ({
    key: section.key,
    extras: {
      assistanceOnTime: section.extras.assistanceOnTime !== null,
      screeningCoverage: section.extras.screeningCoverage !== null,
    },
    rows: rankRows(section.groups.map((g) => briefingRow(g, section.nameOf(g.group), section.extras))),
  }));
  const centers = sections.find((s) => s.key === 'center')?.rows ?? [];
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    month: input.month,
    asOf: input.asOf.toISOString(),
    streetName: input.streetName,
    total: totalRow(centers, input.streetName),
    sections,
  };
}

/** An instant as office time 'YYYY-MM-DD HH:mm' (UTC+8). */
export function officeDateTime(at: Date | number | string): string {
  const ms = new Date(at).getTime() + OFFICE_UTC_OFFSET_MS;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * A briefing's period in words: '2026年11月' for a month, else its first and last office days
 * ('2026-11-01 至 2026-11-15'), with the times when it does not start or end at an office midnight.
 */
export function periodLabel(period: { from: string | Date; to: string | Date; month: string | null }): string {
  const from = new Date(period.from).getTime();
  const to = new Date(period.to).getTime();
  if (
    period.month &&
    monthPeriod(period.month).from.getTime() === from &&
    monthPeriod(period.month).to.getTime() === to
  )
    return `${period.month.slice(0, 4)}年${Number(period.month.slice(5, 7))}月`;
  const atMidnight = (ms: number) => (ms + OFFICE_UTC_OFFSET_MS) % DAY_MS === 0;
  if (atMidnight(from) && atMidnight(to)) return `${officeDate(from)} 至 ${officeDate(to - 1)}`;
  return `${officeDateTime(from)} 至 ${officeDateTime(to)}`;
}
