import { bucketBoundsMs, HIST_BUCKETS } from './histogram';
import { assembleMeasures, mergeParts, rate, type MeasurePart } from './figures';

describe('rate', () => {
  it('is count out of total, and null when nothing was counted', () => {
    expect(rate(8, 6)).toEqual({ total: 8, count: 6, rate: 0.75 });
    expect(rate(0, 0)).toEqual({ total: 0, count: 0, rate: null });
  });
});

describe('mergeParts', () => {
  const hist = (bucket: number, count: number) => Object.assign(new Array(HIST_BUCKETS).fill(0), { [bucket]: count });
  /** A part of HANDLING visits in group TJ: n visits, their hours, and their histogram or one bucket. */
  const handling = (n: number, hours: number, histogram: number[] | null, bucket?: number): MeasurePart => ({
    grp: 'TJ',
    metric: 'stage_time',
    sub: 'HANDLING',
    n,
    hits: 0,
    extra: 0,
    ms: hours * 3_600_000,
    hist: histogram,
    ...(bucket === undefined ? {} : { bucket }),
  });
  it('adds the parts of a period per group and key, and derives mean and p90 hours of a stage', () => {
    const rows = mergeParts([
      handling(2, 4, hist(1, 2)),
      handling(1, 2, hist(1, 1)),
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
    const rows = mergeParts([
      handling(3, 9, hist(5, 3)),
      handling(-1, -5, null, 5),
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

describe('assembleMeasures', () => {
  it('folds the metric lines into one record per group, rates null where nothing was counted', () => {
    const line = (metric: string, grp: string | null, sub: string | null, total: number, hits = 0, extra = 0) =>
      ({
        metric,
        grp,
        sub,
        total,
        hits,
        extra,
        mean_hours: metric === 'stage_time' ? 2 : null,
        p90_hours: metric === 'stage_time' ? 3 : null,
      }) as never;
    const [tj, none] = assembleMeasures([
      line('acceptance', 'TJ', null, 4, 3),
      line('closure', 'TJ', null, 2, 1, 1),
      line('open', 'TJ', 'HANDLING', 5, 2),
      line('open', null, 'DISCOVERY', 1, 0),
      line('escalation', 'TJ', '2', 1),
      line('up_a_level', 'TJ', '', 2),
      line('stage_time', 'TJ', 'HANDLING', 10),
    ]);
    expect(tj).toMatchObject({
      group: 'TJ',
      timelyAcceptance: { total: 4, count: 3, rate: 0.75 },
      resolution: { total: 2, count: 1, rate: 0.5 },
      reopen: { total: 2, count: 1, rate: 0.5 },
      satisfaction: { total: 0, count: 0, rate: null },
      openByStage: { HANDLING: 5 },
      overdueByStage: { HANDLING: 2 },
      escalationsByLevel: { '2': 1 },
      upALevel: 2,
      timePerStage: { HANDLING: { visits: 10, meanHours: 2, p90Hours: 3 } },
    });
    expect(none).toMatchObject({ group: null, openByStage: { DISCOVERY: 1 }, overdueByStage: {}, upALevel: 0 });
  });
});
