import { MONTHLY_BRIEFING_SPEC } from './monthly-briefing';

describe('the monthly briefing schedule', () => {
  it('runs daily at 00:30 office time, written in UTC (16:30); the run decides by the working calendar', () => {
    expect(MONTHLY_BRIEFING_SPEC.calendars).toEqual([expect.objectContaining({ hour: 16, minute: 30 })]);
    expect(MONTHLY_BRIEFING_SPEC.calendars[0]).not.toHaveProperty('dayOfMonth');
  });
});
