import type { DisputeReportedPayload, Party, RecordedCaseEvent } from '@app/contracts';
import type { CaseEntity } from './entities/case.entity';

export type CaseRow = Omit<CaseEntity, never>;

/** An alert row of the supervisors' desk, derived from a WarningRaised/EscalationRaised event. */
export interface AlertRow {
  caseId: string;
  eventSeq: number;
  caseNo: string | null;
  stage: string;
  kind: 'WARNING' | 'ESCALATION';
  level: number;
  centerCode: string | null;
  unitId: string | null;
  deadline: Date | null;
  raisedAt: Date;
}

/**
 * Facts an event states about the case after it, by the read model's field names. Events carry
 * them as they were when the event happened, so folding events in order yields the case.
 */
const STATED_FIELDS = [
  'caseNo',
  'receiptCode',
  'status',
  'centerCode',
  'unitId',
  'assigneeId',
  'severity',
  'slaClass',
  'reopenCount',
  'resolution',
  'escalationLevel',
] as const;

/**
 * Folds one event into the case's read-model row. Pure, so that live appends and a rebuild from
 * the event store alone produce the same rows.
 */
export function projectCaseEvent(row: CaseRow | null, event: RecordedCaseEvent, communityCode: string | null): CaseRow {
  const at = new Date(event.at);
  const p = event.payload;
  if (event.type === 'DisputeReported') {
    if (row) throw new Error(`case ${event.caseId}: DisputeReported on an existing case`);
    const report = p as unknown as DisputeReportedPayload & { stageDeadline?: string | null };
    return {
      id: event.caseId,
      caseNo: null,
      receiptCode: null,
      stage: 'DISCOVERY',
      status: 'OPEN',
      channel: report.channel,
      category: report.category,
      summary: report.summary,
      description: report.description,
      gridCode: report.gridCode,
      communityCode,
      address: report.address,
      occurredAt: report.occurredAt ? new Date(report.occurredAt) : null,
      urgent: report.urgent,
      parties: report.parties,
      centerCode: null,
      unitId: null,
      assigneeId: null,
      severity: report.severity,
      slaClass: report.slaClass,
      stageEnteredAt: at,
      stageDeadline: report.stageDeadline ? new Date(report.stageDeadline) : null,
      escalationLevel: 0,
      reopenCount: 0,
      resolution: null,
      reportedBy: event.actor.role === 'SYSTEM' ? null : event.actor.userId,
      lastSeq: event.seq,
      createdAt: at,
      updatedAt: at,
    };
  }
  if (!row) throw new Error(`case ${event.caseId}: ${event.type} before DisputeReported`);
  const next: CaseRow = { ...row, lastSeq: event.seq, updatedAt: at };
  if (typeof p.stage === 'string' && p.stage !== row.stage) {
    Object.assign(next, { stage: p.stage, stageEnteredAt: at, escalationLevel: 0 });
  }
  if ('stageDeadline' in p) next.stageDeadline = p.stageDeadline ? new Date(p.stageDeadline as string) : null;
  for (const field of STATED_FIELDS) {
    if (field in p) (next as unknown as Record<string, unknown>)[field] = p[field] ?? null;
  }
  if (event.type === 'DisputeMerged' && Array.isArray(p.parties)) {
    next.parties = [...row.parties, ...(p.parties as Party[])];
  }
  return next;
}

/** The alert an event raises, or null: warnings and escalations become alerts on the desk. */
export function alertFromEvent(row: CaseRow, event: RecordedCaseEvent): AlertRow | null {
  if (event.type !== 'WarningRaised' && event.type !== 'EscalationRaised') return null;
  const p = event.payload;
  return {
    caseId: event.caseId,
    eventSeq: event.seq,
    caseNo: row.caseNo,
    stage: String(p.stage ?? row.stage),
    kind: event.type === 'WarningRaised' ? 'WARNING' : 'ESCALATION',
    level: Number(p.level),
    centerCode: row.centerCode,
    unitId: row.unitId,
    deadline: p.deadline ? new Date(p.deadline as string) : null,
    raisedAt: new Date(event.at),
  };
}
