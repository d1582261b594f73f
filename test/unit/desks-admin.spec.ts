import { dayState, isWeekend, nextState, weekdayIndex } from '../../apps/desks/src/views/admin/calendar/calendar-days';
import { durationMs, toRule, toTerm } from '../../apps/desks/src/views/admin/sla/sla-terms';

/** The pure parts of the admin desk (apps/desks/src/views/admin): calendar days and SLA terms. */

describe('calendar days', () => {
  it('counts weeks from Monday, in UTC whatever the machine', () => {
    expect(weekdayIndex('2026-12-07')).toBe(0); // Monday
    expect(weekdayIndex('2026-12-05')).toBe(5); // Saturday
    expect(isWeekend('2026-12-06')).toBe(true);
    expect(isWeekend('2026-12-04')).toBe(false);
  });

  it('reads a day from the two lists', () => {
    const holidays = new Set(['2026-10-01', '2026-10-03']);
    const workdays = new Set(['2026-10-10']);
    expect(dayState('2026-10-01', holidays, workdays)).toBe('holiday');
    expect(dayState('2026-10-03', holidays, workdays)).toBe('holiday'); // a weekend inside a holiday period
    expect(dayState('2026-10-10', holidays, workdays)).toBe('makeUp');
    expect(dayState('2026-10-11', holidays, workdays)).toBe('weekend');
    expect(dayState('2026-10-12', holidays, workdays)).toBe('workday');
  });

  it('cycles a weekday between working day and holiday, and a weekend day through make-up day and holiday', () => {
    expect(nextState('2026-12-04', 'workday')).toBe('holiday');
    expect(nextState('2026-12-04', 'holiday')).toBe('workday');
    expect(nextState('2026-12-05', 'weekend')).toBe('makeUp');
    expect(nextState('2026-12-05', 'makeUp')).toBe('holiday');
    expect(nextState('2026-12-05', 'holiday')).toBe('weekend');
  });
});

describe('SLA terms', () => {
  it('shows a duration in the largest whole unit, and working days as they are', () => {
    expect(toTerm({ stage: 'TRACKING', slaClass: 'SIMPLE', duration: 'P7D' })).toMatchObject({
      amount: 7,
      unit: 'DAYS',
      urgent: false,
    });
    expect(toTerm({ stage: 'ACCEPTANCE', slaClass: 'SIMPLE', urgent: true, duration: 'PT2H' })).toMatchObject({
      amount: 2,
      unit: 'HOURS',
      urgent: true,
    });
    expect(toTerm({ stage: 'ROUTING', slaClass: 'MAJOR', duration: 'PT90M' })).toMatchObject({
      amount: 90,
      unit: 'MINUTES',
    });
    expect(toTerm({ stage: 'ROUTING', slaClass: 'MAJOR', duration: 'PT10S' })).toMatchObject({
      amount: 10,
      unit: 'SECONDS',
    });
    expect(toTerm({ stage: 'EVALUATION', slaClass: 'GENERAL', duration: 'P1W' })).toMatchObject({
      amount: 7,
      unit: 'DAYS',
    });
    expect(toTerm({ stage: 'HANDLING', slaClass: 'GENERAL', workingDays: 15 })).toMatchObject({
      amount: 15,
      unit: 'WORKING_DAYS',
    });
  });

  it('writes back what it read, and sends neither term for an empty amount', () => {
    for (const rule of [
      { stage: 'TRACKING', slaClass: 'SIMPLE', duration: 'P7D' },
      { stage: 'ACCEPTANCE', slaClass: 'SIMPLE', urgent: true, duration: 'PT2H' },
      { stage: 'HANDLING', slaClass: 'GENERAL', workingDays: 15 },
    ] as const) {
      expect(toRule(toTerm(rule))).toEqual(rule);
    }
    expect(
      toRule({ stage: 'ACCEPTANCE', slaClass: 'SIMPLE', urgent: false, amount: null, unit: 'WORKING_DAYS' }),
    ).toEqual({
      stage: 'ACCEPTANCE',
      slaClass: 'SIMPLE',
    });
  });

  it('reads only the durations the gateway accepts', () => {
    expect(durationMs('PT2H')).toBe(7_200_000);
    expect(durationMs('P1DT1H')).toBe(90_000_000);
    for (const bad of ['P1M', 'P', 'PT', '2H', 'P1.5D']) expect(durationMs(bad)).toBeNull();
  });
});
