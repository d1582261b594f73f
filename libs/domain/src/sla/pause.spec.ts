import { CHINA_CALENDAR_2026, DAY_MS, WorkingCalendar } from '../calendar/working-calendar';
import { pointAfterPause } from './pause';

const calendar = new WorkingCalendar([CHINA_CALENDAR_2026]);
/** Shanghai wall time as an instant. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('pointAfterPause: a suspension costs the working time it covered, no more', () => {
  it('a pause from Friday 10:00 to Monday 10:00 covers one working day: a deadline moves one working day, not three calendar days', () => {
    // Fri 2026-11-20 10:00 to Mon 2026-11-23 10:00: 14 h of Friday and 10 h of Monday.
    const pause = { from: cst('2026-11-20T10:00:00'), to: cst('2026-11-23T10:00:00') };
    expect(calendar.workingTimeBetween(pause.from, pause.to)).toBe(DAY_MS);
    // A deadline on Thursday 26 Nov, 15:00 moves to Friday 27 Nov, 15:00 (wall-clock: Sunday 29 Nov, a day off).
    expect(pointAfterPause(cst('2026-11-26T15:00:00'), pause, 'WORKING', calendar)).toEqual(cst('2026-11-27T15:00:00'));
    const remainingBefore = calendar.workingTimeBetween(pause.from, cst('2026-11-26T15:00:00'));
    expect(calendar.workingTimeBetween(pause.to, cst('2026-11-27T15:00:00'))).toBe(remainingBefore);
  });

  it('a pause over the National Day holidays (1-7 Oct 2026) costs only the working days around them', () => {
    // Wed 30 Sep 12:00 to Thu 8 Oct 12:00: 12 h of 30 Sep, 1-7 Oct off, 12 h of 8 Oct.
    const pause = { from: cst('2026-09-30T12:00:00'), to: cst('2026-10-08T12:00:00') };
    expect(calendar.workingTimeBetween(pause.from, pause.to)).toBe(DAY_MS);
    expect(calendar.isWorkingDay(pointAfterPause(cst('2026-10-09T09:00:00'), pause, 'WORKING', calendar))).toBe(true);
  });

  it('elapsed working time before the pause is kept too (the stage start moves with it)', () => {
    const pause = { from: cst('2026-11-20T10:00:00'), to: cst('2026-11-23T10:00:00') };
    const start = cst('2026-11-19T10:00:00');
    const moved = pointAfterPause(start, pause, 'WORKING', calendar);
    expect(calendar.workingTimeBetween(moved, pause.to)).toBe(calendar.workingTimeBetween(start, pause.from));
  });

  it('a calendar-time clock moves by the wall-clock pause', () => {
    const pause = { from: cst('2026-11-20T10:00:00'), to: cst('2026-11-23T10:00:00') };
    expect(pointAfterPause(cst('2026-11-25T10:00:00'), pause, 'CALENDAR', calendar)).toEqual(
      cst('2026-11-28T10:00:00'),
    );
  });

  it('a pause inside one working day moves by its length', () => {
    const pause = { from: cst('2026-11-24T09:00:00'), to: cst('2026-11-24T11:00:00') };
    expect(pointAfterPause(cst('2026-11-26T15:00:00'), pause, 'WORKING', calendar)).toEqual(cst('2026-11-26T17:00:00'));
    expect(calendar.workingTimeBetween(pause.from, pause.to)).toBe(2 * 3600_000);
  });
});
