import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseState } from './case-state';

/**
 * The dispute workflow's messages, defined once for the workflow and the gateway: a rename
 * breaks the compile, not production.
 */
export const caseStateQuery = defineQuery<CaseState>('caseState');

/** Resolves once the case's registration (and acceptNow) is recorded: read-your-writes at intake. */
export const awaitRegistrationUpdate = defineUpdate<CaseState>('awaitRegistration');

export interface ActionInput {
  actor: Actor;
}

export const acceptDisputeUpdate = defineUpdate<CaseState, [ActionInput]>('acceptDispute');

export const DISPUTE_WORKFLOW_TYPE = 'disputeWorkflow';

export function disputeWorkflowId(caseId: string): string {
  return `dispute-${caseId}`;
}
