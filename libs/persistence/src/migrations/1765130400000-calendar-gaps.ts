import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Years the engine was asked to compute deadlines in without a holiday calendar loaded (DOMAIN.md:
 * never silently: Monday to Friday is the stated fallback, ADMIN is told, /health shows it).
 * A year leaves the table when an ADMIN loads its calendar.
 */
export class CalendarGaps1765130400000 implements MigrationInterface {
  name = 'CalendarGaps1765130400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_gaps (
        year integer PRIMARY KEY,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        lookups bigint NOT NULL DEFAULT 1
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_gaps');
  }
}
