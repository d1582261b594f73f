import { CHAIN_STAGES, SLA_CLASSES, type ChainStage, type SlaClass } from '../enums';
import { DAY_MS, type WorkingCalendar } from '../calendar/working-calendar';

/**
 * How long a stage may take, per stage × SLA class: either whole working days on the office
 * calendar, or an ISO 8601 duration of calendar time (the clock runs over weekends and holidays).
 */
export interface SlaRule {
  stage: ChainStage;
  slaClass: SlaClass;
  /**
   * Marks an optional override for urgent cases. Urgency is a rule of its own, not a parameter in
   * code, so an ADMIN can change "urgent: 2 hours" like any other SLA; a stage×class without an
   * urgent rule treats urgent cases like the others.
   */
  urgent?: boolean;
  workingDays?: number;
  duration?: string;
}

/** Calendar-time offsets after the deadline for escalation levels 2 and 3 (short test policies). */
export interface EscalationSteps {
  level2AfterMs: number;
  level3AfterMs: number;
}

export interface SlaPolicy {
  rules: SlaRule[];
  version?: number;
  /** When set, replaces "deadline + 1 / + 3 working days" of the escalation ladder. */
  escalationSteps?: EscalationSteps;
  /** SUPERVISION of a SIMPLE case is approved by the system as soon as the case gets there. */
  autoApproveSimple?: boolean;
  /**
   * Compressed time for drills and tests: an extension of N working days moves the deadline by
   * N × this many ms of calendar time instead of N working days on the calendar.
   */
  workingDayMs?: number;
}

/** Whether a rule's clock runs on working days or on calendar time. */
export type TimeBasis = 'WORKING' | 'CALENDAR';

export function timeBasisOf(rule: SlaRule): TimeBasis {
  return rule.workingDays !== undefined ? 'WORKING' : 'CALENDAR';
}

const sameForEveryClass = (stage: ChainStage, term: Omit<SlaRule, 'stage' | 'slaClass'>): SlaRule[] =>
  SLA_CLASSES.map((slaClass) => ({ stage, slaClass, ...term }));

/** DOMAIN.md's stage table: one rule per stage and class, plus urgent routing within 2 hours. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  version: 1,
  rules: [
    ...sameForEveryClass('DISCOVERY', { workingDays: 1 }),
    ...sameForEveryClass('ACCEPTANCE', { workingDays: 1 }),
    ...sameForEveryClass('ACCEPTANCE', { urgent: true, duration: 'PT2H' }),
    ...sameForEveryClass('ROUTING', { workingDays: 1 }),
    { stage: 'HANDLING', slaClass: 'SIMPLE', workingDays: 5 },
    { stage: 'HANDLING', slaClass: 'GENERAL', workingDays: 15 },
    { stage: 'HANDLING', slaClass: 'MAJOR', workingDays: 30 },
    ...sameForEveryClass('TRACKING', { duration: 'P7D' }),
    ...sameForEveryClass('SUPERVISION', { workingDays: 2 }),
    ...sameForEveryClass('FEEDBACK', { workingDays: 2 }),
    ...sameForEveryClass('EVALUATION', { duration: 'P7D' }),
  ],
};

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

// At least one component after P, and at least one after T.
const DURATION = /^P(?!$)(?:(\d+)W|(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

/**
 * Milliseconds of calendar time in an ISO 8601 duration: PnW, or PnDTnHnMnS with whole numbers.
 * Months and years are refused because their length depends on the date they start from.
 */
export function parseIsoDuration(s: string): number {
  const m = DURATION.exec(s);
  if (m === null) {
    if (/^P[^T]*[YM]/.test(s)) {
      throw new RangeError(
        `duration '${s}': months and years have no fixed length; use days (e.g. P30D) or workingDays`,
      );
    }
    throw new RangeError(`duration '${s}' is not an ISO 8601 duration such as PT2H, P7D or P2W`);
  }
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((n) => Number(n ?? 0));
  return (weeks * 7 + days) * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS;
}

const ruleKey = (r: Pick<SlaRule, 'stage' | 'slaClass' | 'urgent'>) =>
  `${r.stage}×${r.slaClass}${r.urgent ? ' urgent' : ''}`;

/** Every problem with a policy, each naming its rule; empty when the policy can be used. */
export function validateSlaPolicy(policy: SlaPolicy): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  policy.rules.forEach((rule, i) => {
    const name = `rule ${i + 1} (${rule.stage} × ${rule.slaClass}${rule.urgent ? ', urgent' : ''})`;
    if (!CHAIN_STAGES.includes(rule.stage)) problems.push(`${name}: unknown stage ${rule.stage}`);
    if (!SLA_CLASSES.includes(rule.slaClass)) problems.push(`${name}: unknown SLA class ${rule.slaClass}`);
    if (rule.workingDays === undefined && rule.duration === undefined) {
      problems.push(`${name}: has neither workingDays nor duration`);
    } else if (rule.workingDays !== undefined && rule.duration !== undefined) {
      problems.push(`${name}: has both workingDays and duration; give one`);
    } else if (rule.workingDays !== undefined) {
      if (!Number.isInteger(rule.workingDays) || rule.workingDays < 1) {
        problems.push(`${name}: workingDays must be a whole number of at least 1 (got ${rule.workingDays})`);
      }
    } else {
      try {
        if (parseIsoDuration(rule.duration!) === 0) problems.push(`${name}: duration ${rule.duration} is zero`);
      } catch (e) {
        problems.push(`${name}: ${(e as Error).message}`);
      }
    }
    const key = ruleKey(rule);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else problems.push(`${name}: duplicates rule ${first + 1}`);
  });
  for (const stage of CHAIN_STAGES) {
    for (const slaClass of SLA_CLASSES) {
      if (!firstIndex.has(ruleKey({ stage, slaClass }))) problems.push(`missing rule for ${stage} × ${slaClass}`);
    }
  }
  const steps = policy.escalationSteps;
  if (steps) {
    const { level2AfterMs: l2, level3AfterMs: l3 } = steps;
    if (!(Number.isFinite(l2) && l2 >= 0 && Number.isFinite(l3) && l3 >= l2)) {
      problems.push(`escalationSteps: need 0 <= level2AfterMs <= level3AfterMs (got ${l2} and ${l3})`);
    }
  }
  if (policy.workingDayMs !== undefined && !(Number.isInteger(policy.workingDayMs) && policy.workingDayMs > 0)) {
    problems.push(`workingDayMs: must be a whole number of milliseconds above 0 (got ${policy.workingDayMs})`);
  }
  return problems;
}

/** Where an extension of `days` working days moves `deadline`. */
export function extendDeadline(deadline: Date, days: number, policy: SlaPolicy, calendar: WorkingCalendar): Date {
  return addWorkingDaysOf(deadline, days, calendar, policy.workingDayMs);
}

/**
 * `days` working days after `from` by the calendar, or, under a policy with a working-day length
 * (`workingDayMs`, the drills' compressed policies), that many of those lengths.
 */
export function addWorkingDaysOf(from: Date, days: number, calendar: WorkingCalendar, workingDayMs?: number): Date {
  return workingDayMs !== undefined
    ? new Date(from.getTime() + days * workingDayMs)
    : calendar.addWorkingDays(from, days);
}

/** The rule that governs a stage: the urgent override when the case is urgent and one exists. */
export function slaRuleFor(policy: SlaPolicy, stage: ChainStage, slaClass: SlaClass, urgent = false): SlaRule {
  const find = (u: boolean) =>
    policy.rules.find((r) => r.stage === stage && r.slaClass === slaClass && !!r.urgent === u);
  const rule = (urgent && find(true)) || find(false);
  if (!rule) throw new RangeError(`the SLA policy has no rule for ${stage} × ${slaClass}`);
  return rule;
}

export interface StageDeadlineInput {
  stage: ChainStage;
  slaClass: SlaClass;
  urgent?: boolean;
  start: Date;
  policy: SlaPolicy;
  calendar: WorkingCalendar;
}

export function computeStageDeadline({ stage, slaClass, urgent, start, policy, calendar }: StageDeadlineInput): Date {
  const rule = slaRuleFor(policy, stage, slaClass, urgent);
  return rule.workingDays !== undefined
    ? calendar.addWorkingDays(start, rule.workingDays)
    : new Date(start.getTime() + parseIsoDuration(rule.duration!));
}
