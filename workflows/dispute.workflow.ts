import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { DisputeActivities } from '@app/activities/dispute.activities';
import {
  absorbMergedCaseSignal,
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  awaitRegistrationUpdate,
  caseStateQuery,
  CASE_CENTER_ATTRIBUTE,
  CASE_NO_ATTRIBUTE,
  CASE_OVERDUE_ATTRIBUTE,
  CASE_STAGE_ATTRIBUTE,
  CASE_UNIT_ATTRIBUTE,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  DEFAULT_SLA_POLICY_NAME,
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
  type Actor,
  type CaseState,
  type DisputeWorkflowInput,
  type RecordedEarlier,
  type SlaSettings,
  type StageClock,
} from '@app/contracts';
import { officeYear } from '@app/domain/calendar/office-time';
import { WorkingCalendar } from '@app/domain/calendar/working-calendar';
import type { ChainStage, EventType, Resolution, Stage } from '@app/domain/enums';
import { buildEscalationLadder } from '@app/domain/sla/escalation-ladder';
import { pointAfterPause } from '@app/domain/sla/pause';
import { computeStageDeadline, extendDeadline, slaRuleFor, timeBasisOf } from '@app/domain/sla/sla-policy';
import {
  checkAction,
  MAX_EXTENSION_WORKING_DAYS,
  nextStageAfter,
  resolutionForOutcome,
  type Action,
} from '@app/domain/workflow-rules/stage-rules';
import { installAssistance } from './assistance';
import { WorkflowLock } from './workflow-lock';

// Database outages are waited out: an event is never dropped, only delayed.
const APPEND_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * An append or settings read that the activity gave up for good (a non-retryable failure: the
 * database refuses the record as wrong, which retrying cannot cure; ADMIN has been alerted by the
 * worker) holds the case: the workflow task fails and Temporal retries it later, so nothing the
 * decision changed in memory survives and the case goes on once the defect is mended. Never an
 * update's refusal (the case's state had already moved) nor the workflow's failure (the case
 * would be lost). Commands are unchanged, so recorded histories replay as before.
 */
class CaseHeld extends Error {
  constructor(failure: ApplicationFailure) {
    super(`the case is held: an activity gave up (${failure.message}); it is retried with the workflow task`);
    this.name = 'CaseHeld';
  }
}

/** The failure type the worker gives an activity error retrying cannot cure (apps/worker/src/activity-failure.interceptor.ts). */
const RECORD_REFUSED = 'RecordRefused';

const heldOnRefusal = <T extends object>(proxy: T): T =>
  new Proxy(proxy, {
    get(target, name) {
      const run = (target as Record<string | symbol, unknown>)[name];
      if (typeof run !== 'function') return run;
      return async (...args: unknown[]) => {
        try {
          return await (run as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          // A local activity's failure arrives as the activity's own ApplicationFailure, a remote one's as its cause.
          const failure = error instanceof ActivityFailure ? error.cause : error;
          const givenUp =
            failure instanceof ApplicationFailure && failure.type === RECORD_REFUSED && failure.nonRetryable;
          throw givenUp ? new CaseHeld(failure) : error;
        }
      };
    },
  });

/** How histories recorded before LOCAL_APPENDS_PATCH appended their events: replayed as such. */
const activities = heldOnRefusal(
  proxyActivities<DisputeActivities>({ startToCloseTimeout: '30 seconds', retry: APPEND_RETRY }),
);

/**
 * Events are appended by local activities: the worker runs the append within the workflow task
 * that decided it, so an event costs one workflow task instead of two plus a round trip of an
 * activity task through the server (docs/benchmarks.md measures what that bought). The append is
 * idempotent on (case, seq), so a local activity run again after a crash appends nothing twice.
 */
const appends = heldOnRefusal(
  proxyLocalActivities<DisputeActivities>({ startToCloseTimeout: '30 seconds', retry: APPEND_RETRY }),
);
const LOCAL_APPENDS_PATCH = 'events-appended-by-local-activities';
const appender = () => (patched(LOCAL_APPENDS_PATCH) ? appends : activities);

/** Policy and calendar are read when a deadline is set; the answer is recorded in history. */
const settings = heldOnRefusal(
  proxyLocalActivities<DisputeActivities>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
  }),
);

/**
 * A decision's events are appended together, in one local activity and one transaction, once the
 * decision is made; the SLA settings are read once per decision (issue 16: an intake took four
 * local activities, it now takes two). Before: one append per event, settings read per clock.
 */
const BATCHED_APPENDS_PATCH = 'decision-events-appended-together';

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
 * is a no-op).
 */
export async function disputeWorkflow(input: DisputeWorkflowInput): Promise<CaseState> {
  /** The instant the running decision takes effect (see `decide`); between decisions, the workflow's clock. */
  let decisionAt: number | undefined;
  const nowMs = () => decisionAt ?? Date.now();
  const now = () => new Date(nowMs()).toISOString();
  const state: CaseState = input.carried?.state ?? {
    caseId: input.caseId,
    stage: 'DISCOVERY',
    status: 'OPEN',
    category: input.report.category,
    gridCode: input.report.gridCode,
    urgent: input.report.urgent,
    severity: input.severity ?? 'NORMAL',
    slaClass: input.slaClass ?? 'GENERAL',
    stageEnteredAt: input.reportedAt,
    overdue: false,
    escalationLevel: 0,
    reopenCount: 0,
    lastSeq: 0,
    createdAt: input.reportedAt,
    updatedAt: input.reportedAt,
  };
  const slaPolicyName = input.carried?.slaPolicyName ?? input.slaPolicyName ?? DEFAULT_SLA_POLICY_NAME;
  let clock: StageClock | undefined = input.carried?.clock;
  let registered = input.carried?.registered ?? false;
  /** Bumped whenever the clock changes, so the timer loop re-reads it. */
  let clockVersion = 0;
  const lock = new WorkflowLock();

  // --- recording ---------------------------------------------------------------------------

  const draft = <T extends EventType>(type: T, actor: Actor, payload: Record<string, unknown>) => {
    state.lastSeq += 1;
    state.updatedAt = now();
    return {
      caseId: state.caseId,
      seq: state.lastSeq,
      type,
      at: state.updatedAt,
      actor: { userId: actor.userId, role: actor.role },
      payload,
    };
  };
  const record = async (type: EventType, actor: Actor, payload: Record<string, unknown> = {}) => {
    const event = draft(type, actor, payload);
    if (batch) batch.drafts.push(event);
    else continueFromRecord(event, await appender().recordCaseEvent(event));
  };

  /** The running decision's events not yet appended and its SLA settings (BATCHED_APPENDS_PATCH); undefined: histories recorded before. */
  let batch: { drafts: ReturnType<typeof draft>[]; settings?: Promise<SlaSettings> } | undefined;

  /** Appends the running decision's events drafted so far, in one local activity. */
  const flush = async () => {
    if (!batch || batch.drafts.length === 0) return;
    const drafts = batch.drafts;
    batch.drafts = [];
    const recorded = await appends.recordCaseEvents(drafts);
    drafts.forEach((event, i) => continueFromRecord(event, recorded.earlier[i]));
    if (recorded.caseNo) {
      state.caseNo = recorded.caseNo;
      state.receiptCode = recorded.receiptCode;
    }
  };

  /**
   * The record is the case's history, so the workflow must act on exactly what it holds. An
   * append that met an event of the same (case, seq) with other content was made by an earlier
   * attempt of this workflow task, which died (worker killed) after the append and before the
   * task completed; the retried task runs later, so its deadlines came out later. The decision is
   * then made again at the recorded time, which gives the recorded event (`decide`). Anything else
   * that differs is a fault to look at, not to paper over: the task fails, loudly and retried.
   * Histories recorded before appends answered get undefined here and check nothing.
   */
  const continueFromRecord = (
    event: { seq: number; type: string; at: string; payload: unknown },
    earlier: RecordedEarlier | null | undefined,
  ) => {
    if (!earlier) return;
    const recordedAt = Date.parse(earlier.at);
    if (!redoing && recordedAt !== Date.parse(event.at)) throw new DecideAgainAt(recordedAt);
    throw new Error(
      `case ${state.caseId} event ${event.seq}: the record holds ${earlier.type} at ${earlier.at} ${JSON.stringify(earlier.payload)}, ` +
        `the workflow decided ${event.type} at ${event.at} ${JSON.stringify(event.payload)}`,
    );
  };

  /** True while a decision is made again at a recorded time. */
  let redoing = false;
  /** Ids drawn by the running decision, drawn again in the same order when it is made again. */
  let drawnIds: string[] = [];
  let drawnUsed = 0;
  const newId = () => {
    if (drawnUsed === drawnIds.length) drawnIds.push(uuid4());
    return drawnIds[drawnUsed++];
  };

  /**
   * Runs one decision (an action, the timers' checkpoints, a merge, the registration) at one
   * instant: every event it records carries that time and everything it computes starts from it.
   * If the record turns out to hold the decision's first event already, from an attempt that died,
   * the case's state is put back as it was and the decision is made again at the recorded instant.
   */
  const decide = async <T>(run: () => Promise<T>): Promise<T> => {
    const before = JSON.stringify({ state, clock, clockVersion });
    drawnIds = [];
    const batched = patched(BATCHED_APPENDS_PATCH);
    const attempt = async (at: number) => {
      decisionAt = at;
      drawnUsed = 0;
      batch = batched ? { drafts: [] } : undefined;
      try {
        let result: T;
        try {
          result = await run();
        } catch (error) {
          // What was decided before a refusal stands, as when each event was appended at once.
          if (!(error instanceof DecideAgainAt)) await flush();
          throw error;
        }
        await flush();
        return result;
      } finally {
        decisionAt = undefined;
        batch = undefined;
      }
    };
    try {
      return await attempt(Date.now());
    } catch (error) {
      if (!(error instanceof DecideAgainAt)) throw error;
      const saved = JSON.parse(before) as { state: CaseState; clock: StageClock | undefined; clockVersion: number };
      for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
      Object.assign(state, saved.state);
      clock = saved.clock;
      clockVersion = saved.clockVersion + 1;
      redoing = true;
      try {
        return await attempt(error.at);
      } finally {
        redoing = false;
      }
    }
  };

  const publishSearchAttributes = () =>
    upsertSearchAttributes([
      { key: CASE_STAGE_ATTRIBUTE, value: state.stage },
      { key: CASE_OVERDUE_ATTRIBUTE, value: state.overdue },
      ...(state.caseNo ? [{ key: CASE_NO_ATTRIBUTE, value: state.caseNo }] : []),
      ...(state.centerCode ? [{ key: CASE_CENTER_ATTRIBUTE, value: state.centerCode }] : []),
      ...(state.unitId ? [{ key: CASE_UNIT_ATTRIBUTE, value: state.unitId }] : []),
    ]);

  // --- the stage clock ---------------------------------------------------------------------

  const loadSettings = (): Promise<SlaSettings> => {
    const year = officeYear(nowMs());
    // One decision, one instant: the settings it reads are the same each time it asks. The intake
    // takes those the gateway read with the report when they are the ones it would ask for.
    if (batch)
      return (batch.settings ??=
        (!registered && settingsGiven(year)) || settings.loadSlaSettings(slaPolicyName, [year, year + 1]));
    return settings.loadSlaSettings(slaPolicyName, [year, year + 1]);
  };

  /** The intake's settings from the input (DisputeWorkflowInput.slaSettings), if they are for this policy and these years. */
  const settingsGiven = (year: number): Promise<SlaSettings> | undefined => {
    const given = input.slaSettings;
    if (!given || given.policyName !== slaPolicyName || given.years.join() !== [year, year + 1].join())
      return undefined;
    return Promise.resolve(given.settings);
  };

  /** Starts `stage`'s clock from the stage's entry with the SLA policy as it is now. */
  const startClock = async (stage: ChainStage): Promise<void> => {
    const start = new Date(state.stageEnteredAt);
    const { policy, calendar: years } = await loadSettings();
    const calendar = new WorkingCalendar(years);
    const deadline = computeStageDeadline({
      stage,
      slaClass: state.slaClass,
      urgent: state.urgent,
      start,
      policy,
      calendar,
    });
    const rule = slaRuleFor(policy, stage, state.slaClass, state.urgent);
    setClock(stage, start, deadline, timeBasisOf(rule), [], policy.escalationSteps, calendar);
  };

  const setClock = (
    stage: Stage,
    start: Date,
    deadline: Date,
    timeBasis: StageClock['timeBasis'],
    raised: number[],
    escalationSteps: SlaSettings['policy']['escalationSteps'],
    calendar: WorkingCalendar,
  ) => {
    // EVALUATION's deadline closes the case (NOT_RATED); there is nobody to warn or escalate to.
    const checkpoints =
      stage === 'EVALUATION'
        ? []
        : buildEscalationLadder({
            start,
            deadline,
            calendar,
            timeBasis,
            slaClass: state.slaClass,
            severity: state.severity,
            escalationSteps,
          });
    clock = {
      stage,
      start: start.toISOString(),
      deadline: deadline.toISOString(),
      timeBasis,
      checkpoints: checkpoints.map((c) => ({ ...c, at: c.at.toISOString() })),
      raised,
    };
    state.stageDeadline = clock.deadline;
    clockVersion += 1;
  };

  /** A new deadline for the running stage (an extension): levels already raised stay raised. */
  const moveDeadline = async (deadline: Date): Promise<void> => {
    if (!clock) return;
    const { policy, calendar } = await loadSettings();
    const order = clock.order;
    setClock(
      clock.stage,
      new Date(clock.start),
      deadline,
      clock.timeBasis,
      clock.raised,
      policy.escalationSteps,
      new WorkingCalendar(calendar),
    );
    if (order) clock!.order = order;
  };

  /**
   * A supervision order replaces the deadline and the ladder starts again from it (DOMAIN.md):
   * warning at 80 % of the time from the order to its deadline, then levels 1, 2 and 3, each
   * alert naming the order. The case is no longer overdue until the order's deadline passes.
   */
  const restartLadderForOrder = async (deadline: Date, instruction: string): Promise<void> => {
    if (!clock) return;
    const { policy, calendar } = await loadSettings();
    const issuedAt = now();
    setClock(
      clock.stage,
      new Date(issuedAt),
      deadline,
      clock.timeBasis,
      [],
      policy.escalationSteps,
      new WorkingCalendar(calendar),
    );
    clock!.order = { instruction, issuedAt, deadline: deadline.toISOString() };
    state.escalationLevel = 0;
    state.overdue = false;
  };

  const enterStage = async (stage: Stage): Promise<void> => {
    state.stage = stage;
    state.stageEnteredAt = now();
    state.escalationLevel = 0;
    state.overdue = false;
    if (stage === 'CLOSED') {
      clock = undefined;
      state.stageDeadline = undefined;
      clockVersion += 1;
    } else {
      await startClock(stage);
    }
  };

  /** The stage facts every stage-changing event carries, for the read models. */
  const stageFacts = () => ({ stage: state.stage, stageDeadline: state.stageDeadline ?? null });

  const close = async (resolution: Resolution, actor: Actor, extra: Record<string, unknown> = {}) => {
    // Joint handling (协办): a case that closes withdraws the assistances still open (none: no event).
    await assistance.withdrawOpen('CASE_CLOSED');
    state.resolution = resolution;
    state.status = 'CLOSED';
    await enterStage('CLOSED');
    await record('DisputeClosed', actor, { resolution, ...extra, ...stageFacts(), status: 'CLOSED' });
  };

  /** Raises the checkpoints that fell due; at EVALUATION's deadline, closes the case unrated. */
  const raiseDueCheckpoints = async () => {
    if (!clock || clock.pausedAt || state.status !== 'OPEN') return;
    const at = nowMs();
    if (clock.stage === 'EVALUATION') {
      // Nobody rated it: it closes with the resolution its handling gave, and counts neither as
      // satisfied nor as dissatisfied (DOMAIN.md).
      if (Date.parse(clock.deadline) <= at) {
        await close(resolutionForOutcome(state.handlingOutcome ?? 'UNRESOLVED'), SYSTEM_ACTOR, {
          evaluation: 'NOT_RATED',
        });
      }
      return;
    }
    for (const checkpoint of clock.checkpoints) {
      if (Date.parse(checkpoint.at) > at || clock.raised.includes(checkpoint.level)) continue;
      clock.raised.push(checkpoint.level);
      if (checkpoint.level > 0) {
        state.escalationLevel = Math.max(state.escalationLevel, checkpoint.level);
        state.overdue = true;
      }
      await record(checkpoint.kind === 'WARNING' ? 'WarningRaised' : 'EscalationRaised', SYSTEM_ACTOR, {
        level: checkpoint.level,
        stage: clock.stage,
        deadline: clock.deadline,
        escalationLevel: state.escalationLevel,
        overdue: state.overdue,
        ...(clock.order && {
          reason: 'SUPERVISION_ORDER',
          order: { instruction: clock.order.instruction, issuedAt: clock.order.issuedAt },
        }),
      });
    }
    publishSearchAttributes();
  };

  /** When the clock or an assistance's deadline next needs the workflow's attention, in ms from now; undefined: never. */
  const nextWakeUp = (): number | undefined => {
    const stageDue = nextStageWakeUp();
    // Joint handling (协办): the open assistances' ladders run on the same timer.
    const assistanceDue = assistance.nextDueAt();
    if (assistanceDue === undefined) return stageDue;
    const inMs = Math.max(1, assistanceDue - Date.now());
    return stageDue === undefined ? inMs : Math.min(stageDue, inMs);
  };

  /** When the stage clock next needs the workflow's attention, in ms from now; undefined: never. */
  const nextStageWakeUp = (): number | undefined => {
    if (!clock || clock.pausedAt || state.status !== 'OPEN') return undefined;
    const due =
      clock.stage === 'EVALUATION'
        ? [Date.parse(clock.deadline)]
        : clock.checkpoints.filter((c) => !clock!.raised.includes(c.level)).map((c) => Date.parse(c.at));
    if (due.length === 0) return undefined;
    return Math.max(1, Math.min(...due) - Date.now());
  };

  // --- actions -------------------------------------------------------------------------------

  const refuse = (code: string, message: string) =>
    ApplicationFailure.create({ type: code, message, nonRetryable: true });

  const ensureAllowed = (action: Action, actor: Actor) => {
    const check = checkAction(state, action, actor);
    if (!check.ok) throw refuse(check.code, check.reason);
  };

  /**
   * Registers an action: the validator refuses it before it enters history; the handler runs it
   * alone (the lock), checks again (an earlier action may have changed the case meanwhile, as in
   * a claim race) and answers with the case as it now stands.
   */
  const onAction = <I extends ActionInput>(
    definition: UpdateDefinition<CaseState, [I]>,
    action: Action,
    run: (input: I) => Promise<void>,
    validate?: (input: I) => void,
  ) => {
    const check = (input: I) => {
      ensureAllowed(action, input.actor);
      validate?.(input);
    };
    setHandler(
      definition,
      (input: I) =>
        lock.run(async () => {
          await condition(() => registered);
          check(input);
          await decide(() => run(input));
          publishSearchAttributes();
          return { ...state };
        }),
      { validator: check },
    );
  };

  // --- joint handling (协办, workflows/assistance.ts) --------------------------------------------
  const assistance = installAssistance({
    state,
    nowMs,
    now,
    newId,
    record,
    loadSettings,
    timersChanged: () => {
      clockVersion += 1;
    },
    onUpdate: (definition, check, run) =>
      setHandler(
        definition,
        (input) =>
          lock.run(async () => {
            await condition(() => registered);
            check(input);
            await decide(() => run(input));
            publishSearchAttributes();
            return { ...state };
          }),
        { validator: check },
      ),
  });
  // --- end of joint handling ---------------------------------------------------------------------

  /** Moves to where the rules send the action; `restartClock`: a new clock even in the same stage. */
  const moveTo = async (action: Action, extra: Record<string, unknown> = {}, restartClock = false) => {
    const transition = nextStageAfter(action, {
      ...extra,
      stage: state.stage,
      reopenCount: state.reopenCount,
    } as never);
    if (transition.stage !== state.stage || restartClock) await enterStage(transition.stage);
    return transition;
  };

  const accept = async (actor: Actor) => {
    await enterStage('ACCEPTANCE');
    const event = draft('DisputeAccepted', actor, stageFacts());
    // Batched: the numbers come with the decision's append (flush).
    if (batch) return void batch.drafts.push(event);
    const numbers = await appender().recordAcceptance(event);
    continueFromRecord(event, numbers.earlier);
    state.caseNo = numbers.caseNo;
    state.receiptCode = numbers.receiptCode;
  };

  onAction(acceptDisputeUpdate, 'acceptDispute', ({ actor }) => accept(actor));

  onAction(rejectDisputeUpdate, 'rejectDispute', async ({ actor, reason }) => {
    await record('DisputeRejected', actor, { reason });
    await close('REJECTED', actor);
  });

  onAction(
    mergeDisputeUpdate,
    'mergeDispute',
    async ({ actor, intoCaseId, intoCaseNo }) => {
      await record('DisputeMerged', actor, { intoCaseId, intoCaseNo: intoCaseNo ?? null });
      // In the record before the other case hears of it.
      await flush();
      await getExternalWorkflowHandle(disputeWorkflowId(intoCaseId)).signal(absorbMergedCaseSignal, {
        fromCaseId: state.caseId,
        fromCaseNo: state.caseNo,
        parties: input.report.parties,
        actor,
      });
      await close('MERGED', actor);
    },
    ({ intoCaseId }) => {
      if (intoCaseId === state.caseId) throw refuse('RULE_VIOLATION', 'a case cannot be merged into itself');
    },
  );

  onAction(routeDisputeUpdate, 'routeDispute', async ({ actor, centerCode, unitId, severity, slaClass }) => {
    Object.assign(state, { centerCode, unitId, severity, slaClass });
    await moveTo('routeDispute');
    await record('DisputeRouted', actor, { centerCode, unitId, severity, slaClass, ...stageFacts() });
  });

  onAction(claimTaskUpdate, 'claimTask', async ({ actor }) => {
    state.assigneeId = actor.userId;
    await moveTo('claimTask');
    await record('TaskClaimed', actor, { assigneeId: actor.userId, ...stageFacts() });
  });

  onAction(releaseTaskUpdate, 'releaseTask', async ({ actor }) => {
    state.assigneeId = undefined;
    await record('TaskReleased', actor, { assigneeId: null });
  });

  onAction(reassignTaskUpdate, 'reassignTask', async ({ actor, mediatorId }) => {
    const previous = state.assigneeId ?? null;
    state.assigneeId = mediatorId;
    await moveTo('reassignTask');
    await record('TaskReassigned', actor, { assigneeId: mediatorId, previousAssigneeId: previous, ...stageFacts() });
  });

  onAction(transferDisputeUpdate, 'transferDispute', async ({ actor, centerCode, unitId, reason, upALevel }) => {
    const from = { centerCode: state.centerCode ?? null, unitId: state.unitId ?? null };
    Object.assign(state, { centerCode, unitId, assigneeId: undefined });
    // The receiving pool gets a claim period of its own.
    await moveTo('transferDispute', {}, true);
    // `upALevel` only when set, so that the events of transfers recorded before it stay the same.
    const up = upALevel === true ? { upALevel: true } : {};
    await record('DisputeTransferred', actor, {
      from,
      centerCode,
      unitId,
      reason,
      ...up,
      assigneeId: null,
      ...stageFacts(),
    });
  });

  onAction(recordHandlingUpdate, 'recordHandling', async ({ actor, note, sessionAt, participants }) => {
    await record('HandlingRecorded', actor, { note, sessionAt, participants });
  });

  onAction(
    completeHandlingUpdate,
    'completeHandling',
    async ({ actor, outcome, summary, agreement }) => {
      state.handlingOutcome = outcome;
      await moveTo('completeHandling', { outcome });
      await record('HandlingCompleted', actor, { outcome, summary, agreement: agreement ?? null, ...stageFacts() });
      await autoApproveIfPolicySays();
    },
    ({ outcome, agreement }) => {
      assistance.ensureNoneOpen(); // 协办: 409 naming the open assistances
      if (outcome === 'AGREEMENT' && !agreement) {
        throw refuse(
          'RULE_VIOLATION',
          'an AGREEMENT outcome needs the agreement: its terms and when it is to be fulfilled',
        );
      }
    },
  );

  onAction(recordFollowUpUpdate, 'recordFollowUp', async ({ actor, fulfilled, note }) => {
    await moveTo('recordFollowUp', { fulfilled });
    await record('FollowUpRecorded', actor, { fulfilled, note, ...stageFacts() });
    if (fulfilled) await autoApproveIfPolicySays();
  });

  onAction(
    requestExtensionUpdate,
    'requestExtension',
    async ({ actor, days, reason }) => {
      state.extension = { id: newId(), days, reason, status: 'PENDING' };
      await record('ExtensionRequested', actor, { extensionId: state.extension.id, days, reason });
    },
    ({ days }) => {
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_WORKING_DAYS) {
        throw refuse(
          'RULE_VIOLATION',
          `an extension is 1 to ${MAX_EXTENSION_WORKING_DAYS} working days (asked: ${days})`,
        );
      }
    },
  );

  onAction(
    decideExtensionUpdate,
    'decideExtension',
    async ({ actor, extensionId, approve, note }) => {
      const extension = state.extension!;
      extension.status = approve ? 'APPROVED' : 'REJECTED';
      if (approve && clock) {
        const { policy, calendar } = await loadSettings();
        await moveDeadline(
          extendDeadline(new Date(clock.deadline), extension.days, policy, new WorkingCalendar(calendar)),
        );
      }
      await record('ExtensionDecided', actor, {
        extensionId,
        approve,
        note,
        days: extension.days,
        stageDeadline: state.stageDeadline ?? null,
      });
    },
    ({ extensionId }) => {
      if (state.extension && state.extension.id !== extensionId)
        throw refuse('NOT_FOUND', `no extension ${extensionId} on this case`);
    },
  );

  onAction(
    issueSupervisionOrderUpdate,
    'issueSupervisionOrder',
    async ({ actor, instruction, deadline }) => {
      if (patched(ORDER_LADDER_PATCH)) {
        await restartLadderForOrder(new Date(deadline), instruction);
        await record('SupervisionOrderIssued', actor, {
          instruction,
          deadline,
          stageDeadline: state.stageDeadline ?? null,
          escalationLevel: state.escalationLevel,
          overdue: state.overdue,
        });
      } else {
        // Histories recorded before: the order moved the deadline and raised levels stayed raised.
        await moveDeadline(new Date(deadline));
        await record('SupervisionOrderIssued', actor, {
          instruction,
          deadline,
          stageDeadline: state.stageDeadline ?? null,
        });
      }
    },
    ({ deadline }) => {
      if (Number.isNaN(Date.parse(deadline)))
        throw refuse('RULE_VIOLATION', `deadline "${deadline}" is not a date and time`);
    },
  );

  const approveSupervision = async (actor: Actor, auto: boolean) => {
    await moveTo('approveSupervision');
    await record('SupervisionApproved', actor, { auto, ...stageFacts() });
  };

  /** The policy may approve SIMPLE cases at SUPERVISION by itself. */
  const autoApproveIfPolicySays = async () => {
    if (state.stage !== 'SUPERVISION' || state.slaClass !== 'SIMPLE') return;
    const { policy } = await loadSettings();
    if (policy.autoApproveSimple) await approveSupervision(SYSTEM_ACTOR, true);
  };

  onAction(approveSupervisionUpdate, 'approveSupervision', ({ actor }) => approveSupervision(actor, false));

  onAction(returnSupervisionUpdate, 'returnSupervision', async ({ actor, reason }) => {
    await moveTo('returnSupervision');
    await record('SupervisionReturned', actor, { reason, ...stageFacts() });
  });

  onAction(deliverFeedbackUpdate, 'deliverFeedback', async ({ actor, channel, content }) => {
    await moveTo('deliverFeedback');
    await record('FeedbackDelivered', actor, { channel, content, ...stageFacts() });
  });

  onAction(submitEvaluationUpdate, 'submitEvaluation', async ({ actor, rating, comment }) => {
    await record('EvaluationReceived', actor, { rating, comment: comment ?? null });
    const transition = nextStageAfter('submitEvaluation', {
      stage: state.stage,
      reopenCount: state.reopenCount,
      rating,
      handlingOutcome: state.handlingOutcome ?? 'UNRESOLVED',
    });
    if (transition.reopened) {
      state.reopenCount += 1;
      state.handlingOutcome = undefined;
      await enterStage('HANDLING');
      await record('DisputeReopened', actor, { reopenCount: state.reopenCount, ...stageFacts() });
      if (transition.alertLevel) {
        // A second reopen is itself a level-2 escalation: the street leader hears of it.
        state.escalationLevel = Math.max(state.escalationLevel, transition.alertLevel);
        await record('EscalationRaised', SYSTEM_ACTOR, {
          level: transition.alertLevel,
          stage: state.stage,
          deadline: state.stageDeadline ?? null,
          reason: 'REOPENED',
          escalationLevel: state.escalationLevel,
          overdue: state.overdue,
        });
      }
    } else {
      await close(transition.resolution!, actor);
    }
  });

  onAction(suspendDisputeUpdate, 'suspendDispute', async ({ actor, reason }) => {
    state.status = 'SUSPENDED';
    if (clock) clock.pausedAt = now();
    clockVersion += 1;
    await record('DisputeSuspended', actor, { reason, status: 'SUSPENDED' });
  });

  onAction(resumeDisputeUpdate, 'resumeDispute', async ({ actor }) => {
    state.status = 'OPEN';
    if (clock?.pausedAt && patched(PAUSE_WORKING_TIME_PATCH)) {
      // The clock stood still while suspended: every point on it moves by the working time the
      // pause covered, so the working time left is what it was (pointAfterPause).
      const { calendar } = await loadSettings();
      const pause = { from: new Date(clock.pausedAt), to: new Date(nowMs()) };
      const working = new WorkingCalendar(calendar);
      const basis = clock.timeBasis;
      const shift = (iso: string) => pointAfterPause(new Date(iso), pause, basis, working).toISOString();
      clock.start = shift(clock.start);
      clock.deadline = shift(clock.deadline);
      clock.checkpoints = clock.checkpoints.map((c) => ({ ...c, at: shift(c.at) }));
      if (clock.order) clock.order = { ...clock.order, deadline: clock.deadline };
      clock.pausedAt = undefined;
      state.stageDeadline = clock.deadline;
    } else if (clock?.pausedAt) {
      // Histories recorded before: every point moved by the pause's wall-clock time.
      const paused = nowMs() - Date.parse(clock.pausedAt);
      const shift = (iso: string) => new Date(Date.parse(iso) + paused).toISOString();
      clock.start = shift(clock.start);
      clock.deadline = shift(clock.deadline);
      clock.checkpoints = clock.checkpoints.map((c) => ({ ...c, at: shift(c.at) }));
      clock.pausedAt = undefined;
      state.stageDeadline = clock.deadline;
    }
    clockVersion += 1;
    await record('DisputeResumed', actor, { status: 'OPEN', stageDeadline: state.stageDeadline ?? null });
  });

  onAction(withdrawDisputeUpdate, 'withdrawDispute', async ({ actor, reason }) => {
    await record('DisputeWithdrawn', actor, { reason });
    await close('WITHDRAWN', actor);
  });

  setHandler(absorbMergedCaseSignal, ({ fromCaseId, fromCaseNo, parties, actor }) =>
    lock.run(async () => {
      await condition(() => registered);
      await decide(() =>
        record('DisputeMerged', actor, { mergedCaseId: fromCaseId, mergedCaseNo: fromCaseNo ?? null, parties }),
      );
    }),
  );

  setHandler(caseStateQuery, () => state);
  setHandler(awaitRegistrationUpdate, async () => {
    await condition(() => registered);
    return { ...state };
  });

  // --- the case's life ---------------------------------------------------------------------

  if (!registered) {
    await lock.run(async () => {
      await decide(async () => {
        state.stageEnteredAt = now();
        await startClock('DISCOVERY');
        await record('DisputeReported', input.reportedBy, {
          ...input.report,
          severity: state.severity,
          slaClass: state.slaClass,
          ...stageFacts(),
        });
        if (input.acceptNow) await accept(input.reportedBy);
      });
      publishSearchAttributes();
    });
    registered = true;
  }

  const historyTooLong = () =>
    workflowInfo().historyLength > HISTORY_EVENT_LIMIT || workflowInfo().continueAsNewSuggested;
  while (state.status !== 'CLOSED') {
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof disputeWorkflow>({ ...input, carried: { state, clock, slaPolicyName, registered } });
    }
    const version = clockVersion;
    const wakeUp = nextWakeUp();
    const woken = () => clockVersion !== version || state.status === 'CLOSED' || historyTooLong();
    const changed = wakeUp === undefined ? (await condition(woken), true) : await condition(woken, wakeUp);
    if (!changed)
      await lock.run(() =>
        decide(async () => {
          await raiseDueCheckpoints();
          await assistance.raiseDue(); // 协办
        }),
      );
  }

  await condition(allHandlersFinished);
  return state;
}

/** The record holds the decision's first event from an attempt that died: decide again at its time. */
class DecideAgainAt extends Error {
  constructor(readonly at: number) {
    super(`decide again at ${new Date(at).toISOString()}`);
  }
}
