import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  absorbMergedCaseSignal,
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  awaitRegistrationUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  disputeWorkflowId,
  issueSupervisionOrderUpdate,
  mergeDisputeUpdate,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  rejectDisputeUpdate,
  releaseTaskUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  returnSupervisionUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  suspendDisputeUpdate,
  SYSTEM_ACTOR,
  transferDisputeUpdate,
  withdrawDisputeUpdate,
  type ActionInput,
  type ActionUpdate,
  type Actor,
  type CaseState,
  type DisputeWorkflowInput,
  type MergedCaseInput,
} from '@app/contracts';
import type { Action } from '@app/domain/workflow-rules/stage-rules';
import { checkAction, MAX_EXTENSION_WORKING_DAYS, nextStageAfter } from '@app/domain/workflow-rules/stage-rules';
import { installAssistance, type Assistance } from './assistance';
import { DisputeCase } from './dispute-case';
import { extendedDeadline, pauseClock, resumeClock, resumeClockByWallTime } from './stage-clock';
import { WorkflowLock } from './workflow-lock';

/** A suspension moves the clock by the working time it covered (before: by its wall-clock time). */
const PAUSE_WORKING_TIME_PATCH = 'suspension-shifts-working-time';

/** A supervision order restarts the escalation ladder from its deadline (before: levels raised stayed raised). */
const ORDER_LADDER_PATCH = 'supervision-order-restarts-ladder';

/** Past this many events a case continues as new, carrying its state, so history stays bounded. */
const HISTORY_EVENT_LIMIT = 2000;

/**
 * One durable workflow per case (id `dispute-<caseId>`): the authority on the case's state. It
 * moves the case through the eight stages, runs the stage clock with its escalation ladder, and
 * has every change recorded as a domain event (sequence numbers from here, so a retried append
 * is a no-op). The case and its recording: dispute-case.ts; the clock's rules: stage-clock.ts;
 * what each action does: the functions below, one per action.
 */
export async function disputeWorkflow(input: DisputeWorkflowInput): Promise<CaseState> {
  const c = new DisputeCase(input);
  const lock = new WorkflowLock();
  const onAction = actionHandlers(c, lock);
  c.assistance = jointHandling(c, lock);

  onAction(acceptDisputeUpdate, acceptDispute);
  onAction(rejectDisputeUpdate, rejectDispute);
  onAction(mergeDisputeUpdate, mergeDispute, notIntoItself);
  onAction(routeDisputeUpdate, routeDispute);
  onAction(claimTaskUpdate, claimTask);
  onAction(releaseTaskUpdate, releaseTask);
  onAction(reassignTaskUpdate, reassignTask);
  onAction(transferDisputeUpdate, transferDispute);
  onAction(recordHandlingUpdate, recordHandling);
  onAction(completeHandlingUpdate, completeHandling, agreementGiven);
  onAction(recordFollowUpUpdate, recordFollowUp);
  onAction(requestExtensionUpdate, requestExtension, extensionInRange);
  onAction(decideExtensionUpdate, decideExtension, extensionOnCase);
  onAction(issueSupervisionOrderUpdate, issueSupervisionOrder, orderDeadlineIsDate);
  onAction(approveSupervisionUpdate, approveSupervision);
  onAction(returnSupervisionUpdate, returnSupervision);
  onAction(deliverFeedbackUpdate, deliverFeedback);
  onAction(submitEvaluationUpdate, submitEvaluation);
  onAction(suspendDisputeUpdate, suspendDispute);
  onAction(resumeDisputeUpdate, resumeDispute);
  onAction(withdrawDisputeUpdate, withdrawDispute);

  setHandler(absorbMergedCaseSignal, (merged) => lock.run(() => absorbMergedCase(c, merged)));
  setHandler(caseStateQuery, () => c.state);
  setHandler(awaitRegistrationUpdate, async () => {
    await condition(() => c.registered);
    return { ...c.state };
  });

  if (!c.registered) {
    await lock.run(() => register(c));
    c.registered = true;
  }
  await runClock(c, lock);
  await condition(allHandlersFinished);
  return c.state;
}

// --- the case's life -----------------------------------------------------------------------

/** The report is recorded and DISCOVERY's clock starts (and, with acceptNow, the case is accepted). */
async function register(c: DisputeCase): Promise<void> {
  const { input, state } = c;
  await c.decide(async () => {
    state.stageEnteredAt = c.now();
    await c.startClock('DISCOVERY');
    await c.record('DisputeReported', input.reportedBy, {
      ...input.report,
      severity: state.severity,
      slaClass: state.slaClass,
      ...c.stageFacts(),
    });
    if (input.acceptNow) await accept(c, input.reportedBy);
  });
  c.publishSearchAttributes();
}

/**
 * Until the case closes: sleeps until the clock's next checkpoint (or until the clock changes)
 * and raises what fell due; continues as new when history grows long.
 */
async function runClock(c: DisputeCase, lock: WorkflowLock): Promise<void> {
  const historyTooLong = () =>
    workflowInfo().historyLength > HISTORY_EVENT_LIMIT || workflowInfo().continueAsNewSuggested;
  while (c.state.status !== 'CLOSED') {
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof disputeWorkflow>({ ...c.input, carried: c.carried() });
    }
    const version = c.clockVersion;
    const wakeUp = c.nextWakeUp();
    const woken = () => c.clockVersion !== version || c.state.status === 'CLOSED' || historyTooLong();
    const changed = wakeUp === undefined ? (await condition(woken), true) : await condition(woken, wakeUp);
    if (!changed)
      await lock.run(() =>
        c.decide(async () => {
          await c.raiseDueCheckpoints();
          await c.assistance?.raiseDue(); // 协办
        }),
      );
  }
}

/** A duplicate merged into this case: its parties join this one. */
async function absorbMergedCase(c: DisputeCase, { fromCaseId, fromCaseNo, parties, actor }: MergedCaseInput) {
  await condition(() => c.registered);
  await c.decide(() =>
    c.record('DisputeMerged', actor, { mergedCaseId: fromCaseId, mergedCaseNo: fromCaseNo ?? null, parties }),
  );
}

/**
 * Joint handling (协办, workflows/assistance.ts): its four updates run like the case's actions
 * (alone, after registration, as one decision), and its deadlines' ladders on the clock's timer.
 */
function jointHandling(c: DisputeCase, lock: WorkflowLock): Assistance {
  return installAssistance({
    state: c.state,
    nowMs: () => c.nowMs(),
    newId: () => c.newId(),
    record: (type, actor, payload) => c.record(type, actor, payload),
    loadSettings: () => c.loadSettings(),
    timersChanged: () => {
      c.clockVersion += 1;
    },
    onUpdate: (definition, check, run) => decisionHandler(c, lock, definition, check, run),
  });
}

/**
 * An update that changes the case: the validator (`check`) refuses it before it enters history;
 * the handler runs it alone (the lock), after registration, checks again (an earlier update may
 * have changed the case meanwhile, as in a claim race), runs it as one decision (with the SLA
 * settings the update brought, ActionInput.slaSettings) and answers with the case as it now stands.
 */
function decisionHandler<I extends ActionInput>(
  c: DisputeCase,
  lock: WorkflowLock,
  definition: UpdateDefinition<CaseState, [I]>,
  check: (input: I) => void,
  run: (input: I) => Promise<void>,
): void {
  setHandler(
    definition,
    (input: I) =>
      lock.run(async () => {
        await condition(() => c.registered);
        check(input);
        await c.decide(() => run(input), input.slaSettings);
        c.publishSearchAttributes();
        return { ...c.state };
      }),
    { validator: check },
  );
}

// --- actions -------------------------------------------------------------------------------

/** What an action does to the case, typed by its update (`Run<typeof claimTaskUpdate>`). */
type Run<U> = (c: DisputeCase, input: InputOf<U>) => Promise<void>;
/** A check of an action's input beyond the stage rules, run by the update's validator. */
type Validate<U> = (c: DisputeCase, input: InputOf<U>) => void;
type InputOf<U> = U extends UpdateDefinition<CaseState, [infer I], Action> ? I : never;

const refuse = (code: string, message: string) =>
  ApplicationFailure.create({ type: code, message, nonRetryable: true });

/** Registers an action (decisionHandler), checked first by the stage rules (by the update's name), then by `validate`. */
function actionHandlers(c: DisputeCase, lock: WorkflowLock) {
  return <I extends ActionInput>(
    definition: ActionUpdate<I>,
    run: (c: DisputeCase, input: I) => Promise<void>,
    validate?: (c: DisputeCase, input: I) => void,
  ) => {
    const check = (input: I) => {
      const allowed = checkAction(c.state, definition.name, input.actor);
      if (!allowed.ok) throw refuse(allowed.code, allowed.reason);
      validate?.(c, input);
    };
    decisionHandler(c, lock, definition, check, (input) => run(c, input));
  };
}

async function accept(c: DisputeCase, actor: Actor): Promise<void> {
  await c.enterStage('ACCEPTANCE');
  await c.recordAcceptance(actor);
}

const acceptDispute: Run<typeof acceptDisputeUpdate> = (c, { actor }) => accept(c, actor);

const rejectDispute: Run<typeof rejectDisputeUpdate> = async (c, { actor, reason }) => {
  await c.record('DisputeRejected', actor, { reason });
  await c.close('REJECTED', actor);
};

const mergeDispute: Run<typeof mergeDisputeUpdate> = async (c, { actor, intoCaseId, intoCaseNo }) => {
  await c.record('DisputeMerged', actor, { intoCaseId, intoCaseNo: intoCaseNo ?? null });
  // In the record before the other case hears of it.
  await c.flush();
  await getExternalWorkflowHandle(disputeWorkflowId(intoCaseId)).signal(absorbMergedCaseSignal, {
    fromCaseId: c.state.caseId,
    fromCaseNo: c.state.caseNo,
    parties: c.input.report.parties,
    actor,
  });
  await c.close('MERGED', actor);
};

const notIntoItself: Validate<typeof mergeDisputeUpdate> = (c, { intoCaseId }) => {
  if (intoCaseId === c.state.caseId) throw refuse('RULE_VIOLATION', 'a case cannot be merged into itself');
};

const routeDispute: Run<typeof routeDisputeUpdate> = async (c, { actor, centerCode, unitId, severity, slaClass }) => {
  Object.assign(c.state, { centerCode, unitId, severity, slaClass });
  await c.moveTo(routeDisputeUpdate);
  await c.record('DisputeRouted', actor, { centerCode, unitId, severity, slaClass, ...c.stageFacts() });
};

const claimTask: Run<typeof claimTaskUpdate> = async (c, { actor }) => {
  c.state.assigneeId = actor.userId;
  await c.moveTo(claimTaskUpdate);
  await c.record('TaskClaimed', actor, { assigneeId: actor.userId, ...c.stageFacts() });
};

const releaseTask: Run<typeof releaseTaskUpdate> = async (c, { actor }) => {
  c.state.assigneeId = undefined;
  await c.record('TaskReleased', actor, { assigneeId: null });
};

const reassignTask: Run<typeof reassignTaskUpdate> = async (c, { actor, mediatorId }) => {
  const previous = c.state.assigneeId ?? null;
  c.state.assigneeId = mediatorId;
  await c.moveTo(reassignTaskUpdate);
  await c.record('TaskReassigned', actor, {
    assigneeId: mediatorId,
    previousAssigneeId: previous,
    ...c.stageFacts(),
  });
};

const transferDispute: Run<typeof transferDisputeUpdate> = async (
  c,
  { actor, centerCode, unitId, reason, upALevel },
) => {
  const from = { centerCode: c.state.centerCode ?? null, unitId: c.state.unitId ?? null };
  Object.assign(c.state, { centerCode, unitId, assigneeId: undefined });
  // The receiving pool gets a claim period of its own.
  await c.moveTo(transferDisputeUpdate, {}, true);
  // `upALevel` only when set, so that the events of transfers recorded before it stay the same.
  const up = upALevel === true ? { upALevel: true } : {};
  await c.record('DisputeTransferred', actor, {
    from,
    centerCode,
    unitId,
    reason,
    ...up,
    assigneeId: null,
    ...c.stageFacts(),
  });
};

const recordHandling: Run<typeof recordHandlingUpdate> = async (c, { actor, note, sessionAt, participants }) => {
  await c.record('HandlingRecorded', actor, { note, sessionAt, participants });
};

const completeHandling: Run<typeof completeHandlingUpdate> = async (c, { actor, outcome, summary, agreement }) => {
  c.state.handlingOutcome = outcome;
  await c.moveTo(completeHandlingUpdate, { outcome });
  await c.record('HandlingCompleted', actor, { outcome, summary, agreement: agreement ?? null, ...c.stageFacts() });
  await autoApproveIfPolicySays(c);
};

const agreementGiven: Validate<typeof completeHandlingUpdate> = (c, { outcome, agreement }) => {
  c.assistance?.ensureNoneOpen(); // 协办: 409 naming the open assistances
  if (outcome === 'AGREEMENT' && !agreement) {
    throw refuse(
      'RULE_VIOLATION',
      'an AGREEMENT outcome needs the agreement: its terms and when it is to be fulfilled',
    );
  }
};

const recordFollowUp: Run<typeof recordFollowUpUpdate> = async (c, { actor, fulfilled, note }) => {
  await c.moveTo(recordFollowUpUpdate, { fulfilled });
  await c.record('FollowUpRecorded', actor, { fulfilled, note, ...c.stageFacts() });
  if (fulfilled) await autoApproveIfPolicySays(c);
};

const requestExtension: Run<typeof requestExtensionUpdate> = async (c, { actor, days, reason }) => {
  c.state.extension = { id: c.newId(), days, reason, status: 'PENDING' };
  await c.record('ExtensionRequested', actor, { extensionId: c.state.extension.id, days, reason });
};

const extensionInRange: Validate<typeof requestExtensionUpdate> = (_c, { days }) => {
  if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_WORKING_DAYS) {
    throw refuse('RULE_VIOLATION', `an extension is 1 to ${MAX_EXTENSION_WORKING_DAYS} working days (asked: ${days})`);
  }
};

const decideExtension: Run<typeof decideExtensionUpdate> = async (c, { actor, extensionId, approve, note }) => {
  const extension = c.state.extension!;
  extension.status = approve ? 'APPROVED' : 'REJECTED';
  if (approve && c.clock) {
    // The settings are asked for twice (here and in moveClockDeadline): histories recorded
    // before BATCHED_APPENDS_PATCH hold two reads.
    const clock = c.clock;
    await c.moveClockDeadline(extendedDeadline(clock, extension.days, await c.loadClockRules()));
  }
  await c.record('ExtensionDecided', actor, {
    extensionId,
    approve,
    note,
    days: extension.days,
    stageDeadline: c.state.stageDeadline ?? null,
  });
};

const extensionOnCase: Validate<typeof decideExtensionUpdate> = (c, { extensionId }) => {
  if (c.state.extension && c.state.extension.id !== extensionId)
    throw refuse('NOT_FOUND', `no extension ${extensionId} on this case`);
};

const issueSupervisionOrder: Run<typeof issueSupervisionOrderUpdate> = async (c, { actor, instruction, deadline }) => {
  if (patched(ORDER_LADDER_PATCH)) {
    await c.restartLadderForOrder(new Date(deadline), instruction);
    await c.record('SupervisionOrderIssued', actor, {
      instruction,
      deadline,
      stageDeadline: c.state.stageDeadline ?? null,
      escalationLevel: c.state.escalationLevel,
      overdue: c.state.overdue,
    });
  } else {
    // Histories recorded before: the order moved the deadline and raised levels stayed raised.
    await c.moveClockDeadline(new Date(deadline));
    await c.record('SupervisionOrderIssued', actor, {
      instruction,
      deadline,
      stageDeadline: c.state.stageDeadline ?? null,
    });
  }
};

const orderDeadlineIsDate: Validate<typeof issueSupervisionOrderUpdate> = (_c, { deadline }) => {
  if (Number.isNaN(Date.parse(deadline)))
    throw refuse('RULE_VIOLATION', `deadline "${deadline}" is not a date and time`);
};

async function approveAtSupervision(c: DisputeCase, actor: Actor, auto: boolean): Promise<void> {
  await c.moveTo(approveSupervisionUpdate);
  await c.record('SupervisionApproved', actor, { auto, ...c.stageFacts() });
}

/** The policy may approve SIMPLE cases at SUPERVISION by itself. */
async function autoApproveIfPolicySays(c: DisputeCase): Promise<void> {
  if (c.state.stage !== 'SUPERVISION' || c.state.slaClass !== 'SIMPLE') return;
  const { policy } = await c.loadSettings();
  if (policy.autoApproveSimple) await approveAtSupervision(c, SYSTEM_ACTOR, true);
}

const approveSupervision: Run<typeof approveSupervisionUpdate> = (c, { actor }) =>
  approveAtSupervision(c, actor, false);

const returnSupervision: Run<typeof returnSupervisionUpdate> = async (c, { actor, reason }) => {
  await c.moveTo(returnSupervisionUpdate);
  await c.record('SupervisionReturned', actor, { reason, ...c.stageFacts() });
};

const deliverFeedback: Run<typeof deliverFeedbackUpdate> = async (c, { actor, channel, content }) => {
  await c.moveTo(deliverFeedbackUpdate);
  await c.record('FeedbackDelivered', actor, { channel, content, ...c.stageFacts() });
};

const submitEvaluation: Run<typeof submitEvaluationUpdate> = async (c, { actor, rating, comment }) => {
  const state = c.state;
  await c.record('EvaluationReceived', actor, { rating, comment: comment ?? null });
  const transition = nextStageAfter(submitEvaluationUpdate.name, {
    stage: state.stage,
    reopenCount: state.reopenCount,
    rating,
    handlingOutcome: state.handlingOutcome ?? 'UNRESOLVED',
  });
  if (transition.reopened) {
    state.reopenCount += 1;
    state.handlingOutcome = undefined;
    await c.enterStage('HANDLING');
    await c.record('DisputeReopened', actor, { reopenCount: state.reopenCount, ...c.stageFacts() });
    if (transition.alertLevel) {
      // A second reopen is itself a level-2 escalation: the street leader hears of it.
      state.escalationLevel = Math.max(state.escalationLevel, transition.alertLevel);
      await c.record('EscalationRaised', SYSTEM_ACTOR, {
        level: transition.alertLevel,
        stage: state.stage,
        deadline: state.stageDeadline ?? null,
        reason: 'REOPENED',
        escalationLevel: state.escalationLevel,
        overdue: state.overdue,
      });
    }
  } else {
    await c.close(transition.resolution!, actor);
  }
};

const suspendDispute: Run<typeof suspendDisputeUpdate> = async (c, { actor, reason }) => {
  c.state.status = 'SUSPENDED';
  if (c.clock) c.clock = pauseClock(c.clock, c.now());
  c.clockVersion += 1;
  await c.record('DisputeSuspended', actor, { reason, status: 'SUSPENDED' });
};

const resumeDispute: Run<typeof resumeDisputeUpdate> = async (c, { actor }) => {
  c.state.status = 'OPEN';
  if (c.clock?.pausedAt && patched(PAUSE_WORKING_TIME_PATCH)) {
    // The clock stood still while suspended: it moves by the working time the pause covered.
    const { calendar } = await c.loadClockRules();
    c.clock = resumeClock(c.clock, new Date(c.nowMs()), calendar);
    c.state.stageDeadline = c.clock.deadline;
  } else if (c.clock?.pausedAt) {
    // Histories recorded before: every point moved by the pause's wall-clock time.
    c.clock = resumeClockByWallTime(c.clock, c.nowMs());
    c.state.stageDeadline = c.clock.deadline;
  }
  c.clockVersion += 1;
  await c.record('DisputeResumed', actor, { status: 'OPEN', stageDeadline: c.state.stageDeadline ?? null });
};

const withdrawDispute: Run<typeof withdrawDisputeUpdate> = async (c, { actor, reason }) => {
  await c.record('DisputeWithdrawn', actor, { reason });
  await c.close('WITHDRAWN', actor);
};
