import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, pageLimit, PageRequest, SqlParams, toPage } from '../read-paging';

/** One entry of the security audit trail, as written. */
export interface AuditEntry {
  kind: string;
  actorId?: string | null;
  actorUsername?: string | null;
  clientAddress?: string | null;
  requestId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** One entry as read back. */
export interface AuditRecord {
  id: string;
  at: string;
  kind: string;
  actorId: string | null;
  actorUsername: string | null;
  clientAddress: string | null;
  requestId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface AuditQuery {
  kind?: string;
  /** The actor's username, exactly. */
  actor?: string;
  /** From this instant, included. */
  from?: string;
  /** Until this instant, excluded. */
  to?: string;
  page?: PageRequest;
}

interface AuditRow {
  id: string;
  at: Date;
  kind: string;
  actor_id: string | null;
  actor_username: string | null;
  client_address: string | null;
  request_id: string | null;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  cursor_key: string;
}

/** The audit trail: appended to, read newest first; never changed (the table refuses it). */
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: AuditEntry): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO audit_events (id, kind, actor_id, actor_username, client_address, request_id, target_type, target_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        entry.kind,
        entry.actorId ?? null,
        entry.actorUsername ?? null,
        entry.clientAddress ?? null,
        entry.requestId ?? null,
        entry.targetType ?? null,
        entry.targetId ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
    return id;
  }

  /** Newest first; `nextCursor` continues after the last entry served. */
  async list(query: AuditQuery): Promise<Page<AuditRecord>> {
    const limit = pageLimit(query.page?.limit);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.kind !== undefined) where.push(`kind = ${params.add(query.kind)}`);
    if (query.actor !== undefined) where.push(`actor_username = ${params.add(query.actor)}`);
    if (query.from !== undefined) where.push(`at >= ${params.add(query.from)}::timestamptz`);
    if (query.to !== undefined) where.push(`at < ${params.add(query.to)}::timestamptz`);
    if (query.page?.cursor) {
      const { key, id } = decodeCursor(query.page.cursor);
      where.push(`(at, id) < (${params.add(key)}::timestamptz, ${params.add(id)}::uuid)`);
    }
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, at, kind, actor_id, actor_username, client_address, request_id, target_type, target_id, details, at::text AS cursor_key
         FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY at DESC, id DESC
        LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    return toPage(rows, limit, (row) => ({
      id: row.id,
      at: row.at.toISOString(),
      kind: row.kind,
      actorId: row.actor_id,
      actorUsername: row.actor_username,
      clientAddress: row.client_address,
      requestId: row.request_id,
      targetType: row.target_type,
      targetId: row.target_id,
      details: row.details,
    }));
  }
}
