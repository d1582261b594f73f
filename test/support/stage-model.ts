import * as fc from 'fast-check';
import type { Actor } from '@app/contracts';
import { OUTCOMES, RATINGS, type Outcome, type Rating, type Resolution, type Stage } from '@app/domain/enums';
import { DEMO_ACCOUNTS, DEMO_UNIT_IDS } from '@app/domain/territory';
import {
  ACTIONS,
  checkAction,
  nextStageAfter,
  type Action,
  type ActionCheck,
  type RuleCase,
  type Transition,
} from '@app/domain/workflow-rules/stage-rules';

/**
 * A model of one case for property tests: the pure stage rules (checkAction, nextStageAfter)
 * plus what DOMAIN.md and the README's lifecycle say each accepted action does to the case
 * (assignee, unit, status, extension, reopen count, resolution). Random sequences of actions are
 * played on it (test/unit/stage-rules.property.spec.ts) and on real workflows
 * (test/faults/stage-rules-workflow.property.spec.ts).
 */

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;
const XIAOTANG = DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE;

function demoActor(username: string, role: Actor['role']): Actor {
  const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
  return {
    userId: account.id,
    role,
    unitIds: account.unitIds,
    centerCode: account.centerCode,
    supervisorLevel: account.supervisorLevel,
  };
}

/** Everyone who might try something: mediator1/2 work the 新村 pool, mediator3 the 晓塘 pool. */
export const MODEL_ACTORS = {
  clerk: demoActor('clerk1', 'CLERK'),
  grid: demoActor('grid1', 'GRID_WORKER'),
  mediator1: demoActor('mediator1', 'MEDIATOR'),
  mediator2: demoActor('mediator2', 'MEDIATOR'),
  mediator3: demoActor('mediator3', 'MEDIATOR'),
  supervisor1: demoActor('supervisor1', 'SUPERVISOR'),
  admin: demoActor('admin', 'ADMIN'),
  party: { userId: 'party', role: 'PARTY', unitIds: [] } as Actor,
  system: { userId: 'system', role: 'SYSTEM', unitIds: [] } as Actor,
};
export type ActorKey = keyof typeof MODEL_ACTORS;
export const ACTOR_KEYS = Object.keys(MODEL_ACTORS) as ActorKey[];

export interface ModelCase extends RuleCase {
  handlingOutcome?: Outcome;
  resolution?: Resolution;
}

/** The choices a step leaves to chance besides the action and the actor. */
export interface StepChoice {
  /** Which candidate (action, actor) to take; see `pickStep`. */
  pick: number;
  /**
   * 0–9: 0–1 the step is drawn among all candidates (most are refused), 2 among the allowed
   * ones, 3–5 among the allowed ones that do not end the case (merge, withdraw, reject would end
   * most sequences early), 6–9 among the allowed ones that move it along the chain, so that
   * sequences reach the late stages and the overlays there too.
   */
  bias: number;
  outcome: Outcome;
  fulfilled: boolean;
  rating: Rating;
  approve: boolean;
}

export const stepChoice: fc.Arbitrary<StepChoice> = fc.record({
  // Without bias: fast-check favours small numbers, which would favour the first candidates.
  pick: fc.noBias(fc.nat()),
  bias: fc.noBias(fc.integer({ min: 0, max: 9 })),
  outcome: fc.constantFrom(...OUTCOMES),
  fulfilled: fc.boolean(),
  rating: fc.constantFrom(...RATINGS),
  approve: fc.boolean(),
});

export interface ModelStep {
  action: Action;
  actor: ActorKey;
  outcome: Outcome;
  fulfilled: boolean;
  rating: Rating;
  approve: boolean;
  /** transferDispute: the other community's committee; reassignTask: a mediator of the case's pool. */
  unitId?: string;
  mediator?: ActorKey;
}

/** The chain's own steps, as opposed to overlays. */
const FORWARD: Action[] = [
  'acceptDispute',
  'routeDispute',
  'claimTask',
  'completeHandling',
  'recordFollowUp',
  'approveSupervision',
  'deliverFeedback',
  'submitEvaluation',
];

/** Overlays that close the case. */
const ENDINGS: Action[] = ['mergeDispute', 'withdrawDispute', 'rejectDispute'];

export const CANDIDATES: { action: Action; actor: ActorKey }[] = ACTIONS.flatMap((action) =>
  ACTOR_KEYS.map((actor) => ({ action, actor })),
);

export const initialCase = (acceptNow: boolean): ModelCase => ({
  stage: acceptNow ? 'ACCEPTANCE' : 'DISCOVERY',
  status: 'OPEN',
  reopenCount: 0,
});

export function check(c: ModelCase, action: Action, actor: ActorKey): ActionCheck {
  return checkAction(c, action, MODEL_ACTORS[actor]);
}

/** Turns a random choice into a concrete step for the case as it stands. */
export function pickStep(c: ModelCase, choice: StepChoice): ModelStep {
  const allowed = CANDIDATES.filter((k) => check(c, k.action, k.actor).ok);
  const lasting = allowed.filter((k) => !ENDINGS.includes(k.action));
  const forward = allowed.filter((k) => FORWARD.includes(k.action));
  const pool = [CANDIDATES, CANDIDATES, allowed, lasting, lasting, lasting, forward, forward, forward, forward][
    choice.bias
  ];
  const from = pool.length > 0 ? pool : allowed.length > 0 ? allowed : CANDIDATES;
  // Each action as likely as the next, whoever may do it (else the actions many may do crowd the rest out).
  const actions = [...new Set(from.map((k) => k.action))];
  const action = actions[choice.pick % actions.length];
  const actorsOf = from.filter((k) => k.action === action);
  const { actor } = actorsOf[Math.floor(choice.pick / actions.length) % actorsOf.length];
  const otherUnit = c.unitId === XINCUN ? XIAOTANG : XINCUN;
  return {
    action,
    actor,
    outcome: choice.outcome,
    fulfilled: choice.fulfilled,
    rating: choice.rating,
    approve: choice.approve,
    unitId: action === 'routeDispute' ? XINCUN : action === 'transferDispute' ? otherUnit : undefined,
    mediator: action === 'reassignTask' ? (c.unitId === XIAOTANG ? 'mediator3' : 'mediator2') : undefined,
  };
}

export interface Applied {
  check: ActionCheck;
  transition?: Transition;
  after: ModelCase;
}

/** What the step does to the case: nothing when refused; otherwise the rules' transition and its effects. */
export function applyStep(c: ModelCase, step: ModelStep): Applied {
  const result = check(c, step.action, step.actor);
  if (!result.ok) return { check: result, after: c };
  const actor = MODEL_ACTORS[step.actor];
  const next: ModelCase = { ...c, extension: c.extension && { ...c.extension } };
  const transition = nextStageAfter(step.action, {
    stage: c.stage,
    reopenCount: c.reopenCount,
    outcome: step.outcome,
    fulfilled: step.fulfilled,
    rating: step.rating,
    handlingOutcome: c.handlingOutcome ?? 'UNRESOLVED',
  } as never);
  switch (step.action) {
    case 'routeDispute':
      next.unitId = step.unitId;
      break;
    case 'claimTask':
      next.assigneeId = actor.userId;
      break;
    case 'releaseTask':
      next.assigneeId = undefined;
      break;
    case 'reassignTask':
      next.assigneeId = MODEL_ACTORS[step.mediator!].userId;
      break;
    case 'transferDispute':
      next.unitId = step.unitId;
      next.assigneeId = undefined;
      break;
    case 'completeHandling':
      next.handlingOutcome = step.outcome;
      break;
    case 'requestExtension':
      next.extension = { status: 'PENDING' };
      break;
    case 'decideExtension':
      next.extension = { status: step.approve ? 'APPROVED' : 'REJECTED' };
      break;
    case 'suspendDispute':
      next.status = 'SUSPENDED';
      break;
    case 'resumeDispute':
      next.status = 'OPEN';
      break;
    case 'submitEvaluation':
      if (transition.reopened) {
        next.reopenCount += 1;
        next.handlingOutcome = undefined;
      }
      break;
    default:
      break;
  }
  next.stage = transition.stage;
  if (transition.stage === 'CLOSED') {
    next.status = 'CLOSED';
    next.resolution = transition.resolution;
  }
  return { check: result, transition, after: next };
}

/** The lifecycle's edges (README, "The case lifecycle"), written out independently of the rules: from → to → by which actions. */
export const LIFECYCLE_EDGES: Record<string, Action[]> = {
  'DISCOVERY>ACCEPTANCE': ['acceptDispute'],
  'DISCOVERY>CLOSED': ['rejectDispute', 'mergeDispute', 'withdrawDispute'],
  'ACCEPTANCE>ROUTING': ['routeDispute'],
  'ACCEPTANCE>CLOSED': ['mergeDispute', 'withdrawDispute'],
  'ROUTING>HANDLING': ['claimTask', 'reassignTask'],
  'ROUTING>CLOSED': ['mergeDispute', 'withdrawDispute'],
  'HANDLING>TRACKING': ['completeHandling'],
  'HANDLING>SUPERVISION': ['completeHandling'],
  'HANDLING>ROUTING': ['transferDispute'],
  'HANDLING>CLOSED': ['mergeDispute', 'withdrawDispute'],
  'TRACKING>SUPERVISION': ['recordFollowUp'],
  'TRACKING>HANDLING': ['recordFollowUp'],
  'TRACKING>ROUTING': ['transferDispute'],
  'TRACKING>CLOSED': ['mergeDispute'],
  'SUPERVISION>FEEDBACK': ['approveSupervision'],
  'SUPERVISION>HANDLING': ['returnSupervision'],
  // A community unit's UNRESOLVED case goes up a level (DOMAIN.md "Routing").
  'SUPERVISION>ROUTING': ['transferDispute'],
  'SUPERVISION>CLOSED': ['mergeDispute'],
  'FEEDBACK>EVALUATION': ['deliverFeedback'],
  'FEEDBACK>CLOSED': ['mergeDispute'],
  'EVALUATION>CLOSED': ['submitEvaluation', 'mergeDispute'],
  'EVALUATION>HANDLING': ['submitEvaluation'],
};

/** A stage change only along LIFECYCLE_EDGES; staying put (overlays, transfer within ROUTING) is always fine. */
export function edgeAllowed(from: Stage, to: Stage, action: Action): boolean {
  if (from === to) return true;
  return (LIFECYCLE_EDGES[`${from}>${to}`] ?? []).includes(action);
}
