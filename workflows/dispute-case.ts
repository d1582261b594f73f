import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { DisputeActivities } from '@app/activities/dispute.activities';
import {
  CASE_CENTER_ATTRIBUTE,
  CASE_NO_ATTRIBUTE,
  CASE_OVERDUE_ATTRIBUTE,
  CASE_STAGE_ATTRIBUTE,
  CASE_UNIT_ATTRIBUTE,
  DEFAULT_SLA_POLICY_NAME,
  SYSTEM_ACTOR,
  type ActionUpdate,
  type Actor,
  type CaseEventDraft,
  type CaseState,
  type DisputeWorkflowInput,
  type GivenSlaSettings,
  type RecordedEarlier,
  type SlaSettings,
  type StageClock,
} from '@app/contracts';
import type { ChainStage, EventType, Resolution, Stage } from '@app/domain/enums';
import { nextStageAfter, resolutionForOutcome } from '@app/domain/workflow-rules/stage-rules';
import {
  checkpointAlert,
  checkpointsDue,
  clockRules,
  clockRuns,
  clockYears,
  escalationAfter,
  evaluationLapsed,
  markRaised,
  moveDeadline,
  nextDueAt,
  restartForOrder,
  startStageClock,
  type ClockRules,
} from './stage-clock';
import type { Assistance } from './assistance';

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

/**
 * An action's decision computes its deadlines with the SLA settings the gateway sent with the
 * update (ActionInput.slaSettings), when they are of the case's policy and years, instead of
 * reading them in a local activity (issue 16: claim and complete handling took two local
 * activities, they now take one). Before, and in histories where the settings were read although
 * sent (an older worker), the local activity.
 */
const SETTINGS_WITH_ACTIONS_PATCH = 'action-settings-from-the-update';

/**
 * The search attributes are upserted only when one of them changed (issue 16: a session record,
 * an extension's request, a warning or a level 2 or 3 escalation upserted the same values, a
 * history event and a visibility write each). Before: after every decision.
 */
const SEARCH_ATTRIBUTES_WHEN_CHANGED_PATCH = 'search-attributes-upserted-when-changed';

/**
 * One dispute as its workflow holds it: the case's state and stage clock, the recording of its
 * events, and the decisions that change them (dispute.workflow.ts wires the handlers that ask
 * for them). The clock's rules are stage-clock.ts's; this class reads the settings and the time
 * and keeps the case in step with the clock.
 */
export class DisputeCase {
  readonly state: CaseState;
  readonly slaPolicyName: string;
  clock: StageClock | undefined;
  registered: boolean;
  /** Bumped whenever the clock changes, so the timer loop re-reads it. */
  clockVersion = 0;
  /** Joint handling (协办, assistance.ts), installed by the workflow function. */
  assistance?: Assistance;

  /** The instant the running decision takes effect (see `decide`); between decisions, the workflow's clock. */
  private decisionAt: number | undefined;
  /**
   * The running decision's events not yet appended, its SLA settings (BATCHED_APPENDS_PATCH), and
   * those its update brought (SETTINGS_WITH_ACTIONS_PATCH); undefined: histories recorded before.
   */
  private batch: { drafts: CaseEventDraft[]; settings?: Promise<SlaSettings>; offered?: GivenSlaSettings } | undefined;
  /** True while a decision is made again at a recorded time. */
  private redoing = false;
  /** Ids drawn by the running decision, drawn again in the same order when it is made again. */
  private drawnIds: string[] = [];
  private drawnUsed = 0;
  /** The search attributes this run last upserted (SEARCH_ATTRIBUTES_WHEN_CHANGED_PATCH), as JSON. */
  private published: string | undefined;

  constructor(readonly input: DisputeWorkflowInput) {
    this.state = input.carried?.state ?? {
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
    this.slaPolicyName = input.carried?.slaPolicyName ?? input.slaPolicyName ?? DEFAULT_SLA_POLICY_NAME;
    this.clock = input.carried?.clock;
    this.registered = input.carried?.registered ?? false;
  }

  nowMs(): number {
    return this.decisionAt ?? Date.now();
  }

  now(): string {
    return new Date(this.nowMs()).toISOString();
  }

  /** What continue-as-new carries to the next run. */
  carried(): NonNullable<DisputeWorkflowInput['carried']> {
    return { state: this.state, clock: this.clock, slaPolicyName: this.slaPolicyName, registered: this.registered };
  }

  // --- recording ---------------------------------------------------------------------------

  draft<T extends EventType>(type: T, actor: Actor, payload: Record<string, unknown>): CaseEventDraft<T> {
    const state = this.state;
    state.lastSeq += 1;
    state.updatedAt = this.now();
    return {
      caseId: state.caseId,
      seq: state.lastSeq,
      type,
      at: state.updatedAt,
      actor: { userId: actor.userId, role: actor.role },
      payload,
    };
  }

  async record(type: EventType, actor: Actor, payload: Record<string, unknown> = {}): Promise<void> {
    const event = this.draft(type, actor, payload);
    if (this.batch) this.batch.drafts.push(event);
    else this.continueFromRecord(event, await appender().recordCaseEvent(event));
  }

  /** Appends the running decision's events drafted so far, in one local activity. */
  async flush(): Promise<void> {
    const batch = this.batch;
    if (!batch || batch.drafts.length === 0) return;
    const drafts = batch.drafts;
    batch.drafts = [];
    const recorded = await appends.recordCaseEvents(drafts);
    drafts.forEach((event, i) => this.continueFromRecord(event, recorded.earlier[i]));
    if (recorded.caseNo) {
      this.state.caseNo = recorded.caseNo;
      this.state.receiptCode = recorded.receiptCode;
    }
  }

  /**
   * The acceptance's event, which gives the case its number and receipt code: batched, they come
   * with the decision's append (flush); in histories recorded before, from their own append.
   */
  async recordAcceptance(actor: Actor): Promise<void> {
    const event = this.draft('DisputeAccepted', actor, this.stageFacts());
    if (this.batch) return void this.batch.drafts.push(event);
    const numbers = await appender().recordAcceptance(event);
    this.continueFromRecord(event, numbers.earlier);
    this.state.caseNo = numbers.caseNo;
    this.state.receiptCode = numbers.receiptCode;
  }

  /**
   * The record is the case's history, so the workflow must act on exactly what it holds. An
   * append that met an event of the same (case, seq) with other content was made by an earlier
   * attempt of this workflow task, which died (worker killed) after the append and before the
   * task completed; the retried task runs later, so its deadlines came out later. The decision is
   * then made again at the recorded time, which gives the recorded event (`decide`). Anything else
   * that differs is a fault to look at, not to paper over: the task fails, loudly and retried.
   * Histories recorded before appends answered get undefined here and check nothing.
   */
  private continueFromRecord(
    event: { seq: number; type: string; at: string; payload: unknown },
    earlier: RecordedEarlier | null | undefined,
  ): void {
    if (!earlier) return;
    const recordedAt = Date.parse(earlier.at);
    if (!this.redoing && recordedAt !== Date.parse(event.at)) throw new DecideAgainAt(recordedAt);
    throw new Error(
      `case ${this.state.caseId} event ${event.seq}: the record holds ${earlier.type} at ${earlier.at} ${JSON.stringify(earlier.payload)}, ` +
        `the workflow decided ${event.type} at ${event.at} ${JSON.stringify(event.payload)}`,
    );
  }

  newId(): string {
    if (this.drawnUsed === this.drawnIds.length) this.drawnIds.push(uuid4());
    return this.drawnIds[this.drawnUsed++];
  }

  /**
   * Runs one decision (an action, the timers' checkpoints, a merge, the registration) at one
   * instant: every event it records carries that time and everything it computes starts from it.
   * If the record turns out to hold the decision's first event already, from an attempt that died,
   * the case's state is put back as it was and the decision is made again at the recorded instant.
   * `offered`: the SLA settings the action's update brought (ActionInput.slaSettings).
   */
  async decide<T>(run: () => Promise<T>, offered?: GivenSlaSettings): Promise<T> {
    const before = JSON.stringify({ state: this.state, clock: this.clock, clockVersion: this.clockVersion });
    this.drawnIds = [];
    const batched = patched(BATCHED_APPENDS_PATCH);
    const attempt = async (at: number) => {
      this.decisionAt = at;
      this.drawnUsed = 0;
      this.batch = batched ? { drafts: [], offered } : undefined;
      try {
        let result: T;
        try {
          result = await run();
        } catch (error) {
          // What was decided before a refusal stands, as when each event was appended at once.
          if (!(error instanceof DecideAgainAt)) await this.flush();
          throw error;
        }
        await this.flush();
        return result;
      } finally {
        this.decisionAt = undefined;
        this.batch = undefined;
      }
    };
    try {
      return await attempt(Date.now());
    } catch (error) {
      if (!(error instanceof DecideAgainAt)) throw error;
      const saved = JSON.parse(before) as { state: CaseState; clock: StageClock | undefined; clockVersion: number };
      for (const key of Object.keys(this.state)) delete (this.state as unknown as Record<string, unknown>)[key];
      Object.assign(this.state, saved.state);
      this.clock = saved.clock;
      this.clockVersion = saved.clockVersion + 1;
      this.redoing = true;
      try {
        return await attempt(error.at);
      } finally {
        this.redoing = false;
      }
    }
  }

  publishSearchAttributes(): void {
    const state = this.state;
    const attributes = [
      { key: CASE_STAGE_ATTRIBUTE, value: state.stage },
      { key: CASE_OVERDUE_ATTRIBUTE, value: state.overdue },
      ...(state.caseNo ? [{ key: CASE_NO_ATTRIBUTE, value: state.caseNo }] : []),
      ...(state.centerCode ? [{ key: CASE_CENTER_ATTRIBUTE, value: state.centerCode }] : []),
      ...(state.unitId ? [{ key: CASE_UNIT_ATTRIBUTE, value: state.unitId }] : []),
    ];
    const values = JSON.stringify(attributes);
    if (values === this.published && patched(SEARCH_ATTRIBUTES_WHEN_CHANGED_PATCH)) return;
    this.published = values;
    upsertSearchAttributes(attributes);
  }

  // --- the stage clock (its rules: stage-clock.ts) --------------------------------------------

  loadSettings(): Promise<SlaSettings> {
    const years = clockYears(this.nowMs());
    // One decision, one instant: the settings it reads are the same each time it asks. The intake
    // and the actions take those the gateway read with the report or the update when they are the
    // ones the decision would ask for.
    const batch = this.batch;
    if (batch)
      return (batch.settings ??=
        (!this.registered ? this.settingsGiven(this.input.slaSettings, years) : this.settingsOffered(batch, years)) ??
        settings.loadSlaSettings(this.slaPolicyName, years));
    return settings.loadSlaSettings(this.slaPolicyName, years);
  }

  async loadClockRules(): Promise<ClockRules> {
    return clockRules(await this.loadSettings());
  }

  /** Settings the gateway read (the intake's input, an action's update), if they are for this policy and these years. */
  private settingsGiven(given: GivenSlaSettings | undefined, years: number[]): Promise<SlaSettings> | undefined {
    if (!given || given.policyName !== this.slaPolicyName || given.years.join() !== years.join()) return undefined;
    return Promise.resolve(given.settings);
  }

  /** The update's settings, if they fit (settingsGiven) and the history is of SETTINGS_WITH_ACTIONS_PATCH. */
  private settingsOffered(batch: { offered?: GivenSlaSettings }, years: number[]): Promise<SlaSettings> | undefined {
    const offered = this.settingsGiven(batch.offered, years);
    return offered && patched(SETTINGS_WITH_ACTIONS_PATCH) ? offered : undefined;
  }

  /** The clock changed: the case shows its deadline and the timer loop re-reads it. */
  setClock(next: StageClock): void {
    this.clock = next;
    this.state.stageDeadline = next.deadline;
    this.clockVersion += 1;
  }

  /** Starts `stage`'s clock from the stage's entry with the SLA policy as it is now. */
  async startClock(stage: ChainStage): Promise<void> {
    this.setClock(startStageClock(stage, new Date(this.state.stageEnteredAt), this.state, await this.loadClockRules()));
  }

  /** A new deadline for the running stage: levels already raised stay raised. */
  async moveClockDeadline(deadline: Date): Promise<void> {
    if (!this.clock) return;
    const clock = this.clock;
    this.setClock(moveDeadline(clock, deadline, this.state, await this.loadClockRules()));
  }

  /** A supervision order restarts the ladder from its deadline; the case is no longer overdue until it passes. */
  async restartLadderForOrder(deadline: Date, instruction: string): Promise<void> {
    if (!this.clock) return;
    const rules = await this.loadClockRules();
    this.setClock(restartForOrder(this.clock, { instruction, issuedAt: this.now(), deadline }, this.state, rules));
    this.state.escalationLevel = 0;
    this.state.overdue = false;
  }

  async enterStage(stage: Stage): Promise<void> {
    const state = this.state;
    state.stage = stage;
    state.stageEnteredAt = this.now();
    state.escalationLevel = 0;
    state.overdue = false;
    if (stage === 'CLOSED') {
      this.clock = undefined;
      state.stageDeadline = undefined;
      this.clockVersion += 1;
    } else {
      await this.startClock(stage);
    }
  }

  /** Moves to where the rules send the action; `restartClock`: a new clock even in the same stage. */
  async moveTo(
    { name: action }: Pick<ActionUpdate, 'name'>,
    extra: Record<string, unknown> = {},
    restartClock = false,
  ) {
    const transition = nextStageAfter(action, {
      ...extra,
      stage: this.state.stage,
      reopenCount: this.state.reopenCount,
    } as never);
    if (transition.stage !== this.state.stage || restartClock) await this.enterStage(transition.stage);
    return transition;
  }

  /** The stage facts every stage-changing event carries, for the read models. */
  stageFacts(): { stage: Stage; stageDeadline: string | null } {
    return { stage: this.state.stage, stageDeadline: this.state.stageDeadline ?? null };
  }

  async close(resolution: Resolution, actor: Actor, extra: Record<string, unknown> = {}): Promise<void> {
    // Joint handling (协办): a case that closes withdraws the assistances still open (none: no event).
    await this.assistance?.withdrawOpen('CASE_CLOSED');
    this.state.resolution = resolution;
    this.state.status = 'CLOSED';
    await this.enterStage('CLOSED');
    await this.record('DisputeClosed', actor, { resolution, ...extra, ...this.stageFacts(), status: 'CLOSED' });
  }

  /** Raises the checkpoints that fell due; at EVALUATION's deadline, closes the case unrated. */
  async raiseDueCheckpoints(): Promise<void> {
    const state = this.state;
    if (!clockRuns(this.clock, state.status)) return;
    const at = this.nowMs();
    if (this.clock.stage === 'EVALUATION') {
      // Nobody rated it: it closes with the resolution its handling gave, and counts neither as
      // satisfied nor as dissatisfied (DOMAIN.md).
      if (evaluationLapsed(this.clock, at)) {
        await this.close(resolutionForOutcome(state.handlingOutcome ?? 'UNRESOLVED'), SYSTEM_ACTOR, {
          evaluation: 'NOT_RATED',
        });
      }
      return;
    }
    for (const checkpoint of checkpointsDue(this.clock, at)) {
      const clock = markRaised(this.clock!, checkpoint);
      this.clock = clock;
      Object.assign(state, escalationAfter(state, checkpoint));
      const alert = checkpointAlert(clock, checkpoint, state);
      await this.record(alert.type, SYSTEM_ACTOR, alert.payload);
    }
    this.publishSearchAttributes();
  }

  /** When the clock or an assistance's deadline next needs the workflow's attention, in ms from now; undefined: never. */
  nextWakeUp(): number | undefined {
    const stageDue = this.nextStageWakeUp();
    // Joint handling (协办): the open assistances' ladders run on the same timer.
    const assistanceDue = this.assistance?.nextDueAt();
    if (assistanceDue === undefined) return stageDue;
    const inMs = Math.max(1, assistanceDue - Date.now());
    return stageDue === undefined ? inMs : Math.min(stageDue, inMs);
  }

  /** When the stage clock next needs the workflow's attention, in ms from now; undefined: never. */
  private nextStageWakeUp(): number | undefined {
    if (!clockRuns(this.clock, this.state.status)) return undefined;
    const due = nextDueAt(this.clock);
    return due === undefined ? undefined : Math.max(1, due - Date.now());
  }
}

/** The record holds the decision's first event from an attempt that died: decide again at its time. */
class DecideAgainAt extends Error {
  constructor(readonly at: number) {
    super(`decide again at ${new Date(at).toISOString()}`);
  }
}
