import { DataSource, EntityManager } from 'typeorm';
import type { CaseEventDraft, RecordedCaseEvent } from '@app/contracts';
import { projectEvent } from '../case-projection';
import { CaseEventEntity } from '../entities/case-event.entity';
import { CaseEntity } from '../entities/case.entity';
import { applyMeasureDeltas, caseMeasureFacts, measureDeltas, measureDims, touchesMeasures } from '../measures';
import { closeStageVisit, insertAlerts, insertCases, insertRatings, insertStageVisits, updateCase } from '../read-model-writer';

const CURRENT_SCHEMA_VERSION = 1;

/** Extra payload computed inside the append's transaction (e.g. the next case number). */
export type PayloadEnricher = (tx: EntityManager) => Promise<Record<string, unknown>>;

/**
 * The only writer of case_events. Each append also updates the read models in the same
 * transaction; appending a (case, seq) that is already stored changes nothing and returns the
 * stored event, so an activity retried by Temporal is harmless.
 */
export class CaseEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(draft: CaseEventDraft, enrich?: PayloadEnricher): Promise<RecordedCaseEvent> {
    try {
      return await this.appendOnce(draft, enrich);
    } catch (error) {
      if (!(error instanceof AppendedMeanwhile)) throw error;
      return toRecorded(await this.dataSource.getRepository(CaseEventEntity).findOneByOrFail({ caseId: draft.caseId, seq: draft.seq }));
    }
  }

  private appendOnce(draft: CaseEventDraft, enrich?: PayloadEnricher): Promise<RecordedCaseEvent> {
    return this.dataSource.transaction(async (tx) => {
      let payload = draft.payload;
      if (enrich) {
        // Enrichment takes a number from a gap-free sequence: look first, so a retry takes none.
        const existing = await tx.findOneBy(CaseEventEntity, { caseId: draft.caseId, seq: draft.seq });
        if (existing) return toRecorded(existing);
        payload = { ...draft.payload, ...(await enrich(tx)) };
      }
      // The unique (case_id, seq) decides: a retried append inserts nothing and returns what is stored.
      const inserted: unknown[] = await tx.query(
        `INSERT INTO case_events (case_id, seq, type, occurred_at, actor_id, actor_role, payload, schema_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ON CONSTRAINT case_events_case_seq DO NOTHING RETURNING id`,
        [draft.caseId, draft.seq, draft.type, new Date(draft.at), draft.actor.userId, draft.actor.role, JSON.stringify(payload), CURRENT_SCHEMA_VERSION],
      );
      if (inserted.length === 0) {
        // A racing append stored it first. After enrichment, roll back so the number is given back.
        if (enrich) throw new AppendedMeanwhile();
        return toRecorded(await tx.findOneByOrFail(CaseEventEntity, { caseId: draft.caseId, seq: draft.seq }));
      }
      const event: RecordedCaseEvent = {
        caseId: draft.caseId,
        seq: draft.seq,
        type: draft.type,
        at: new Date(draft.at).toISOString(),
        actor: { userId: draft.actor.userId, role: draft.actor.role },
        payload,
        schemaVersion: CURRENT_SCHEMA_VERSION,
      };
      await this.project(tx, event);
      return event;
    });
  }

  /** The case's events in order, as the timeline shows them; empty for an unknown case. */
  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows: { seq: number; type: string; at: Date; actor_id: string; actor_role: string; payload: Record<string, unknown> }[] =
      await this.dataSource.query(
        `SELECT seq, type, occurred_at AS at, actor_id, actor_role, payload FROM case_events WHERE case_id = $1 ORDER BY seq`,
        [caseId],
      );
    return rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      at: new Date(r.at).toISOString(),
      actor: { userId: r.actor_id, role: r.actor_role },
      data: r.payload,
    }));
  }

  private async project(tx: EntityManager, event: RecordedCaseEvent): Promise<void> {
    const row = await tx.findOne(CaseEntity, { where: { id: event.caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.lastSeq >= event.seq) return;
    let communityCode = row?.communityCode ?? null;
    if (!row) {
      const grid = await tx.query('SELECT community_code FROM grids WHERE code = $1', [event.payload.gridCode]);
      communityCode = grid[0]?.community_code ?? null;
    }
    const step = projectEvent(row, event, communityCode);
    // The measures' totals change by the case's facts after the event minus its facts before.
    const measured = touchesMeasures(row, step);
    const before = row && measured ? await caseMeasureFacts(tx, event.caseId) : [];
    // One statement, not TypeORM's save (which reads the row again before writing it).
    await (row ? updateCase(tx, step.row) : insertCases(tx, [step.row]));
    await insertAlerts(tx, step.alert ? [step.alert] : []);
    if (step.leftStage) await closeStageVisit(tx, event.caseId, step.leftStage);
    await insertStageVisits(tx, step.enteredStage ? [step.enteredStage] : []);
    await insertRatings(tx, step.rating ? [step.rating] : []);
    if (!measured) return;
    const after = await caseMeasureFacts(tx, event.caseId);
    await applyMeasureDeltas(tx, measureDeltas({ dims: measureDims(row), facts: before }, { dims: measureDims(step.row), facts: after }));
  }
}

/** Thrown inside an append's transaction to roll it back: the same (case, seq) was stored by another. */
class AppendedMeanwhile extends Error {}

/** One entry of GET /api/disputes/:id/timeline. */
export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: { userId: string; role: string };
  data: Record<string, unknown>;
}

function toRecorded(row: CaseEventEntity): RecordedCaseEvent {
  return {
    caseId: row.caseId,
    seq: row.seq,
    type: row.type as RecordedCaseEvent['type'],
    at: new Date(row.occurredAt).toISOString(),
    actor: { userId: row.actorId, role: row.actorRole },
    payload: row.payload,
    schemaVersion: row.schemaVersion,
  };
}
