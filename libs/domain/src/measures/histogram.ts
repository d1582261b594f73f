/**
 * The stage-visit duration histogram of the measures: how a duration falls into a bucket (the SQL
 * function `measure_bucket` does the same in the database), the p90 read from the counts, and the
 * histogram's text form as PostgreSQL gives it. Pure.
 */

/** Stage-visit duration buckets: [0, 1 min), then 4 per doubling from 1 min (measure_bucket in SQL). */
export const HIST_BUCKETS = 80;

/** [lower, upper) of a duration bucket in milliseconds; the last bucket's upper is an assumed bound. */
export function bucketBoundsMs(bucket: number): [number, number] {
  if (bucket === 0) return [0, 60_000];
  return [60_000 * 2 ** ((bucket - 1) / 4), 60_000 * 2 ** (bucket / 4)];
}

/**
 * The q-quantile (0..1) of the durations a histogram counts, in ms, interpolated like
 * percentile_cont: each bucket's items are taken as spread evenly over it. Off from the exact
 * value by less than a bucket's width (a factor of 2^(1/4), 19 %). Null for an empty histogram.
 */
export function histQuantileMs(hist: readonly number[], q: number): number | null {
  const total = hist.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let before = 0;
    for (let b = 0; b < hist.length; b++) {
      const count = hist[b];
      if (count > 0 && rank < before + count) {
        const [lower, upper] = bucketBoundsMs(b);
        return lower + ((upper - lower) * (rank - before + 0.5)) / count;
      }
      before += count;
    }
    return bucketBoundsMs(hist.length - 1)[1];
  };
  const rank = q * (total - 1);
  const low = Math.floor(rank);
  const high = Math.min(low + 1, total - 1);
  return valueAt(low) + (valueAt(high) - valueAt(low)) * (rank - low);
}

/** Reads an integer array PostgreSQL gave as text ('{1,0,2}'), times `sign`; faster than the driver's array parser. */
export function parseIntArray(text: string, sign: 1 | -1 = 1): number[] {
  return addIntArrayText([], text, sign);
}

/** Adds the elements of an integer array given as text, times `sign`, into `into` (missing: zero); returns `into`. */
export function addIntArrayText(into: number[], text: string, sign: 1 | -1): number[] {
  let at = 0;
  let value = 0;
  let negative = false;
  let digits = false;
  // One pass over the characters: a histogram has 80 elements and a query reads thousands.
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits = true;
    } else if (c === 45) {
      negative = true;
    } else if (c === 44 || c === 125) {
      if (digits) into[at] = (into[at] ?? 0) + sign * (negative ? -value : value);
      at++;
      value = 0;
      negative = false;
      digits = false;
    }
  }
  return into;
}
