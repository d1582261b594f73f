import { ApplicationFailure } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  answerAssistanceUpdate,
  claimAssistanceUpdate,
  requestAssistanceUpdate,
  SYSTEM_ACTOR,
  withdrawAssistanceUpdate,
  type ActionInput,
  type Actor,
  type AssistanceState,
  type CaseState,
  type SlaSettings,
} from '@app/contracts';
import {
  answeredOnTime,
  assistanceDeadline,
  checkAnswer,
  checkClaim,
  checkNoOpenAssistance,
  checkRequest,
  checkWithdraw,
  isOpenAssistance,
  type AssistanceCheck,
} from '@app/domain/assistance/assistance-rules';
import { WorkingCalendar } from '@app/domain/calendar/working-calendar';
import type { EventType } from '@app/domain/enums';
import { buildEscalationLadder } from '@app/domain/sla/escalation-ladder';

/**
 * Joint handling (协办) inside the dispute workflow (docs/joint-handling.md): the four updates of
 * an assistance, its deadline's ladder on the workflow's own durable timer, and the refusal of
 * completeHandling while one is open. A case that never had an assistance takes none of these
 * paths, so the command sequence of every history recorded before is unchanged.
 */
export interface AssistanceHost {
  state: CaseState;
  nowMs: () => number;
  newId: () => string;
  record: (type: EventType, actor: Actor, payload: Record<string, unknown>) => Promise<void>;
  loadSettings: () => Promise<SlaSettings>;
  /** The timer loop must look at the deadlines again. */
  timersChanged: () => void;
  /** Registers an update that runs like the case's actions: alone, after registration, as one decision. */
  onUpdate: <I extends ActionInput>(
    definition: UpdateDefinition<CaseState, [I]>,
    check: (input: I) => void,
    run: (input: I) => Promise<void>,
  ) => void;
}

export interface Assistance {
  /** Throws the 409 refusal naming the open assistances; called by completeHandling. */
  ensureNoneOpen: () => void;
  /** The earliest ladder point not raised yet of an open assistance (epoch ms); undefined: none. */
  nextDueAt: () => number | undefined;
  /** Raises the ladder points that fell due. */
  raiseDue: () => Promise<void>;
  /** The case closed: its open assistances are withdrawn by the engine. */
  withdrawOpen: (reason: string) => Promise<void>;
}

const refuse = (check: AssistanceCheck) => {
  if (!check.ok) throw ApplicationFailure.create({ type: check.code, message: check.reason, nonRetryable: true });
};

export function installAssistance(host: AssistanceHost): Assistance {
  const { state } = host;
  const list = (): AssistanceState[] => state.assistances ?? [];
  const find = (id: string) => list().find((a) => a.id === id);
  const facts = (a: AssistanceState | undefined) =>
    a && { id: a.id, unitId: a.unitId, status: a.status, assigneeId: a.assigneeId };
  const onCase = () => ({
    stage: state.stage,
    status: state.status,
    unitId: state.unitId,
    assigneeId: state.assigneeId,
  });
  /** The facts every assistance event carries (named so that the case's own columns stay untouched). */
  const about = (a: AssistanceState) => ({
    assistanceId: a.id,
    assistingUnitId: a.unitId,
    assistingCenterCode: a.centerCode,
    deadline: a.deadline,
  });

  host.onUpdate(
    requestAssistanceUpdate,
    (input) =>
      refuse(
        checkRequest(
          onCase(),
          input.actor,
          input,
          list().map((a) => facts(a)!),
        ),
      ),
    async ({ actor, unitId, centerCode, instruction, workingDays }) => {
      const { policy, calendar: years } = await host.loadSettings();
      const calendar = new WorkingCalendar(years);
      const requestedAt = new Date(host.nowMs());
      const deadline = assistanceDeadline(requestedAt, workingDays, calendar, policy.workingDayMs);
      const ladder = buildEscalationLadder({
        start: requestedAt,
        deadline,
        calendar,
        // A drill's compressed working days are calendar time (as an extension's are).
        timeBasis: policy.workingDayMs === undefined ? 'WORKING' : 'CALENDAR',
        slaClass: state.slaClass,
        severity: state.severity,
        escalationSteps: policy.escalationSteps,
      });
      const assistance: AssistanceState = {
        id: host.newId(),
        unitId,
        centerCode,
        instruction,
        workingDays,
        requestedBy: actor.userId,
        requestedAt: requestedAt.toISOString(),
        deadline: deadline.toISOString(),
        status: 'OPEN',
        checkpoints: ladder.map((c) => ({ kind: c.kind, level: c.level, at: c.at.toISOString() })),
        raised: [],
      };
      state.assistances = [...list(), assistance];
      host.timersChanged();
      await host.record('AssistanceRequested', actor, {
        ...about(assistance),
        instruction,
        workingDays,
        assistanceStatus: 'OPEN',
      });
    },
  );

  host.onUpdate(
    claimAssistanceUpdate,
    ({ actor, assistanceId }) => refuse(checkClaim(onCase(), actor, facts(find(assistanceId)))),
    async ({ actor, assistanceId }) => {
      const assistance = find(assistanceId)!;
      assistance.status = 'CLAIMED';
      assistance.assigneeId = actor.userId;
      await host.record('AssistanceClaimed', actor, {
        ...about(assistance),
        assistantId: actor.userId,
        assistanceStatus: 'CLAIMED',
      });
    },
  );

  host.onUpdate(
    answerAssistanceUpdate,
    ({ actor, assistanceId, report }) => refuse(checkAnswer(onCase(), actor, facts(find(assistanceId)), report)),
    async ({ actor, assistanceId, report }) => {
      const assistance = find(assistanceId)!;
      assistance.status = 'ANSWERED';
      host.timersChanged();
      await host.record('AssistanceAnswered', actor, {
        ...about(assistance),
        report,
        onTime: answeredOnTime(new Date(host.nowMs()), new Date(assistance.deadline)),
        assistanceStatus: 'ANSWERED',
      });
    },
  );

  host.onUpdate(
    withdrawAssistanceUpdate,
    ({ actor, assistanceId, reason }) => refuse(checkWithdraw(onCase(), actor, facts(find(assistanceId)), reason)),
    async ({ actor, assistanceId, reason }) => {
      const assistance = find(assistanceId)!;
      assistance.status = 'WITHDRAWN';
      host.timersChanged();
      await host.record('AssistanceWithdrawn', actor, { ...about(assistance), reason, assistanceStatus: 'WITHDRAWN' });
    },
  );

  const pending = (a: AssistanceState) => a.checkpoints.filter((c) => !a.raised.includes(c.level));

  return {
    ensureNoneOpen: () => refuse(checkNoOpenAssistance(list().map((a) => facts(a)!))),

    nextDueAt: () => {
      const due = list()
        .filter(isOpenAssistance)
        .flatMap((a) => pending(a).map((c) => Date.parse(c.at)));
      return due.length === 0 ? undefined : Math.min(...due);
    },

    raiseDue: async () => {
      if (state.status === 'CLOSED') return;
      const at = host.nowMs();
      for (const assistance of list().filter(isOpenAssistance)) {
        for (const checkpoint of pending(assistance)) {
          if (Date.parse(checkpoint.at) > at) continue;
          assistance.raised.push(checkpoint.level);
          await host.record(
            checkpoint.kind === 'WARNING' ? 'AssistanceWarningRaised' : 'AssistanceEscalationRaised',
            SYSTEM_ACTOR,
            { ...about(assistance), level: checkpoint.level },
          );
        }
      }
    },

    withdrawOpen: async (reason: string) => {
      const open = list().filter(isOpenAssistance);
      if (open.length === 0) return;
      for (const assistance of open) {
        assistance.status = 'WITHDRAWN';
        await host.record('AssistanceWithdrawn', SYSTEM_ACTOR, {
          ...about(assistance),
          reason,
          assistanceStatus: 'WITHDRAWN',
        });
      }
      host.timersChanged();
    },
  };
}
