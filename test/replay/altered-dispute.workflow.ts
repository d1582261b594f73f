import { sleep } from '@temporalio/workflow';
import type { DisputeWorkflowInput } from '@app/contracts';
import { disputeWorkflow as current } from '../../workflows/dispute.workflow';

/**
 * A deliberately non-deterministic change, for the replay test to catch: the case now waits a
 * second before anything else, so a recorded history's first command no longer matches.
 */
export async function disputeWorkflow(input: DisputeWorkflowInput) {
  await sleep('1 second');
  return current(input);
}
