import { CHINA_CALENDAR_2026, validateCalendarYear } from '@app/domain/calendar/working-calendar';
import { DEFAULT_SLA_POLICY, validateSlaPolicy } from '@app/domain/sla/sla-policy';
import { REFERENCE_CALENDAR_2026, REFERENCE_SLA_POLICY } from './1796138636654-reference-data';

describe('reference data migration', () => {
  it('loads the domain default SLA policy, written out, and it is valid', () => {
    expect(REFERENCE_SLA_POLICY).toEqual(DEFAULT_SLA_POLICY);
    expect(validateSlaPolicy(REFERENCE_SLA_POLICY as typeof DEFAULT_SLA_POLICY)).toEqual([]);
  });

  it('loads the published 2026 calendar: 33 holiday days, 6 make-up working weekends, valid', () => {
    expect(REFERENCE_CALENDAR_2026).toEqual(CHINA_CALENDAR_2026);
    expect(REFERENCE_CALENDAR_2026.holidays).toHaveLength(33);
    expect(REFERENCE_CALENDAR_2026.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(validateCalendarYear(REFERENCE_CALENDAR_2026)).toEqual([]);
  });
});
