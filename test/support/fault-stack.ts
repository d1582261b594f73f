import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { findTemporalCli, freePort, RunningTemporal, startTemporalDevServer, stopChild } from '@app/stack';
import { CaseDriver } from './case-driver';
import { TEST_SIGN_IN_LIMITS } from './sign-in-limits';
import { TEST_DEMO_PASSWORD } from './test-infrastructure';
import type { WorkerHarness } from './test-stack';
import { waitFor } from './wait-for';

/**
 * The pieces of the fault drills: the worker and the gateway as the separate node processes
 * `npm start` runs (from dist/), and a Temporal dev server or PostgreSQL of a test's own, which
 * it may stop and start again without disturbing the servers the other tests share.
 */

const DIST = path.resolve(__dirname, '../../dist');
const ENTRIES = { worker: 'apps/worker/src/main.js', gateway: 'apps/gateway/src/main.js' } as const;
export type AppName = keyof typeof ENTRIES;

/** The drills run the built apps: a clear message instead of a spawn error when dist/ is stale or missing. */
export function requireBuiltApps(): void {
  const missing = Object.values(ENTRIES)
    .map((entry) => path.join(DIST, entry))
    .filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build\` first (npm test does)`);
}

/** A throw-away folder PostgreSQL (running as user postgres) can traverse. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mediation-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

const OUTPUT_KEPT = 64 * 1024;

/** A node process of a drill (worker, gateway, PostgreSQL starter). Its output is kept (the tail) for failure messages. */
export class NodeProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<string>;
  private tail = '';

  constructor(
    readonly name: string,
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.tail = (this.tail + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(String(code ?? signal))));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.tail;
  }

  /** Resolves with the first match of `line` in the output; fails at once if the process exits first. */
  async printed(line: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    return waitFor(
      `${this.name} (pid ${this.pid}) to print ${String(line)}`,
      async () => {
        const match = line.exec(this.tail);
        if (match) return match;
        if (!this.running)
          throw new Error(
            `${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${String(line)}:\n${this.tail}`,
          );
        return undefined;
      },
      timeoutMs,
      100,
    );
  }

  /** The fault: SIGKILL, no goodbye. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    await stopChild(this.child, graceMs);
  }
}

export type AppProcess = NodeProcess;

export interface AppEnv {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** The gateway's port. */
  port?: number;
}

/**
 * Every process a test file started, stopped in its afterAll whatever happened, so jest exits
 * by itself even after a failure.
 */
export class AppFleet {
  private readonly started: NodeProcess[] = [];

  /** Starts the app and resolves once it is ready: the worker polls, the gateway listens. */
  async start(name: AppName, env: AppEnv, extraEnv: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
    const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, ...inherited } = process.env;
    const app = new NodeProcess(name, path.join(DIST, ENTRIES[name]), [], {
      ...TEST_SIGN_IN_LIMITS,
      ...(process.env.TEST_INFRA_DATA_DIR && { DATA_DIR: process.env.TEST_INFRA_DATA_DIR }),
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      ...(env.port !== undefined && { PORT: String(env.port) }),
      ...extraEnv,
    });
    this.started.push(app);
    await app
      .printed(name === 'worker' ? /worker: polling task queue/ : /gateway: listening on/, 90_000)
      .catch((error: Error) => {
        // A process that hangs at start says why in its output: keep it in the failure.
        throw new Error(`${error.message}; its output so far:\n${app.output().slice(-3000)}`);
      });
    return app;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.map((app) => app.stop().catch(() => undefined)));
  }
}

/** A Temporal dev server of the test's own (SQLite in `dir`), which it may stop and start again. */
export class OwnTemporal {
  private running?: RunningTemporal;

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(dir: string): Promise<OwnTemporal> {
    const server = new OwnTemporal(dir, await freePort());
    await server.startAgain();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Same SQLite file, same port: the cases and their timers are all still there. */
  async startAgain(): Promise<void> {
    const cli = findTemporalCli();
    if (!cli) throw new Error('no temporal CLI (TEMPORAL_CLI, PATH, set-up cache): run `npm run setup` first');
    this.running = await startTemporalDevServer({
      cliPath: cli.path,
      dbFile: path.join(this.dir, 'temporal.sqlite'),
      port: this.port,
      namespace: 'default',
      logFile: path.join(this.dir, 'temporal.log'),
    });
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}

/**
 * An embedded PostgreSQL of the test's own, migrated and seeded, which it may stop and start
 * again. It runs under a starter process of its own (support/postgres-process.js): the package
 * is an ES module jest cannot load.
 */
export class OwnPostgres {
  private starter?: NodeProcess;
  url = '';

  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(dir: string): Promise<OwnPostgres> {
    const pg = new OwnPostgres(dir, await freePort());
    await pg.startAgain();
    await runMigrations(pg.url);
    const dataSource = createDataSource(pg.url, 2);
    await dataSource.initialize();
    await seedDemoData(dataSource, TEST_DEMO_PASSWORD).finally(() => dataSource.destroy());
    return pg;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'postgres');
  }

  /** Same cluster folder, same port. */
  async startAgain(): Promise<void> {
    const args = [this.dataDir, String(this.port), path.join(this.dir, 'postgres.log')];
    this.starter = new NodeProcess('postgres', path.join(__dirname, 'postgres-process.js'), args, process.env);
    this.url = (await this.starter.printed(/^READY (\S+)$/m, 120_000))[1];
  }

  /** A clean stop (PostgreSQL's fast shutdown: sessions are cut). Never leaves a server behind. */
  async stop(): Promise<void> {
    const starter = this.starter;
    this.starter = undefined;
    await starter?.stop(30_000);
    // Had the starter to be killed, its server would still run: the pid file names it.
    const pidFile = path.join(this.dataDir, 'postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // already gone
        }
      }
    }
  }
}

/**
 * A Temporal client and a database connection in the test process, with a CaseDriver for
 * workflows whose worker runs in another process (the driver uses only these two).
 */
export interface ClientSide {
  client: Client;
  dataSource: DataSource;
  cases: CaseDriver;
  close(): Promise<void>;
}

export async function connectClientSide(
  temporalAddress: string,
  databaseUrl: string,
  taskQueue: string,
): Promise<ClientSide> {
  const dataSource = createDataSource(databaseUrl, 4);
  await dataSource.initialize();
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const cases = new CaseDriver({ client, dataSource } as unknown as WorkerHarness, taskQueue);
  return {
    client,
    dataSource,
    cases,
    close: async () => {
      await connection.close();
      await dataSource.destroy();
    },
  };
}
