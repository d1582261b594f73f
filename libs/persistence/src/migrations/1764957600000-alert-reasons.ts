import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an alert was raised beyond the stage's own deadline: `SUPERVISION_ORDER` (a supervision
 * order restarted the ladder from its deadline, DOMAIN.md) or `REOPENED` (the second reopening).
 * Filled from the events for the alerts stored before.
 */
export class AlertReasons1764957600000 implements MigrationInterface {
  name = 'AlertReasons1764957600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE alerts ADD COLUMN reason text');
    await q.query(`
      UPDATE alerts a SET reason = e.payload->>'reason'
        FROM case_events e
       WHERE e.case_id = a.case_id AND e.seq = a.event_seq AND e.payload ? 'reason'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE alerts DROP COLUMN reason');
  }
}
