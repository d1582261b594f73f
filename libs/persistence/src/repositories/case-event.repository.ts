import { DataSource, EntityManager } from 'typeorm';
import type { CaseEventDraft, RecordedCaseEvent } from '@app/contracts';
import { alertFromEvent, projectCaseEvent } from '../case-projection';
import { CaseEventEntity } from '../entities/case-event.entity';
import { CaseEntity } from '../entities/case.entity';

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
    return this.dataSource.transaction(async (tx) => {
      const existing = await tx.findOneBy(CaseEventEntity, { caseId: draft.caseId, seq: draft.seq });
      if (existing) return toRecorded(existing);

      const payload = enrich ? { ...draft.payload, ...(await enrich(tx)) } : draft.payload;
      await tx.insert(
        CaseEventEntity,
        tx.create(CaseEventEntity, {
        caseId: draft.caseId,
        seq: draft.seq,
        type: draft.type,
        occurredAt: new Date(draft.at),
        actorId: draft.actor.userId,
        actorRole: draft.actor.role,
        payload,
        schemaVersion: CURRENT_SCHEMA_VERSION,
        }),
      );
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

  async listForCase(caseId: string): Promise<RecordedCaseEvent[]> {
    const rows = await this.dataSource.getRepository(CaseEventEntity).find({ where: { caseId }, order: { seq: 'ASC' } });
    return rows.map(toRecorded);
  }

  private async project(tx: EntityManager, event: RecordedCaseEvent): Promise<void> {
    const row = await tx.findOne(CaseEntity, { where: { id: event.caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.lastSeq >= event.seq) return;
    let communityCode = row?.communityCode ?? null;
    if (!row) {
      const grid = await tx.query('SELECT community_code FROM grids WHERE code = $1', [event.payload.gridCode]);
      communityCode = grid[0]?.community_code ?? null;
    }
    const next = projectCaseEvent(row, event, communityCode);
    await tx.save(CaseEntity, tx.create(CaseEntity, next));
    const alert = alertFromEvent(next, event);
    if (alert) {
      // The alert's id derives from its event, so a rebuild gives every alert the same id again.
      await tx.query(
        `INSERT INTO alerts (id, case_id, event_seq, case_no, stage, kind, level, center_code, unit_id, deadline, raised_at)
         VALUES (md5($1::text || ':' || $2::text)::uuid, $1::uuid, $2::integer, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (case_id, event_seq) DO NOTHING`,
        [alert.caseId, alert.eventSeq, alert.caseNo, alert.stage, alert.kind, alert.level, alert.centerCode, alert.unitId, alert.deadline, alert.raisedAt],
      );
    }
  }
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
