import type { components } from '../../../api/schema';

type SlaRule = components['schemas']['SlaRuleDto'];

/**
 * An SLA rule as the admin edits it: an amount and a unit. Working days are `workingDays`; days,
 * hours, minutes (and seconds, which only drill policies use) are an ISO 8601 `duration` of
 * calendar time. An empty amount sends neither, which the gateway refuses beside the cell.
 */
export type TermUnit = 'WORKING_DAYS' | 'DAYS' | 'HOURS' | 'MINUTES' | 'SECONDS';

export interface Term {
  stage: SlaRule['stage'];
  slaClass: SlaRule['slaClass'];
  urgent: boolean;
  amount: number | null;
  unit: TermUnit;
}

const SECOND = 1000;
const UNIT_MS: Record<Exclude<TermUnit, 'WORKING_DAYS'>, number> = {
  DAYS: 86_400 * SECOND,
  HOURS: 3600 * SECOND,
  MINUTES: 60 * SECOND,
  SECONDS: SECOND,
};
const DURATION = /^P(?:(\d+)W|(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?)$/;

/** Milliseconds of a duration the gateway accepts (PnW or PnDTnHnMnS), or null. */
export function durationMs(duration: string): number | null {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return null;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((n) => Number(n ?? 0));
  return ((weeks * 7 + days) * 86_400 + hours * 3600 + minutes * 60 + seconds) * SECOND;
}

export function toTerm(rule: SlaRule): Term {
  const base = { stage: rule.stage, slaClass: rule.slaClass, urgent: rule.urgent === true };
  if (rule.workingDays !== undefined) return { ...base, amount: rule.workingDays, unit: 'WORKING_DAYS' };
  const ms = rule.duration === undefined ? null : durationMs(rule.duration);
  if (ms === null) return { ...base, amount: null, unit: 'DAYS' };
  // The largest unit the duration is a whole number of.
  const unit = (['DAYS', 'HOURS', 'MINUTES'] as const).find((u) => ms % UNIT_MS[u] === 0) ?? 'SECONDS';
  return { ...base, amount: ms / UNIT_MS[unit], unit };
}

const ISO: Record<Exclude<TermUnit, 'WORKING_DAYS'>, (n: number) => string> = {
  DAYS: (n) => `P${n}D`,
  HOURS: (n) => `PT${n}H`,
  MINUTES: (n) => `PT${n}M`,
  SECONDS: (n) => `PT${n}S`,
};

export function toRule(term: Term): SlaRule {
  const rule: SlaRule = { stage: term.stage, slaClass: term.slaClass, ...(term.urgent && { urgent: true }) };
  if (term.amount === null || term.amount === undefined) return rule;
  if (term.unit === 'WORKING_DAYS') return { ...rule, workingDays: term.amount };
  return { ...rule, duration: ISO[term.unit](term.amount) };
}
