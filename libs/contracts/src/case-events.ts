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

/**
 * What an append answers when the record already held the draft's (case, seq) with something
 * else in it: an earlier attempt of the same workflow task appended it and died before the task
 * completed. The workflow then decides again at the recorded time (workflows/dispute-case.ts, `decide`).
 * An append that inserted the draft, or met the same event again, answers null.
 */
export interface RecordedEarlier {
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

/** Whether the stored event is the draft: same type, time, actor, and every field of the draft's payload (enrichment may add more). Pure. */
export function isSameEvent(
  draft: CaseEventDraft,
  stored: { type: string } & Pick<RecordedCaseEvent, 'at' | 'actor' | 'payload'>,
): boolean {
  return (
    stored.type === draft.type &&
    Date.parse(stored.at) === Date.parse(draft.at) &&
    stored.actor.userId === draft.actor.userId &&
    stored.actor.role === draft.actor.role &&
    Object.keys(draft.payload).every((key) => canonicalJson(draft.payload[key]) === canonicalJson(stored.payload[key]))
  );
}

/** JSON with object keys sorted and undefined members dropped, as PostgreSQL's jsonb gives them back. */
function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
