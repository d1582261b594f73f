import { MEASURE_DAY_CARRY_SPEC } from './measure-day-carry';

describe('the measures day carry schedule', () => {
  it('runs at 00:01 office time, written in UTC (16:01) so the server needs no time-zone data', () => {
    expect(MEASURE_DAY_CARRY_SPEC.calendars).toEqual([expect.objectContaining({ hour: 16, minute: 1 })]);
  });
});
