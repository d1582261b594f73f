import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The repeat-party flag is kept on the case (DOMAIN.md "Intake rules"): computed at intake, it is
 * part of the DisputeReported event (`repeatParty: {count, cases}`), and the read model keeps it
 * for the case view and the lists. Cases reported before carry no flag in their events, so none
 * in the read model either.
 */
export class RepeatParty1765126800000 implements MigrationInterface {
  name = 'RepeatParty1765126800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN repeat_party jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases DROP COLUMN repeat_party');
  }
}
