import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createDataSource, runMigrations } from '@app/persistence/data-source';
import { officeDate, officeDayStartMs } from '@app/domain/calendar/office-time';
import { MEASURE_DIMS, type MeasureDim } from '@app/domain/measures/totals';
import { carryMeasureTotals } from '@app/persistence/measures';
import { AlertReadRepository } from '@app/persistence/repositories/alert-read.repository';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { CaseReadRepository, type CaseListFilter } from '@app/persistence/repositories/case-read.repository';
import { StatsRepository, edgeFactsSql } from '@app/persistence/repositories/stats.repository';
import { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import { argValue, openBenchDatabase } from '../scripts/bench-database';
import { projectRoot } from './lib/common';

/**
 * `npm run bench` (or `npm run bench -- read-models`, `npm run bench:read-models`; `-- --iterations 300`, `-- --only list:`, `-- --dim grid`): latency of the desk
 * queries against the large history of `npm run seed:large`, one client, one query at a time,
 * parameters drawn at random from the data. Prints p50/p95/p99 per query and writes the figures
 * with the machine's description to bench/results/. Not a test: nothing here passes or fails.
 */
interface Result {
  name: string;
  iterations: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const iterations = Number(argValue('iterations', '200'));
  const warmup = Math.max(5, Math.floor(iterations / 10));
  const db = await openBenchDatabase();
  // A history seeded before a later migration (an index, say) gets it before it is measured.
  await runMigrations(db.url);
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  try {
    const [{ cases, eventCount }]: { cases: number; eventCount: number }[] = await dataSource.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS "eventCount"`,
    );
    if (cases === 0) throw new Error('the benchmark database is empty: run `npm run seed:large` first');
    // As the worker does at start and after each office midnight (apps/worker/src/measure-day-carry.ts).
    const carried = await carryMeasureTotals(dataSource, officeDate(Date.now()));
    console.log(`measure totals carried to today: ${carried} rows`);
    const sample =
      <T>(rows: T[]) =>
      () =>
        rows[Math.floor(Math.random() * rows.length)];
    const column = async (sql: string): Promise<string[]> =>
      (await dataSource.query(sql)).map((r: Record<string, string>) => Object.values(r)[0]);
    const caseId = sample(await column('SELECT id FROM cases TABLESAMPLE SYSTEM (1) LIMIT 2000'));
    const caseNo = sample(
      await column('SELECT case_no FROM cases TABLESAMPLE SYSTEM (1) WHERE case_no IS NOT NULL LIMIT 2000'),
    );
    const partyName = sample(
      await column(`SELECT parties->0->>'name' AS n FROM cases TABLESAMPLE SYSTEM (1) LIMIT 2000`),
    );
    const grid = sample(await column(`SELECT code FROM grids WHERE level = 'BASE'`));
    const unit = sample(await column('SELECT id FROM units'));
    const assignee = sample(await column('SELECT DISTINCT assignee_id FROM case_tasks WHERE assignee_id IS NOT NULL'));
    const stage = sample([
      'DISCOVERY',
      'ACCEPTANCE',
      'ROUTING',
      'HANDLING',
      'TRACKING',
      'SUPERVISION',
      'FEEDBACK',
      'EVALUATION',
      'CLOSED',
    ]);
    const category = sample(['NEIGHBOR', 'FAMILY', 'PROPERTY_MGMT', 'LABOR', 'CONSUMER', 'TRAFFIC', 'MEDICAL']);
    const center = sample(['TJ', 'ZZ', 'XF', 'WG']);
    const word = sample(['漏水', '噪音扰民', '拖欠工资', '物业费', '交通事故', '宅基地']);
    // --dim grid: every stats query grouped by one dimension (the grid has the most groups and keys).
    const dim = argValue('dim', '');
    if (dim && !MEASURE_DIMS.includes(dim as MeasureDim))
      throw new Error(`--dim must be one of ${MEASURE_DIMS.join(', ')}`);
    const groupBy = dim ? () => dim as MeasureDim : sample<MeasureDim>([...MEASURE_DIMS]);

    const caseReads = new CaseReadRepository(dataSource);
    const walkFirst = new CaseReadRepository(dataSource);
    walkFirst.commonBigrams = async () => undefined;
    const events = new CaseEventRepository(dataSource);
    const tasks = new TaskReadRepository(dataSource);
    const alerts = new AlertReadRepository(dataSource);
    const stats = new StatsRepository(dataSource);
    const list = (filter: () => CaseListFilter) => () => caseReads.list(filter(), { limit: 50 });
    const daysAgo = (days: number) => new Date(Date.now() - days * 86400_000);
    // What the desks' statistics page asks: whole office days, from a midnight (UTC+8) to the next one.
    const officeDays = (days: number) => {
      const today = officeDayStartMs(Date.now());
      return { from: new Date(today - days * 86400_000), to: new Date(today + 86400_000) };
    };

    let last: StatsRepository | undefined;
    const fresh = () => (last = new StatsRepository(dataSource));
    const settleFresh = () => last?.whenKept() ?? Promise.resolve();

    // The facts of part of a past office day summed per group in PostgreSQL, as an edge of a period
    // with nothing kept is (StatsRepository.fromFacts): a day 30-39 days back, in turn.
    let edgeRound = 0;
    const pastDayEdge = (fromHour: number) => () => {
      const day = officeDayStartMs(Date.now()) - (30 + (edgeRound++ % 10)) * 86400_000;
      return dataSource.query(edgeFactsSql(groupBy()), [
        new Date(day + fromHour * 3600_000),
        new Date(day + 86400_000),
      ]);
    };

    const scenarios: [string, () => Promise<unknown>, (() => Promise<void>)?][] = [
      ['list: no filter', list(() => ({}))],
      ['list: stage', list(() => ({ stage: stage() }))],
      ['list: centerCode', list(() => ({ centerCode: center() }))],
      ['list: unitId', list(() => ({ unitId: unit() }))],
      ['list: gridCode', list(() => ({ gridCode: grid() }))],
      ['list: category', list(() => ({ category: category() }))],
      ['list: overdue', list(() => ({ overdue: true }))],
      ['list: q word (zh)', list(() => ({ q: word() }))],
      ['list: q party name', list(() => ({ q: partyName() }))],
      // The order before the planner's statistics chose it: the walk through the newest cases first.
      ['list: q party name, walk first', () => walkFirst.list({ q: partyName() }, { limit: 50 })],
      ['list: q case number', list(() => ({ q: caseNo() }))],
      ['list: mediator scope, 2 units', list(() => ({ scope: { unitIds: [unit(), unit()] } }))],
      ['list: center TJ + stage + overdue', list(() => ({ centerCode: 'TJ', stage: 'HANDLING', overdue: true }))],
      [
        'list: page 2 (cursor)',
        async () => {
          const first = await caseReads.list({ category: category() }, { limit: 50 });
          return caseReads.list({}, { limit: 50, cursor: first.nextCursor ?? undefined });
        },
      ],
      ['one case', () => caseReads.findById(caseId())],
      ['timeline', () => events.timeline(caseId())],
      ['tasks: pool', () => tasks.list({ scope: 'pool', userId: assignee(), unitIds: [unit(), unit()] })],
      ['tasks: mine', () => tasks.list({ scope: 'mine', userId: assignee(), unitIds: [] })],
      [
        'alerts: unacknowledged, level 1, center',
        () => alerts.list({ acknowledged: false, centerCode: center(), maxLevel: 1 }),
      ],
      ['alerts: all, level 3', () => alerts.list({ maxLevel: 3 })],
      ['stats: last 30 days', () => stats.measures({ from: daysAgo(30), to: new Date(), groupBy: groupBy() })],
      ['stats: 30 office days (the desks)', () => stats.measures({ ...officeDays(30), groupBy: groupBy() })],
      ['stats: last 365 days', () => stats.measures({ from: daysAgo(365), to: new Date(), groupBy: groupBy() })],
      // A repository of its own per call keeps nothing: what the first query of a day costs. The
      // whole-day read of facts that such a query begins once its own reads are done is awaited
      // after the timed call (settle), so that it does not overlap the next call: in a gateway it
      // happens once per dimension, day and history version.
      [
        'stats: last 30 days, nothing kept',
        () => fresh().measures({ from: daysAgo(30), to: new Date(), groupBy: groupBy() }),
        settleFresh,
      ],
      [
        'stats: 30 office days (the desks), nothing kept',
        () => fresh().measures({ ...officeDays(30), groupBy: groupBy() }),
        settleFresh,
      ],
      ['stats edge: a whole past day, summed in PostgreSQL', pastDayEdge(0)],
      ['stats edge: the last 3.5 hours of a past day', pastDayEdge(20.5)],
    ];

    const results: Result[] = [];
    const only = argValue('only', '');
    for (const [name, run, settle] of scenarios.filter(([name]) => name.includes(only))) {
      for (let i = 0; i < warmup; i++) await run().then(settle);
      const times: number[] = [];
      for (let i = 0; i < iterations; i++) {
        const start = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        await settle?.();
      }
      times.sort((a, b) => a - b);
      const result = {
        name,
        iterations,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        p99: percentile(times, 99),
        max: times[times.length - 1],
      };
      results.push(result);
      console.log(
        `${`${name} (n=${iterations})`.padEnd(48)} p50 ${result.p50.toFixed(1).padStart(7)} ms  p95 ${result.p95.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms  max ${result.max.toFixed(1).padStart(7)} ms`,
      );
    }

    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.type()} ${os.release()}`,
    };
    const [{ version }]: { version: string }[] = await dataSource.query(
      "SELECT current_setting('server_version') AS version",
    );
    console.log(
      `\n${cases.toLocaleString('en')} cases, ${eventCount.toLocaleString('en')} events; ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB; PostgreSQL ${version}`,
    );
    const out = path.join(projectRoot(), 'bench', 'results');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, `read-models-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          dataset: { cases, events: eventCount },
          machine,
          postgres: version,
          iterations,
          groupBy: dim || 'each query a random dimension',
          results,
        },
        null,
        2,
      ),
    );
    console.log(`written ${path.relative(process.cwd(), file)}`);
  } finally {
    await dataSource.destroy();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
