import { msUntilNextCarry } from './measure-day-carry';

describe('msUntilNextCarry', () => {
  it('waits until a minute after the next office midnight (16:00 UTC)', () => {
    expect(msUntilNextCarry(Date.parse('2020-01-01T15:59:00Z'))).toBe(120_000);
    expect(msUntilNextCarry(Date.parse('2020-01-01T16:00:30Z'))).toBe(86_400_000 - 30_000 + 60_000);
    expect(msUntilNextCarry(Date.parse('2020-01-01T00:00:00Z'))).toBe(16 * 3_600_000 + 60_000);
  });
});
