import { DataSource, EntityManager } from 'typeorm';
import type { CaseEventDraft, RecordedCaseEvent } from '@app/contracts';
import {
  projectEvent,
  type AlertRow,
  type AssistanceStep,
  type CaseRow,
  type ProjectedEvent,
  type RatingRow,
  type StageVisitRow,
} from '../case-projection';
import { CaseEntity } from '../entities/case.entity';
import { measureDeltas, measureDims, touchesMeasures } from '@app/domain/measures/totals';
import { applyMeasureDeltas, caseMeasureFacts } from '../measures';
import {
  applyAssistanceStep,
  closeStageVisit,
  insertAlerts,
  insertCases,
  insertRatings,
  insertStageVisits,
  updateCase,
} from '../read-model-writer';

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
    return (await this.appendAll([draft], enrich && (() => enrich)))[0];
  }

  /**
   * Appends a decision's events, in seq order, in one transaction: the events and every read model
   * they change are written together, or nothing is (docs/benchmarks.md, issue 16: one round trip
   * per decision instead of one per event). Each (case, seq) already stored is left as it is and
   * answered as stored. `enrichFor` gives the drafts whose payload is completed inside the
   * transaction (the case number of an acceptance); a batch with one looks first, so a retry takes
   * no number.
   */
  async appendAll(
    drafts: CaseEventDraft[],
    enrichFor?: (draft: CaseEventDraft) => PayloadEnricher | undefined,
  ): Promise<RecordedCaseEvent[]> {
    if (drafts.length === 0) return [];
    const caseIds = new Set(drafts.map((d) => d.caseId));
    if (caseIds.size !== 1) throw new Error(`appendAll: one case per batch, got ${[...caseIds].join(', ')}`);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendAllOnce(drafts, enrichFor);
      } catch (error) {
        // An enriched draft lost a race to its own duplicate: rolled back (the number given back), look again.
        if (!(error instanceof AppendedMeanwhile) || attempt >= 3) throw error;
      }
    }
  }

  private appendAllOnce(
    drafts: CaseEventDraft[],
    enrichFor?: (draft: CaseEventDraft) => PayloadEnricher | undefined,
  ): Promise<RecordedCaseEvent[]> {
    return this.dataSource.transaction(async (tx) => {
      const caseId = drafts[0].caseId;
      const enrichers = drafts.map((d) => enrichFor?.(d));
      const stored = new Map<number, RecordedCaseEvent>();
      if (enrichers.some(Boolean)) {
        // Enrichment takes a number from a gap-free sequence: look first, so a retry takes none.
        for (const event of await storedEvents(
          tx,
          caseId,
          drafts.map((d) => d.seq),
        ))
          stored.set(event.seq, event);
      }
      const fresh: RecordedCaseEvent[] = [];
      for (const [i, draft] of drafts.entries()) {
        if (stored.has(draft.seq)) continue;
        const enrich = enrichers[i];
        const payload = enrich ? { ...draft.payload, ...(await enrich(tx)) } : draft.payload;
        fresh.push({
          caseId,
          seq: draft.seq,
          type: draft.type,
          at: new Date(draft.at).toISOString(),
          actor: { userId: draft.actor.userId, role: draft.actor.role },
          payload,
          schemaVersion: CURRENT_SCHEMA_VERSION,
        });
      }
      if (fresh.length > 0) {
        // The unique (case_id, seq) decides: a retried append inserts nothing and answers what is stored.
        const inserted: { seq: number }[] = await tx.query(
          `INSERT INTO case_events (case_id, seq, type, occurred_at, actor_id, actor_role, payload, schema_version)
           SELECT $1, e.seq, e.type, e.occurred_at, e.actor_id, e.actor_role, e.payload, $8
             FROM unnest($2::integer[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[]) AS e (seq, type, occurred_at, actor_id, actor_role, payload)
           ON CONFLICT ON CONSTRAINT case_events_case_seq DO NOTHING RETURNING seq`,
          [
            caseId,
            fresh.map((e) => e.seq),
            fresh.map((e) => e.type),
            fresh.map((e) => e.at),
            fresh.map((e) => e.actor.userId),
            fresh.map((e) => e.actor.role),
            fresh.map((e) => JSON.stringify(e.payload)),
            CURRENT_SCHEMA_VERSION,
          ],
        );
        const insertedSeqs = new Set(inserted.map((r) => Number(r.seq)));
        const lost = fresh.filter((e) => !insertedSeqs.has(e.seq));
        if (lost.length > 0) {
          // A racing append stored them first. After enrichment, roll back so the number is given back.
          if (enrichers.some(Boolean)) throw new AppendedMeanwhile();
          for (const event of await storedEvents(
            tx,
            caseId,
            lost.map((e) => e.seq),
          ))
            stored.set(event.seq, event);
        }
        const written = fresh.filter((e) => insertedSeqs.has(e.seq));
        await this.project(tx, written);
        for (const event of written) stored.set(event.seq, event);
      }
      return drafts.map((d) => {
        const event = stored.get(d.seq);
        if (!event) throw new Error(`case ${caseId} event ${d.seq}: neither appended nor found`);
        return event;
      });
    });
  }

  /** The outcome of the case's last HandlingCompleted event; null: handling never completed. */
  async lastHandlingOutcome(caseId: string): Promise<string | null> {
    const rows: { outcome: string | null }[] = await this.dataSource.query(
      `SELECT payload->>'outcome' AS outcome FROM case_events WHERE case_id = $1 AND type = 'HandlingCompleted' ORDER BY seq DESC LIMIT 1`,
      [caseId],
    );
    return rows[0]?.outcome ?? null;
  }

  /** The case's events in order, as the timeline shows them; empty for an unknown case. */
  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows: {
      seq: number;
      type: string;
      at: Date;
      actor_id: string;
      actor_role: string;
      payload: Record<string, unknown>;
    }[] = await this.dataSource.query(
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

  /**
   * Folds the appended events (in seq order) into the read models: the case row, its alerts,
   * stage visits and ratings, and the measures' totals by the case's facts after minus before,
   * each written once for the whole batch.
   */
  private async project(tx: EntityManager, events: RecordedCaseEvent[]): Promise<void> {
    if (events.length === 0) return;
    const caseId = events[0].caseId;
    // A case's first event was inserted just now by this transaction: no row of it can exist yet.
    const row =
      events[0].type === 'DisputeReported'
        ? null
        : await tx.findOne(CaseEntity, { where: { id: caseId }, lock: { mode: 'pessimistic_write' } });
    const pending = row ? events.filter((e) => e.seq > row.lastSeq) : events;
    if (pending.length === 0) return;
    let communityCode = row?.communityCode ?? null;
    if (!row) {
      const grid = await tx.query('SELECT community_code FROM grids WHERE code = $1', [pending[0].payload.gridCode]);
      communityCode = grid[0]?.community_code ?? null;
    }
    let current: CaseRow | null = row;
    let measured = false;
    let closeStored: ProjectedEvent['leftStage'] = null;
    const alerts: AlertRow[] = [];
    const visits: StageVisitRow[] = [];
    const ratings: RatingRow[] = [];
    const assistanceSteps: AssistanceStep[] = [];
    for (const event of pending) {
      const step = projectEvent(current, event, communityCode);
      measured ||= touchesMeasures(current, step);
      if (step.alert) alerts.push(step.alert);
      if (step.leftStage) {
        // The visit left is one this batch entered, or the one open in the store.
        if (visits.length > 0) Object.assign(visits[visits.length - 1], step.leftStage);
        else closeStored = step.leftStage;
      }
      if (step.enteredStage) visits.push(step.enteredStage);
      if (step.rating) ratings.push(step.rating);
      if (step.assistance) assistanceSteps.push(step.assistance);
      current = step.row;
    }
    const final = current!;
    // The measures' totals change by the case's facts after the events minus its facts before.
    const before = row && measured ? await caseMeasureFacts(tx, caseId) : [];
    // One statement, not TypeORM's save (which reads the row again before writing it).
    await (row ? updateCase(tx, final) : insertCases(tx, [final]));
    await insertAlerts(tx, alerts);
    if (closeStored) await closeStageVisit(tx, caseId, closeStored);
    await insertStageVisits(tx, visits);
    await insertRatings(tx, ratings);
    for (const step of assistanceSteps) await applyAssistanceStep(tx, step);
    if (!measured) return;
    const after = await caseMeasureFacts(tx, caseId);
    await applyMeasureDeltas(
      tx,
      measureDeltas({ dims: measureDims(row), facts: before }, { dims: measureDims(final), facts: after }),
    );
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

/** The stored events of a case among these seqs. */
async function storedEvents(tx: EntityManager, caseId: string, seqs: number[]): Promise<RecordedCaseEvent[]> {
  const rows: {
    seq: number;
    type: string;
    at: Date;
    actor_id: string;
    actor_role: string;
    payload: Record<string, unknown>;
    schema_version: number;
  }[] = await tx.query(
    `SELECT seq, type, occurred_at AS at, actor_id, actor_role, payload, schema_version FROM case_events WHERE case_id = $1 AND seq = ANY($2::integer[])`,
    [caseId, seqs],
  );
  return rows.map((r) => ({
    caseId,
    seq: Number(r.seq),
    type: r.type as RecordedCaseEvent['type'],
    at: new Date(r.at).toISOString(),
    actor: { userId: r.actor_id, role: r.actor_role },
    payload: r.payload,
    schemaVersion: Number(r.schema_version),
  }));
}
