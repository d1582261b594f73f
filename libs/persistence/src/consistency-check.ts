import type { DataSource } from 'typeorm';
import type { CaseState } from '@app/contracts';
import { CaseEntity } from './entities/case.entity';

/** The facts the workflow (the authority) and the cases read model must agree on. */
export const COMPARED_FIELDS = [
  'stage',
  'status',
  'assigneeId',
  'unitId',
  'centerCode',
  'stageDeadline',
  'escalationLevel',
  'reopenCount',
  'caseNo',
  'lastSeq',
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface FieldDrift {
  field: ComparedField;
  workflow: string | number | null;
  readModel: string | number | null;
}

export interface CaseDrift {
  caseId: string;
  caseNo: string | null;
  /** Empty when the workflow could not be asked (see `error`). */
  fields: FieldDrift[];
  error?: string;
}

export interface ConsistencyReport {
  checked: number;
  drifted: CaseDrift[];
}

type Comparable = Pick<CaseEntity, ComparedField>;

/** undefined and null both mean "none"; times compare as instants. */
function normalise(value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : text;
}

/** The fields on which the read-model row says something other than the workflow. Pure. */
export function diffCaseState(state: Pick<CaseState, ComparedField>, row: Comparable): FieldDrift[] {
  return COMPARED_FIELDS.flatMap((field) => {
    const workflow = normalise(state[field]);
    const readModel = normalise(row[field]);
    return workflow === readModel ? [] : [{ field, workflow, readModel }];
  });
}

export interface ConsistencyOptions {
  /** Asks the case's workflow for its state (the caseState query). */
  queryState: (caseId: string) => Promise<CaseState>;
  /** Workflow queries in flight at once. */
  concurrency?: number;
  /** Open cases read from the database at a time. */
  batchSize?: number;
  /** A case that drifts is looked at again after this pause before it is reported. */
  recheckAfterMs?: number;
  onCase?: (checked: number, drift: CaseDrift | null) => void;
  /** Only these cases (still only the open ones); default: every open case. */
  caseIds?: string[];
}

/**
 * Compares every open case (not CLOSED in the read model) with its workflow. A live case may
 * move between the two reads, and the read model trails the workflow by one activity, so a
 * difference is reported only if it is still there when looked at again.
 */
export async function checkConsistency(
  dataSource: DataSource,
  options: ConsistencyOptions,
): Promise<ConsistencyReport> {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 500;
  const recheckAfterMs = options.recheckAfterMs ?? 500;
  const cases = dataSource.getRepository(CaseEntity);
  const report: ConsistencyReport = { checked: 0, drifted: [] };

  const compare = async (caseId: string): Promise<CaseDrift | null> => {
    const row = await cases.findOneBy({ id: caseId });
    if (!row) return null;
    try {
      const fields = diffCaseState(await options.queryState(caseId), row);
      return fields.length ? { caseId, caseNo: row.caseNo, fields } : null;
    } catch (error) {
      return { caseId, caseNo: row.caseNo, fields: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
  const check = async (caseId: string) => {
    let drift = await compare(caseId);
    if (drift) {
      await new Promise((resolve) => setTimeout(resolve, recheckAfterMs));
      drift = await compare(caseId);
    }
    report.checked += 1;
    if (drift) report.drifted.push(drift);
    options.onCase?.(report.checked, drift);
  };

  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids: { id: string }[] = await dataSource.query(
      `SELECT id FROM cases WHERE status <> 'CLOSED' AND id > $1 AND ($3::uuid[] IS NULL OR id = ANY($3)) ORDER BY id LIMIT $2`,
      [after, batchSize, options.caseIds ?? null],
    );
    if (ids.length === 0) break;
    after = ids[ids.length - 1].id;
    const queue = ids.map((r) => r.id);
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) await check(id);
      }),
    );
  }
  return report;
}

/** One line per drifting field, for people. */
export function describeDrift(drift: CaseDrift): string {
  const name = `${drift.caseNo ?? '(no case number)'} ${drift.caseId}`;
  if (drift.error) return `${name}: workflow not readable: ${drift.error}`;
  return drift.fields.map((f) => `${name}: ${f.field} workflow=${f.workflow} readModel=${f.readModel}`).join('\n');
}
