import type { EventType } from '@app/domain/enums';
import type { Actor, DisputeReport } from './case-state';

/** An event as the workflow asks for it to be recorded; `seq` makes a retried append a no-op. */
export interface CaseEventDraft<T extends EventType = EventType> {
  caseId: string;
  seq: number;
  type: T;
  at: string;
  actor: Pick<Actor, 'userId' | 'role'>;
  payload: Record<string, unknown>;
}

/** An event as stored and as the timeline shows it. */
export interface RecordedCaseEvent {
  caseId: string;
  seq: number;
  type: EventType;
  at: string;
  actor: { userId: string; role: string };
  payload: Record<string, unknown>;
  schemaVersion: number;
}

export interface DisputeReportedPayload extends DisputeReport {
  severity: string;
  slaClass: string;
  stageDeadline?: string;
}

export interface DisputeAcceptedPayload {
  caseNo: string;
  receiptCode: string;
  stageDeadline?: string;
}
