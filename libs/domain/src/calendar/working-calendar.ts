/**
 * The office's working days, as data. An ADMIN loads each year's statutory holidays and make-up
 * working weekends (调休) from the State Council's notice; no holiday is known to the code.
 *
 * Time zone: every day boundary is Asia/Shanghai. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact, and workflow code needs no Intl time-zone data.
 *
 * Working time: a working day counts whole, 00:00–24:00 Shanghai time (not office hours):
 * - N working days from an instant t end at the same clock time on the Nth following working day;
 * - if t falls on a non-working day, the clock starts at 00:00 of the next working day;
 * - an end that falls exactly on midnight is the end (24:00) of the last working day it needs,
 *   i.e. 00:00 of the next calendar day, even when that next day is a holiday: the deadline is
 *   the first instant at which the working time has run out.
 * Calendar years that were never loaded count as plain Monday–Friday weeks: they know no holidays.
 */

import { DAY_MS, officeDate, officeDayStartMs } from './office-time';

export { DAY_MS, OFFICE_UTC_OFFSET_MS, officeDate } from './office-time';

export interface CalendarYear {
  year: number;
  /** Statutory days off ('YYYY-MM-DD'); a day inside a holiday period may also be a weekend. */
  holidays: string[];
  /** Make-up working days (调休): weekend days on which the office works. */
  workdays: string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const startOfOfficeDay = officeDayStartMs;

function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  // Round-tripping through Date.UTC refuses 2026-02-30 and friends, which the pattern lets through.
  return m !== null && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().startsWith(s);
}

function isWeekend(isoDate: string): boolean {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Every problem with one year's data, each naming the offending date; empty when it is usable. */
export function validateCalendarYear(calendar: CalendarYear): string[] {
  const { year } = calendar;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return [`year ${year} is not a four-digit year`];
  const dateProblem = (date: string) =>
    !isIsoDate(date)
      ? `'${date}' is not a date (YYYY-MM-DD)`
      : date.startsWith(`${year}-`)
        ? undefined
        : `${date} is not in ${year}`;
  const problems: string[] = [];
  for (const date of calendar.holidays) {
    const problem = dateProblem(date);
    if (problem) problems.push(`holidays: ${problem}`);
  }
  for (const date of calendar.workdays) {
    const problem = dateProblem(date);
    if (problem) problems.push(`workdays: ${problem}`);
    else if (!isWeekend(date)) problems.push(`workdays: ${date} is a weekday; list only make-up working weekend days`);
    else if (calendar.holidays.includes(date)) problems.push(`${date} is listed both as a holiday and as a workday`);
  }
  return problems;
}

export class WorkingCalendar {
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();

  constructor(years: readonly CalendarYear[] = []) {
    const loaded = new Set<number>();
    for (const calendar of years) {
      const problems = validateCalendarYear(calendar);
      if (loaded.has(calendar.year)) problems.push(`year ${calendar.year} is loaded twice`);
      if (problems.length > 0) throw new RangeError(`calendar ${calendar.year}: ${problems.join('; ')}`);
      loaded.add(calendar.year);
      calendar.holidays.forEach((d) => this.holidays.add(d));
      calendar.workdays.forEach((d) => this.workdays.add(d));
    }
  }

  /** Whether the Shanghai day containing `date` (or the day 'YYYY-MM-DD') is a working day. */
  isWorkingDay(date: Date | string): boolean {
    if (typeof date === 'string' && !isIsoDate(date)) throw new RangeError(`'${date}' is not a date (YYYY-MM-DD)`);
    const day = typeof date === 'string' ? date : officeDate(date);
    if (this.holidays.has(day)) return false;
    return this.workdays.has(day) || !isWeekend(day);
  }

  addWorkingDays(start: Date, days: number): Date {
    return this.addWorkingDuration(start, days * DAY_MS);
  }

  /** The first instant at which `ms` of working time has passed since `start`. */
  addWorkingDuration(start: Date, ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`working time to add must be a finite, non-negative number of ms (got ${ms})`);
    let t = start.getTime();
    let remaining = ms;
    while (remaining > 0) {
      const dayEnd = startOfOfficeDay(t) + DAY_MS;
      if (this.isWorkingDay(new Date(t))) {
        if (remaining <= dayEnd - t) return new Date(t + remaining);
        remaining -= dayEnd - t;
      }
      t = dayEnd;
    }
    return new Date(t);
  }

  /** Working time in ms from `a` to `b`; negative when `b` is before `a`. */
  workingTimeBetween(a: Date, b: Date): number {
    if (b < a) return -this.workingTimeBetween(b, a);
    const end = b.getTime();
    let total = 0;
    for (let t = a.getTime(); t < end;) {
      const dayEnd = startOfOfficeDay(t) + DAY_MS;
      if (this.isWorkingDay(new Date(t))) total += Math.min(dayEnd, end) - t;
      t = dayEnd;
    }
    return total;
  }
}

const dateRange = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

/**
 * DEMO DATA, to be replaced by an ADMIN: the State Council's 2026 schedule
 * (国务院办公厅关于2026年部分节假日安排的通知, 4 Nov 2025), whole holiday periods including weekends.
 */
export const CHINA_CALENDAR_2026: CalendarYear = {
  year: 2026,
  holidays: [
    ...dateRange('2026-01-01', '2026-01-03'), // 元旦
    ...dateRange('2026-02-15', '2026-02-23'), // 春节
    ...dateRange('2026-04-04', '2026-04-06'), // 清明节
    ...dateRange('2026-05-01', '2026-05-05'), // 劳动节
    ...dateRange('2026-06-19', '2026-06-21'), // 端午节
    ...dateRange('2026-09-25', '2026-09-27'), // 中秋节
    ...dateRange('2026-10-01', '2026-10-07'), // 国庆节
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

/**
 * PROVISIONAL DEMO DATA, to be replaced by an ADMIN once the State Council publishes the 2027
 * schedule: only the statutory days of 全国年节及纪念日放假办法 (2024 revision) on their 2027 dates,
 * without the substitute days and make-up workdays (调休) that the notice will add.
 */
export const CHINA_CALENDAR_2027: CalendarYear = {
  year: 2027,
  holidays: [
    '2027-01-01', // 元旦
    ...dateRange('2027-02-05', '2027-02-08'), // 春节: 除夕 to 正月初三
    '2027-04-05', // 清明节
    '2027-05-01',
    '2027-05-02', // 劳动节
    '2027-06-09', // 端午节
    '2027-09-15', // 中秋节
    ...dateRange('2027-10-01', '2027-10-03'), // 国庆节
  ],
  workdays: [],
};
