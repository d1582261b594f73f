/**
 * The days of the office calendar as the admin page shows them. Dates are 'YYYY-MM-DD' strings
 * (as the API has them), computed in UTC so the browser's own time zone never shifts a day.
 */
export type DayState = 'workday' | 'weekend' | 'holiday' | 'makeUp';

export const pad = (n: number) => String(n).padStart(2, '0');

export const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month + 1)}-${pad(day)}`;

/** 0 Monday … 6 Sunday (Chinese calendars start the week on Monday). */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export const isWeekend = (date: string) => weekdayIndex(date) >= 5;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

export function dayState(date: string, holidays: ReadonlySet<string>, workdays: ReadonlySet<string>): DayState {
  if (holidays.has(date)) return 'holiday';
  if (workdays.has(date)) return 'makeUp';
  return isWeekend(date) ? 'weekend' : 'workday';
}

/**
 * What a click makes of a day. A weekday is a working day or a holiday; a weekend day is a day
 * off, a make-up working day (调休上班, only weekends may be one) or part of a holiday period.
 */
export function nextState(date: string, current: DayState): DayState {
  if (!isWeekend(date)) return current === 'holiday' ? 'workday' : 'holiday';
  return ({ weekend: 'makeUp', makeUp: 'holiday', holiday: 'weekend', workday: 'makeUp' } as const)[current];
}
