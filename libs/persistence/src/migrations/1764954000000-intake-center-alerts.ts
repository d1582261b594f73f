import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Before routing a case belongs to the intake center (ZZ, DOMAIN.md): alerts of cases overdue in
 * 发现 or 受理 were stored without a center, so no level-1 supervisor saw them. The projection now
 * gives them ZZ; this gives the stored ones the same.
 */
export class IntakeCenterAlerts1764954000000 implements MigrationInterface {
  name = 'IntakeCenterAlerts1764954000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE alerts SET center_code = 'ZZ' WHERE center_code IS NULL`);
  }

  async down(): Promise<void> {
    // The old rows cannot be told apart from routed ZZ alerts: nothing to undo.
  }
}
