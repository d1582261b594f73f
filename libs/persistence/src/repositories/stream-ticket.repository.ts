import { randomBytes } from 'crypto';
import { DataSource } from 'typeorm';

/** How long a ticket may wait for its stream to open. */
export const STREAM_TICKET_TTL_SECONDS = 60;

/**
 * One-use tickets for the live streams: a browser's EventSource cannot send a bearer token, and a
 * token in the URL would end up in proxy logs for its whole life. A ticket is taken (deleted) by
 * the first stream that presents it, on whichever gateway process.
 */
export class StreamTicketRepository {
  constructor(private readonly dataSource: DataSource) {}

  async issue<T extends { id: string }>(claims: T): Promise<{ ticket: string; expiresAt: Date }> {
    const ticket = randomBytes(32).toString('base64url');
    // Expired tickets are cleared as new ones are issued; there are only ever a few.
    await this.dataSource.query(`DELETE FROM stream_tickets WHERE expires_at < now()`);
    const [row]: { expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO stream_tickets (ticket, user_id, claims, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
      [ticket, claims.id, JSON.stringify(claims), STREAM_TICKET_TTL_SECONDS],
    );
    return { ticket, expiresAt: new Date(row.expires_at) };
  }

  /** The claims the ticket was issued for, once; null for an unknown, used or expired ticket. */
  async take<T>(ticket: string): Promise<T | null> {
    // Through a CTE, so the answer is the rows (TypeORM answers a bare DELETE with [rows, count]).
    const [row]: { claims: T; valid: boolean }[] = await this.dataSource.query(
      `WITH taken AS (DELETE FROM stream_tickets WHERE ticket = $1 RETURNING claims, expires_at > now() AS valid) SELECT * FROM taken`,
      [ticket],
    );
    return row?.valid ? row.claims : null;
  }
}
