import { CHAIN_STAGES, SLA_CLASSES, type ChainStage } from '@app/domain/enums';
import type { SlaPolicy } from '@app/domain/sla/sla-policy';

/**
 * A drill policy (as in test/integration/dispute-sla.workflow.spec.ts): the named stages take
 * the given ISO durations, every other stage an hour; escalation steps of 1 s and 2 s.
 */
export function drillPolicy(short: Partial<Record<ChainStage, string>>, extra: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    rules: CHAIN_STAGES.flatMap((stage) =>
      SLA_CLASSES.map((slaClass) => ({ stage, slaClass, duration: short[stage] ?? 'PT1H' })),
    ),
    escalationSteps: { level2AfterMs: 1000, level3AfterMs: 2000 },
    ...extra,
  };
}

/** When the rungs of a drill stage (calendar-time duration, NORMAL severity) fall due: warning at 80 %, levels 1, 2, 3 at the deadline +0, +1 s, +2 s. */
export function drillLadder(enteredAt: string, deadline: string): { type: string; level: number; dueAt: number }[] {
  const start = Date.parse(enteredAt);
  const end = Date.parse(deadline);
  return [
    { type: 'WarningRaised', level: 0, dueAt: start + 0.8 * (end - start) },
    { type: 'EscalationRaised', level: 1, dueAt: end },
    { type: 'EscalationRaised', level: 2, dueAt: end + 1000 },
    { type: 'EscalationRaised', level: 3, dueAt: end + 2000 },
  ];
}
