import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two branches of `measure_facts` added since the measures' indexes had no index on their instant,
 * so the edge of every stats period (the facts of a part of a day) read every case: at a million
 * cases the `up_a_level` branch was a parallel sequential scan of `cases`, 400 ms of the 460 ms the
 * edge took, and every /api/stats answer waited for it (docs/benchmarks.md, 2026-12-01).
 * - `cases_up_a_level_at`: partial, only the cases that went up a level (上交);
 * - `case_assistances_requested`: the assistance facts' instant (协办).
 * test/integration/read-model-stats.spec.ts checks that no branch of the view reads a whole table.
 */
export class MeasureEdgeIndexes1796165742137 implements MigrationInterface {
  name = 'MeasureEdgeIndexes1796165742137';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX cases_up_a_level_at ON cases (up_a_level_at) WHERE up_a_level_at IS NOT NULL');
    await q.query('CREATE INDEX case_assistances_requested ON case_assistances (requested_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX case_assistances_requested');
    await q.query('DROP INDEX cases_up_a_level_at');
  }
}
