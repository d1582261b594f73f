import { CHINA_CALENDAR_2026, WorkingCalendar } from '../calendar/working-calendar';
import {
  buildEscalationLadder,
  dueCheckpoints,
  nextCheckpoint,
  remainingCheckpoints,
  type Checkpoint,
  type LadderInput,
} from './escalation-ladder';
import { DEFAULT_SLA_POLICY, computeStageDeadline, slaRuleFor, timeBasisOf, type SlaPolicy } from './sla-policy';

const sh = (local: string) => new Date(`${local}:00+08:00`);
const calendar = new WorkingCalendar([CHINA_CALENDAR_2026]);
const times = (ladder: Checkpoint[]) => ladder.map((c) => c.at);
const levels = (ladder: Checkpoint[]) => ladder.map((c) => `${c.kind}:${c.level}`);

const ladder = (over: Partial<LadderInput>): Checkpoint[] =>
  buildEscalationLadder({
    start: sh('2026-03-02T09:00'),
    deadline: sh('2026-03-23T09:00'),
    calendar,
    timeBasis: 'WORKING',
    slaClass: 'GENERAL',
    severity: 'NORMAL',
    ...over,
  });

describe('buildEscalationLadder', () => {
  it('warns at 80% of the working time, then escalates at the deadline, +1 and +3 working days', () => {
    const l = ladder({});
    expect(levels(l)).toEqual(['WARNING:0', 'ESCALATION:1', 'ESCALATION:2', 'ESCALATION:3']);
    // 15 working days from Monday 2 March: the warning after 12 of them.
    expect(times(l)).toEqual([
      sh('2026-03-18T09:00'),
      sh('2026-03-23T09:00'),
      sh('2026-03-24T09:00'),
      sh('2026-03-26T09:00'),
    ]);
  });

  it('places a working-day warning in working time, never on the weekend', () => {
    // Routing started Friday 16:00, due Monday 16:00: 24 h of working time, warning after 19.2 h.
    const l = ladder({ start: sh('2026-03-06T16:00'), deadline: sh('2026-03-09T16:00') });
    expect(l[0].at).toEqual(sh('2026-03-09T11:12'));
  });

  it('places a calendar-time warning at 80% of the calendar time, and still escalates on working days', () => {
    // TRACKING (P7D) from 28 Sep; its deadline 5 Oct falls in the golden week.
    const l = ladder({ start: sh('2026-09-28T09:30'), deadline: sh('2026-10-05T09:30'), timeBasis: 'CALENDAR' });
    expect(times(l)).toEqual([
      sh('2026-10-03T23:54'),
      sh('2026-10-05T09:30'),
      sh('2026-10-09T00:00'), // one working day, counted from 00:00 of the next working day (8 Oct)
      sh('2026-10-11T00:00'), // 8, 9 and the make-up Saturday 10 Oct
    ]);
  });

  it.each([
    ['class MAJOR', { slaClass: 'MAJOR' as const }],
    ['severity MAJOR', { severity: 'MAJOR' as const }],
  ])('raises levels 1, 2 and 3 together at the deadline for %s', (_, over) => {
    const l = ladder(over);
    expect(levels(l)).toEqual(['WARNING:0', 'ESCALATION:1', 'ESCALATION:2', 'ESCALATION:3']);
    expect(times(l).slice(1)).toEqual([sh('2026-03-23T09:00'), sh('2026-03-23T09:00'), sh('2026-03-23T09:00')]);
  });

  describe('a short test policy', () => {
    const policy: SlaPolicy = {
      rules: [{ stage: 'HANDLING', slaClass: 'GENERAL', duration: 'PT4S' }],
      escalationSteps: { level2AfterMs: 2000, level3AfterMs: 4000 },
    };
    const start = sh('2026-10-03T12:00');
    const shortLadder = (severity: 'NORMAL' | 'MAJOR') =>
      buildEscalationLadder({
        start,
        deadline: computeStageDeadline({ stage: 'HANDLING', slaClass: 'GENERAL', start, policy, calendar }),
        calendar,
        timeBasis: timeBasisOf(slaRuleFor(policy, 'HANDLING', 'GENERAL')),
        slaClass: 'GENERAL',
        severity,
        escalationSteps: policy.escalationSteps,
      }).map((c) => c.at.getTime() - start.getTime());

    it('runs the whole ladder in seconds, even on a holiday', () => {
      expect(shortLadder('NORMAL')).toEqual([3200, 4000, 6000, 8000]);
    });

    it('still puts every level of a MAJOR case at the deadline', () => {
      expect(shortLadder('MAJOR')).toEqual([3200, 4000, 4000, 4000]);
    });
  });

  it('stays in time order for every default rule and start', () => {
    for (const rule of DEFAULT_SLA_POLICY.rules) {
      for (const start of [sh('2026-09-30T17:00'), sh('2026-02-14T08:00'), sh('2026-12-31T23:59')]) {
        const deadline = computeStageDeadline({ ...rule, start, policy: DEFAULT_SLA_POLICY, calendar });
        const at = times(ladder({ start, deadline, timeBasis: timeBasisOf(rule), slaClass: rule.slaClass }));
        expect(at[0] > start).toBe(true);
        expect([...at].sort((a, b) => a.getTime() - b.getTime())).toEqual(at);
      }
    }
  });

  it('warns at once when the deadline is not after the start', () => {
    const l = ladder({ start: sh('2026-03-10T09:00'), deadline: sh('2026-03-09T09:00') });
    expect(l[0].at).toEqual(sh('2026-03-09T09:00'));
  });
});

describe('walking the ladder', () => {
  const major = ladder({ slaClass: 'MAJOR' });
  const [warning, , , level3] = major;

  it('sleeps until the warning first, then the deadline', () => {
    expect(nextCheckpoint(major, sh('2026-03-02T09:00'))).toBe(warning);
    expect(nextCheckpoint(major, warning.at)?.level).toBe(1);
    expect(remainingCheckpoints(major, warning.at).map((c) => c.level)).toEqual([1, 2, 3]);
  });

  it('raises everything due at one instant on a single wake-up', () => {
    expect(dueCheckpoints(major, warning.at, level3.at).map((c) => c.level)).toEqual([1, 2, 3]);
    expect(remainingCheckpoints(major, level3.at)).toEqual([]);
    expect(nextCheckpoint(major, level3.at)).toBeUndefined();
  });

  it('raises what a long sleep skipped, and nothing twice', () => {
    const normal = ladder({});
    const lateWakeUp = sh('2026-03-25T00:00');
    expect(dueCheckpoints(normal, sh('2026-03-02T09:00'), lateWakeUp).map((c) => c.level)).toEqual([0, 1, 2]);
    expect(dueCheckpoints(normal, lateWakeUp, lateWakeUp)).toEqual([]);
  });
});
