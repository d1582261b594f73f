import type { DataSource, QueryRunner } from 'typeorm';
import type { RecordedCaseEvent } from '@app/contracts';
import { foldCaseEvents, type CaseProjection } from './case-projection';
import { officeDate } from '@app/domain/calendar/office-time';
import { buildMeasureTotals, bumpMeasureHistory, carryMeasureTotals } from './measures';
import {
  applyAlertAcknowledgements,
  insertAlerts,
  insertAssistances,
  insertCases,
  insertRatings,
  insertStageVisits,
} from './read-model-writer';
import { restoreKeyPersonAlerts } from './repositories/key-person.repository';
import { restoreScreeningAlerts } from './repositories/screening-drive.repository';

/** The tables derived from case_events alone; alert_acknowledgements is not one of them. */
export const DERIVED_TABLES = [
  'cases',
  'alerts',
  'case_stage_visits',
  'case_ratings',
  'case_assistances',
  'measure_totals',
  'measure_keys',
] as const;

export interface RebuildProgress {
  events: number;
  cases: number;
  elapsedMs: number;
}

export interface RebuildOptions {
  /** Events fetched from the cursor at a time. */
  fetchSize?: number;
  /** Cases folded before their rows are written. */
  flushCases?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

interface EventRecord {
  case_id: string;
  seq: number;
  type: RecordedCaseEvent['type'];
  occurred_at: Date;
  actor_id: string;
  actor_role: string;
  payload: Record<string, unknown>;
  schema_version: number;
}

/**
 * Empties the read models and folds every case's events into them again with the same pure
 * projector the live appends use. One transaction: readers see the old rows (or wait) until it
 * commits, a failure leaves them as they were, and an append arriving meanwhile waits on the
 * table locks and then applies its event on top of the rebuilt row. Events stream through a
 * server-side cursor in (case, seq) order, so memory holds one batch, not the history.
 */
export async function rebuildProjections(
  dataSource: DataSource,
  options: RebuildOptions = {},
): Promise<RebuildProgress> {
  const fetchSize = options.fetchSize ?? 20_000;
  const flushCases = options.flushCases ?? 5_000;
  const started = Date.now();
  const progress: RebuildProgress = { events: 0, cases: 0, elapsedMs: 0 };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`TRUNCATE ${DERIVED_TABLES.join(', ')}`);
    const grids: { code: string; community_code: string | null }[] = await runner.query(
      'SELECT code, community_code FROM grids',
    );
    const communityOf = new Map(grids.map((g) => [g.code, g.community_code]));
    await runner.query(
      `DECLARE rebuild_events NO SCROLL CURSOR FOR
         SELECT case_id, seq, type, occurred_at, actor_id, actor_role, payload, schema_version
           FROM case_events ORDER BY case_id, seq`,
    );

    let pending: CaseProjection[] = [];
    let current: RecordedCaseEvent[] = [];
    const foldCurrent = () => {
      if (current.length === 0) return;
      pending.push(foldCaseEvents(current, communityOf.get(String(current[0].payload.gridCode)) ?? null));
      current = [];
    };
    const flush = async () => {
      await writeProjections(runner, pending);
      progress.cases += pending.length;
      pending = [];
      progress.elapsedMs = Date.now() - started;
      options.onProgress?.({ ...progress });
    };

    for (;;) {
      const batch: EventRecord[] = await runner.query(`FETCH ${fetchSize} FROM rebuild_events`);
      for (const record of batch) {
        if (current.length > 0 && current[0].caseId !== record.case_id) foldCurrent();
        current.push(toRecorded(record));
      }
      progress.events += batch.length;
      if (batch.length < fetchSize) break;
      if (pending.length >= flushCases) await flush();
    }
    foldCurrent();
    await flush();
    await runner.query('CLOSE rebuild_events');
    // Missed key-person visits raise alerts that no case event holds: back from their own log.
    await restoreKeyPersonAlerts(runner);
    // So do the grids a screening drive found unscreened.
    await restoreScreeningAlerts(runner);
    await applyAlertAcknowledgements(runner);
    await buildMeasureTotals(runner);
    await bumpMeasureHistory(runner);
    await runner.commitTransaction();
    // Today's row for every key, as the worker makes at start; in batches of their own, after the
    // commit, so the keys' locks are never all held at once.
    await carryMeasureTotals(dataSource, officeDate(Date.now()));
    progress.elapsedMs = Date.now() - started;
    return progress;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** Writes folded cases' rows: one statement per table for the whole batch. */
export async function writeProjections(
  runner: Pick<QueryRunner, 'query'>,
  projections: CaseProjection[],
): Promise<void> {
  await insertCases(
    runner,
    projections.map((p) => p.row),
  );
  await insertAlerts(
    runner,
    projections.flatMap((p) => p.alerts),
  );
  await insertStageVisits(
    runner,
    projections.flatMap((p) => p.visits),
  );
  await insertRatings(
    runner,
    projections.flatMap((p) => p.ratings),
  );
  await insertAssistances(
    runner,
    projections.flatMap((p) => p.assistances),
  );
}

function toRecorded(r: EventRecord): RecordedCaseEvent {
  return {
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    at: new Date(r.occurred_at).toISOString(),
    actor: { userId: r.actor_id, role: r.actor_role },
    payload: r.payload,
    schemaVersion: r.schema_version,
  };
}
