import type { CaseState, SlaSettings, StageClock } from '@app/contracts';
import { officeYear } from '@app/domain/calendar/office-time';
import { WorkingCalendar } from '@app/domain/calendar/working-calendar';
import type { CaseStatus, ChainStage, Stage } from '@app/domain/enums';
import { buildEscalationLadder, type Checkpoint } from '@app/domain/sla/escalation-ladder';
import { pointAfterPause } from '@app/domain/sla/pause';
import {
  computeStageDeadline,
  extendDeadline,
  slaRuleFor,
  timeBasisOf,
  type SlaPolicy,
  type TimeBasis,
} from '@app/domain/sla/sla-policy';

/**
 * The stage clock of a dispute: when a stage's time runs out, when its ladder warns and
 * escalates, and how a suspension, an extension or a supervision order moves it. Every rule here
 * is the domain's (libs/domain/src/sla: the deadline, the ladder, the pause; the working-day
 * calendar); this module only applies them to the clock the workflow carries (`StageClock`, plain
 * data, so it survives continue-as-new). Deterministic and without I/O: the workflow reads the
 * SLA settings (an activity) and the time, and hands both in.
 */

/** The case facts a stage's clock depends on. */
export type ClockCase = Pick<CaseState, 'slaClass' | 'severity' | 'urgent'>;

/** The SLA policy and the working-day calendar, as read for one decision. */
export interface ClockRules {
  policy: SlaPolicy;
  calendar: WorkingCalendar;
}

export function clockRules({ policy, calendar }: SlaSettings): ClockRules {
  return { policy, calendar: new WorkingCalendar(calendar) };
}

/** The calendar years whose settings a decision at `at` needs: this office year and the next. */
export function clockYears(at: number): [number, number] {
  const year = officeYear(at);
  return [year, year + 1];
}

/** A clock for `stage` from `start` to `deadline`, with its ladder; `raised`: levels already raised. */
function clockOf(
  stage: Stage,
  start: Date,
  deadline: Date,
  timeBasis: TimeBasis,
  raised: number[],
  kase: ClockCase,
  { policy, calendar }: ClockRules,
): StageClock {
  // EVALUATION's deadline closes the case (NOT_RATED); there is nobody to warn or escalate to.
  const checkpoints =
    stage === 'EVALUATION'
      ? []
      : buildEscalationLadder({
          start,
          deadline,
          calendar,
          timeBasis,
          slaClass: kase.slaClass,
          severity: kase.severity,
          escalationSteps: policy.escalationSteps,
        });
  return {
    stage,
    start: start.toISOString(),
    deadline: deadline.toISOString(),
    timeBasis,
    checkpoints: checkpoints.map((c) => ({ ...c, at: c.at.toISOString() })),
    raised,
  };
}

/** `stage`'s clock from the stage's entry at `start`, with the SLA policy as it is now. */
export function startStageClock(stage: ChainStage, start: Date, kase: ClockCase, rules: ClockRules): StageClock {
  const { policy, calendar } = rules;
  const deadline = computeStageDeadline({
    stage,
    slaClass: kase.slaClass,
    urgent: kase.urgent,
    start,
    policy,
    calendar,
  });
  const rule = slaRuleFor(policy, stage, kase.slaClass, kase.urgent);
  return clockOf(stage, start, deadline, timeBasisOf(rule), [], kase, rules);
}

/**
 * A new deadline for the running stage: the ladder is rebuilt towards it, levels already raised
 * stay raised, and a supervision order's alerts keep naming the order. A suspension's pause mark
 * does not carry over (as before this module: an order issued while suspended starts a clock
 * that the resumption leaves where it is).
 */
export function moveDeadline(clock: StageClock, deadline: Date, kase: ClockCase, rules: ClockRules): StageClock {
  const moved = clockOf(clock.stage, new Date(clock.start), deadline, clock.timeBasis, clock.raised, kase, rules);
  if (clock.order) moved.order = clock.order;
  return moved;
}

/** Where an approved extension of `days` working days (or the policy's working-day length) moves the deadline. */
export function extendedDeadline(clock: StageClock, days: number, { policy, calendar }: ClockRules): Date {
  return extendDeadline(new Date(clock.deadline), days, policy, calendar);
}

/**
 * A supervision order replaces the deadline and the ladder starts again from it (DOMAIN.md):
 * warning at 80 % of the time from the order to its deadline, then levels 1, 2 and 3, each alert
 * naming the order. The caller resets the case's escalation level and overdue mark.
 */
export function restartForOrder(
  clock: StageClock,
  order: { instruction: string; issuedAt: string; deadline: Date },
  kase: ClockCase,
  rules: ClockRules,
): StageClock {
  const restarted = clockOf(clock.stage, new Date(order.issuedAt), order.deadline, clock.timeBasis, [], kase, rules);
  restarted.order = {
    instruction: order.instruction,
    issuedAt: order.issuedAt,
    deadline: order.deadline.toISOString(),
  };
  return restarted;
}

/** A suspension stops the clock at `at` (ISO). */
export function pauseClock(clock: StageClock, at: string): StageClock {
  return { ...clock, pausedAt: at };
}

/**
 * The clock after a suspension that ends at `at`: every point moves by the working time the pause
 * covered, so the working time left is what it was (pointAfterPause). A clock that was not paused
 * is returned as it is.
 */
export function resumeClock(clock: StageClock, at: Date, calendar: WorkingCalendar): StageClock {
  if (!clock.pausedAt) return clock;
  const pause = { from: new Date(clock.pausedAt), to: at };
  const shift = (iso: string) => pointAfterPause(new Date(iso), pause, clock.timeBasis, calendar).toISOString();
  const deadline = shift(clock.deadline);
  return {
    ...clock,
    start: shift(clock.start),
    deadline,
    checkpoints: clock.checkpoints.map((c) => ({ ...c, at: shift(c.at) })),
    ...(clock.order && { order: { ...clock.order, deadline } }),
    pausedAt: undefined,
  };
}

/**
 * How histories recorded before PAUSE_WORKING_TIME_PATCH resumed: every point moved by the
 * pause's wall-clock time, and an order's deadline stayed as issued.
 */
export function resumeClockByWallTime(clock: StageClock, at: number): StageClock {
  if (!clock.pausedAt) return clock;
  const paused = at - Date.parse(clock.pausedAt);
  const shift = (iso: string) => new Date(Date.parse(iso) + paused).toISOString();
  return {
    ...clock,
    start: shift(clock.start),
    deadline: shift(clock.deadline),
    checkpoints: clock.checkpoints.map((c) => ({ ...c, at: shift(c.at) })),
    pausedAt: undefined,
  };
}

/** Whether the clock runs: there is one, it is not paused, and the case is open (not suspended or closed). */
export function clockRuns(clock: StageClock | undefined, status: CaseStatus): clock is StageClock {
  return !!clock && !clock.pausedAt && status === 'OPEN';
}

/** EVALUATION's clock has run out at `at`: nobody rated the case, which closes NOT_RATED. */
export function evaluationLapsed(clock: StageClock, at: number): boolean {
  return clock.stage === 'EVALUATION' && Date.parse(clock.deadline) <= at;
}

export type ClockCheckpoint = StageClock['checkpoints'][number];

/** The ladder's checkpoints due at `at` and not yet raised, in ladder order. */
export function checkpointsDue(clock: StageClock, at: number): ClockCheckpoint[] {
  return clock.checkpoints.filter((c) => Date.parse(c.at) <= at && !clock.raised.includes(c.level));
}

/** The clock once `checkpoint` is raised: each level fires once. */
export function markRaised(clock: StageClock, checkpoint: ClockCheckpoint): StageClock {
  return { ...clock, raised: [...clock.raised, checkpoint.level] };
}

/** The case's escalation after `checkpoint` is raised: a warning (level 0) changes nothing, a level makes it overdue. */
export function escalationAfter(
  kase: Pick<CaseState, 'escalationLevel' | 'overdue'>,
  checkpoint: Pick<Checkpoint, 'level'>,
): Pick<CaseState, 'escalationLevel' | 'overdue'> {
  if (checkpoint.level === 0) return { escalationLevel: kase.escalationLevel, overdue: kase.overdue };
  return { escalationLevel: Math.max(kase.escalationLevel, checkpoint.level), overdue: true };
}

/** The event that raising `checkpoint` records, after escalationAfter applied to the case. */
export function checkpointAlert(
  clock: StageClock,
  checkpoint: ClockCheckpoint,
  kase: Pick<CaseState, 'escalationLevel' | 'overdue'>,
): { type: 'WarningRaised' | 'EscalationRaised'; payload: Record<string, unknown> } {
  return {
    type: checkpoint.kind === 'WARNING' ? 'WarningRaised' : 'EscalationRaised',
    payload: {
      level: checkpoint.level,
      stage: clock.stage,
      deadline: clock.deadline,
      escalationLevel: kase.escalationLevel,
      overdue: kase.overdue,
      ...(clock.order && {
        reason: 'SUPERVISION_ORDER',
        order: { instruction: clock.order.instruction, issuedAt: clock.order.issuedAt },
      }),
    },
  };
}

/**
 * The instant (ms) the clock next needs the workflow: EVALUATION's deadline, else the earliest
 * checkpoint not yet raised; undefined: nothing ahead.
 */
export function nextDueAt(clock: StageClock): number | undefined {
  const due =
    clock.stage === 'EVALUATION'
      ? [Date.parse(clock.deadline)]
      : clock.checkpoints.filter((c) => !clock.raised.includes(c.level)).map((c) => Date.parse(c.at));
  return due.length === 0 ? undefined : Math.min(...due);
}
