import { splitPeriod, sumDayFacts, type DayFact } from './period';

describe('splitPeriod', () => {
  const utc = (iso: string) => new Date(iso);
  const later = utc('2030-01-01T00:00:00Z');
  it('takes whole office days (from 16:00 UTC) from the totals and the rest at the edges from the facts', () => {
    // Starts 1 Jan 10:00 UTC (18:00 office time: 6 hours left of the day), ends 5 Jan 00:00 UTC (08:00: 8 hours in).
    expect(splitPeriod(utc('2020-01-01T10:00:00Z'), utc('2020-01-05T00:00:00Z'), later)).toEqual({
      days: { first: '2020-01-02', last: '2020-01-04' },
      edges: [
        { from: utc('2020-01-01T10:00:00Z'), to: utc('2020-01-01T16:00:00Z'), sign: 1 },
        { from: utc('2020-01-04T16:00:00Z'), to: utc('2020-01-05T00:00:00Z'), sign: 1 },
      ],
    });
  });

  it('reads an edge day whole from the totals, less the part outside the period, when that part is the shorter', () => {
    // Starts 1 Jan 00:00 UTC (08:00 office time: 8 hours of the day before it, 16 in the period);
    // ends 4 Jan 10:00 UTC (18:00: 18 hours in, 6 after).
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), utc('2020-01-04T10:00:00Z'), later)).toEqual({
      days: { first: '2020-01-01', last: '2020-01-04' },
      edges: [
        { from: utc('2019-12-31T16:00:00Z'), to: utc('2020-01-01T00:00:00Z'), sign: -1 },
        { from: utc('2020-01-04T10:00:00Z'), to: utc('2020-01-04T16:00:00Z'), sign: -1 },
      ],
    });
    // Exactly half a day either way: the part inside the period.
    expect(splitPeriod(utc('2020-01-01T04:00:00Z'), utc('2020-01-04T04:00:00Z'), later).edges).toEqual([
      { from: utc('2020-01-01T04:00:00Z'), to: utc('2020-01-01T16:00:00Z'), sign: 1 },
      { from: utc('2020-01-03T16:00:00Z'), to: utc('2020-01-04T04:00:00Z'), sign: 1 },
    ]);
    // Over one midnight, both edges the shorter way round: the two days whole, less both outer parts.
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), utc('2020-01-02T10:00:00Z'), later)).toEqual({
      days: { first: '2020-01-01', last: '2020-01-02' },
      edges: [
        { from: utc('2019-12-31T16:00:00Z'), to: utc('2020-01-01T00:00:00Z'), sign: -1 },
        { from: utc('2020-01-02T10:00:00Z'), to: utc('2020-01-02T16:00:00Z'), sign: -1 },
      ],
    });
    // Shorter than a day and past, over one midnight: counted from its facts alone.
    expect(splitPeriod(utc('2020-01-01T10:00:00Z'), utc('2020-01-01T20:00:00Z'), later)).toEqual({
      days: null,
      edges: [{ from: utc('2020-01-01T10:00:00Z'), to: utc('2020-01-01T20:00:00Z'), sign: 1 }],
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
    expect(splitPeriod(utc('2020-01-01T10:00:00Z'), now, now)).toEqual({
      days: { first: '2020-01-02', last: '2020-01-05' },
      edges: [
        { from: utc('2020-01-01T10:00:00Z'), to: utc('2020-01-01T16:00:00Z'), sign: 1 },
        { from: now, to: utc('2020-01-05T16:00:00Z'), sign: -1 },
      ],
    });
    // Before now, the rest of the day may hold facts: the end's day is read the shorter way,
    // here the 8 hours before the end.
    expect(splitPeriod(utc('2020-01-01T00:00:00Z'), now, utc('2020-01-05T00:00:01Z')).edges.map((e) => e.sign)).toEqual(
      [-1, 1],
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

describe('splitPeriod: what the parts cover', () => {
  // Every instant of [from, to) is counted once and no other instant is, whichever way each edge
  // is read: whole days (the totals) plus the signed edges (the facts).
  const DAY = 86_400_000;
  const officeDayStart = (t: number) =>
    Date.parse(`${new Date(t + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  it('counts each instant of the period once, for periods of a few minutes to some days, past or reaching now', () => {
    let seed = 16;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const base = Date.parse('2020-01-10T00:00:00Z');
    let withDays = 0;
    let negative = 0;
    for (let i = 0; i < 400; i++) {
      const from = base + Math.floor(random() * 3 * DAY);
      const to = from + Math.floor(random() * (i % 4 === 0 ? DAY : 4 * DAY)) + 1;
      const now = random() < 0.3 ? to - Math.floor(random() * 3_600_000) : to + DAY;
      const { days, edges } = splitPeriod(new Date(from), new Date(to), new Date(now));
      if (days) withDays++;
      negative += edges.filter((e) => e.sign === -1).length;
      const first = days ? Date.parse(`${days.first}T00:00:00+08:00`) : 0;
      const afterLast = days ? Date.parse(`${days.last}T00:00:00+08:00`) + DAY : 0;
      for (const edge of edges) {
        // Each edge lies within one office day, or is a whole period counted from its facts alone.
        const inOneDay = edge.to.getTime() <= officeDayStart(edge.from.getTime()) + DAY;
        expect(inOneDay || (edges.length === 1 && days === null)).toBe(true);
        // An edge of a period with whole days spans at most half a day, unless it is the future.
        if (days && edge.from.getTime() < now)
          expect(edge.to.getTime() - edge.from.getTime()).toBeLessThanOrEqual(DAY / 2);
      }
      const probes = [from - 1, from, to - 1, to, first, afterLast - 1, afterLast];
      for (let k = 0; k < 12; k++) probes.push(from - DAY + Math.floor(random() * (to - from + 2 * DAY)));
      for (const t of probes) {
        const counted =
          (days && t >= first && t < afterLast ? 1 : 0) +
          edges.reduce((sum, e) => sum + (t >= e.from.getTime() && t < e.to.getTime() ? e.sign : 0), 0);
        expect([i, t, counted]).toEqual([i, t, t >= from && t < to ? 1 : 0]);
      }
    }
    expect(withDays).toBeGreaterThan(100);
    expect(negative).toBeGreaterThan(50);
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
