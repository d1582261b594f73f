import {
  CHAIN_STAGES,
  type CaseStatus,
  type ChainStage,
  type Outcome,
  type Rating,
  type Resolution,
  type Role,
  type Stage,
} from '../enums';

/** Everything that can be done to a case; the names are the workflow's update names. */
export const ACTIONS = [
  'acceptDispute',
  'rejectDispute',
  'mergeDispute',
  'routeDispute',
  'claimTask',
  'releaseTask',
  'reassignTask',
  'transferDispute',
  'recordHandling',
  'completeHandling',
  'requestExtension',
  'decideExtension',
  'recordFollowUp',
  'issueSupervisionOrder',
  'approveSupervision',
  'returnSupervision',
  'deliverFeedback',
  'submitEvaluation',
  'suspendDispute',
  'resumeDispute',
  'withdrawDispute',
] as const;
export type Action = (typeof ACTIONS)[number];

export type ActorRole = Role | 'PARTY' | 'SYSTEM';

export interface RuleActor {
  userId: string;
  role: ActorRole;
  /** The unit pools a mediator belongs to. */
  unitIds: string[];
  supervisorLevel?: number;
}

export type ExtensionStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

/** The part of a case the rules look at. */
export interface RuleCase {
  stage: Stage;
  status: CaseStatus;
  assigneeId?: string;
  unitId?: string;
  extension?: { status: ExtensionStatus };
  reopenCount: number;
  /** The outcome handling completed with, while the case is past HANDLING. */
  handlingOutcome?: Outcome;
}

export type RefusalCode = 'STAGE_CONFLICT' | 'FORBIDDEN' | 'ALREADY_CLAIMED' | 'RULE_VIOLATION';
export type ActionCheck = { ok: true } | { ok: false; code: RefusalCode; reason: string };

export interface ActionRule {
  /** What the action does, as it reads in a refusal: "only CLERK may accept a dispute". */
  does: string;
  stages: readonly ChainStage[];
  roles: readonly ActorRole[];
  /**
   * Allowed while the case is suspended. Only three are: resuming it, withdrawing (a party may give
   * up while the case waits on a court) and a supervision order (a supervisor may act on any open
   * case at any time). Everything else waits, since its clocks are stopped.
   */
  whileSuspended: boolean;
}

/** DOMAIN.md allows at most one extension, of up to 15 working days. */
export const MAX_EXTENSION_WORKING_DAYS = 15;

const OPEN_STAGES = CHAIN_STAGES;
/** A party may withdraw until handling completes. */
const UNTIL_HANDLING_DONE: readonly ChainStage[] = ['DISCOVERY', 'ACCEPTANCE', 'ROUTING', 'HANDLING'];
/** Stages in which a mediator holds the case as a task; ROUTING is where the task waits in the pool. */
const TASK_STAGES: readonly ChainStage[] = ['HANDLING', 'TRACKING'];

/**
 * Who may do what, and when. Suspend and resume are SUPERVISOR decisions because they stop the SLA
 * clocks, the same authority that approves extensions. Transfers happen while the case is still a
 * task (ROUTING, HANDLING, TRACKING), and in SUPERVISION for a case whose handling ended
 * UNRESOLVED: a supervisor or the counter sends it up a level (DOMAIN.md "Routing": a community
 * unit's unresolved case goes to the street-level unit of the same center).
 */
export const ACTION_RULES: Readonly<Record<Action, ActionRule>> = {
  acceptDispute: { does: 'accept a dispute', stages: ['DISCOVERY'], roles: ['CLERK'], whileSuspended: false },
  rejectDispute: { does: 'reject a dispute', stages: ['DISCOVERY'], roles: ['CLERK'], whileSuspended: false },
  mergeDispute: {
    does: 'merge a dispute into another case',
    stages: OPEN_STAGES,
    roles: ['CLERK'],
    whileSuspended: false,
  },
  routeDispute: {
    does: 'route a dispute',
    stages: ['ACCEPTANCE'],
    roles: ['CLERK', 'SUPERVISOR'],
    whileSuspended: false,
  },
  claimTask: { does: 'claim a task', stages: ['ROUTING', ...TASK_STAGES], roles: ['MEDIATOR'], whileSuspended: false },
  releaseTask: { does: 'release a task', stages: TASK_STAGES, roles: ['MEDIATOR'], whileSuspended: false },
  reassignTask: {
    does: 'reassign a task',
    stages: ['ROUTING', ...TASK_STAGES],
    roles: ['SUPERVISOR'],
    whileSuspended: false,
  },
  transferDispute: {
    does: 'transfer a dispute',
    stages: ['ROUTING', ...TASK_STAGES, 'SUPERVISION'],
    roles: ['CLERK', 'SUPERVISOR', 'MEDIATOR'],
    whileSuspended: false,
  },
  recordHandling: {
    does: 'record a mediation session',
    stages: ['HANDLING'],
    roles: ['MEDIATOR'],
    whileSuspended: false,
  },
  completeHandling: { does: 'complete handling', stages: ['HANDLING'], roles: ['MEDIATOR'], whileSuspended: false },
  requestExtension: { does: 'request an extension', stages: ['HANDLING'], roles: ['MEDIATOR'], whileSuspended: false },
  decideExtension: {
    does: 'decide on an extension',
    stages: ['HANDLING'],
    roles: ['SUPERVISOR'],
    whileSuspended: false,
  },
  recordFollowUp: { does: 'record a follow-up', stages: ['TRACKING'], roles: ['MEDIATOR'], whileSuspended: false },
  issueSupervisionOrder: {
    does: 'issue a supervision order',
    stages: OPEN_STAGES,
    roles: ['SUPERVISOR'],
    whileSuspended: true,
  },
  approveSupervision: {
    does: 'approve at supervision',
    stages: ['SUPERVISION'],
    roles: ['SUPERVISOR', 'SYSTEM'], // SYSTEM: the policy's auto-approval of SIMPLE cases
    whileSuspended: false,
  },
  returnSupervision: {
    does: 'return a case to handling',
    stages: ['SUPERVISION'],
    roles: ['SUPERVISOR'],
    whileSuspended: false,
  },
  deliverFeedback: {
    does: 'deliver feedback',
    stages: ['FEEDBACK'],
    roles: ['MEDIATOR', 'CLERK'],
    whileSuspended: false,
  },
  submitEvaluation: { does: 'evaluate a case', stages: ['EVALUATION'], roles: ['PARTY'], whileSuspended: false },
  suspendDispute: { does: 'suspend a dispute', stages: OPEN_STAGES, roles: ['SUPERVISOR'], whileSuspended: false },
  resumeDispute: { does: 'resume a dispute', stages: OPEN_STAGES, roles: ['SUPERVISOR'], whileSuspended: true },
  withdrawDispute: {
    does: 'withdraw a dispute',
    stages: UNTIL_HANDLING_DONE,
    roles: ['CLERK', 'MEDIATOR'],
    whileSuspended: true,
  },
};

const OK: ActionCheck = { ok: true };
const refuse = (code: RefusalCode, reason: string): ActionCheck => ({ ok: false, code, reason });

const inPool = (c: RuleCase, actor: RuleActor) => c.unitId !== undefined && actor.unitIds.includes(c.unitId);
/** A mediator works a case they hold, or one of their pool's cases that nobody holds. */
const worksTheCase = (c: RuleCase, actor: RuleActor) =>
  c.assigneeId === undefined ? inPool(c, actor) : c.assigneeId === actor.userId;

/**
 * Whether `actor` may do `action` to the case now. Checked in the order a clerk would want to
 * hear it: role, closed, stage, suspension, then the rules about this particular case.
 */
export function checkAction(c: RuleCase, action: Action, actor: RuleActor): ActionCheck {
  const rule = ACTION_RULES[action];
  if (!rule.roles.includes(actor.role)) return refuse('FORBIDDEN', `only ${rule.roles.join(' or ')} may ${rule.does}`);
  if (c.status === 'CLOSED' || c.stage === 'CLOSED')
    return refuse('STAGE_CONFLICT', `cannot ${rule.does}: the case is closed`);
  if (!rule.stages.includes(c.stage)) {
    return refuse('STAGE_CONFLICT', `cannot ${rule.does} in stage ${c.stage} (only in ${rule.stages.join(', ')})`);
  }
  if (c.status === 'SUSPENDED' && !rule.whileSuspended) {
    return refuse(
      'STAGE_CONFLICT',
      action === 'suspendDispute'
        ? 'the case is already suspended'
        : `cannot ${rule.does}: the case is suspended; resume it first`,
    );
  }
  return caseRule(c, action, actor) ?? OK;
}

function caseRule(c: RuleCase, action: Action, actor: RuleActor): ActionCheck | undefined {
  const mediator = actor.role === 'MEDIATOR';
  switch (action) {
    case 'claimTask':
      if (!inPool(c, actor)) return refuse('FORBIDDEN', "only a mediator of the case's unit pool may claim its task");
      if (c.assigneeId === actor.userId) return refuse('ALREADY_CLAIMED', 'you already hold this task');
      if (c.assigneeId !== undefined)
        return refuse('ALREADY_CLAIMED', 'another mediator has already claimed this task');
      return;
    case 'releaseTask':
    case 'recordHandling':
    case 'completeHandling':
    case 'recordFollowUp':
      if (c.assigneeId !== actor.userId)
        return refuse('FORBIDDEN', `only the mediator who holds the task may ${ACTION_RULES[action].does}`);
      return;
    case 'requestExtension':
      if (c.assigneeId !== actor.userId)
        return refuse('FORBIDDEN', 'only the mediator who holds the task may request an extension');
      if (c.extension)
        return refuse(
          'RULE_VIOLATION',
          `a case gets one extension; this one was already requested (${c.extension.status})`,
        );
      return;
    case 'decideExtension':
      if (c.extension?.status !== 'PENDING')
        return refuse('RULE_VIOLATION', 'there is no pending extension request to decide');
      return;
    case 'transferDispute':
      if (c.stage === 'SUPERVISION') {
        if (c.handlingOutcome !== 'UNRESOLVED') {
          return refuse(
            'STAGE_CONFLICT',
            'cannot transfer a dispute in stage SUPERVISION unless its handling ended UNRESOLVED (it then goes up a level)',
          );
        }
        if (mediator)
          return refuse('FORBIDDEN', 'in SUPERVISION only CLERK or SUPERVISOR may transfer a dispute up a level');
        return;
      }
      if (mediator && !worksTheCase(c, actor)) {
        return refuse(
          'FORBIDDEN',
          `a mediator may ${ACTION_RULES[action].does} only for a task they hold or one of their pool's open tasks`,
        );
      }
      return;
    case 'deliverFeedback':
    case 'withdrawDispute':
      if (mediator && !worksTheCase(c, actor)) {
        return refuse(
          'FORBIDDEN',
          `a mediator may ${ACTION_RULES[action].does} only for a task they hold or one of their pool's open tasks`,
        );
      }
      return;
    case 'resumeDispute':
      if (c.status !== 'SUSPENDED') return refuse('STAGE_CONFLICT', 'the case is not suspended');
      return;
    default:
      return;
  }
}

/** The payload each action needs to decide where the case goes next. */
interface TransitionPayloads {
  completeHandling: { outcome: Outcome };
  recordFollowUp: { fulfilled: boolean };
  /** `handlingOutcome`: the outcome recorded when handling completed, for the resolution. */
  submitEvaluation: { rating: Rating; handlingOutcome: Outcome };
}

export type TransitionInput<A extends Action> = Pick<RuleCase, 'stage' | 'reopenCount'> &
  (A extends keyof TransitionPayloads ? TransitionPayloads[A] : unknown);

export interface Transition {
  stage: Stage;
  /** Set when the action closes the case. */
  resolution?: Resolution;
  /** A DISSATISFIED rating reopened the case (the caller adds one to reopenCount). */
  reopened?: true;
  /** An alert the transition raises by itself: from the second reopen on, level 2. */
  alertLevel?: 2;
}

export function resolutionForOutcome(outcome: Outcome): Resolution {
  return outcome === 'AGREEMENT' || outcome === 'RESOLVED_ON_SITE' ? 'RESOLVED' : outcome;
}

const stay = ({ stage }: { stage: Stage }): Transition => ({ stage });
const takeTask = ({ stage }: { stage: Stage }): Transition => ({ stage: stage === 'ROUTING' ? 'HANDLING' : stage });
const close = (resolution: Resolution) => (): Transition => ({ stage: 'CLOSED', resolution });

/**
 * Where each action leads. Releasing a task keeps the stage (and its running clock), so giving a
 * task back and claiming it again never buys time; a transfer sends the case back to ROUTING
 * because the new unit's pool has to claim it.
 */
const TRANSITIONS: { [A in Action]: (input: TransitionInput<A>) => Transition } = {
  acceptDispute: () => ({ stage: 'ACCEPTANCE' }),
  rejectDispute: close('REJECTED'),
  mergeDispute: close('MERGED'),
  routeDispute: () => ({ stage: 'ROUTING' }),
  claimTask: takeTask,
  releaseTask: stay,
  reassignTask: takeTask,
  transferDispute: () => ({ stage: 'ROUTING' }),
  recordHandling: stay,
  completeHandling: ({ outcome }) => ({ stage: outcome === 'AGREEMENT' ? 'TRACKING' : 'SUPERVISION' }),
  requestExtension: stay,
  decideExtension: stay,
  recordFollowUp: ({ fulfilled }) => ({ stage: fulfilled ? 'SUPERVISION' : 'HANDLING' }),
  issueSupervisionOrder: stay,
  approveSupervision: () => ({ stage: 'FEEDBACK' }),
  returnSupervision: () => ({ stage: 'HANDLING' }),
  deliverFeedback: () => ({ stage: 'EVALUATION' }),
  submitEvaluation: ({ rating, handlingOutcome, reopenCount }) =>
    rating === 'DISSATISFIED'
      ? { stage: 'HANDLING', reopened: true, ...(reopenCount >= 1 && { alertLevel: 2 }) }
      : { stage: 'CLOSED', resolution: resolutionForOutcome(handlingOutcome) },
  suspendDispute: stay,
  resumeDispute: stay,
  withdrawDispute: close('WITHDRAWN'),
};

/** Where the case goes when `action` is done (checkAction having allowed it). */
export function nextStageAfter<A extends Action>(action: A, input: TransitionInput<A>): Transition {
  return TRANSITIONS[action](input);
}
