import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TEST_SIGN_IN_LIMITS } from '../../support/sign-in-limits';
import { APP_ENTRIES, built, DIST, requireBuilt, ROOT } from './built';

/**
 * The whole stack for the browser tests, as `npm start` runs it but on free ports in a
 * throw-away folder: a real Temporal dev server, a real embedded PostgreSQL (migrated, demo
 * territory and accounts seeded), and the built worker and gateway as child processes, the
 * apps connecting as the restricted app role. DATABASE_URL / TEMPORAL_ADDRESS of the
 * environment are ignored: the tests always get a stack of their own.
 */

export const DEMO_PASSWORD = 'demo-pass-2026';

/** Where the tests find the stack: environment variables set by the global setup, inherited by the workers. */
export const STACK_ENV = {
  baseUrl: 'BROWSER_BASE_URL',
  databaseUrl: 'BROWSER_DATABASE_URL',
  temporalAddress: 'BROWSER_TEMPORAL_ADDRESS',
  taskQueue: 'BROWSER_TASK_QUEUE',
} as const;

export interface StackAddresses {
  /** The gateway: desks at `/`, API at `/api`. */
  baseUrl: string;
  /** PostgreSQL as its superuser (the apps connect as the app role): for test set-up such as drill policies. */
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
}

export interface BrowserStack extends StackAddresses {
  dataDir: string;
  stop(): Promise<void>;
}

/** The stack's addresses inside a test (worker process). */
export function stackAddresses(env: NodeJS.ProcessEnv = process.env): StackAddresses {
  const read = (name: string) => {
    const value = env[name];
    if (!value)
      throw new Error(
        `${name} unset: the browser tests run under test/browser/playwright.config.ts, whose global setup starts the stack`,
      );
    return value;
  };
  return {
    baseUrl: read(STACK_ENV.baseUrl),
    databaseUrl: read(STACK_ENV.databaseUrl),
    temporalAddress: read(STACK_ENV.temporalAddress),
    taskQueue: read(STACK_ENV.taskQueue),
  };
}

/** Where the apps' logs are copied when the stack stops (Playwright's output folder, cleaned at the start of a run). */
export const STACK_LOGS_DIR = path.join(ROOT, 'test/browser/results/stack-logs');

class AppChild {
  readonly child: ChildProcess;
  readonly logFile: string;

  constructor(
    readonly name: keyof typeof APP_ENTRIES,
    logDir: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.logFile = path.join(logDir, `${name}.log`);
    // The output goes straight to a file: no pipe keeps the test runner's event loop busy.
    const out = fs.openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [path.join(DIST, APP_ENTRIES[name])], { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  tail(lines = 30): string {
    return this.log().trimEnd().split('\n').slice(-lines).join('\n');
  }
}

export interface BrowserStackOptions {
  /** Where the apps' logs are copied when the stack stops; default STACK_LOGS_DIR. */
  logsDir?: string;
}

export async function startBrowserStack(
  say: (line: string) => void = () => undefined,
  options: BrowserStackOptions = {},
): Promise<BrowserStack> {
  const logsDir = options.logsDir ?? STACK_LOGS_DIR;
  requireBuilt();
  const { loadConfig } = built.config();
  const { freePort, startInfrastructure, stopChild, waitUntil, GiveUp } = built.stack();
  const { createDataSource, runMigrations, seedDemoData, ensureAppRole, appRoleUrl } = built.persistence();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-browser-'));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as user postgres and must traverse it
  const logDir = path.join(dataDir, 'logs');
  const { DATABASE_URL: _db, TEMPORAL_ADDRESS: _temporal, PORT: _port, ...inherited } = process.env;
  const port = await freePort();
  const config = loadConfig({
    ...inherited,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    PORT: String(port),
    DEMO_PASSWORD,
  });

  const infra = await startInfrastructure(config, { ui: false, log: say });
  const apps: AppChild[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const app of [...apps].reverse()) await stopChild(app.child, 15_000);
    await infra.stop();
    fs.rmSync(logsDir, { recursive: true, force: true });
    fs.mkdirSync(logsDir, { recursive: true });
    for (const file of fs.readdirSync(logDir)) fs.copyFileSync(path.join(logDir, file), path.join(logsDir, file));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const applied = await runMigrations(infra.databaseUrl);
    say(`${applied.length} migrations applied`);
    const dataSource = createDataSource(infra.databaseUrl, 2);
    await dataSource.initialize();
    const appPassword = randomBytes(18).toString('base64url');
    try {
      await seedDemoData(dataSource, DEMO_PASSWORD);
      await ensureAppRole(dataSource, appPassword);
    } finally {
      await dataSource.destroy();
    }

    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...TEST_SIGN_IN_LIMITS,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATA_DIR: dataDir, // the gateway keeps its JWT secret there
      DATABASE_URL: appRoleUrl(infra.databaseUrl, appPassword),
      TEMPORAL_ADDRESS: infra.temporalAddress,
      TEMPORAL_TASK_QUEUE: config.temporalTaskQueue,
    };
    for (const name of ['worker', 'gateway'] as const) apps.push(new AppChild(name, logDir, env));
    const [worker] = apps;
    const alive = () => {
      for (const app of apps) {
        if (!app.running)
          throw new GiveUp(`${app.name} exited (${app.child.exitCode ?? app.child.signalCode}):\n${app.tail()}`);
      }
    };
    await waitUntil(
      'the worker',
      async () => {
        alive();
        if (!/worker: polling task queue/.test(worker.log())) throw new Error(`not polling yet:\n${worker.tail(5)}`);
      },
      90_000,
      200,
    );
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntil(
      `the gateway at ${baseUrl}/health`,
      async () => {
        alive();
        const response = await fetch(`${baseUrl}/health`);
        if (!response.ok) throw new Error(`health answered ${response.status}: ${await response.text()}`);
      },
      90_000,
      200,
    );
    if (!fs.existsSync(path.join(DIST, 'desks/index.html')))
      say('note: dist/desks/index.html missing (desks not built): `/` has no page to serve');
    return {
      baseUrl,
      databaseUrl: infra.databaseUrl,
      temporalAddress: infra.temporalAddress,
      taskQueue: config.temporalTaskQueue,
      dataDir,
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
