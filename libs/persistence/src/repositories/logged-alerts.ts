import type { QueryRunner } from 'typeorm';

/**
 * An alert log of its own (a key person's missed visits, a screening drive's unscreened grids):
 * alerts whose subject is not a case, kept append-only beside the alerts table that a projection
 * rebuild empties. The subject's id stands in the alerts' `case_id`.
 */
export interface AlertLog {
  table: string;
  /** The log's column of the subject's id. */
  subject: string;
  /** The alerts' stage and reason (one word for both). */
  kind: string;
  /** The log's column of the unit the alert goes to, if it has one. */
  unit?: string;
}

/**
 * Copies a log's alerts into the alerts table (all of them: after a rebuild emptied it; or one).
 * The id is made as the cases' alerts' are (md5 of subject and seq), so acknowledgements apply again.
 */
export async function restoreLoggedAlerts(
  runner: Pick<QueryRunner, 'query'>,
  log: AlertLog,
  only?: { subjectId: string; seq: number },
): Promise<void> {
  await runner.query(
    `INSERT INTO alerts (id, case_id, event_seq, case_no, stage, kind, level, center_code, unit_id, deadline, raised_at, reason)
     SELECT md5(l.${log.subject}::text || ':' || l.seq::text)::uuid, l.${log.subject}, l.seq, NULL, $1, l.kind, l.level,
            l.center_code, ${log.unit ? `l.${log.unit}` : 'NULL'}, l.deadline, l.raised_at, $1
       FROM ${log.table} l
      ${only ? `WHERE l.${log.subject} = $2 AND l.seq = $3` : ''}
      ORDER BY l.raised_at
     ON CONFLICT (case_id, event_seq) DO NOTHING`,
    only ? [log.kind, only.subjectId, only.seq] : [log.kind],
  );
}
