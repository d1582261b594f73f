import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts of a stats period's edge (a part of a day, and the whole past day a gateway then
 * keeps) are read from indexes alone, without visiting the tables' rows:
 * - `case_stage_visits_left` and `case_ratings_rated` also hold `case_id`, so the acceptance,
 *   stage-time and rating facts come from index-only scans (each visit's row was a table page
 *   more: a scan of one past day's visits read 4,146 buffers at a million cases, 51 after);
 * - `cases_measure_groups` holds each case's five groups beside its id, so finding a fact's group
 *   (the case's as it stands now) is an index-only look-up instead of one in `cases_pkey` and
 *   one in the wide row of `cases`.
 * A whole past day grouped by grid at a million cases: PostgreSQL 39.6 → 23.9 ms (docs/benchmarks.md,
 * "Issue 16, seventh pass"). Index-only scans need the visibility map, which (auto)vacuum sets: rows
 * changed since the last vacuum are still read from the table.
 */
export class MeasureEdgeCovering1796223600000 implements MigrationInterface {
  name = 'MeasureEdgeCovering1796223600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX cases_measure_groups ON cases (id) INCLUDE (center_code, unit_id, community_code, grid_code, category)',
    );
    await q.query('DROP INDEX case_stage_visits_left');
    await q.query(
      `CREATE INDEX case_stage_visits_left ON case_stage_visits (left_at)
         INCLUDE (case_id, stage, entered_at, deadline, next_stage) WHERE left_at IS NOT NULL`,
    );
    await q.query('DROP INDEX case_ratings_rated');
    await q.query('CREATE INDEX case_ratings_rated ON case_ratings (rated_at) INCLUDE (case_id, rating)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX case_ratings_rated');
    await q.query('CREATE INDEX case_ratings_rated ON case_ratings (rated_at) INCLUDE (rating)');
    await q.query('DROP INDEX case_stage_visits_left');
    await q.query(
      `CREATE INDEX case_stage_visits_left ON case_stage_visits (left_at)
         INCLUDE (stage, entered_at, deadline, next_stage) WHERE left_at IS NOT NULL`,
    );
    await q.query('DROP INDEX cases_measure_groups');
  }
}
