import type { DataSource } from 'typeorm';

/**
 * Every read-model row of these cases, in a stable order: what a rebuild must give back
 * exactly. Limited to the given cases because other test files append to the same database
 * concurrently.
 */
export async function readModelSnapshot(dataSource: DataSource, caseIds: string[]): Promise<Record<string, unknown[]>> {
  const of = (sql: string) => dataSource.query(sql, [caseIds]);
  return {
    cases: await of('SELECT * FROM cases WHERE id = ANY($1) ORDER BY id'),
    alerts: await of('SELECT * FROM alerts WHERE case_id = ANY($1) ORDER BY case_id, event_seq'),
    visits: await of('SELECT * FROM case_stage_visits WHERE case_id = ANY($1) ORDER BY case_id, entered_seq'),
    ratings: await of('SELECT * FROM case_ratings WHERE case_id = ANY($1) ORDER BY case_id, seq'),
    tasks: await of('SELECT * FROM case_tasks WHERE case_id = ANY($1) ORDER BY case_id'),
  };
}
