import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `measure_changes`: which dimension's totals each move of `measure_history.version` changed,
 * from which office day on (NULL: every day, a rebuild). Written in the transaction that moves
 * the version; a stats reader drops only the kept totals a change concerns, instead of all of
 * them (libs/persistence/src/repositories/stats-keep.ts, docs/read-models.md "Measures"). The
 * worker's day carry deletes changes older than a week; a reader that has not caught up for
 * longer finds a version missing and drops everything it kept.
 */
export class MeasureChanges1796216400000 implements MigrationInterface {
  name = 'MeasureChanges1796216400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_changes (
        version bigint NOT NULL,
        dim text NOT NULL CHECK (dim IN ('center', 'unit', 'community', 'grid', 'category')),
        from_day date,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version, dim)
      )`);
    await q.query('CREATE INDEX measure_changes_at ON measure_changes (at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE measure_changes');
  }
}
