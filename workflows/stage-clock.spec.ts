import type { StageClock } from '@app/contracts';
import { CHINA_CALENDAR_2026, WorkingCalendar } from '@app/domain/calendar/working-calendar';
import { DEFAULT_SLA_POLICY } from '@app/domain/sla/sla-policy';
import {
  checkpointAlert,
  checkpointsDue,
  clockRuns,
  clockYears,
  escalationAfter,
  evaluationLapsed,
  markRaised,
  extendedDeadline,
  moveDeadline,
  nextDueAt,
  pauseClock,
  restartForOrder,
  resumeClock,
  resumeClockByWallTime,
  startStageClock,
  type ClockCase,
  type ClockRules,
} from './stage-clock';

/** An instant in office time (UTC+8), as the clerks read it. */
const sh = (local: string) => new Date(`${local}:00+08:00`);
const iso = (local: string) => sh(local).toISOString();
const ms = (local: string) => sh(local).getTime();

const calendar = new WorkingCalendar([CHINA_CALENDAR_2026]);
const rules: ClockRules = { policy: DEFAULT_SLA_POLICY, calendar };
const general: ClockCase = { slaClass: 'GENERAL', severity: 'NORMAL', urgent: false };

/** HANDLING of a GENERAL case entered on Monday 2 March 2026: 15 working days. */
const handling = () => startStageClock('HANDLING', sh('2026-03-02T09:00'), general, rules);
const points = (clock: StageClock) => clock.checkpoints.map((c) => `${c.kind}:${c.level}@${c.at}`);

describe('startStageClock', () => {
  it("sets the stage's deadline from the SLA rule and its ladder on the working-day calendar", () => {
    const clock = handling();
    expect(clock).toEqual({
      stage: 'HANDLING',
      start: iso('2026-03-02T09:00'),
      deadline: iso('2026-03-23T09:00'),
      timeBasis: 'WORKING',
      raised: [],
      checkpoints: [
        { kind: 'WARNING', level: 0, at: iso('2026-03-18T09:00') },
        { kind: 'ESCALATION', level: 1, at: iso('2026-03-23T09:00') },
        { kind: 'ESCALATION', level: 2, at: iso('2026-03-24T09:00') },
        { kind: 'ESCALATION', level: 3, at: iso('2026-03-26T09:00') },
      ],
    });
  });

  it('takes the urgent rule where the policy has one (ACCEPTANCE within 2 hours, calendar time)', () => {
    const clock = startStageClock('ACCEPTANCE', sh('2026-03-07T10:00'), { ...general, urgent: true }, rules);
    expect(clock.deadline).toBe(iso('2026-03-07T12:00'));
    expect(clock.timeBasis).toBe('CALENDAR');
  });

  it('escalates a MAJOR case to every level at its deadline', () => {
    const clock = startStageClock('HANDLING', sh('2026-03-02T09:00'), { ...general, severity: 'MAJOR' }, rules);
    expect(points(clock).slice(1)).toEqual([
      `ESCALATION:1@${iso('2026-03-23T09:00')}`,
      `ESCALATION:2@${iso('2026-03-23T09:00')}`,
      `ESCALATION:3@${iso('2026-03-23T09:00')}`,
    ]);
  });

  it('gives EVALUATION no ladder: its deadline closes the case', () => {
    const clock = startStageClock('EVALUATION', sh('2026-03-02T09:00'), general, rules);
    expect(clock.checkpoints).toEqual([]);
    expect(clock.deadline).toBe(iso('2026-03-09T09:00'));
    expect(nextDueAt(clock)).toBe(ms('2026-03-09T09:00'));
    expect(evaluationLapsed(clock, ms('2026-03-09T08:59'))).toBe(false);
    expect(evaluationLapsed(clock, ms('2026-03-09T09:00'))).toBe(true);
    expect(evaluationLapsed(handling(), ms('2026-04-30T09:00'))).toBe(false);
  });
});

describe('the ladder as time passes', () => {
  it('raises each checkpoint once, in ladder order, and wakes up for the next one', () => {
    let clock = handling();
    expect(checkpointsDue(clock, ms('2026-03-18T08:59'))).toEqual([]);
    expect(nextDueAt(clock)).toBe(ms('2026-03-18T09:00'));

    const [warning, ...rest] = checkpointsDue(clock, ms('2026-03-18T09:00'));
    expect(warning).toMatchObject({ kind: 'WARNING', level: 0 });
    expect(rest).toEqual([]);
    clock = markRaised(clock, warning);
    expect(checkpointsDue(clock, ms('2026-03-18T09:00'))).toEqual([]);
    expect(nextDueAt(clock)).toBe(ms('2026-03-23T09:00'));

    // Woken late: both levels that fell due meanwhile, lowest first.
    const due = checkpointsDue(clock, ms('2026-03-24T10:00'));
    expect(due.map((c) => c.level)).toEqual([1, 2]);
    for (const c of due) clock = markRaised(clock, c);
    expect(clock.raised).toEqual([0, 1, 2]);
    expect(nextDueAt(clock)).toBe(ms('2026-03-26T09:00'));
    clock = markRaised(clock, checkpointsDue(clock, ms('2026-03-26T09:00'))[0]);
    expect(nextDueAt(clock)).toBeUndefined();
  });

  it('leaves the case as it is on a warning and makes it overdue at a level, never lowering the level', () => {
    const open = { escalationLevel: 0, overdue: false };
    expect(escalationAfter(open, { level: 0 })).toEqual(open);
    expect(escalationAfter(open, { level: 1 })).toEqual({ escalationLevel: 1, overdue: true });
    expect(escalationAfter({ escalationLevel: 2, overdue: true }, { level: 1 })).toEqual({
      escalationLevel: 2,
      overdue: true,
    });
  });

  it('records a warning as WarningRaised and a level as EscalationRaised, naming a supervision order', () => {
    const clock = handling();
    const [warning] = clock.checkpoints;
    expect(checkpointAlert(clock, warning, { escalationLevel: 0, overdue: false })).toEqual({
      type: 'WarningRaised',
      payload: { level: 0, stage: 'HANDLING', deadline: clock.deadline, escalationLevel: 0, overdue: false },
    });
    const ordered = restartForOrder(
      clock,
      { instruction: '三日内联系双方', issuedAt: iso('2026-03-10T09:00'), deadline: sh('2026-03-13T09:00') },
      general,
      rules,
    );
    expect(checkpointAlert(ordered, ordered.checkpoints[1], { escalationLevel: 1, overdue: true })).toEqual({
      type: 'EscalationRaised',
      payload: {
        level: 1,
        stage: 'HANDLING',
        deadline: iso('2026-03-13T09:00'),
        escalationLevel: 1,
        overdue: true,
        reason: 'SUPERVISION_ORDER',
        order: { instruction: '三日内联系双方', issuedAt: iso('2026-03-10T09:00') },
      },
    });
  });
});

describe('suspension', () => {
  it('stops the clock: no wake-up while paused or while the case is not open', () => {
    const clock = handling();
    expect(clockRuns(clock, 'OPEN')).toBe(true);
    expect(clockRuns(clock, 'SUSPENDED')).toBe(false);
    expect(clockRuns(undefined, 'OPEN')).toBe(false);
    const paused = pauseClock(clock, iso('2026-03-06T09:00'));
    expect(clockRuns(paused, 'OPEN')).toBe(false);
    expect(clock.pausedAt).toBeUndefined();
  });

  it('moves every point by the working time the pause covered, so a weekend costs nothing', () => {
    // Friday 09:00 to Monday 09:00: one working day (Friday's rest and Monday's morning).
    const resumed = resumeClock(pauseClock(handling(), iso('2026-03-06T09:00')), sh('2026-03-09T09:00'), calendar);
    expect(resumed.pausedAt).toBeUndefined();
    expect(resumed.start).toBe(iso('2026-03-03T09:00'));
    expect(resumed.deadline).toBe(iso('2026-03-24T09:00'));
    expect(points(resumed)).toEqual([
      `WARNING:0@${iso('2026-03-19T09:00')}`,
      `ESCALATION:1@${iso('2026-03-24T09:00')}`,
      `ESCALATION:2@${iso('2026-03-25T09:00')}`,
      `ESCALATION:3@${iso('2026-03-27T09:00')}`,
    ]);

    // Saturday to Sunday: no working time passed, nothing moves.
    const weekend = resumeClock(pauseClock(handling(), iso('2026-03-07T09:00')), sh('2026-03-08T18:00'), calendar);
    expect(weekend.deadline).toBe(iso('2026-03-23T09:00'));
  });

  it("moves a supervision order's deadline with the clock", () => {
    const ordered = restartForOrder(
      handling(),
      { instruction: '加快办理', issuedAt: iso('2026-03-05T09:00'), deadline: sh('2026-03-12T09:00') },
      general,
      rules,
    );
    const resumed = resumeClock(pauseClock(ordered, iso('2026-03-06T09:00')), sh('2026-03-09T09:00'), calendar);
    expect(resumed.deadline).toBe(iso('2026-03-13T09:00'));
    expect(resumed.order).toEqual({
      instruction: '加快办理',
      issuedAt: iso('2026-03-05T09:00'),
      deadline: resumed.deadline,
    });
  });

  it('moved every point by the wall-clock time in histories recorded before the working-time rule', () => {
    const resumed = resumeClockByWallTime(pauseClock(handling(), iso('2026-03-06T09:00')), ms('2026-03-09T09:00'));
    expect(resumed.deadline).toBe(iso('2026-03-26T09:00'));
    expect(resumed.checkpoints[0].at).toBe(iso('2026-03-21T09:00'));
    expect(resumed.pausedAt).toBeUndefined();
  });

  it('leaves a clock that was never paused as it is', () => {
    const clock = handling();
    expect(resumeClock(clock, sh('2026-03-09T09:00'), calendar)).toBe(clock);
    expect(resumeClockByWallTime(clock, ms('2026-03-09T09:00'))).toBe(clock);
  });
});

describe('extension and supervision order', () => {
  it('extends by working days, keeping the levels already raised', () => {
    const clock = markRaised(handling(), handling().checkpoints[0]);
    // As the workflow extends: moveDeadline to extendedDeadline (DisputeCase.moveClockDeadline).
    const extended = moveDeadline(clock, extendedDeadline(clock, 5, rules), general, rules);
    expect(extended.deadline).toBe(iso('2026-03-30T09:00'));
    expect(extended.start).toBe(clock.start);
    expect(extended.raised).toEqual([0]);
    expect(checkpointsDue(extended, ms('2026-03-25T09:00'))).toEqual([]);
  });

  it("extends by the policy's working-day length when it has one (test policies in seconds)", () => {
    const quick: ClockRules = { policy: { ...DEFAULT_SLA_POLICY, workingDayMs: 1000 }, calendar };
    expect(extendedDeadline(handling(), 3, quick).toISOString()).toBe(
      new Date(ms('2026-03-23T09:00') + 3000).toISOString(),
    );
  });

  it('restarts the ladder from the order: nothing raised, warning at 80 % of the time to its deadline', () => {
    const raisedAll = handling().checkpoints.reduce(markRaised, handling());
    const ordered = restartForOrder(
      raisedAll,
      { instruction: '加快办理', issuedAt: iso('2026-03-27T09:00'), deadline: sh('2026-04-01T09:00') },
      general,
      rules,
    );
    expect(ordered.raised).toEqual([]);
    expect(ordered.start).toBe(iso('2026-03-27T09:00'));
    expect(ordered.deadline).toBe(iso('2026-04-01T09:00'));
    // Friday to Wednesday: three working days; 80 % of them is 2.4, so Tuesday 18:36.
    expect(ordered.checkpoints[0]).toEqual({ kind: 'WARNING', level: 0, at: iso('2026-03-31T18:36') });
    expect(ordered.order).toEqual({
      instruction: '加快办理',
      issuedAt: iso('2026-03-27T09:00'),
      deadline: iso('2026-04-01T09:00'),
    });
  });

  it("keeps an order's naming when its deadline moves, and drops a pause mark", () => {
    const ordered = restartForOrder(
      handling(),
      { instruction: '加快办理', issuedAt: iso('2026-03-05T09:00'), deadline: sh('2026-03-12T09:00') },
      general,
      rules,
    );
    const moved = moveDeadline(pauseClock(ordered, iso('2026-03-06T09:00')), sh('2026-03-16T09:00'), general, rules);
    expect(moved.order).toEqual(ordered.order);
    expect(moved.deadline).toBe(iso('2026-03-16T09:00'));
    expect(moved.pausedAt).toBeUndefined();
  });
});

describe('clockYears', () => {
  it('reads the office year (UTC+8), and the next one for deadlines that run past New Year', () => {
    expect(clockYears(ms('2026-12-31T23:59'))).toEqual([2026, 2027]);
    expect(clockYears(Date.parse('2026-12-31T16:00:00Z'))).toEqual([2027, 2028]);
  });
});
