import type { QueryRunner } from 'typeorm';
import type { AlertRow, AssistanceRow, AssistanceStep, CaseRow, RatingRow, StageVisitRow } from './case-projection';

type Runner = Pick<QueryRunner, 'query'>;

interface Column<R> {
  name: string;
  /** The type the value is sent as (one array parameter per column: a scalar type). */
  type: string;
  value: (row: R) => unknown;
  /** The SQL that turns the sent value (`ref`) into the column's own, when they differ (an array column). */
  read?: (ref: string) => string;
}

const readColumn = <R>(c: Column<R>, ref: string) => (c.read ? c.read(ref) : ref);

/**
 * Inserts many rows in one statement: one array parameter per column, unnested server-side.
 * The live append writes its one row and the rebuild its thousands through the same SQL.
 */
async function insertRows<R>(
  runner: Runner,
  table: string,
  columns: Column<R>[],
  rows: R[],
  suffix = '',
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const values = columns.map((c) => readColumn(c, `u.${c.name}`)).join(', ');
  await runner.query(
    `INSERT INTO ${table} (${names}) SELECT ${values} FROM unnest(${arrays}) AS u (${names}) ${suffix}`,
    columns.map((c) => rows.map(c.value)),
  );
}

const CASE_COLUMNS: Column<CaseRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'case_no', type: 'text', value: (r) => r.caseNo },
  { name: 'receipt_code', type: 'text', value: (r) => r.receiptCode },
  { name: 'stage', type: 'text', value: (r) => r.stage },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'channel', type: 'text', value: (r) => r.channel },
  { name: 'category', type: 'text', value: (r) => r.category },
  { name: 'summary', type: 'text', value: (r) => r.summary },
  { name: 'description', type: 'text', value: (r) => r.description },
  { name: 'grid_code', type: 'text', value: (r) => r.gridCode },
  { name: 'community_code', type: 'text', value: (r) => r.communityCode },
  { name: 'address', type: 'text', value: (r) => r.address },
  { name: 'occurred_at', type: 'timestamptz', value: (r) => r.occurredAt },
  { name: 'urgent', type: 'boolean', value: (r) => r.urgent },
  { name: 'parties', type: 'jsonb', value: (r) => JSON.stringify(r.parties) },
  { name: 'repeat_party', type: 'jsonb', value: (r) => (r.repeatParty ? JSON.stringify(r.repeatParty) : null) },
  { name: 'up_a_level_at', type: 'timestamptz', value: (r) => r.upALevelAt },
  { name: 'center_code', type: 'text', value: (r) => r.centerCode },
  { name: 'unit_id', type: 'uuid', value: (r) => r.unitId },
  { name: 'assignee_id', type: 'uuid', value: (r) => r.assigneeId },
  { name: 'severity', type: 'text', value: (r) => r.severity },
  { name: 'sla_class', type: 'text', value: (r) => r.slaClass },
  { name: 'stage_entered_at', type: 'timestamptz', value: (r) => r.stageEnteredAt },
  { name: 'stage_deadline', type: 'timestamptz', value: (r) => r.stageDeadline },
  { name: 'escalation_level', type: 'smallint', value: (r) => r.escalationLevel },
  { name: 'reopen_count', type: 'smallint', value: (r) => r.reopenCount },
  { name: 'resolution', type: 'text', value: (r) => r.resolution },
  { name: 'reported_by', type: 'uuid', value: (r) => r.reportedBy },
  // Sent as a JSON array: unnest would flatten a text[][] parameter.
  {
    name: 'assisting_centers',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.assistingCenters ?? []),
    read: (ref) => `ARRAY(SELECT jsonb_array_elements_text(${ref}))`,
  },
  { name: 'last_seq', type: 'integer', value: (r) => r.lastSeq },
  { name: 'created_at', type: 'timestamptz', value: (r) => r.createdAt },
  { name: 'updated_at', type: 'timestamptz', value: (r) => r.updatedAt },
];

// The alert's id derives from its event, so a rebuild gives every alert the same id again (and
// its acknowledgement, keyed by that id, still applies).
const ALERT_COLUMNS: Column<AlertRow>[] = [
  { name: 'case_id', type: 'uuid', value: (r) => r.caseId },
  { name: 'event_seq', type: 'integer', value: (r) => r.eventSeq },
  { name: 'case_no', type: 'text', value: (r) => r.caseNo },
  { name: 'stage', type: 'text', value: (r) => r.stage },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  { name: 'level', type: 'smallint', value: (r) => r.level },
  { name: 'center_code', type: 'text', value: (r) => r.centerCode },
  { name: 'unit_id', type: 'uuid', value: (r) => r.unitId },
  { name: 'deadline', type: 'timestamptz', value: (r) => r.deadline },
  { name: 'raised_at', type: 'timestamptz', value: (r) => r.raisedAt },
  { name: 'reason', type: 'text', value: (r) => r.reason },
];

const VISIT_COLUMNS: Column<StageVisitRow>[] = [
  { name: 'case_id', type: 'uuid', value: (r) => r.caseId },
  { name: 'entered_seq', type: 'integer', value: (r) => r.enteredSeq },
  { name: 'stage', type: 'text', value: (r) => r.stage },
  { name: 'entered_at', type: 'timestamptz', value: (r) => r.enteredAt },
  { name: 'deadline', type: 'timestamptz', value: (r) => r.deadline },
  { name: 'left_at', type: 'timestamptz', value: (r) => r.leftAt },
  { name: 'left_seq', type: 'integer', value: (r) => r.leftSeq },
  { name: 'next_stage', type: 'text', value: (r) => r.nextStage },
];

const RATING_COLUMNS: Column<RatingRow>[] = [
  { name: 'case_id', type: 'uuid', value: (r) => r.caseId },
  { name: 'seq', type: 'integer', value: (r) => r.seq },
  { name: 'rating', type: 'text', value: (r) => r.rating },
  { name: 'rated_at', type: 'timestamptz', value: (r) => r.ratedAt },
];

export const insertCases = (runner: Runner, rows: CaseRow[]) => insertRows(runner, 'cases', CASE_COLUMNS, rows);

/** Writes every column of a case row that exists already (the live append's one statement). */
export async function updateCase(runner: Runner, row: CaseRow): Promise<void> {
  const rest = CASE_COLUMNS.filter((c) => c.name !== 'id');
  await runner.query(
    `UPDATE cases SET ${rest.map((c, i) => `${c.name} = ${readColumn(c, `$${i + 2}::${c.type}`)}`).join(', ')} WHERE id = $1`,
    [row.id, ...rest.map((c) => c.value(row))],
  );
}

export async function insertAlerts(runner: Runner, rows: AlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  const names = ALERT_COLUMNS.map((c) => c.name);
  const arrays = ALERT_COLUMNS.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  await runner.query(
    `INSERT INTO alerts (id, ${names.join(', ')})
     SELECT md5(a.case_id::text || ':' || a.event_seq::text)::uuid, a.* FROM unnest(${arrays}) AS a (${names.join(', ')})
     ON CONFLICT (case_id, event_seq) DO NOTHING`,
    ALERT_COLUMNS.map((c) => rows.map(c.value)),
  );
}

export const insertStageVisits = (runner: Runner, rows: StageVisitRow[]) =>
  insertRows(runner, 'case_stage_visits', VISIT_COLUMNS, rows, 'ON CONFLICT DO NOTHING');

export const insertRatings = (runner: Runner, rows: RatingRow[]) =>
  insertRows(runner, 'case_ratings', RATING_COLUMNS, rows, 'ON CONFLICT DO NOTHING');

/** Closes the case's open stage visit. */
export async function closeStageVisit(
  runner: Runner,
  caseId: string,
  left: Pick<StageVisitRow, 'leftAt' | 'leftSeq' | 'nextStage' | 'deadline'>,
): Promise<void> {
  await runner.query(
    `UPDATE case_stage_visits SET left_at = $2, left_seq = $3, next_stage = $4, deadline = $5
      WHERE case_id = $1 AND left_at IS NULL`,
    [caseId, left.leftAt, left.leftSeq, left.nextStage, left.deadline],
  );
}

/** Acknowledgements are kept outside the derived rows: re-applied after every rebuild. */
export async function applyAlertAcknowledgements(runner: Runner): Promise<void> {
  await runner.query(
    `UPDATE alerts a SET acknowledged_at = k.acknowledged_at, acknowledged_by = k.acknowledged_by
       FROM alert_acknowledgements k WHERE a.id = k.alert_id`,
  );
}

const ASSISTANCE_COLUMNS: Column<AssistanceRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'case_id', type: 'uuid', value: (r) => r.caseId },
  { name: 'unit_id', type: 'uuid', value: (r) => r.unitId },
  { name: 'center_code', type: 'text', value: (r) => r.centerCode },
  { name: 'instruction', type: 'text', value: (r) => r.instruction },
  { name: 'working_days', type: 'smallint', value: (r) => r.workingDays },
  { name: 'requested_by', type: 'text', value: (r) => r.requestedBy },
  { name: 'requested_at', type: 'timestamptz', value: (r) => r.requestedAt },
  { name: 'deadline', type: 'timestamptz', value: (r) => r.deadline },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'assignee_id', type: 'uuid', value: (r) => r.assigneeId },
  { name: 'claimed_at', type: 'timestamptz', value: (r) => r.claimedAt },
  { name: 'answered_at', type: 'timestamptz', value: (r) => r.answeredAt },
  { name: 'report', type: 'text', value: (r) => r.report },
  { name: 'on_time', type: 'boolean', value: (r) => r.onTime },
  { name: 'withdrawn_at', type: 'timestamptz', value: (r) => r.withdrawnAt },
  { name: 'withdraw_reason', type: 'text', value: (r) => r.withdrawReason },
  { name: 'alert_level', type: 'smallint', value: (r) => r.alertLevel },
  { name: 'last_seq', type: 'integer', value: (r) => r.lastSeq },
];

export const insertAssistances = (runner: Runner, rows: AssistanceRow[]) =>
  insertRows(runner, 'case_assistances', ASSISTANCE_COLUMNS, rows, 'ON CONFLICT (id) DO NOTHING');

/** Applies an Assistance* event's step to `case_assistances` (the live append, in event order). */
export async function applyAssistanceStep(runner: Runner, step: AssistanceStep): Promise<void> {
  if (step.insert) return insertAssistances(runner, [step.insert]);
  const patch = step.patch ?? {};
  const columns = ASSISTANCE_COLUMNS.filter((c) => c.value(patch as AssistanceRow) !== undefined && c.name !== 'id');
  if (columns.length === 0) return;
  await runner.query(
    `UPDATE case_assistances SET ${columns.map((c, i) => `${c.name} = $${i + 2}::${c.type}`).join(', ')} WHERE id = $1`,
    [step.id, ...columns.map((c) => c.value(patch as AssistanceRow))],
  );
}
