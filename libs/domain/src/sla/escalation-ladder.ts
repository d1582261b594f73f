import type { AlertKind, Severity, SlaClass } from '../enums';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { EscalationSteps, TimeBasis } from './sla-policy';

/** One rung of a stage's ladder; level 0 is the yellow warning, 1–3 the escalation levels. */
export interface Checkpoint {
  kind: AlertKind;
  level: 0 | 1 | 2 | 3;
  at: Date;
}

export interface LadderInput {
  start: Date;
  /** The stage's deadline: from the SLA, or moved by an extension or a supervision order. */
  deadline: Date;
  calendar: WorkingCalendar;
  /** The clock of the rule that set the deadline (timeBasisOf); decides how the warning is placed. */
  timeBasis: TimeBasis;
  slaClass: SlaClass;
  severity: Severity;
  /** The policy's calendar-time steps for levels 2 and 3, replacing +1 and +3 working days. */
  escalationSteps?: EscalationSteps;
}

export const WARNING_SHARE = 0.8;

/**
 * The checkpoints of one stage, in order of time and level:
 * - WARNING (level 0) when 80% of the stage's time is used. For working-day SLAs that is 80% of
 *   the working time, so a warning never fires on a weekend or holiday when nobody can act on it
 *   and always leaves a fifth of the working time; for calendar-time SLAs (TRACKING, EVALUATION)
 *   the clock itself runs every day, so it is 80% of the calendar time.
 * - ESCALATION level 1 at the deadline, level 2 one working day later, level 3 three working days
 *   later. These steps are working days for calendar-time SLAs too, since supervisors work office
 *   days; a policy's escalationSteps replace them (test policies measured in seconds).
 * - A MAJOR case (class or severity) is escalated to level 3 as soon as it is overdue. Level 2
 *   fires at the deadline as well, before level 3, so the street leader in charge hears of it too
 *   and the ladder stays monotonic: levels 1, 2, 3 all at the deadline.
 */
export function buildEscalationLadder(input: LadderInput): Checkpoint[] {
  const { deadline, calendar, escalationSteps: steps } = input;
  const major = input.slaClass === 'MAJOR' || input.severity === 'MAJOR';
  const afterDeadline = (workingDays: number, stepMs: number | undefined): Date =>
    major
      ? deadline
      : stepMs !== undefined
        ? new Date(deadline.getTime() + stepMs)
        : calendar.addWorkingDays(deadline, workingDays);
  return [
    { kind: 'WARNING', level: 0, at: warningAt(input) },
    { kind: 'ESCALATION', level: 1, at: deadline },
    { kind: 'ESCALATION', level: 2, at: afterDeadline(1, steps?.level2AfterMs) },
    { kind: 'ESCALATION', level: 3, at: afterDeadline(3, steps?.level3AfterMs) },
  ];
}

function warningAt({ start, deadline, calendar, timeBasis }: LadderInput): Date {
  // A deadline set before the stage start (a supervision order's date already passed) warns at once.
  if (deadline <= start) return deadline;
  if (timeBasis === 'CALENDAR')
    return new Date(start.getTime() + Math.round(WARNING_SHARE * (deadline.getTime() - start.getTime())));
  return calendar.addWorkingDuration(start, Math.round(WARNING_SHARE * calendar.workingTimeBetween(start, deadline)));
}

/**
 * Checkpoints still ahead of `now`. One due exactly at `now` counts as passed: the timer that woke
 * the workflow at that instant raises it, so asking again must not return it twice.
 */
export function remainingCheckpoints(checkpoints: readonly Checkpoint[], now: Date): Checkpoint[] {
  return checkpoints.filter((c) => c.at > now);
}

/** The next checkpoint to sleep until; several may share its instant (see dueCheckpoints). */
export function nextCheckpoint(checkpoints: readonly Checkpoint[], now: Date): Checkpoint | undefined {
  return remainingCheckpoints(checkpoints, now)[0];
}

/** Checkpoints that fell due in (since, now]: everything to raise on waking up at `now`. */
export function dueCheckpoints(checkpoints: readonly Checkpoint[], since: Date, now: Date): Checkpoint[] {
  return checkpoints.filter((c) => c.at > since && c.at <= now);
}
