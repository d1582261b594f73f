import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `measure_totals.hist` is kept as the text of its integer array ('{3,0,12,…}'), not as
 * `integer[]`. A stats query reads a whole dimension's rows as of a day (1,024 histograms of 80
 * buckets for the grid at a million cases), and PostgreSQL's turning each array into text was
 * most of that read: on the probe of docs/benchmarks.md ("Issue 16, sixth pass") the grid's rows
 * of one day took PostgreSQL 8.6 ms with the arrays turned into text, 0.3 ms with the text stored. The text is also smaller (about 230 bytes against
 * 344). Writers add histograms as arrays (`measure_hist_add(hist::integer[], …)::text`).
 */
export class MeasureHistText1796220000000 implements MigrationInterface {
  name = 'MeasureHistText1796220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE measure_totals ALTER COLUMN hist TYPE text USING hist::text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE measure_totals ALTER COLUMN hist TYPE integer[] USING hist::integer[]');
  }
}
