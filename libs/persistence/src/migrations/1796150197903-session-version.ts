import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account's session version: every access token carries the version it was signed under
 * (`sv`), and a token of another version is refused. A password change (by the person or by an
 * ADMIN) raises it, which signs out every session of the account at once, on every gateway.
 */
export class SessionVersion1796150197903 implements MigrationInterface {
  name = 'SessionVersion1796150197903';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN session_version`);
  }
}
