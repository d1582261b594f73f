import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `measure_history.version` counts the changes of the measure totals of past office days (a
 * transfer moves a case's old facts, a reopening takes back a closure, a rebuild writes them all).
 * A stats reader keeps the totals as of a day at least two days back while the version stays the
 * same (docs/read-models.md, "Measures").
 */
export class MeasureHistory1764367200000 implements MigrationInterface {
  name = 'MeasureHistory1764367200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE measure_history (
        id smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL
      )`);
    await q.query('INSERT INTO measure_history (id, version) VALUES (1, 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE measure_history');
  }
}
