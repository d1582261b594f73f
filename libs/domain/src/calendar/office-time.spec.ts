import {
  nextOfficeMidnightMs,
  officeDate,
  officeDayStartMs,
  officeYear,
  officeYearStart,
  shiftOfficeDate,
} from './office-time';

describe('office time (UTC+8)', () => {
  it('puts 16:00Z on the next office day and 15:59:59Z on the same one', () => {
    expect(officeDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(officeDate(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(officeYear(Date.parse('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(officeYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });

  it('starts and ends office days at 16:00Z', () => {
    const at = Date.parse('2026-12-01T03:00:00Z'); // 11:00 office time
    expect(new Date(officeDayStartMs(at)).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(new Date(nextOfficeMidnightMs(at)).toISOString()).toBe('2026-12-01T16:00:00.000Z');
    expect(officeDayStartMs(Date.parse('2026-11-30T16:00:00Z'))).toBe(Date.parse('2026-11-30T16:00:00Z'));
    expect(officeYearStart(2027).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('shifts office dates across months and years', () => {
    expect(shiftOfficeDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftOfficeDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftOfficeDate('2020-02-28', 1)).toBe('2020-02-29');
  });
});
