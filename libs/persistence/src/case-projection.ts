import type { DisputeReportedPayload, Party, RecordedCaseEvent } from '@app/contracts';
import { responsibleCenter } from '@app/domain/enums';
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
  /** Why it was raised beyond the stage clock: SUPERVISION_ORDER (the order's ladder), REOPENED; null: the stage's deadline. */
  reason: string | null;
}

/** A stage the case entered: how long it stayed, against which deadline, and where it went next. */
export interface StageVisitRow {
  caseId: string;
  enteredSeq: number;
  stage: string;
  enteredAt: Date;
  /** The stage's deadline as it last stood (extensions and supervision orders move it). */
  deadline: Date | null;
  leftAt: Date | null;
  leftSeq: number | null;
  nextStage: string | null;
}

/** A party's evaluation; a reopened case may be rated again, and every rating counts. */
export interface RatingRow {
  caseId: string;
  seq: number;
  rating: string;
  ratedAt: Date;
}

/** An assistance (协办) of the read model `case_assistances`, folded from the Assistance* events. */
export interface AssistanceRow {
  id: string;
  caseId: string;
  unitId: string;
  centerCode: string;
  instruction: string;
  workingDays: number;
  requestedBy: string;
  requestedAt: Date;
  deadline: Date;
  status: string;
  assigneeId: string | null;
  claimedAt: Date | null;
  answeredAt: Date | null;
  report: string | null;
  onTime: boolean | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
  /** The highest ladder level raised: -1 none, 0 the warning, 1–3 escalations. */
  alertLevel: number;
  lastSeq: number;
}

/** What an Assistance* event does to its row: a new row, or changes to the row `id`. */
export interface AssistanceStep {
  id: string;
  insert?: AssistanceRow;
  patch?: Partial<AssistanceRow>;
}

/** Everything one event changes in the read models. */
export interface ProjectedEvent {
  row: CaseRow;
  alert: AlertRow | null;
  /** The stage the case left: its visit closes with these facts. */
  leftStage: Pick<StageVisitRow, 'leftAt' | 'leftSeq' | 'nextStage' | 'deadline'> | null;
  /** The stage the case entered (never CLOSED: a closed case has no clock). */
  enteredStage: StageVisitRow | null;
  rating: RatingRow | null;
  assistance: AssistanceStep | null;
}

/** The read-model rows of one case, folded from its events alone. */
export interface CaseProjection {
  row: CaseRow;
  alerts: AlertRow[];
  visits: StageVisitRow[];
  ratings: RatingRow[];
  assistances: AssistanceRow[];
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
      repeatParty: report.repeatParty ?? null,
      upALevelAt: null,
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
      assistingCenters: [],
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
  if (event.type === 'DisputeTransferred' && p.upALevel === true) next.upALevelAt = at;
  // The assisting unit's center: its level-1 supervisors see the case from now on (a withdrawal or an answer keeps it).
  if (event.type === 'AssistanceRequested' && typeof p.assistingCenterCode === 'string') {
    const assisting = row.assistingCenters ?? [];
    if (!assisting.includes(p.assistingCenterCode)) next.assistingCenters = [...assisting, p.assistingCenterCode];
  }
  if (event.type === 'DisputeMerged' && Array.isArray(p.parties)) {
    next.parties = [...row.parties, ...(p.parties as Party[])];
  }
  return next;
}

/** The alert an event raises, or null: warnings and escalations become alerts on the desk. */
export function alertFromEvent(row: CaseRow, event: RecordedCaseEvent): AlertRow | null {
  if (event.type === 'AssistanceWarningRaised' || event.type === 'AssistanceEscalationRaised') {
    // An overdue assistance is the assisting unit's: its center's supervisors hear of it.
    const p = event.payload;
    return {
      caseId: event.caseId,
      eventSeq: event.seq,
      caseNo: row.caseNo,
      stage: row.stage,
      kind: event.type === 'AssistanceWarningRaised' ? 'WARNING' : 'ESCALATION',
      level: Number(p.level),
      centerCode: String(p.assistingCenterCode),
      unitId: String(p.assistingUnitId),
      deadline: p.deadline ? new Date(p.deadline as string) : null,
      raisedAt: new Date(event.at),
      reason: ASSISTANCE_ALERT_REASON,
    };
  }
  if (event.type !== 'WarningRaised' && event.type !== 'EscalationRaised') return null;
  const p = event.payload;
  return {
    caseId: event.caseId,
    eventSeq: event.seq,
    caseNo: row.caseNo,
    stage: String(p.stage ?? row.stage),
    kind: event.type === 'WarningRaised' ? 'WARNING' : 'ESCALATION',
    level: Number(p.level),
    centerCode: responsibleCenter(row.centerCode),
    unitId: row.unitId,
    deadline: p.deadline ? new Date(p.deadline as string) : null,
    raisedAt: new Date(event.at),
    reason: typeof p.reason === 'string' ? p.reason : null,
  };
}

/** The reason of an alert raised by an overdue assistance (协办); the measures do not count it as the case's escalation. */
export const ASSISTANCE_ALERT_REASON = 'ASSISTANCE';

/** What an Assistance* event changes in `case_assistances`; null for every other event. Pure. */
export function assistanceFromEvent(event: RecordedCaseEvent): AssistanceStep | null {
  if (!event.type.startsWith('Assistance')) return null;
  const p = event.payload;
  const id = String(p.assistanceId);
  const at = new Date(event.at);
  const lastSeq = event.seq;
  switch (event.type) {
    case 'AssistanceRequested':
      return {
        id,
        insert: {
          id,
          caseId: event.caseId,
          unitId: String(p.assistingUnitId),
          centerCode: String(p.assistingCenterCode),
          instruction: String(p.instruction),
          workingDays: Number(p.workingDays),
          requestedBy: event.actor.userId,
          requestedAt: at,
          deadline: new Date(String(p.deadline)),
          status: 'OPEN',
          assigneeId: null,
          claimedAt: null,
          answeredAt: null,
          report: null,
          onTime: null,
          withdrawnAt: null,
          withdrawReason: null,
          alertLevel: -1,
          lastSeq,
        },
      };
    case 'AssistanceClaimed':
      return { id, patch: { status: 'CLAIMED', assigneeId: String(p.assistantId), claimedAt: at, lastSeq } };
    case 'AssistanceAnswered':
      return {
        id,
        patch: { status: 'ANSWERED', answeredAt: at, report: String(p.report), onTime: p.onTime === true, lastSeq },
      };
    case 'AssistanceWithdrawn':
      return { id, patch: { status: 'WITHDRAWN', withdrawnAt: at, withdrawReason: String(p.reason), lastSeq } };
    case 'AssistanceWarningRaised':
    case 'AssistanceEscalationRaised':
      return { id, patch: { alertLevel: Number(p.level), lastSeq } };
    default:
      return null;
  }
}

/**
 * One event's whole effect on the read models. The live append applies it inside its
 * transaction; a rebuild folds a case's events through it in memory (foldCaseEvents). Both go
 * through this function, so they cannot disagree.
 */
export function projectEvent(
  row: CaseRow | null,
  event: RecordedCaseEvent,
  communityCode: string | null,
): ProjectedEvent {
  const next = projectCaseEvent(row, event, communityCode);
  const moved = row === null || next.stage !== row.stage;
  const rating =
    event.type === 'EvaluationReceived' && typeof event.payload.rating === 'string' ? event.payload.rating : null;
  return {
    row: next,
    alert: alertFromEvent(next, event),
    leftStage:
      row && moved
        ? { leftAt: next.updatedAt, leftSeq: event.seq, nextStage: next.stage, deadline: row.stageDeadline }
        : null,
    enteredStage:
      moved && next.stage !== 'CLOSED'
        ? {
            caseId: next.id,
            enteredSeq: event.seq,
            stage: next.stage,
            enteredAt: next.stageEnteredAt,
            deadline: next.stageDeadline,
            leftAt: null,
            leftSeq: null,
            nextStage: null,
          }
        : null,
    rating: rating ? { caseId: event.caseId, seq: event.seq, rating, ratedAt: new Date(event.at) } : null,
    assistance: assistanceFromEvent(event),
  };
}

/** Folds a case's events, in sequence order, into its read-model rows. */
export function foldCaseEvents(events: RecordedCaseEvent[], communityCode: string | null): CaseProjection {
  let row: CaseRow | null = null;
  const alerts: AlertRow[] = [];
  const visits: StageVisitRow[] = [];
  const ratings: RatingRow[] = [];
  const assistances = new Map<string, AssistanceRow>();
  for (const event of events) {
    const step = projectEvent(row, event, communityCode);
    if (step.assistance?.insert) assistances.set(step.assistance.id, { ...step.assistance.insert });
    else if (step.assistance?.patch) Object.assign(assistances.get(step.assistance.id) ?? {}, step.assistance.patch);
    row = step.row;
    if (step.alert) alerts.push(step.alert);
    if (step.leftStage) Object.assign(visits[visits.length - 1], step.leftStage);
    if (step.enteredStage) visits.push(step.enteredStage);
    if (step.rating) ratings.push(step.rating);
  }
  if (!row) throw new Error('foldCaseEvents: no events');
  return { row, alerts, visits, ratings, assistances: [...assistances.values()] };
}
