import { randomUUID } from 'crypto';
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
 * workflow and the same update, and only the run holding the claim's owner token stores the answer.
 */
export const CLAIM_LEASE_SECONDS = 15;

/** How long an answer is kept (API.md: 24 hours). */
export const ANSWER_KEPT_HOURS = 24;

/** The PostgreSQL advisory lock (transaction-scoped) that lets one gateway at a time purge. */
const PURGE_LOCK = "hashtext('mediation-engine:idempotency-purge')";

/** Answers to state-changing requests by (caller, Idempotency-Key), kept 24 hours. */
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for a request now being handled: the claim's owner token, or null when the key
   * is taken (answered, in hand for less than the lease, or used for another request). A claim
   * older than the lease is taken over with a new token; the run that held the old one can then
   * neither store its answer nor give the key back.
   */
  async claim(scope: string, key: string, requestHash: string): Promise<string | null> {
    // One statement (issue 16: it runs with every state-changing request). A row older than the
    // 24 hours an answer is kept is a new claim, whatever it held; an unanswered claim of the same
    // request older than the lease is taken over.
    const token = randomUUID();
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, owner_token) VALUES ($1, $2, $3, $5)
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL,
             created_at = now(), owner_token = EXCLUDED.owner_token
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $6)
            OR (idempotency_keys.status_code IS NULL
                AND idempotency_keys.request_hash = EXCLUDED.request_hash
                AND idempotency_keys.created_at < now() - make_interval(secs => $4))
       RETURNING key`,
      [scope, key, requestHash, CLAIM_LEASE_SECONDS, token, ANSWER_KEPT_HOURS],
    );
    return inserted.length === 1 ? token : null;
  }

  async find(scope: string, key: string): Promise<StoredResponse | null> {
    const [row]: { request_hash: string; status_code: number | null; response: unknown }[] =
      await this.dataSource.query(
        `SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
    return row ? { requestHash: row.request_hash, statusCode: row.status_code, response: row.response } : null;
  }

  /** Stores the answer if `token` still owns the claim; false when another run took it over (nothing written). */
  async complete(scope: string, key: string, token: string, statusCode: number, response: unknown): Promise<boolean> {
    const updated: unknown[] = await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $4, response = $5
        WHERE scope = $1 AND key = $2 AND owner_token = $3 AND status_code IS NULL
        RETURNING key`,
      [scope, key, token, statusCode, JSON.stringify(response ?? null)],
    );
    return affected(updated) === 1;
  }

  /** A request that failed on our side gives its key back, so the retry is handled afresh; only its owner may. */
  async release(scope: string, key: string, token: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND owner_token = $3 AND status_code IS NULL`,
      [scope, key, token],
    );
  }

  /**
   * Deletes the answers older than 24 hours: the number deleted, or null when another gateway is
   * purging at this moment (the advisory lock is taken for the transaction only).
   */
  async purgeExpired(): Promise<number | null> {
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }]: { locked: boolean }[] = await tx.query(
        `SELECT pg_try_advisory_xact_lock(${PURGE_LOCK}) AS locked`,
      );
      if (!locked) return null;
      const deleted: unknown[] = await tx.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`,
        [ANSWER_KEPT_HOURS],
      );
      return affected(deleted);
    });
  }
}

/** TypeORM's postgres driver answers an UPDATE or DELETE with [rows, row count]. */
function affected(result: unknown[]): number {
  return result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[1] : result.length;
}
