import {
  CHINA_CALENDAR_2026,
  CHINA_CALENDAR_2027,
  DAY_MS,
  WorkingCalendar,
  officeDate,
  validateCalendarYear,
} from './working-calendar';

/** An instant given as Shanghai wall-clock time, 'YYYY-MM-DDTHH:mm'. */
const sh = (local: string) => new Date(`${local}:00+08:00`);
const HOUR = 3_600_000;

describe('WorkingCalendar', () => {
  const plain = new WorkingCalendar();
  const china = new WorkingCalendar([CHINA_CALENDAR_2026]);

  describe('day boundaries', () => {
    it('takes the date in Shanghai, not in UTC', () => {
      expect(officeDate(new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
      expect(officeDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    });

    it('treats Saturday 00:30 Shanghai (Friday in UTC) as the weekend', () => {
      expect(plain.isWorkingDay(sh('2026-03-07T00:30'))).toBe(false);
      expect(plain.isWorkingDay(sh('2026-03-06T23:30'))).toBe(true);
    });
  });

  describe('weekends', () => {
    it('counts Monday to Friday and skips Saturday and Sunday', () => {
      expect(['2026-03-02', '2026-03-06', '2026-03-07', '2026-03-08'].map((d) => plain.isWorkingDay(d))).toEqual([
        true,
        true,
        false,
        false,
      ]);
    });

    it('moves a Friday deadline over the weekend to the same clock time on Monday', () => {
      expect(plain.addWorkingDays(sh('2026-03-06T14:30'), 1)).toEqual(sh('2026-03-09T14:30'));
      expect(plain.addWorkingDays(sh('2026-03-06T14:30'), 5)).toEqual(sh('2026-03-13T14:30'));
    });

    it('measures working time across a weekend', () => {
      expect(plain.workingTimeBetween(sh('2026-03-06T18:00'), sh('2026-03-09T06:00'))).toBe(12 * HOUR);
      expect(plain.workingTimeBetween(sh('2026-03-09T06:00'), sh('2026-03-06T18:00'))).toBe(-12 * HOUR);
    });
  });

  describe('a holiday week (National Day 2026, Oct 1–7, make-up days Sep 20 and Oct 10)', () => {
    it('knows the golden week as days off', () => {
      expect(china.isWorkingDay('2026-09-30')).toBe(true);
      for (let d = 1; d <= 7; d++) expect(china.isWorkingDay(`2026-10-0${d}`)).toBe(false);
      expect(china.isWorkingDay('2026-10-08')).toBe(true);
    });

    it('jumps over the golden week', () => {
      expect(china.addWorkingDays(sh('2026-09-30T10:00'), 1)).toEqual(sh('2026-10-08T10:00'));
      expect(china.addWorkingDays(sh('2026-09-30T10:00'), 4)).toEqual(sh('2026-10-12T10:00'));
    });

    it('counts no working time inside the holiday', () => {
      expect(china.workingTimeBetween(sh('2026-09-30T20:00'), sh('2026-10-08T02:00'))).toBe(6 * HOUR);
    });
  });

  describe('make-up working weekends (调休)', () => {
    it('counts a make-up Saturday as a working day', () => {
      expect(china.isWorkingDay('2026-10-10')).toBe(true);
      expect(china.addWorkingDays(sh('2026-09-30T10:00'), 3)).toEqual(sh('2026-10-10T10:00'));
    });

    it('counts the Saturday before the Spring Festival, then skips the nine days off', () => {
      expect(china.addWorkingDays(sh('2026-02-13T09:00'), 1)).toEqual(sh('2026-02-14T09:00'));
      expect(china.addWorkingDays(sh('2026-02-13T09:00'), 2)).toEqual(sh('2026-02-24T09:00'));
    });

    it('counts a make-up Sunday (Sep 20) as a working day', () => {
      expect(china.addWorkingDays(sh('2026-09-18T11:00'), 1)).toEqual(sh('2026-09-20T11:00'));
      expect(plain.addWorkingDays(sh('2026-09-18T11:00'), 1)).toEqual(sh('2026-09-21T11:00'));
    });
  });

  describe('year boundary', () => {
    it('runs from an unloaded year (plain weeks) into the loaded one', () => {
      // 2025-12-31 is an ordinary Wednesday; Jan 1–3 2026 are off and Sunday Jan 4 is worked.
      expect(china.addWorkingDays(sh('2025-12-31T10:00'), 1)).toEqual(sh('2026-01-04T10:00'));
    });

    it('treats a year that was not loaded as plain Monday-to-Friday weeks', () => {
      expect(china.addWorkingDays(sh('2026-12-31T10:00'), 1)).toEqual(sh('2027-01-01T10:00'));
      const both = new WorkingCalendar([CHINA_CALENDAR_2026, CHINA_CALENDAR_2027]);
      expect(both.addWorkingDays(sh('2026-12-31T10:00'), 1)).toEqual(sh('2027-01-04T10:00'));
    });
  });

  describe('a deadline that starts on a non-working day', () => {
    it('starts the clock at 00:00 of the next working day', () => {
      expect(china.addWorkingDays(sh('2026-10-03T15:00'), 1)).toEqual(sh('2026-10-09T00:00'));
      expect(plain.addWorkingDays(sh('2026-03-07T15:00'), 2)).toEqual(sh('2026-03-11T00:00'));
    });

    it('ends at midnight after the last working day, even when a holiday follows', () => {
      expect(china.addWorkingDays(sh('2026-09-30T00:00'), 1)).toEqual(sh('2026-10-01T00:00'));
    });
  });

  describe('working durations', () => {
    it('adds part of a day and carries the rest to the next working day', () => {
      expect(plain.addWorkingDuration(sh('2026-03-06T20:00'), 6 * HOUR)).toEqual(sh('2026-03-09T02:00'));
    });

    it('is the inverse of workingTimeBetween when the end is on a working day', () => {
      const a = sh('2026-09-29T08:15');
      const b = sh('2026-10-12T17:45');
      expect(china.addWorkingDuration(a, china.workingTimeBetween(a, b))).toEqual(b);
      expect(china.workingTimeBetween(a, china.addWorkingDays(a, 5))).toBe(5 * DAY_MS);
    });

    it('adds nothing for zero and refuses negative or infinite time', () => {
      const t = sh('2026-03-07T12:00');
      expect(plain.addWorkingDuration(t, 0)).toEqual(t);
      expect(() => plain.addWorkingDuration(t, -1)).toThrow(RangeError);
      expect(() => plain.addWorkingDays(t, Infinity)).toThrow(RangeError);
    });
  });

  describe('calendar data', () => {
    it('accepts the demo years', () => {
      expect(validateCalendarYear(CHINA_CALENDAR_2026)).toEqual([]);
      expect(validateCalendarYear(CHINA_CALENDAR_2027)).toEqual([]);
      expect(CHINA_CALENDAR_2026.holidays).toHaveLength(33);
    });

    it('names every bad date', () => {
      expect(
        validateCalendarYear({
          year: 2026,
          holidays: ['2026-02-30', '2027-01-01', '2026-10-10'],
          workdays: ['2026-10-09', '2026-10-10', 'soon'],
        }),
      ).toEqual([
        "holidays: '2026-02-30' is not a date (YYYY-MM-DD)",
        'holidays: 2027-01-01 is not in 2026',
        'workdays: 2026-10-09 is a weekday; list only make-up working weekend days',
        '2026-10-10 is listed both as a holiday and as a workday',
        "workdays: 'soon' is not a date (YYYY-MM-DD)",
      ]);
      expect(validateCalendarYear({ year: 26, holidays: [], workdays: [] })).toEqual([
        'year 26 is not a four-digit year',
      ]);
    });

    it('refuses to build from bad or doubled years', () => {
      expect(() => new WorkingCalendar([{ year: 2026, holidays: ['2026-13-01'], workdays: [] }])).toThrow(
        /calendar 2026/,
      );
      expect(() => new WorkingCalendar([CHINA_CALENDAR_2026, CHINA_CALENDAR_2026])).toThrow(/loaded twice/);
    });

    it('refuses a malformed date string', () => {
      expect(() => plain.isWorkingDay('2026-3-7')).toThrow(RangeError);
    });
  });
});
