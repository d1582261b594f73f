import { MigrationInterface, QueryRunner } from 'typeorm';

const TASK_COLUMNS = `id AS case_id, case_no, stage, status, category, summary, center_code, unit_id, assignee_id,
               severity, stage_deadline, coalesce(stage_deadline, 'infinity') AS due, escalation_level, created_at, updated_at`;
const TASK_ROWS = `FROM cases
         WHERE status <> 'CLOSED' AND stage IN ('ROUTING', 'HANDLING', 'TRACKING', 'FEEDBACK')`;

/**
 * What the mediators' inbox needs (GET /api/tasks):
 * - `case_tasks.stage_entered_at`: the start of the stage's clock, so a row can turn yellow at 80 %
 *   of the stage's time as the warning does (a column added at the end: CREATE OR REPLACE keeps the
 *   view's grants);
 * - `scope=done` lists the cases whose handling a mediator completed: the HandlingCompleted events by
 *   actor, newest first, read from one partial index instead of the whole record.
 */
export class MediatorDesk1765040000000 implements MigrationInterface {
  name = 'MediatorDesk1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE VIEW case_tasks AS SELECT ${TASK_COLUMNS}, stage_entered_at ${TASK_ROWS}`);
    await q.query(
      `CREATE INDEX case_events_handling_completed_by ON case_events (actor_id, occurred_at DESC, case_id) WHERE type = 'HandlingCompleted'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS case_events_handling_completed_by');
    await q.query('DROP VIEW IF EXISTS case_tasks');
    await q.query(`CREATE VIEW case_tasks AS SELECT ${TASK_COLUMNS} ${TASK_ROWS}`);
  }
}
