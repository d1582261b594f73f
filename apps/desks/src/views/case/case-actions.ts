import { ACTION_RULES, checkAction, type ActorRole, type RuleCase } from '@app/domain/workflow-rules/stage-rules';

/**
 * What the person may do to the case now: the engine's own stage rules
 * (libs/domain/src/workflow-rules/stage-rules.ts, which the workflow's validators run), asked for
 * the role the gateway would act in (the person's first role the action allows, as `actingRole`
 * does). Pure, so a unit test can hold it to the rules; the page shows a button for each answer.
 * Actions the case page does not offer (merge: the counter's; evaluation: the party's) are left out.
 */
export const CASE_PAGE_ACTIONS = [
  'claimTask',
  'releaseTask',
  'recordHandling',
  'completeHandling',
  'requestExtension',
  'recordFollowUp',
  'deliverFeedback',
  'transferDispute',
  'acceptDispute',
  'rejectDispute',
  'routeDispute',
  'approveSupervision',
  'returnSupervision',
  'issueSupervisionOrder',
  'decideExtension',
  'reassignTask',
  'suspendDispute',
  'resumeDispute',
  'withdrawDispute',
] as const;
export type CaseAction = (typeof CASE_PAGE_ACTIONS)[number];

/** The parts of the API's case view the rules read. */
export interface CaseFacts {
  stage: string;
  status: string;
  assigneeId?: string | null;
  unitId?: string | null;
  reopenCount: number;
  extension?: { status: string } | null;
  handlingOutcome?: string | null;
}

/** The signed-in person as the login answer describes them. */
export interface Person {
  id: string;
  roles: readonly string[];
  unitIds: readonly string[];
  supervisorLevel?: number | null;
}

function ruleCase(c: CaseFacts): RuleCase {
  return {
    stage: c.stage as RuleCase['stage'],
    status: c.status as RuleCase['status'],
    assigneeId: c.assigneeId ?? undefined,
    unitId: c.unitId ?? undefined,
    reopenCount: c.reopenCount,
    handlingOutcome: (c.handlingOutcome ?? undefined) as RuleCase['handlingOutcome'],
    extension: c.extension ? { status: c.extension.status as NonNullable<RuleCase['extension']>['status'] } : undefined,
  };
}

/** Whether `person` may do `action` to the case now. */
export function mayDo(c: CaseFacts, action: CaseAction, person: Person): boolean {
  const allowed = ACTION_RULES[action].roles;
  const role = person.roles.find((r): r is ActorRole => (allowed as readonly string[]).includes(r));
  if (!role) return false;
  return checkAction(ruleCase(c), action, {
    userId: person.id,
    role,
    unitIds: [...person.unitIds],
    supervisorLevel: person.supervisorLevel ?? undefined,
  }).ok;
}

/** Every action the case page offers that `person` may take now, in the page's order. */
export function availableActions(c: CaseFacts, person: Person): CaseAction[] {
  return CASE_PAGE_ACTIONS.filter((action) => mayDo(c, action, person));
}
