import type { DisputeAcceptedPayload, DisputeReportedPayload, RecordedCaseEvent } from '@app/contracts';
import type { CaseEntity } from './entities/case.entity';

export type CaseRow = Omit<CaseEntity, never>;

/**
 * Folds one event into the case's read-model row. Pure, so that live appends and a rebuild from
 * the event store alone produce the same rows.
 */
export function projectCaseEvent(row: CaseRow | null, event: RecordedCaseEvent, communityCode: string | null): CaseRow {
  const at = new Date(event.at);
  if (event.type === 'DisputeReported') {
    if (row) throw new Error(`case ${event.caseId}: DisputeReported on an existing case`);
    const p = event.payload as unknown as DisputeReportedPayload;
    return {
      id: event.caseId,
      caseNo: null,
      receiptCode: null,
      stage: 'DISCOVERY',
      status: 'OPEN',
      channel: p.channel,
      category: p.category,
      summary: p.summary,
      description: p.description,
      gridCode: p.gridCode,
      communityCode,
      address: p.address,
      occurredAt: p.occurredAt ? new Date(p.occurredAt) : null,
      urgent: p.urgent,
      parties: p.parties,
      centerCode: null,
      unitId: null,
      assigneeId: null,
      severity: p.severity,
      slaClass: p.slaClass,
      stageEnteredAt: at,
      stageDeadline: p.stageDeadline ? new Date(p.stageDeadline) : null,
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
  switch (event.type) {
    case 'DisputeAccepted': {
      const p = event.payload as unknown as DisputeAcceptedPayload;
      return enterStage({ ...next, caseNo: p.caseNo, receiptCode: p.receiptCode }, 'ACCEPTANCE', at, p.stageDeadline);
    }
    default:
      return next;
  }
}

function enterStage(row: CaseRow, stage: string, at: Date, deadline?: string): CaseRow {
  return { ...row, stage, stageEnteredAt: at, stageDeadline: deadline ? new Date(deadline) : null, escalationLevel: 0 };
}
