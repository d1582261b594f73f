import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two read paths of the stats query (docs/read-models.md, "Measures"), chosen by EXPLAIN at
 * 1 million cases (docs/benchmarks.md):
 * - `measure_totals_by_day`: the totals of one dimension on one day are one index range, so a
 *   period's boundary rows come from two range scans instead of two index descents per key.
 * - `cases_open_stage` carries the group columns, status and deadline: open and overdue by stage
 *   are counted by an index-only scan instead of one heap page per open case.
 */
export class StatsReadPaths1764363600000 implements MigrationInterface {
  name = 'StatsReadPaths1764363600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX measure_totals_by_day ON measure_totals (dim, day)');
    await q.query('DROP INDEX cases_open_stage');
    await q.query(
      `CREATE INDEX cases_open_stage ON cases (stage, stage_deadline)
         INCLUDE (status, center_code, unit_id, community_code, grid_code, category) WHERE status <> 'CLOSED'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cases_open_stage');
    await q.query(`CREATE INDEX cases_open_stage ON cases (stage, stage_deadline) WHERE status <> 'CLOSED'`);
    await q.query('DROP INDEX measure_totals_by_day');
  }
}
