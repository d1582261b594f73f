import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The contract's times (API.md: "ISO 8601 with offset") and dates, checked exactly as the OpenAPI
 * formats `date-time` and `date` describe them (RFC 3339), so that what the document admits the
 * gateway takes and nothing else: `2026-11-28T10:00:00+08:00`, `…Z`, fractions of a second;
 * `2026-12-31`. A time without its offset, a week date or a bare year is refused.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const leapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, leapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** RFC 3339 full-date. */
export function isRfc3339Date(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  return match !== null && validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** RFC 3339 date-time: a date, a time (a leap second allowed) and an offset. */
export function isRfc3339DateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME.exec(value);
  if (!match || !validDate(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (match[7] && (Number(match[8]) > 23 || Number(match[9]) > 59)) return false;
  // A time JavaScript cannot place (years before 0001 or past 9999 read fine; a leap second
  // becomes the next second) is still refused rather than turned into NaN further in.
  return !Number.isNaN(Date.parse(value.replace(/:60(?=[.Zz+-])/, ':59')));
}

/** `format: date-time` (the OpenAPI document says so: see openapi/contract-completion.ts). */
export const IsDateTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateTime',
      validator: {
        validate: isRfc3339DateTime,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be a date and time with its offset (RFC 3339), e.g. 2026-11-28T10:00:00+08:00`,
      },
    },
    options,
  );

/** `format: date`. */
export const IsDateOnly = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isDateOnly',
      validator: {
        validate: isRfc3339Date,
        defaultMessage: (args) =>
          `${args?.property ?? 'value'} must be ${Array.isArray(args?.value) ? 'dates' : 'a date'}, YYYY-MM-DD`,
      },
    },
    options,
  );
