import { bucketBoundsMs, histQuantileMs, HIST_BUCKETS, parseIntArray } from './histogram';

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

describe('parseIntArray', () => {
  it('reads PostgreSQL integer arrays given as text, negated on request', () => {
    expect(parseIntArray('{}')).toEqual([]);
    expect(parseIntArray('{3,0,12}')).toEqual([3, 0, 12]);
    expect(parseIntArray('{3,0,12}', -1)).toEqual([-3, 0, -12]);
    expect(parseIntArray('{-4,1234567}')).toEqual([-4, 1234567]);
  });
});
