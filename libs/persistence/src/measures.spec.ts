import {
  bucketBoundsMs,
  cumulativeUpdates,
  histQuantileMs,
  HIST_BUCKETS,
  measureDeltas,
  touchesMeasures,
  type MeasureCaseRow,
  type MeasureDims,
  type MeasureFact,
} from './measures';
import { shiftOfficeDate as shiftDay } from '@app/domain/calendar/office-time';
import {
  mergeParts,
  parseIntArray,
  splitPeriod,
  sumDayFacts,
  VersionedKeep,
  type DayFact,
} from './repositories/stats.repository';

const dims = (unit: string): MeasureDims => ({ center: 'TJ', unit, community: 'C1', grid: 'G1', category: 'NEIGHBOR' });
const fact = (metric: string, day: string, extra: Partial<MeasureFact> = {}): MeasureFact => ({
  metric,
  sub: '',
  day,
  hits: 0,
  extra: 0,
  ms: 0,
  bucket: null,
  ...extra,
});

describe('measureDeltas', () => {
  it('adds a new fact once per dimension, and nothing for facts that did not change', () => {
    const accepted = fact('acceptance', '2020-01-02', { hits: 1 });
    const visit = fact('stage_time', '2020-01-03', { sub: 'ROUTING', ms: 7_200_000, bucket: 28 });
    const deltas = measureDeltas(
      { dims: dims('u1'), facts: [accepted] },
      { dims: dims('u1'), facts: [accepted, visit] },
    );
    expect(deltas.map((d) => [d.dim, d.grp, d.metric, d.sub, d.day, d.n, d.ms])).toEqual([
      ['category', 'NEIGHBOR', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['center', 'TJ', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['community', 'C1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['grid', 'G1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
      ['unit', 'u1', 'stage_time', 'ROUTING', '2020-01-03', 1, 7_200_000],
    ]);
    expect([...deltas[0].hist!]).toEqual([[28, 1]]);
  });

  it('moves every fact of a transferred case from the old unit to the new one, and only on the unit', () => {
    const facts = [fact('acceptance', '2020-01-02', { hits: 1 }), fact('escalation', '2020-01-04', { sub: '1' })];
    const deltas = measureDeltas({ dims: dims('u1'), facts }, { dims: dims('u2'), facts });
    expect(deltas.map((d) => [d.dim, d.grp, d.metric, d.n, d.hits])).toEqual([
      ['unit', 'u1', 'acceptance', -1, -1],
      ['unit', 'u1', 'escalation', -1, 0],
      ['unit', 'u2', 'acceptance', 1, 1],
      ['unit', 'u2', 'escalation', 1, 0],
    ]);
  });

  it('counts nothing before a case has a row', () => {
    expect(measureDeltas({ dims: null, facts: [] }, { dims: dims('u1'), facts: [] })).toEqual([]);
  });
});

describe('cumulativeUpdates', () => {
  it('gives each day range of a key the running sum of its deltas', () => {
    const facts = [
      fact('stage_time', '2020-01-05', { sub: 'HANDLING', ms: 10, bucket: 3 }),
      fact('stage_time', '2020-01-02', { sub: 'HANDLING', ms: 5, bucket: 1 }),
    ];
    const deltas = measureDeltas({ dims: null, facts: [] }, { dims: dims('u1'), facts }).filter(
      (d) => d.dim === 'unit',
    );
    const updates = cumulativeUpdates(deltas);
    expect(updates.map((u) => [u.from, u.until, u.n, u.ms])).toEqual([
      ['2020-01-02', '2020-01-05', 1, 5],
      ['2020-01-05', null, 2, 15],
    ]);
    expect(updates[1].hist).toHaveLength(HIST_BUCKETS);
    expect(updates[1].hist!.slice(0, 4)).toEqual([0, 1, 0, 1]);
  });
});

describe('duration histogram', () => {
  it('has contiguous buckets from 0, 4 per doubling from one minute', () => {
    expect(bucketBoundsMs(0)).toEqual([0, 60_000]);
    expect(bucketBoundsMs(1)).toEqual([60_000, 60_000 * 2 ** 0.25]);
    for (let b = 1; b < HIST_BUCKETS; b++) expect(bucketBoundsMs(b)[0]).toBeCloseTo(bucketBoundsMs(b - 1)[1]);
    expect(bucketBoundsMs(5)[0]).toBeCloseTo(120_000);
  });

  it('reads a quantile within one bucket of the exact value, and none from an empty histogram', () => {
    expect(histQuantileMs(new Array(HIST_BUCKETS).fill(0), 0.9)).toBeNull();
    const hist = new Array(HIST_BUCKETS).fill(0);
    hist[5] = 10; // ten durations in [2 min, 2.38 min)
    const p90 = histQuantileMs(hist, 0.9)!;
    expect(p90).toBeGreaterThanOrEqual(bucketBoundsMs(5)[0]);
    expect(p90).toBeLessThan(bucketBoundsMs(5)[1]);
    hist[9] = 90; // and 90 in [4 min, 4.76 min): the p90 lies among those
    expect(histQuantileMs(hist, 0.9)!).toBeGreaterThanOrEqual(bucketBoundsMs(9)[0]);
    expect(histQuantileMs(hist, 0.05)!).toBeLessThan(bucketBoundsMs(5)[1]);
  });
});

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

describe('parseIntArray and shiftDay', () => {
  it('reads PostgreSQL integer arrays given as text, negated on request', () => {
    expect(parseIntArray('{}')).toEqual([]);
    expect(parseIntArray('{3,0,12}')).toEqual([3, 0, 12]);
    expect(parseIntArray('{3,0,12}', -1)).toEqual([-3, 0, -12]);
    expect(parseIntArray('{-4,1234567}')).toEqual([-4, 1234567]);
  });

  it('moves an office day across month and year ends', () => {
    expect(shiftDay('2020-01-01', -1)).toBe('2019-12-31');
    expect(shiftDay('2020-02-28', 1)).toBe('2020-02-29');
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

describe('VersionedKeep', () => {
  it('gives a value back only at the version it was kept at, and lets the least recently used go', () => {
    const keep = new VersionedKeep<string>(2);
    keep.set('a', '1', 'A');
    keep.set('b', '1', 'B');
    expect(keep.get('a', '2')).toBeUndefined();
    expect(keep.get('a', '1')).toBe('A');
    keep.set('c', '1', 'C'); // 'b' is now the least recently used
    expect([keep.get('a', '1'), keep.get('b', '1'), keep.get('c', '1')]).toEqual(['A', undefined, 'C']);
  });
});

describe('mergeParts', () => {
  it('adds the parts of a period per group and key, and derives mean and p90 hours of a stage', () => {
    const hist = (bucket: number, count: number) => Object.assign(new Array(HIST_BUCKETS).fill(0), { [bucket]: count });
    const rows = mergeParts([
      {
        grp: 'TJ',
        metric: 'stage_time',
        sub: 'HANDLING',
        n: 2,
        hits: 0,
        extra: 0,
        ms: 4 * 3_600_000,
        hist: hist(1, 2),
      },
      {
        grp: 'TJ',
        metric: 'stage_time',
        sub: 'HANDLING',
        n: 1,
        hits: 0,
        extra: 0,
        ms: 2 * 3_600_000,
        hist: hist(1, 1),
      },
      { grp: '', metric: 'acceptance', sub: '', n: 3, hits: 2, extra: 0, ms: 0, hist: null },
      { grp: 'ZZ', metric: 'rating', sub: '', n: 0, hits: 0, extra: 0, ms: 0, hist: null },
    ]);
    expect(rows).toEqual([
      {
        metric: 'stage_time',
        grp: 'TJ',
        sub: 'HANDLING',
        total: 3,
        hits: 0,
        extra: 0,
        mean_hours: 2,
        p90_hours: expect.any(Number),
      },
      { metric: 'acceptance', grp: null, sub: null, total: 3, hits: 2, extra: 0, mean_hours: null, p90_hours: null },
    ]);
    expect(rows[0].p90_hours! * 3_600_000).toBeGreaterThanOrEqual(bucketBoundsMs(1)[0]);
  });
  it('takes the parts with negative counts (facts after the end of a period read from a whole day) away', () => {
    const hist = (bucket: number, count: number) => Object.assign(new Array(HIST_BUCKETS).fill(0), { [bucket]: count });
    const rows = mergeParts([
      {
        grp: 'TJ',
        metric: 'stage_time',
        sub: 'HANDLING',
        n: 3,
        hits: 0,
        extra: 0,
        ms: 9 * 3_600_000,
        hist: hist(5, 3),
      },
      {
        grp: 'TJ',
        metric: 'stage_time',
        sub: 'HANDLING',
        n: -1,
        hits: 0,
        extra: 0,
        ms: -5 * 3_600_000,
        hist: null,
        bucket: 5,
      },
      { grp: 'TJ', metric: 'rating', sub: '', n: 1, hits: 1, extra: 0, ms: 0, hist: null },
      { grp: 'TJ', metric: 'rating', sub: '', n: -1, hits: -1, extra: 0, ms: 0, hist: null },
    ]);
    expect(rows).toEqual([
      {
        metric: 'stage_time',
        grp: 'TJ',
        sub: 'HANDLING',
        total: 2,
        hits: 0,
        extra: 0,
        mean_hours: 2,
        p90_hours: expect.any(Number),
      },
    ]);
    // Both durations left lie in bucket 5: so does the p90.
    const [lower, upper] = bucketBoundsMs(5);
    expect(rows[0].p90_hours! * 3_600_000).toBeGreaterThanOrEqual(lower);
    expect(rows[0].p90_hours! * 3_600_000).toBeLessThan(upper);
  });
});

describe('touchesMeasures', () => {
  const row: MeasureCaseRow = {
    centerCode: 'TJ',
    unitId: 'u1',
    communityCode: 'C1',
    gridCode: 'G1',
    category: 'NEIGHBOR',
    stage: 'HANDLING',
    resolution: null,
    reopenCount: 0,
    stageEnteredAt: new Date('2020-01-02T00:00:00Z'),
  };
  const step = (
    next: Partial<MeasureCaseRow>,
    effects: { leftStage?: unknown; alert?: unknown; rating?: unknown } = {},
  ) => ({
    row: { ...row, ...next },
    leftStage: effects.leftStage ?? null,
    alert: effects.alert ?? null,
    rating: effects.rating ?? null,
  });

  it('skips the events that change no fact and no group: a new case, a handling record', () => {
    expect(touchesMeasures(null, step({ stage: 'DISCOVERY' }))).toBe(false);
    expect(touchesMeasures(row, step({}))).toBe(false);
  });

  it('takes a stage left, an alert, a rating, a closure and a move to another group', () => {
    expect(touchesMeasures(row, step({}, { leftStage: {} }))).toBe(true);
    expect(touchesMeasures(row, step({}, { alert: {} }))).toBe(true);
    expect(touchesMeasures(row, step({}, { rating: {} }))).toBe(true);
    expect(touchesMeasures(row, step({ resolution: 'RESOLVED' }))).toBe(true);
    expect(touchesMeasures(row, step({ unitId: 'u2' }))).toBe(true);
    expect(touchesMeasures(row, step({ category: 'FAMILY' }))).toBe(true);
  });
});
