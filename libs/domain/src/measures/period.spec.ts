import { splitPeriod, sumDayFacts, type DayFact } from './period';

describe('splitPeriod', () => {
  const utc = (iso: string) => new Date(iso);
  const later = utc('2030-01-01T00:00:00Z');
  it('takes whole office days (from 16:00 UTC) from the totals and the rest at the edges from the facts', () => {
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), utc('2020-01-05T00:00:00Z'), later)).toEqual({
      days: { first: '2020-01-02', last: '2020-01-04' },
      edges: [
        { from: utc('2020-01-01T00:00:00Z'), to: utc('2020-01-01T16:00:00Z'), sign: 1 },
        { from: utc('2020-01-04T16:00:00Z'), to: utc('2020-01-05T00:00:00Z'), sign: 1 },
      ],
    });
  });

  it('has no edges for a period of whole days, and only an edge for less than a day', () => {
    expect(splitPeriod(utc('2019-12-31T16:00:00Z'), utc('2020-01-02T16:00:00Z'), later)).toEqual({
      days: { first: '2020-01-01', last: '2020-01-02' },
      edges: [],
    });
    expect(splitPeriod(utc('2020-01-01T01:00:00Z'), utc('2020-01-01T20:00:00Z'), later)).toEqual({
      days: null,
      edges: [{ from: utc('2020-01-01T01:00:00Z'), to: utc('2020-01-01T20:00:00Z'), sign: 1 }],
    });
    expect(splitPeriod(utc('2020-01-02T00:00:00Z'), utc('2020-01-02T00:00:00Z'), later)).toEqual({
      days: null,
      edges: [],
    });
  });

  it('reads the last day whole from the totals, less what lies after the end, when the period ends now or later', () => {
    // Ends 5 Jan 00:00 UTC (08:00 office time) at "now": office day 5 Jan is read whole, less [end, 5 Jan 16:00 UTC).
    const now = utc('2020-01-05T00:00:00Z');
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), now, now)).toEqual({
      days: { first: '2020-01-02', last: '2020-01-05' },
      edges: [
        { from: utc('2020-01-01T00:00:00Z'), to: utc('2020-01-01T16:00:00Z'), sign: 1 },
        { from: now, to: utc('2020-01-05T16:00:00Z'), sign: -1 },
      ],
    });
    // Before now, the rest of the day may hold facts: they are not read from the totals.
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), now, utc('2020-01-05T00:00:01Z')).edges.map((e) => e.sign)).toEqual(
      [1, 1],
    );
    // A period that starts within its last day is counted from the facts alone.
    expect(splitPeriod(utc('2020-01-04T20:00:00Z'), now, now)).toEqual({
      days: null,
      edges: [{ from: utc('2020-01-04T20:00:00Z'), to: now, sign: 1 }],
    });
    // From office midnight to now: the one day from the totals, less its future.
    expect(splitPeriod(utc('2020-01-04T16:00:00Z'), now, now)).toEqual({
      days: { first: '2020-01-05', last: '2020-01-05' },
      edges: [{ from: now, to: utc('2020-01-05T16:00:00Z'), sign: -1 }],
    });
  });
});

describe('sumDayFacts', () => {
  const fact = (at: number, metric: string, sub: string, bucket: number | null, hits = 0, ms = 0): DayFact => ({
    at,
    grp: 'G1',
    metric,
    sub,
    bucket,
    hits,
    extra: 0,
    ms,
  });
  const facts = [
    fact(100, 'acceptance', '', null, 1),
    fact(200, 'stage_time', 'HANDLING', 7, 0, 5_000),
    fact(200, 'stage_time', 'HANDLING', 7, 0, 3_000),
    fact(300, 'stage_time', 'HANDLING', 9, 0, 9_000),
    fact(400, 'acceptance', '', null, 0),
  ];

  it('sums the facts of [from, to) per group, key and bucket', () => {
    expect(sumDayFacts(facts, 150, 400, 1)).toEqual([
      { grp: 'G1', metric: 'stage_time', sub: 'HANDLING', n: 2, hits: 0, extra: 0, ms: 8_000, hist: null, bucket: 7 },
      { grp: 'G1', metric: 'stage_time', sub: 'HANDLING', n: 1, hits: 0, extra: 0, ms: 9_000, hist: null, bucket: 9 },
    ]);
  });

  it('includes a fact at the start, excludes one at the end, and negates on request', () => {
    expect(sumDayFacts(facts, 100, 200, -1)).toEqual([
      { grp: 'G1', metric: 'acceptance', sub: '', n: -1, hits: -1, extra: 0, ms: 0, hist: null, bucket: null },
    ]);
    expect(sumDayFacts(facts, 401, 500, 1)).toEqual([]);
    expect(sumDayFacts([], 0, 500, 1)).toEqual([]);
  });
});
