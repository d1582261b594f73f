/**
 * Joint handling (协办): the mediator handling a case asks another unit (the judicial office, the
 * police liaison, the legal advisor, another center's unit) for assistance, with an instruction
 * and a deadline in working days. Each request is a task in that unit's pool; one of its
 * mediators claims it and answers with a report. While an assistance is open the case cannot
 * complete handling (docs/joint-handling.md). Pure: the dispute workflow and the gateway use it.
 */
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { CaseStatus, Stage } from '../enums';
import { addWorkingDaysOf } from '../sla/sla-policy';

export const ASSISTANCE_STATUSES = ['OPEN', 'CLAIMED', 'ANSWERED', 'WITHDRAWN'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];

/** An assistance is open (blocks the completion of handling) until it is answered or withdrawn. */
export const isOpenAssistance = (a: { status: AssistanceStatus }) => a.status === 'OPEN' || a.status === 'CLAIMED';

/** A deadline of 1 to 15 working days, like an extension. */
export const MIN_ASSISTANCE_WORKING_DAYS = 1;
export const MAX_ASSISTANCE_WORKING_DAYS = 15;
/** At most this many assistances open on one case at once. */
export const MAX_OPEN_ASSISTANCES = 5;
export const MAX_INSTRUCTION_LENGTH = 2000;
export const MAX_REPORT_LENGTH = 4000;
export const MAX_WITHDRAW_REASON_LENGTH = 500;

export type AssistanceAction = 'requestAssistance' | 'claimAssistance' | 'answerAssistance' | 'withdrawAssistance';

export type AssistanceRefusalCode = 'STAGE_CONFLICT' | 'FORBIDDEN' | 'ALREADY_CLAIMED' | 'RULE_VIOLATION' | 'NOT_FOUND';
export type AssistanceCheck = { ok: true } | { ok: false; code: AssistanceRefusalCode; reason: string };

/** Who acts: the role they act in and the unit pools they belong to. */
export interface AssistanceActor {
  userId: string;
  role: string;
  unitIds: readonly string[];
}

/** What the rules look at of the case. */
export interface AssistanceCase {
  stage: Stage;
  status: CaseStatus;
  unitId?: string;
  assigneeId?: string;
}

/** What the rules look at of one assistance. */
export interface AssistanceFacts {
  id: string;
  unitId: string;
  status: AssistanceStatus;
  assigneeId?: string;
}

const OK: AssistanceCheck = { ok: true };
const refuse = (code: AssistanceRefusalCode, reason: string): AssistanceCheck => ({ ok: false, code, reason });

/**
 * A request: only the mediator who holds the case, in HANDLING, while it is open (not
 * suspended); to a unit other than the case's own; 1 to 15 working days; at most
 * MAX_OPEN_ASSISTANCES open at once, and not a second open one to the same unit.
 */
export function checkRequest(
  c: AssistanceCase,
  actor: AssistanceActor,
  input: { unitId: string; workingDays: number; instruction: string },
  assistances: readonly AssistanceFacts[],
): AssistanceCheck {
  if (actor.role !== 'MEDIATOR') return refuse('FORBIDDEN', 'only MEDIATOR may request assistance');
  if (c.status === 'CLOSED' || c.stage === 'CLOSED')
    return refuse('STAGE_CONFLICT', 'cannot request assistance: the case is closed');
  if (c.stage !== 'HANDLING')
    return refuse('STAGE_CONFLICT', `cannot request assistance in stage ${c.stage} (only in HANDLING)`);
  if (c.status === 'SUSPENDED')
    return refuse('STAGE_CONFLICT', 'cannot request assistance: the case is suspended; resume it first');
  if (c.assigneeId !== actor.userId)
    return refuse('FORBIDDEN', 'only the mediator who holds the task may request assistance');
  const days = checkWorkingDays(input.workingDays);
  if (!days.ok) return days;
  if (input.instruction.trim().length === 0) return refuse('RULE_VIOLATION', 'instruction: must not be empty');
  if (c.unitId !== undefined && input.unitId === c.unitId)
    return refuse('RULE_VIOLATION', "unitId: assistance is asked of another unit, not the case's own");
  const open = assistances.filter(isOpenAssistance);
  if (open.some((a) => a.unitId === input.unitId))
    return refuse('RULE_VIOLATION', 'unitId: an assistance of this unit is already open on the case');
  if (open.length >= MAX_OPEN_ASSISTANCES)
    return refuse('RULE_VIOLATION', `at most ${MAX_OPEN_ASSISTANCES} assistances may be open at once`);
  return OK;
}

export function checkWorkingDays(workingDays: number): AssistanceCheck {
  if (
    !Number.isInteger(workingDays) ||
    workingDays < MIN_ASSISTANCE_WORKING_DAYS ||
    workingDays > MAX_ASSISTANCE_WORKING_DAYS
  ) {
    return refuse(
      'RULE_VIOLATION',
      `workingDays: an assistance takes ${MIN_ASSISTANCE_WORKING_DAYS} to ${MAX_ASSISTANCE_WORKING_DAYS} working days (asked: ${workingDays})`,
    );
  }
  return OK;
}

/** A claim: a mediator of the assisting unit's pool, while nobody holds it. */
export function checkClaim(c: AssistanceCase, actor: AssistanceActor, a: AssistanceFacts | undefined): AssistanceCheck {
  if (!a) return refuse('NOT_FOUND', 'no such assistance on this case');
  if (actor.role !== 'MEDIATOR') return refuse('FORBIDDEN', 'only MEDIATOR may claim an assistance');
  if (!actor.unitIds.includes(a.unitId))
    return refuse('FORBIDDEN', "only a mediator of the assisting unit's pool may claim its assistance");
  if (a.status === 'ANSWERED' || a.status === 'WITHDRAWN' || c.status === 'CLOSED')
    return refuse('STAGE_CONFLICT', `cannot claim: the assistance is ${c.status === 'CLOSED' ? 'closed' : a.status}`);
  if (a.assigneeId === actor.userId) return refuse('ALREADY_CLAIMED', 'you already hold this assistance');
  if (a.assigneeId !== undefined)
    return refuse('ALREADY_CLAIMED', 'another mediator has already claimed this assistance');
  return OK;
}

/** An answer: the mediator who claimed it, with a report. */
export function checkAnswer(
  c: AssistanceCase,
  actor: AssistanceActor,
  a: AssistanceFacts | undefined,
  report: string,
): AssistanceCheck {
  if (!a) return refuse('NOT_FOUND', 'no such assistance on this case');
  if (actor.role !== 'MEDIATOR') return refuse('FORBIDDEN', 'only MEDIATOR may answer an assistance');
  if (a.status === 'ANSWERED' || a.status === 'WITHDRAWN' || c.status === 'CLOSED')
    return refuse('STAGE_CONFLICT', `cannot answer: the assistance is ${c.status === 'CLOSED' ? 'closed' : a.status}`);
  if (a.assigneeId !== actor.userId)
    return refuse(
      'FORBIDDEN',
      a.assigneeId === undefined
        ? 'claim the assistance before answering it'
        : 'only the mediator who claimed the assistance may answer it',
    );
  if (report.trim().length === 0) return refuse('RULE_VIOLATION', 'report: must not be empty');
  return OK;
}

/** A withdrawal: the mediator who holds the case, with a reason, while the assistance is open. */
export function checkWithdraw(
  c: AssistanceCase,
  actor: AssistanceActor,
  a: AssistanceFacts | undefined,
  reason: string,
): AssistanceCheck {
  if (!a) return refuse('NOT_FOUND', 'no such assistance on this case');
  if (actor.role !== 'MEDIATOR') return refuse('FORBIDDEN', 'only MEDIATOR may withdraw an assistance');
  if (c.assigneeId !== actor.userId)
    return refuse('FORBIDDEN', 'only the mediator who holds the task may withdraw its assistance');
  if (!isOpenAssistance(a)) return refuse('STAGE_CONFLICT', `cannot withdraw: the assistance is ${a.status}`);
  if (reason.trim().length === 0) return refuse('RULE_VIOLATION', 'reason: must not be empty');
  return OK;
}

/**
 * Completing handling needs every assistance answered or withdrawn: the refusal (409
 * STAGE_CONFLICT) names the open ones.
 */
export function checkNoOpenAssistance(
  assistances: readonly (AssistanceFacts & { unitName?: string })[],
): AssistanceCheck {
  const open = assistances.filter(isOpenAssistance);
  if (open.length === 0) return OK;
  const named = open.map((a) => `${a.id} (unit ${a.unitName ?? a.unitId}, ${a.status})`).join(', ');
  return refuse(
    'STAGE_CONFLICT',
    `cannot complete handling: ${open.length === 1 ? 'an assistance is' : `${open.length} assistances are`} still open: ${named}; wait for the answer or withdraw it with a reason`,
  );
}

/**
 * The assistance's deadline: `workingDays` working days of the office calendar after the request;
 * under a drill policy's compressed time (`workingDayMs`, as for an extension) that many times
 * `workingDayMs` of calendar time.
 */
export function assistanceDeadline(
  requestedAt: Date,
  workingDays: number,
  calendar: WorkingCalendar,
  workingDayMs?: number,
): Date {
  const days = checkWorkingDays(workingDays);
  if (!days.ok) throw new RangeError(days.reason);
  return addWorkingDaysOf(requestedAt, workingDays, calendar, workingDayMs);
}

/** An answer is on time when it comes at or before the deadline. */
export function answeredOnTime(answeredAt: Date, deadline: Date): boolean {
  return answeredAt.getTime() <= deadline.getTime();
}
