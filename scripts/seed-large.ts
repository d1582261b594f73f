import type { DataSource } from 'typeorm';
import type { RecordedCaseEvent } from '@app/contracts';
import { foldCaseEvents } from '@app/persistence/case-projection';
import { createDataSource, runMigrations } from '@app/persistence/data-source';
import { officeDate } from '@app/domain/calendar/office-time';
import { buildMeasureTotals, bumpMeasureHistory, carryMeasureTotals } from '@app/persistence/measures';
import { writeProjections } from '@app/persistence/projection-rebuild';
import { seedDemoData } from '@app/persistence/seed/demo-seed';
import { SyntheticHistory } from '@app/persistence/seed/synthetic-history';
import { DEMO_TERRITORY } from '@app/domain/territory';
import { argValue, openBenchDatabase } from './bench-database';

/**
 * `npm run seed:large -- --cases 1000000 [--years 5] [--batch 2000]`: a large invented history
 * written straight into PostgreSQL (no Temporal), into the benchmark database (scripts/bench-database).
 * Events and their read-model rows are written together, batch by batch, folded by the same
 * projector the live appends use; secondary indexes are dropped first and built once at the end.
 */
const READ_TABLES = ['cases', 'alerts', 'case_stage_visits', 'case_ratings', 'case_events'];

async function main(): Promise<void> {
  const total = Number(argValue('cases', '1000000'));
  const years = Number(argValue('years', '5'));
  const batch = Number(argValue('batch', '2000'));
  const db = await openBenchDatabase();
  const dataSource = createDataSource(db.url, 2);
  try {
    await runMigrations(db.url);
    await dataSource.initialize();
    const [{ n }]: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM case_events');
    if (n > 0) throw new Error(`the benchmark database already holds ${n} events: drop it (or its cluster) first`);
    await seedDemoData(dataSource, 'bench-only-password');
    const indexes = await dropSecondaryIndexes(dataSource);

    const now = new Date();
    const history = new SyntheticHistory({
      from: new Date(now.getTime() - years * 365 * 86400_000),
      now,
      streetCode: 'JF',
    });
    const communityOf = new Map(DEMO_TERRITORY.grids.map((g) => [g.code, g.communityCode ?? null]));
    const started = Date.now();
    let events = 0;
    let writing: Promise<void> = Promise.resolve();
    for (let first = 0; first < total; first += batch) {
      const cases = Array.from({ length: Math.min(batch, total - first) }, (_, i) =>
        history.caseEvents(first + i, total),
      );
      const projections = cases.map((e) => foldCaseEvents(e, communityOf.get(String(e[0].payload.gridCode)) ?? null));
      // Generating the next batch overlaps with writing this one.
      await writing;
      writing = dataSource.transaction(async (tx) => {
        await insertEvents(tx, cases.flat());
        await writeProjections(tx, projections);
      });
      events += cases.reduce((sum, e) => sum + e.length, 0);
      const done = first + cases.length;
      if (done % (batch * 25) === 0 || done === total) {
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} cases, ${events.toLocaleString('en')} events, ${seconds.toFixed(0)} s (${Math.round(done / seconds)} cases/s)`,
        );
      }
    }
    await writing;
    for (const [year, last] of history.caseNumberCounters) {
      await dataSource.query(
        `INSERT INTO case_number_counters (street_code, year, last_seq) VALUES ('JF', $1, $2)
         ON CONFLICT (street_code, year) DO UPDATE SET last_seq = EXCLUDED.last_seq`,
        [year, last],
      );
    }
    console.log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes`);
    const indexStart = Date.now();
    await dataSource.query(`SET maintenance_work_mem = '1GB'`);
    for (const definition of indexes) await dataSource.query(definition);
    console.log(`indexes in ${((Date.now() - indexStart) / 1000).toFixed(0)} s; building the measures' totals`);
    const totalsStart = Date.now();
    const totals = await dataSource.transaction(async (tx) => {
      const rows = await buildMeasureTotals(tx);
      await bumpMeasureHistory(tx);
      return rows;
    });
    // Today's row for every key, as the worker makes at start (apps/worker/src/measure-day-carry.ts).
    const carried = await carryMeasureTotals(dataSource, officeDate(Date.now()));
    console.log(
      `${totals} measure rows, ${carried} carried to today, in ${((Date.now() - totalsStart) / 1000).toFixed(0)} s`,
    );
    await dataSource.query('VACUUM ANALYZE');
    console.log(
      `indexes and VACUUM ANALYZE in ${((Date.now() - indexStart) / 1000).toFixed(0)} s; ${total} cases, ${events} events`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.stop();
  }
}

/** Loading without secondary indexes and building each once afterwards is many times faster. */
async function dropSecondaryIndexes(dataSource: DataSource): Promise<string[]> {
  const rows: { indexname: string; indexdef: string }[] = await dataSource.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [READ_TABLES],
  );
  for (const row of rows) await dataSource.query(`DROP INDEX ${row.indexname}`);
  return rows.map((r) => r.indexdef);
}

async function insertEvents(tx: { query: DataSource['query'] }, events: RecordedCaseEvent[]): Promise<void> {
  await tx.query(
    `INSERT INTO case_events (case_id, seq, type, occurred_at, actor_id, actor_role, payload, schema_version)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[], $8::smallint[])`,
    [
      events.map((e) => e.caseId),
      events.map((e) => e.seq),
      events.map((e) => e.type),
      events.map((e) => e.at),
      events.map((e) => e.actor.userId),
      events.map((e) => e.actor.role),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.schemaVersion),
    ],
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
