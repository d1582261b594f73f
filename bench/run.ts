import 'reflect-metadata';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { arg, writeResult } from './lib/common';
import { startBenchStack, type Backend } from './lib/stack';
import { intakeScenario } from './scenarios/intake';
import { escalationLagScenario } from './scenarios/escalation-lag';
import { actionsScenario } from './scenarios/actions';

/**
 * npm run bench -- [read-models|intake|escalation-lag|actions|all] [--backend sqlite|postgres|both] [options]
 *
 * The one entry point of every benchmark scenario (`npm run bench` builds bench/tsconfig.stack.json
 * into dist/bench-stack, then runs this). Without a name: `read-models`, which runs the read-model
 * benchmark (bench/read-models.bench.ts, compiled beside this file) with the remaining arguments
 * (`--iterations N`, `--only <name part>`) against the large-history database of `npm run seed:large`.
 * `all` runs intake, escalation-lag and actions (not read-models, which needs that database).
 *
 * Each stack scenario starts the whole stack afresh (see lib/stack.ts), drives it from separate
 * processes, prints a table and writes JSON to bench/results/<scenario>-<backend>-<time>.json.
 *
 * Tuning: --pragma name=value (repeatable; added to the dev server's journal_mode=wal,
 * synchronous=normal), --worker KEY=VALUE,... (runs bench/worker.ts with BENCH_* knobs),
 * --shards N and --temporal-conns N (Temporal on PostgreSQL).
 */
const SCENARIOS = {
  intake: intakeScenario,
  'escalation-lag': escalationLagScenario,
  actions: actionsScenario,
} as const;

function repeated(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1]) out.push(process.argv[i + 1]);
  });
  return out;
}

async function main(): Promise<void> {
  const named = process.argv[2] !== undefined && !process.argv[2].startsWith('--');
  const scenario = named ? process.argv[2] : 'read-models';
  if (scenario === 'read-models') {
    // Compiled by the same tsconfig (bench/tsconfig.stack.json) into this folder.
    const result = spawnSync(
      process.execPath,
      [path.join(__dirname, 'read-models.bench.js'), ...process.argv.slice(named ? 3 : 2)],
      { stdio: 'inherit' },
    );
    process.exit(result.status ?? 1);
  }
  const names =
    scenario === 'all' ? (Object.keys(SCENARIOS) as (keyof typeof SCENARIOS)[]) : [scenario as keyof typeof SCENARIOS];
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(SCENARIOS, name)) {
      console.error(
        `unknown scenario ${name}; one of read-models (the default), ${Object.keys(SCENARIOS).join(', ')}, all`,
      );
      process.exit(2);
    }
  }
  const backendArg = arg('backend', 'sqlite');
  if (!['sqlite', 'postgres', 'both'].includes(backendArg)) {
    console.error(`unknown backend ${backendArg}; one of sqlite (the default), postgres, both`);
    process.exit(2);
  }
  const backends: Backend[] = backendArg === 'both' ? ['sqlite', 'postgres'] : [backendArg as Backend];
  const workerArg = arg('worker');
  const workerTuning = workerArg
    ? Object.fromEntries(
        workerArg
          .split(',')
          .map((kv) => kv.split('='))
          .map(([k, v]) => [k.startsWith('BENCH_') ? k : `BENCH_${k}`, v]),
      )
    : undefined;
  for (const name of names) {
    for (const backend of backends) {
      console.log(`\n=== ${name} on ${backend} ===`);
      const stack = await startBenchStack({
        backend,
        sqlitePragmas: repeated('pragma'),
        replacePragmas: arg('replace-pragmas') === 'true',
        workerTuning,
        numHistoryShards: arg('shards') ? Number(arg('shards')) : undefined,
        temporalMaxConns: arg('temporal-conns') ? Number(arg('temporal-conns')) : undefined,
      });
      let result: any;
      const interrupted = () => void stack.stop().finally(() => process.exit(130));
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      try {
        result = await SCENARIOS[name](stack);
      } finally {
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
        await stack.stop();
      }
      result.label = arg('label');
      result.argv = process.argv.slice(2);
      result.date = new Date().toISOString();
      console.log(`results: ${writeResult(name, backend, result)}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
