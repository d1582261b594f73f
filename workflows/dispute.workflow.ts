import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { DisputeActivities } from '@app/activities/dispute.activities';
import {
  acceptDisputeUpdate,
  awaitRegistrationUpdate,
  caseStateQuery,
  type Actor,
  type CaseState,
  type DisputeWorkflowInput,
} from '@app/contracts';
import type { EventType, Stage } from '@app/domain/enums';
import { WorkflowLock } from './workflow-lock';

const activities = proxyActivities<DisputeActivities>({
  startToCloseTimeout: '30 seconds',
  // Database outages are waited out: an event is never dropped, only delayed.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** One durable workflow per case (id `dispute-<caseId>`): the authority on the case's state. */
export async function disputeWorkflow(input: DisputeWorkflowInput): Promise<CaseState> {
  const now = () => new Date().toISOString();
  const state: CaseState = {
    caseId: input.caseId,
    stage: 'DISCOVERY',
    status: 'OPEN',
    category: input.report.category,
    gridCode: input.report.gridCode,
    urgent: input.report.urgent,
    severity: 'NORMAL',
    slaClass: 'GENERAL',
    stageEnteredAt: input.reportedAt,
    escalationLevel: 0,
    reopenCount: 0,
    lastSeq: 0,
    createdAt: input.reportedAt,
    updatedAt: input.reportedAt,
  };
  const lock = new WorkflowLock();
  let registered = false;

  const draft = <T extends EventType>(type: T, actor: Actor, payload: Record<string, unknown>) => {
    state.lastSeq += 1;
    state.updatedAt = now();
    return { caseId: state.caseId, seq: state.lastSeq, type, at: state.updatedAt, actor: { userId: actor.userId, role: actor.role }, payload };
  };
  const enterStage = (stage: Stage) => {
    state.stage = stage;
    state.stageEnteredAt = state.updatedAt;
    state.stageDeadline = undefined;
    state.escalationLevel = 0;
  };

  const accept = async (actor: Actor) => {
    const numbers = await activities.recordAcceptance(draft('DisputeAccepted', actor, {}));
    state.caseNo = numbers.caseNo;
    state.receiptCode = numbers.receiptCode;
    enterStage('ACCEPTANCE');
  };

  setHandler(caseStateQuery, () => state);
  setHandler(awaitRegistrationUpdate, async () => {
    await condition(() => registered);
    return state;
  });
  setHandler(
    acceptDisputeUpdate,
    ({ actor }) =>
      lock.run(async () => {
        requireStage(state, 'DISCOVERY', 'accept');
        await accept(actor);
        return state;
      }),
    {
      validator: ({ actor }) => {
        requireRole(actor, ['CLERK'], 'accept a dispute');
        requireStage(state, 'DISCOVERY', 'accept');
      },
    },
  );

  await lock.run(async () => {
    await activities.recordCaseEvent(
      draft('DisputeReported', input.reportedBy, { ...input.report, severity: state.severity, slaClass: state.slaClass }),
    );
    if (input.acceptNow) await accept(input.reportedBy);
  });
  registered = true;

  await condition(() => state.status === 'CLOSED');
  await condition(allHandlersFinished);
  return state;
}

function requireStage(state: CaseState, stage: Stage, action: string): void {
  if (state.stage !== stage) {
    throw ApplicationFailure.create({
      type: 'STAGE_CONFLICT',
      message: `cannot ${action}: the case is in stage ${state.stage}, not ${stage}`,
      nonRetryable: true,
    });
  }
}

function requireRole(actor: Actor, roles: string[], action: string): void {
  if (!roles.includes(actor.role)) {
    throw ApplicationFailure.create({
      type: 'FORBIDDEN',
      message: `role ${actor.role} may not ${action}`,
      nonRetryable: true,
    });
  }
}
