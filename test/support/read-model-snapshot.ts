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
    // Not stream_position: the order in which alerts were stored, which a rebuild renumbers after
    // the positions handed out before (a stream resuming from an older one gets them again).
    alerts: (await of('SELECT * FROM alerts WHERE case_id = ANY($1) ORDER BY case_id, event_seq')).map(
      ({ stream_position: _, ...alert }: Record<string, unknown>) => alert,
    ),
    visits: await of('SELECT * FROM case_stage_visits WHERE case_id = ANY($1) ORDER BY case_id, entered_seq'),
    ratings: await of('SELECT * FROM case_ratings WHERE case_id = ANY($1) ORDER BY case_id, seq'),
    tasks: await of('SELECT * FROM case_tasks WHERE case_id = ANY($1) ORDER BY case_id'),
    assistances: await of('SELECT * FROM case_assistances WHERE case_id = ANY($1) ORDER BY case_id, requested_at, id'),
  };
}

/**
 * The cumulative measure totals of one group, reduced to what they mean: a row equal to the one
 * before it (or all zero before any) adds nothing, and live appends leave such rows where a
 * case moved away, which a rebuild does not make.
 */
export async function measureTotalsSnapshot(
  runner: Pick<DataSource, 'query'>,
  dim: string,
  grp: string,
): Promise<unknown[]> {
  const rows: {
    metric: string;
    sub: string;
    day: string;
    n: string;
    hits: string;
    extra: string;
    ms: string;
    hist: number[] | null;
  }[] = await runner.query(
    `SELECT metric, sub, to_char(day, 'YYYY-MM-DD') AS day, n, hits, extra, ms, hist::integer[] AS hist FROM measure_totals
      WHERE dim = $1 AND grp = $2 ORDER BY metric, sub, day`,
    [dim, grp],
  );
  const kept: unknown[] = [];
  let previous: { key: string; values: string } | undefined;
  for (const r of rows) {
    const key = `${r.metric}/${r.sub}`;
    const values = JSON.stringify([r.n, r.hits, r.extra, r.ms, r.hist]);
    const zero =
      Number(r.n) === 0 &&
      Number(r.hits) === 0 &&
      Number(r.extra) === 0 &&
      Number(r.ms) === 0 &&
      (r.hist ?? []).every((c) => c === 0);
    const same = previous?.key === key ? previous.values === values : zero;
    if (!same) kept.push({ key, day: r.day, values });
    previous = { key, values };
  }
  return kept;
}
