import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, appRoleExists } from '../app-role';

/**
 * The security audit trail (OWASP ASVS 5.0 V16): sign-ins and their failures, account and role
 * changes, edits of the office settings (before and after), each reveal of unmasked personal data.
 * Append-only twice over: the app role may not UPDATE, DELETE or TRUNCATE it (as the event store),
 * and triggers refuse those to every role but one that drops them first.
 */
export class AuditTrail1796138555393 implements MigrationInterface {
  name = 'AuditTrail1796138555393';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        -- who acted: null for a sign-in of an unknown name (then only actor_username says who tried)
        actor_id uuid,
        actor_username text,
        client_address text,
        request_id text,
        -- what was acted on: a user, a case, a setting (routing-rules, sla-policy, calendar/2026)
        target_type text,
        target_id text,
        -- the change (before/after) or what was revealed; never a password or a personal datum itself
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query('CREATE INDEX audit_events_by_time ON audit_events (at DESC, id DESC)');
    await q.query('CREATE INDEX audit_events_by_kind ON audit_events (kind, at DESC, id DESC)');
    await q.query('CREATE INDEX audit_events_by_actor ON audit_events (actor_username, at DESC, id DESC)');
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    if (await appRoleExists(q)) {
      await q.query(`GRANT SELECT, INSERT ON audit_events TO ${APP_ROLE}`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${APP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_events');
    await q.query('DROP FUNCTION audit_events_append_only()');
  }
}
