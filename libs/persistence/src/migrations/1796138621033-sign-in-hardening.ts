import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What sign-in needs to be safe across every gateway process (issue 14, "Sign-in and sessions"):
 * - `throttle_hits`: the counters of @nestjs/throttler (per client address and per username on
 *   the sign-in routes), one fixed window per key and throttler, and the time a key is refused
 *   until once it went over its limit. Keys are hashes: no username is stored in clear;
 * - `users.failed_logins` / `users.locked_until`: consecutive wrong passwords of an account, and
 *   until when it is locked after too many of them;
 * - `revoked_tokens`: the `jti` of each access token signed out, kept until the token would have
 *   expired anyway.
 */
export class SignInHardening1796138621033 implements MigrationInterface {
  name = 'SignInHardening1796138621033';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE throttle_hits (
        key text NOT NULL,
        throttler text NOT NULL,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
    await q.query('CREATE INDEX throttle_hits_expiry ON throttle_hits (window_ends_at)');

    await q.query('ALTER TABLE users ADD COLUMN failed_logins integer NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE users ADD COLUMN locked_until timestamptz');

    await q.query(`
      CREATE TABLE revoked_tokens (
        jti text PRIMARY KEY,
        user_id uuid NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX revoked_tokens_expiry ON revoked_tokens (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS revoked_tokens');
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS locked_until');
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS failed_logins');
    await q.query('DROP TABLE IF EXISTS throttle_hits');
  }
}
