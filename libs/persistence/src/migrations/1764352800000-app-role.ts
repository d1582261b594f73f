import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, appRoleExists, grantAppRole } from '../app-role';

/**
 * The application's own role (no login until the launcher gives it a password: ensureAppRole),
 * unable to UPDATE, DELETE or TRUNCATE the event store. Where the migrating user may not create
 * roles (the production stack's database owner), the role is left to the DBA: see docs/read-models.md.
 */
export class AppRole1764352800000 implements MigrationInterface {
  name = 'AppRole1764352800000';

  async up(q: QueryRunner): Promise<void> {
    if (!(await appRoleExists(q))) {
      const [{ allowed }]: { allowed: boolean }[] = await q.query(
        'SELECT rolcreaterole OR rolsuper AS allowed FROM pg_roles WHERE rolname = current_user',
      );
      if (!allowed) {
        console.warn(
          `[migration] role ${APP_ROLE} not created: the migrating user lacks CREATEROLE; see docs/read-models.md`,
        );
        return;
      }
      await q.query(`CREATE ROLE ${APP_ROLE} NOLOGIN`);
    }
    await grantAppRole(q);
  }

  async down(q: QueryRunner): Promise<void> {
    if (!(await appRoleExists(q))) return;
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM ${APP_ROLE}`);
  }
}
