import {
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  resumeDisputeUpdate,
  returnSupervisionUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  transferDisputeUpdate,
} from './dispute.messages';
import { requestAssistanceUpdate } from './assistance';

/**
 * The updates whose decision may start or move a clock (a stage entered, a deadline moved or
 * resumed, an assistance's deadline, SIMPLE cases' auto-approval by policy): the gateway sends
 * the SLA settings with these (ActionInput.slaSettings). A name missing here costs the decision a
 * local activity, never a wrong deadline; one here that needs none costs the history its bytes.
 */
export const UPDATES_WITH_SLA_SETTINGS: ReadonlySet<string> = new Set([
  acceptDisputeUpdate.name,
  routeDisputeUpdate.name,
  claimTaskUpdate.name,
  reassignTaskUpdate.name,
  transferDisputeUpdate.name,
  completeHandlingUpdate.name,
  decideExtensionUpdate.name,
  recordFollowUpUpdate.name,
  issueSupervisionOrderUpdate.name,
  approveSupervisionUpdate.name,
  returnSupervisionUpdate.name,
  deliverFeedbackUpdate.name,
  submitEvaluationUpdate.name,
  resumeDisputeUpdate.name,
  requestAssistanceUpdate.name,
]);
