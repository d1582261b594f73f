import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint handling (协办, docs/joint-handling.md): the case's `assisting_centers`, the centers of
 * every unit an assistance was ever asked of (in the order first asked; an answer or a withdrawal
 * keeps the center). Their level-1 supervisors see the case, read-only, where the alerts of an
 * overdue assistance send them. Folded from AssistanceRequested by the projection; backfilled
 * here from `case_assistances` (which holds every assistance ever requested, withdrawn ones too).
 * The GIN index serves the case list's `assisting_centers @> ARRAY[center]`.
 */
export class AssistingCenters1796153953953 implements MigrationInterface {
  name = 'AssistingCenters1796153953953';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN assisting_centers text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE cases c SET assisting_centers = s.centers
        FROM (SELECT case_id, array_agg(center_code ORDER BY first_at, center_code) AS centers
                FROM (SELECT case_id, center_code, min(requested_at) AS first_at
                        FROM case_assistances GROUP BY case_id, center_code) f
               GROUP BY case_id) s
       WHERE c.id = s.case_id`);
    await q.query('CREATE INDEX cases_assisting_centers ON cases USING gin (assisting_centers)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cases_assisting_centers');
    await q.query('ALTER TABLE cases DROP COLUMN assisting_centers');
  }
}
