import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The role the gateway and the worker connect as. It reads and writes the read models but may
 * only read and append the event store (and the alert acknowledgements): the database itself
 * refuses it UPDATE, DELETE and TRUNCATE there, whatever the code does.
 */
export const APP_ROLE = 'mediation_app';

/** Append-only tables: SELECT and INSERT only (audit_events: from its migration on). */
export const APPEND_ONLY_TABLES = ['case_events', 'alert_acknowledgements', 'audit_events'];

/**
 * Grants for the app role on every table and sequence there is now, and by default on those
 * later migrations create (they run as the same owner), then takes back the writes on the
 * append-only tables. Idempotent.
 */
export async function grantAppRole(runner: Pick<QueryRunner, 'query'>): Promise<void> {
  const [{ database }]: { database: string }[] = await runner.query('SELECT current_database() AS database');
  await runner.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${APP_ROLE}`);
  await runner.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
  await runner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  await runner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
  await runner.query(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`,
  );
  await runner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  // Only those that exist yet: this also runs inside the migration that created the role.
  const existing: { name: string }[] = await runner.query(
    `SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass('public.' || name) IS NOT NULL`,
    [APPEND_ONLY_TABLES],
  );
  await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${existing.map((t) => t.name).join(', ')} FROM ${APP_ROLE}`);
}

/** Whether the role exists; creating it needs CREATEROLE, which a database owner may lack. */
export async function appRoleExists(runner: Pick<QueryRunner, 'query'>): Promise<boolean> {
  const rows: unknown[] = await runner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  return rows.length > 0;
}

/**
 * Makes the app role able to log in with `password` (creating it where missing) and renews its
 * grants. Run by the launcher as the cluster's superuser; the app then connects with
 * `appRoleUrl(url, password)`.
 */
export async function ensureAppRole(dataSource: DataSource, password: string): Promise<void> {
  const literal = `'${password.replace(/'/g, "''")}'`;
  await dataSource.transaction(async (tx) => {
    if (!(await appRoleExists(tx))) await tx.query(`CREATE ROLE ${APP_ROLE}`);
    await tx.query(`ALTER ROLE ${APP_ROLE} LOGIN PASSWORD ${literal}`);
    await grantAppRole(tx);
  });
}

/** The same database URL, with the app role's credentials. */
export function appRoleUrl(url: string, password: string): string {
  const target = new URL(url);
  target.username = APP_ROLE;
  target.password = encodeURIComponent(password);
  return target.toString();
}

/**
 * After migrations, as the owner (the compose stack's `migrate`): grants the app role its rights
 * on every table when the role exists (the stack's init script creates it), and says whether it
 * did. Where it does not exist (npm start, tests) nothing happens: `ensureAppRole` makes it later.
 */
export async function grantAppRoleWhereItExists(dataSource: DataSource): Promise<boolean> {
  return dataSource.transaction(async (tx) => {
    if (!(await appRoleExists(tx))) return false;
    await grantAppRole(tx);
    return true;
  });
}
