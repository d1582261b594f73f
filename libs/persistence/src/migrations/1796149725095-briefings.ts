import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kept briefings (通报, docs/briefing.md): one row per generated briefing with its period and
 * its figures as generated (JSON: the groups of the center, unit and community sections, their
 * rates, counts and ranks, and the names of the groups as they were then). The Excel workbook
 * and the PDF are drawn from these figures on each download, so they always agree with them.
 * At most one MONTHLY briefing per month (the Schedule's runs may repeat; the first one keeps it);
 * an ON_DEMAND one has its month too when its period is one.
 */
export class Briefings1796149725095 implements MigrationInterface {
  name = 'Briefings1796149725095';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE briefings (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('MONTHLY', 'ON_DEMAND')),
        month text CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL CHECK (period_to > period_from),
        generated_at timestamptz NOT NULL DEFAULT now(),
        generated_by uuid,
        figures jsonb NOT NULL,
        CHECK (kind <> 'MONTHLY' OR month IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX briefings_monthly ON briefings (month) WHERE kind = 'MONTHLY'`);
    await q.query(`CREATE INDEX briefings_recent ON briefings (generated_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE briefings');
  }
}
