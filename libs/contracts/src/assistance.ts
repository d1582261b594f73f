import { defineUpdate } from '@temporalio/workflow';
import type { AssistanceStatus } from '@app/domain/assistance/assistance-rules';
import type { Checkpoint } from '@app/domain/sla/escalation-ladder';
import type { CaseState } from './case-state';
import type { ActionInput } from './dispute.messages';

/**
 * Joint handling (协办, docs/joint-handling.md): one assistance as the dispute workflow keeps it,
 * with its deadline's ladder (warning at 80 % of its working time, levels 1–3 from the deadline)
 * raised on the assisting unit's center. The workflow is the authority; the read model
 * `case_assistances` is folded from the Assistance* events.
 */
export interface AssistanceState {
  id: string;
  /** The assisting unit and its center (whose supervisors hear of an overdue assistance). */
  unitId: string;
  centerCode: string;
  instruction: string;
  workingDays: number;
  requestedBy: string;
  requestedAt: string;
  deadline: string;
  status: AssistanceStatus;
  assigneeId?: string;
  checkpoints: { kind: Checkpoint['kind']; level: Checkpoint['level']; at: string }[];
  raised: number[];
}

export interface RequestAssistanceInput extends ActionInput {
  unitId: string;
  /** The assisting unit's center, looked up by the gateway from the territory. */
  centerCode: string;
  instruction: string;
  workingDays: number;
}

export interface AssistanceActionInput extends ActionInput {
  assistanceId: string;
}

export interface AnswerAssistanceInput extends AssistanceActionInput {
  report: string;
}

export interface WithdrawAssistanceInput extends AssistanceActionInput {
  reason: string;
}

export const requestAssistanceUpdate = defineUpdate<CaseState, [RequestAssistanceInput]>('requestAssistance');
export const claimAssistanceUpdate = defineUpdate<CaseState, [AssistanceActionInput]>('claimAssistance');
export const answerAssistanceUpdate = defineUpdate<CaseState, [AnswerAssistanceInput]>('answerAssistance');
export const withdrawAssistanceUpdate = defineUpdate<CaseState, [WithdrawAssistanceInput]>('withdrawAssistance');
