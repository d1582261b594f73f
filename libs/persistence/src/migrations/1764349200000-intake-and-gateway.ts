import { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeAndGateway1764349200000 implements MigrationInterface {
  name = 'IntakeAndGateway1764349200000';

  async up(q: QueryRunner): Promise<void> {
    // Duplicate and repeat-party look-ups by party phone / ID number: containment on the parties array.
    await q.query(`CREATE INDEX cases_parties ON cases USING gin (parties jsonb_path_ops)`);
    await q.query(`CREATE INDEX cases_address_category ON cases (address, category, created_at DESC)`);
    // A retried state-changing request returns the first answer (API.md: Idempotency-Key, 24 h).
    await q.query(`
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
    // Misses on receipt codes per address, to slow down guessing.
    await q.query(`
      CREATE TABLE receipt_code_misses (
        address text NOT NULL,
        missed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX receipt_code_misses_address ON receipt_code_misses (address, missed_at DESC)`);
    // Every new alert is announced, so every gateway process can push it to its SSE clients.
    await q.query(`
      CREATE FUNCTION alerts_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('alerts', NEW.id::text);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER alerts_notify AFTER INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION alerts_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS alerts_notify ON alerts');
    await q.query('DROP FUNCTION IF EXISTS alerts_notify()');
    await q.query('DROP TABLE IF EXISTS receipt_code_misses');
    await q.query('DROP TABLE IF EXISTS idempotency_keys');
    await q.query('DROP INDEX IF EXISTS cases_address_category');
    await q.query('DROP INDEX IF EXISTS cases_parties');
  }
}
