import { DataSource } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

/** One key's count as @nestjs/throttler wants it (seconds). */
export interface ThrottleCount {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** An account and whether the token presented for it was signed out. */
export interface Session {
  user: UserEntity;
  revoked: boolean;
}

/**
 * What sign-in keeps in PostgreSQL so that every gateway process sees the same: the throttler's
 * counters, the accounts' failed attempts and locks, and the signed-out tokens.
 */
export class SignInRepository {
  private lastPurge = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt for `key` in a fixed window of `ttlMs`. The attempt that goes over `limit`
   * blocks the key for `blockMs`; while blocked, attempts are counted and refused. One statement:
   * concurrent attempts on any process are counted exactly.
   */
  async hit(key: string, throttler: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottleCount> {
    await this.purgeNowAndThen();
    const [row]: { hits: number; expires_in: number; blocked_in: number | null }[] = await this.dataSource.query(
      `INSERT INTO throttle_hits AS t (key, throttler, hits, window_ends_at, blocked_until)
       VALUES ($1, $2, 1, now() + make_interval(secs => $3 / 1000.0),
               CASE WHEN 1 > $4 THEN now() + make_interval(secs => $5 / 1000.0) END)
       ON CONFLICT (key, throttler) DO UPDATE SET
         hits = CASE WHEN t.blocked_until > now() OR t.window_ends_at > now() THEN t.hits + 1 ELSE 1 END,
         window_ends_at = CASE WHEN t.blocked_until > now() OR t.window_ends_at > now() THEN t.window_ends_at
                               ELSE now() + make_interval(secs => $3 / 1000.0) END,
         blocked_until = CASE WHEN t.blocked_until > now() THEN t.blocked_until
                              WHEN (CASE WHEN t.window_ends_at > now() THEN t.hits + 1 ELSE 1 END) > $4
                                THEN now() + make_interval(secs => $5 / 1000.0) END
       RETURNING hits,
                 extract(epoch FROM window_ends_at - now())::float8 AS expires_in,
                 extract(epoch FROM blocked_until - now())::float8 AS blocked_in`,
      [key, throttler, ttlMs, limit, blockMs],
    );
    const blocked = row.blocked_in !== null && row.blocked_in > 0;
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, Math.ceil(row.expires_in)),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.max(1, Math.ceil(row.blocked_in!)) : 0,
    };
  }

  /** Seconds an account stays locked, 0 if it is not. */
  async lockedFor(userId: string): Promise<number> {
    const [row]: { locked_in: number | null }[] = await this.dataSource.query(
      `SELECT extract(epoch FROM locked_until - now())::float8 AS locked_in FROM users WHERE id = $1`,
      [userId],
    );
    return row?.locked_in && row.locked_in > 0 ? Math.ceil(row.locked_in) : 0;
  }

  /**
   * One more wrong password. The `failures`-th in a row locks the account for `lockSeconds` and
   * starts the count again; answers the seconds it is now locked for (0: not locked).
   */
  async recordFailure(userId: string, failures: number, lockSeconds: number): Promise<number> {
    const [row]: { locked_in: number | null }[] = await this.dataSource.query(
      // Through a CTE, so the answer is the rows (TypeORM answers a bare UPDATE with [rows, count]).
      `WITH changed AS (
         UPDATE users SET
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
         WHERE id = $1
         RETURNING locked_until)
       SELECT extract(epoch FROM locked_until - now())::float8 AS locked_in FROM changed`,
      [userId, failures, lockSeconds],
    );
    return row?.locked_in && row.locked_in > 0 ? Math.ceil(row.locked_in) : 0;
  }

  /** A successful sign-in clears the count; `passwordHash` replaces an old-scheme hash. */
  async recordSuccess(userId: string, passwordHash?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE users SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE($2, password_hash) WHERE id = $1`,
      [userId, passwordHash ?? null],
    );
  }

  /**
   * A new password, and a new session version: every token of the account signed before is
   * refused from now on. Answers the account as it is now (null if it is gone or inactive).
   */
  async setPasswordHash(userId: string, passwordHash: string): Promise<UserEntity | null> {
    await this.dataSource.query(
      `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL,
                        session_version = session_version + 1
       WHERE id = $1`,
      [userId, passwordHash],
    );
    return this.dataSource.getRepository(UserEntity).findOneBy({ id: userId, active: true });
  }

  /** Signs a token out until it would have expired anyway. */
  async revoke(jti: string, userId: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM revoked_tokens WHERE expires_at < now()`);
    await this.dataSource.query(
      `INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING`,
      [jti, userId, expiresAt],
    );
  }

  /**
   * The active account and whether this token of it was signed out (by itself, or by a password
   * change since it was signed: `version`, the token's `sv`, 0 for a token that has none): one
   * round trip per request.
   */
  async session(userId: string, token: { jti: string; sv?: number } | undefined): Promise<Session | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return null;
    const row = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect(
        token === undefined
          ? 'false'
          : '(u.session_version <> :sv OR EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = :jti))',
        'revoked',
      )
      .where('u.id = :id AND u.active', { id: userId, jti: token?.jti, sv: token?.sv ?? 0 })
      .getRawAndEntities();
    const user = row.entities[0];
    if (!user) return null;
    return { user, revoked: row.raw[0]?.revoked === true };
  }

  /** Expired counters go once a minute at most, on whichever process counts next. */
  private async purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(
      `DELETE FROM throttle_hits WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
    );
  }
}
