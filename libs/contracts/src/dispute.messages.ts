import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CenterCode, FeedbackChannel, Outcome, Rating, Severity, SlaClass } from '@app/domain/enums';
import type { Action } from '@app/domain/workflow-rules/stage-rules';
import type { Actor, CaseState, GivenSlaSettings, Party } from './case-state';

/**
 * The dispute workflow's messages, defined once for the workflow and the gateway: a rename
 * breaks the compile, not production. Every action is an Update whose validator refuses what
 * does not fit the case's stage or the actor before it enters history, and whose answer is the
 * case as it stands afterwards (read-your-writes).
 */
export const caseStateQuery = defineQuery<CaseState>('caseState');

/** Resolves once the case's registration (and acceptNow) is recorded: read-your-writes at intake. */
export const awaitRegistrationUpdate = defineUpdate<CaseState>('awaitRegistration');

export interface ActionInput {
  actor: Actor;
  /**
   * Set by the gateway, never by a client: the SLA settings in force when the action came in
   * (issue 16). A decision that starts or moves a clock computes its deadlines with them instead
   * of reading them in a local activity, when they are of the case's policy and of the office
   * years it asks for; otherwise, and when absent (a bare client), it reads them itself.
   */
  slaSettings?: GivenSlaSettings;
}

export interface ReasonInput extends ActionInput {
  reason: string;
}

export interface MergeInput extends ActionInput {
  intoCaseId: string;
  intoCaseNo?: string;
}

export interface RouteInput extends ActionInput {
  centerCode: CenterCode;
  unitId: string;
  severity: Severity;
  slaClass: SlaClass;
}

export interface TransferInput extends ActionInput {
  centerCode: CenterCode;
  unitId: string;
  reason: string;
  /**
   * Set by the gateway, never by a client: the case moves from a community-level unit to a
   * street-level unit of the same center (上交, DOMAIN.md "Routing"); the measures count it.
   */
  upALevel?: boolean;
}

export interface ReassignInput extends ActionInput {
  mediatorId: string;
}

export interface HandlingRecordInput extends ActionInput {
  note: string;
  sessionAt: string;
  participants: string[];
}

export interface CompleteHandlingInput extends ActionInput {
  outcome: Outcome;
  summary: string;
  agreement?: { terms: string; fulfilBy: string };
}

export interface FollowUpInput extends ActionInput {
  fulfilled: boolean;
  note: string;
}

export interface ExtensionRequestInput extends ActionInput {
  days: number;
  reason: string;
}

export interface ExtensionDecisionInput extends ActionInput {
  extensionId: string;
  approve: boolean;
  note: string;
}

export interface SupervisionOrderInput extends ActionInput {
  instruction: string;
  deadline: string;
}

export interface FeedbackInput extends ActionInput {
  channel: FeedbackChannel;
  content: string;
}

export interface EvaluationInput extends ActionInput {
  rating: Rating;
  comment?: string;
}

/** What each action's Update takes, by the action's name in the stage rules (ACTIONS). */
export interface ActionInputs {
  acceptDispute: ActionInput;
  rejectDispute: ReasonInput;
  mergeDispute: MergeInput;
  routeDispute: RouteInput;
  claimTask: ActionInput;
  releaseTask: ActionInput;
  reassignTask: ReassignInput;
  transferDispute: TransferInput;
  recordHandling: HandlingRecordInput;
  completeHandling: CompleteHandlingInput;
  requestExtension: ExtensionRequestInput;
  decideExtension: ExtensionDecisionInput;
  recordFollowUp: FollowUpInput;
  issueSupervisionOrder: SupervisionOrderInput;
  approveSupervision: ActionInput;
  returnSupervision: ReasonInput;
  deliverFeedback: FeedbackInput;
  submitEvaluation: EvaluationInput;
  suspendDispute: ReasonInput;
  resumeDispute: ActionInput;
  withdrawDispute: ReasonInput;
}

/**
 * An action's Update. Its name is the action's name in the stage rules (ACTIONS), and the one
 * place the workflow, the gateway and the rules take it from: `update.name`, never a second
 * string, so an action cannot be checked under one name and sent under another.
 */
export type ActionUpdate<I extends ActionInput = ActionInput, A extends Action = Action> = UpdateDefinition<
  CaseState,
  [I],
  A
>;

const action = <A extends Action>(name: A): ActionUpdate<ActionInputs[A], A> =>
  defineUpdate<CaseState, [ActionInputs[A]], A>(name);

export const acceptDisputeUpdate = action('acceptDispute');
export const rejectDisputeUpdate = action('rejectDispute');
export const mergeDisputeUpdate = action('mergeDispute');
export const routeDisputeUpdate = action('routeDispute');
export const claimTaskUpdate = action('claimTask');
export const releaseTaskUpdate = action('releaseTask');
export const reassignTaskUpdate = action('reassignTask');
export const transferDisputeUpdate = action('transferDispute');
export const recordHandlingUpdate = action('recordHandling');
export const completeHandlingUpdate = action('completeHandling');
export const requestExtensionUpdate = action('requestExtension');
export const decideExtensionUpdate = action('decideExtension');
export const recordFollowUpUpdate = action('recordFollowUp');
export const issueSupervisionOrderUpdate = action('issueSupervisionOrder');
export const approveSupervisionUpdate = action('approveSupervision');
export const returnSupervisionUpdate = action('returnSupervision');
export const deliverFeedbackUpdate = action('deliverFeedback');
export const submitEvaluationUpdate = action('submitEvaluation');
export const suspendDisputeUpdate = action('suspendDispute');
export const resumeDisputeUpdate = action('resumeDispute');
export const withdrawDisputeUpdate = action('withdrawDispute');

/** Sent by a duplicate's workflow to the case it was merged into: its parties join this case. */
export interface MergedCaseInput {
  fromCaseId: string;
  fromCaseNo?: string;
  parties: Party[];
  actor: Actor;
}
export const absorbMergedCaseSignal = defineSignal<[MergedCaseInput]>('absorbMergedCase');

export const DISPUTE_WORKFLOW_TYPE = 'disputeWorkflow';

export function disputeWorkflowId(caseId: string): string {
  return `dispute-${caseId}`;
}
