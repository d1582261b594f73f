/** A page request of API.md's lists: `limit` 1..200 (default 50), `cursor` from the previous page. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

export class InvalidCursorError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor() {
    super('cursor is not one this list handed out');
  }
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
  return limit;
}

/**
 * A keyset position, opaque to clients: the sort key of the last row served, as PostgreSQL
 * printed it (full precision, so no row is skipped or repeated), and its id.
 */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/**
 * The key and id of a cursor this list handed out. `time`: the key is a timestamp as PostgreSQL
 * writes it (or `infinity`), checked here so that a crafted one is refused as a bad cursor and
 * never reaches the database; `text`: any text (usernames).
 */
export function decodeCursor(cursor: string, kind: 'time' | 'text' = 'time'): { key: string; id: string } {
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof key === 'string' &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id) &&
      (kind === 'text' || isTimestampText(key))
    ) {
      return { key, id };
    }
  } catch {
    // falls through to the refusal
  }
  throw new InvalidCursorError();
}

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(:?\d{2})?$/;

/** `2026-11-28 02:00:00.123456+00` (timestamptz::text) with every field in range, or `infinity`. Pure. */
export function isTimestampText(text: string): boolean {
  if (text === 'infinity' || text === '-infinity') return true;
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, , offsetHours] = match.slice(1).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours <= 15
  );
}

/** Rows fetched with limit + 1: the extra one only says there is a next page. */
export function toPage<R extends { cursor_key: string; id: string }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served[served.length - 1];
  return { items: served.map(map), nextCursor: more && last ? encodeCursor(last.cursor_key, last.id) : null };
}

/** Collects positional parameters while a WHERE clause is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
