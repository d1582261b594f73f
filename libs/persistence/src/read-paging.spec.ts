import { caseListConditions } from './repositories/case-read.repository';
import {
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  isTimestampText,
  pageLimit,
  SqlParams,
  toPage,
} from './read-paging';

describe('read paging', () => {
  const id = '00000000-0000-4000-8000-000000000001';

  it('round-trips a cursor and refuses one it did not make', () => {
    expect(decodeCursor(encodeCursor('2026-11-28 02:00:00.123456+00', id))).toEqual({
      key: '2026-11-28 02:00:00.123456+00',
      id,
    });
    expect(() => decodeCursor('garbage')).toThrow(InvalidCursorError);
    expect(() => decodeCursor(Buffer.from('["x","not-a-uuid"]').toString('base64url'))).toThrow(InvalidCursorError);
  });

  it('refuses a crafted time key before it reaches the database; a text key is taken as it is', () => {
    const crafted = (key: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');
    for (const key of [
      'not-a-date',
      '2026-02-30 00:00:00+00',
      '2026-13-01 00:00:00+00',
      '2026-11-28 24:00:00+08',
      "2026-11-28 02:00:00+00'; --",
    ]) {
      expect(() => decodeCursor(crafted(key))).toThrow(InvalidCursorError);
    }
    expect(decodeCursor(crafted('infinity')).key).toBe('infinity');
    expect(decodeCursor(crafted('2024-02-29 23:59:59.5+05:30')).key).toBe('2024-02-29 23:59:59.5+05:30');
    expect(decodeCursor(crafted('clerk1'), 'text').key).toBe('clerk1');
    expect(isTimestampText('2026-11-28 02:00:00+08')).toBe(true);
  });

  it('serves limit rows and a cursor only when there is more', () => {
    const rows = [1, 2, 3].map((n) => ({ id, cursor_key: `k${n}`, n }));
    expect(toPage(rows, 2, (r) => r.n)).toEqual({ items: [1, 2], nextCursor: encodeCursor('k2', id) });
    expect(toPage(rows, 3, (r) => r.n).nextCursor).toBeNull();
    expect(pageLimit(undefined)).toBe(50);
    expect(() => pageLimit(0)).toThrow(RangeError);
  });

  it('builds the list conditions with escaped search text and bigram narrowing', () => {
    const params = new SqlParams();
    const where = caseListConditions({ stage: 'ROUTING', q: ' 50%漏水 ', scope: { unitIds: ['u'] } }, params);
    expect(where).toEqual([
      'stage = $1',
      'search_grams @> text_bigrams($3)',
      'search_text LIKE $2',
      'unit_id = ANY($4::uuid[])',
    ]);
    expect(params.values).toEqual(['ROUTING', '%50\\%漏水%', '50%漏水', ['u']]);
  });
});
