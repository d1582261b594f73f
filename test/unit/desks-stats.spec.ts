import type { GroupMeasures } from '../../apps/desks/src/api/stats';
import { combinedRate, percent } from '../../apps/desks/src/views/stats/measures';

/** The statistics page's sums over groups (apps/desks/src/views/stats/measures.ts). */

const group = (total: number, count: number) => ({ resolution: { total, count, rate: null } }) as GroupMeasures;

describe('the statistics page over several groups', () => {
  it('adds counts and totals into one rate (not an average of rates), null where nothing was counted', () => {
    const rate = combinedRate([group(3, 3), group(1, 0)], 'resolution');
    expect(rate).toEqual({ total: 4, count: 3, rate: 0.75 });
    expect(percent(rate.rate)).toBe(75);
    expect(combinedRate([group(0, 0), group(0, 0)], 'resolution')).toEqual({ total: 0, count: 0, rate: null });
    expect(combinedRate([], 'resolution').rate).toBeNull();
  });
});
