import { DataSource } from 'typeorm';

export interface StoredResponse {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

/**
 * How long a claimed key may stay unanswered before a retry of the same request takes it over:
 * a gateway killed mid-request never answers nor gives the key back. A takeover while the first
 * run is merely slow is harmless: both runs carry the same operation id, so they meet the same
 * workflow and the same update.
 */
export const CLAIM_LEASE_SECONDS = 15;

/** Answers to state-changing requests by (caller, Idempotency-Key), kept 24 hours. */
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for a request now being handled; false when the key is taken: answered, in
   * hand for less than the lease, or used for another request.
   */
  async claim(scope: string, key: string, requestHash: string): Promise<boolean> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - interval '24 hours'`, [
      scope,
      key,
    ]);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.status_code IS NULL
           AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - make_interval(secs => $4)
       RETURNING key`,
      [scope, key, requestHash, CLAIM_LEASE_SECONDS],
    );
    return inserted.length === 1;
  }

  async find(scope: string, key: string): Promise<StoredResponse | null> {
    const [row]: { request_hash: string; status_code: number | null; response: unknown }[] = await this.dataSource.query(
      `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    return row ? { requestHash: row.request_hash, statusCode: row.status_code, response: row.response } : null;
  }

  async complete(scope: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      statusCode,
      JSON.stringify(response ?? null),
    ]);
  }

  /** A request that failed on our side gives its key back, so the retry is handled afresh. */
  async release(scope: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`);
  }
}
