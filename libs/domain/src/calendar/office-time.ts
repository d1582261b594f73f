/**
 * Office time: the one place where the office's UTC+8 day is computed. Every day boundary of the
 * engine (working days, deadlines, the measures' office days, the calendar year a deadline
 * falls in) is Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991, so a fixed
 * offset is exact and workflow code needs no Intl time-zone data. Pure: workflows import it.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Office time is UTC+8 all year. */
export const OFFICE_UTC_OFFSET_HOURS = 8;
export const OFFICE_UTC_OFFSET_MS = OFFICE_UTC_OFFSET_HOURS * HOUR_MS;

const msOf = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());

/** The office's calendar date ('YYYY-MM-DD') of an instant. */
export function officeDate(at: Date | number): string {
  return new Date(msOf(at) + OFFICE_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The office's calendar year of an instant. */
export function officeYear(at: Date | number): number {
  return new Date(msOf(at) + OFFICE_UTC_OFFSET_MS).getUTCFullYear();
}

/** The first instant (ms) of the office day that `at` falls on. */
export function officeDayStartMs(at: Date | number): number {
  return Math.floor((msOf(at) + OFFICE_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - OFFICE_UTC_OFFSET_MS;
}

/** The first instant (ms) of the office day after the one `at` falls on. */
export function nextOfficeMidnightMs(at: Date | number): number {
  return officeDayStartMs(at) + DAY_MS;
}

/** The first instant of 1 January of an office year. */
export function officeYearStart(year: number): Date {
  return new Date(Date.UTC(year, 0, 1) - OFFICE_UTC_OFFSET_MS);
}

/** The office date `days` days after office date `day` ('YYYY-MM-DD'). */
export function shiftOfficeDate(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
