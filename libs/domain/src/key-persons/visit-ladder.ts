/**
 * The key-person register (重点人员): who the office watches, how often each is visited (走访),
 * and the ladder a missed visit climbs. Pure; the key person's workflow and the gateway use it.
 */
import { WARNING_SHARE } from '../sla/escalation-ladder'; // at 80 %, as a stage deadline's warning
import { parseIsoDuration } from '../sla/sla-policy';

export const RISK_LEVELS = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const KEY_PERSON_REASONS = [
  'REPEATED_PETITIONS',
  'FAMILY_DISPUTE',
  'MENTAL_HEALTH',
  'COMMUNITY_CORRECTION',
  'OTHER',
] as const;
export type KeyPersonReason = (typeof KEY_PERSON_REASONS)[number];

/** One risk level's visit interval and the offsets of levels 2 and 3 after a missed visit, ISO 8601 durations of calendar time. */
export interface VisitRule {
  riskLevel: RiskLevel;
  /** The longest time between two visits (P7D, P30D, …). */
  interval: string;
  /** Still not visited this long after the due time: level 2 (default P1D). */
  level2After: string;
  /** … and this long: level 3 (default P3D). */
  level3After: string;
}

/** Defaults (docs/key-persons.md): HIGH every 7 days, MEDIUM 30, LOW 90; level 2 a day after, level 3 three days after. */
export const DEFAULT_VISIT_POLICY: VisitRule[] = [
  { riskLevel: 'HIGH', interval: 'P7D', level2After: 'P1D', level3After: 'P3D' },
  { riskLevel: 'MEDIUM', interval: 'P30D', level2After: 'P1D', level3After: 'P3D' },
  { riskLevel: 'LOW', interval: 'P90D', level2After: 'P1D', level3After: 'P3D' },
];

/** One alert point of a visit round: level 0 is the warning. */
export interface VisitPoint {
  kind: 'WARNING' | 'ESCALATION';
  level: 0 | 1 | 2 | 3;
  at: string;
}

/** The problems of a visit policy (one rule per risk level, durations that parse, level 3 after level 2); empty when sound. */
export function validateVisitPolicy(rules: VisitRule[]): string[] {
  const problems: string[] = [];
  for (const level of RISK_LEVELS) {
    const count = rules.filter((r) => r.riskLevel === level).length;
    if (count !== 1) problems.push(`rules: ${count === 0 ? 'no' : 'more than one'} rule for risk level ${level}`);
  }
  rules.forEach((rule, i) => {
    const ms: Record<string, number> = {};
    for (const field of ['interval', 'level2After', 'level3After'] as const) {
      try {
        ms[field] = parseIsoDuration(rule[field]);
        if (ms[field] <= 0) problems.push(`rules.${i}.${field}: must be longer than zero`);
      } catch (error) {
        problems.push(`rules.${i}.${field}: ${(error as Error).message}`);
      }
    }
    if (ms.level2After !== undefined && ms.level3After !== undefined && ms.level3After < ms.level2After) {
      problems.push(`rules.${i}.level3After: must not come before level2After`);
    }
  });
  return problems;
}

/**
 * The points of one visit round: the visit is due `interval` after the last visit (or after the
 * registration), the warning comes at 80 % of it, level 1 at the due time, levels 2 and 3 at
 * their offsets after it.
 */
export function visitPoints(since: Date, rule: VisitRule): { dueAt: string; points: VisitPoint[] } {
  const interval = parseIsoDuration(rule.interval);
  const due = since.getTime() + interval;
  const at = (ms: number) => new Date(ms).toISOString();
  return {
    dueAt: at(due),
    points: [
      { kind: 'WARNING', level: 0, at: at(since.getTime() + Math.round(interval * WARNING_SHARE)) },
      { kind: 'ESCALATION', level: 1, at: at(due) },
      { kind: 'ESCALATION', level: 2, at: at(due + parseIsoDuration(rule.level2After)) },
      { kind: 'ESCALATION', level: 3, at: at(due + parseIsoDuration(rule.level3After)) },
    ],
  };
}

/** The alert's sequence within the key person: round × 4 + level, so each point is stored once. */
export function visitAlertSeq(round: number, level: number): number {
  return round * 4 + level;
}
