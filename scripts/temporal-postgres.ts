import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { addMissingSearchAttributes } from '../apps/worker/src/search-attributes';
import {
  ensureDatabase,
  freePort,
  logTail,
  startEmbeddedPostgres,
  stopChild,
  toolCacheDir,
  waitUntil,
} from '@app/stack';

/**
 * The second local Temporal profile: the real Temporal server (not the dev server) with its
 * history and visibility in PostgreSQL, as production runs it.
 *
 *   node dist/scripts/temporal-postgres.js            # embedded PostgreSQL under DATA_DIR
 *   DATABASE_URL=postgres://u:p@h:5432/x node dist/scripts/temporal-postgres.js   # that server
 *
 * It builds `temporal-server` and `temporal-sql-tool` once into the tool cache with
 * `go install go.temporal.io/server/cmd/{server,tools/sql}@v1.31.2`, creates the databases
 * `temporal` and `temporal_visibility` on the PostgreSQL server, applies the versioned schema
 * shipped in the server module, writes a config file and starts the server; the namespace and
 * the case search attributes are registered once it answers. It prints TEMPORAL_ADDRESS for
 * `npm start` and stops the server on Ctrl-C.
 */
export const TEMPORAL_SERVER_VERSION = 'v1.31.2';
const SERVER_MODULE = 'go.temporal.io/server';

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** The server module's source, whose schema/ folder the sql tool applies. */
  moduleDir: string;
}

function toolDir(): string {
  return path.join(toolCacheDir(), 'bin', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The server and its sql tool when they are in the tool cache already (nothing is built), else undefined. */
export function findTemporalServerTools(): TemporalServerTools | undefined {
  const dir = toolDir();
  if (!fs.existsSync(path.join(dir, 'temporal-server')) || !fs.existsSync(path.join(dir, 'temporal-sql-tool')))
    return undefined;
  return buildTemporalServerTools(() => undefined);
}

/** Builds the server and its sql tool into the tool cache unless they are there already. */
export function buildTemporalServerTools(log: (line: string) => void = console.log): TemporalServerTools {
  const dir = toolDir();
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  if (!fs.existsSync(server) || !fs.existsSync(sqlTool)) {
    fs.mkdirSync(dir, { recursive: true });
    log(
      `building Temporal server ${TEMPORAL_SERVER_VERSION} and its sql tool into ${dir} (go install; minutes on a cold module cache) …`,
    );
    const result = spawnSync(
      'go',
      [
        'install',
        `${SERVER_MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        `${SERVER_MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      ],
      { env: { ...process.env, GOBIN: dir }, stdio: 'inherit' },
    );
    if (result.status !== 0)
      throw new Error(`go install of the Temporal server failed (${result.status ?? result.signal})`);
    fs.renameSync(path.join(dir, 'server'), server);
    fs.renameSync(path.join(dir, 'sql'), sqlTool);
  }
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`], {
      encoding: 'utf8',
    }),
  ) as { Dir: string };
  return { server, sqlTool, moduleDir: info.Dir };
}

export interface TemporalOnPostgresOptions {
  /** Admin URL of the PostgreSQL server (any database; temporal and temporal_visibility are made beside it). */
  postgresUrl: string;
  /** Where the config file and the server's log go. */
  workDir: string;
  port?: number;
  namespace?: string;
  /** History shards: fixed at the first start of a database (default 4, like the dev server's 1 … production's 512). */
  numHistoryShards?: number;
  /** Connections per store: history (default 20) and visibility (default 5). */
  maxConns?: number;
  maxVisibilityConns?: number;
  /** Set: the server's own Prometheus metrics (task queue backlog, …) on 127.0.0.1:<port>/metrics. */
  metricsPort?: number;
  log?: (line: string) => void;
}

export interface RunningTemporalServer {
  address: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** http://127.0.0.1:<metricsPort>/metrics when metricsPort was given. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

function sqlToolArgs(url: URL, database: string): string[] {
  return [
    '--plugin',
    'postgres12',
    '--ep',
    url.hostname,
    '-p',
    url.port || '5432',
    '-u',
    decodeURIComponent(url.username),
    '--pw',
    decodeURIComponent(url.password),
    '--db',
    database,
  ];
}

/** Applies the schema at `versionedDir` to `database` (set-up from 0.0, then every version up). */
export async function applyTemporalSchema(
  tools: TemporalServerTools,
  postgresUrl: string,
  database: string,
  versionedDir: string,
): Promise<void> {
  const url = new URL(postgresUrl);
  const target = new URL(postgresUrl);
  target.pathname = `/${database}`;
  await ensureDatabase(target.toString());
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  let fresh: boolean;
  try {
    const found = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_version'`);
    fresh = found.rowCount === 0;
  } finally {
    await client.end();
  }
  const base = sqlToolArgs(url, database);
  if (fresh) execFileSync(tools.sqlTool, [...base, 'setup-schema', '-v', '0.0'], { stdio: 'pipe' });
  execFileSync(tools.sqlTool, [...base, 'update-schema', '-d', versionedDir], { stdio: 'pipe' });
}

function serverConfig(
  url: URL,
  options: Required<Pick<TemporalOnPostgresOptions, 'numHistoryShards' | 'maxConns' | 'maxVisibilityConns'>> &
    Pick<TemporalOnPostgresOptions, 'metricsPort'>,
  ports: Record<string, number>,
  dynamicConfigFile: string,
): string {
  const store = (database: string, maxConns: number) => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${url.hostname}:${url.port || '5432'}"
        connectProtocol: "tcp"
        user: "${decodeURIComponent(url.username)}"
        password: "${decodeURIComponent(url.password)}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name: string) => `
  ${name}:
    rpc:
      grpcPort: ${ports[`${name}Grpc`]}
      membershipPort: ${ports[`${name}Membership`]}
      bindOnLocalHost: true`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${options.numHistoryShards}
  datastores:
    postgres-default:${store('temporal', options.maxConns)}
    postgres-visibility:${store('temporal_visibility', options.maxVisibilityConns)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"${
      options.metricsPort === undefined
        ? ''
        : `
  metrics:
    prometheus:
      timerType: histogram
      listenAddress: "127.0.0.1:${options.metricsPort}"`
    }
services:${service('frontend')}
      httpPort: ${ports.frontendHttp}${service('history')}${service('matching')}${service('worker')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontendGrpc}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

/** Registers the namespace (3 days' retention) and the case search attributes where missing. */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('3 days'),
      });
    }
    // The frontend learns of a new namespace through its cache: wait until it answers for it.
    await waitUntil(
      `namespace ${namespace}`,
      () => connection.workflowService.describeNamespace({ namespace }),
      30_000,
      250,
    );
    // The operator service has a namespace cache of its own (refreshed every few seconds).
    await waitUntil(
      `search attributes of ${namespace}`,
      () => addMissingSearchAttributes(connection, namespace),
      60_000,
      500,
    );
  } finally {
    await connection.close();
  }
}

/** Starts the real Temporal server on PostgreSQL and resolves once the namespace answers. */
export async function startTemporalOnPostgres(options: TemporalOnPostgresOptions): Promise<RunningTemporalServer> {
  const log = options.log ?? console.log;
  const namespace = options.namespace ?? 'default';
  const tools = buildTemporalServerTools(log);
  const url = new URL(options.postgresUrl);
  const schemaRoot = path.join(tools.moduleDir, 'schema', 'postgresql', 'v12');
  log('applying the Temporal schema (temporal, temporal_visibility) …');
  await applyTemporalSchema(tools, options.postgresUrl, 'temporal', path.join(schemaRoot, 'temporal', 'versioned'));
  await applyTemporalSchema(
    tools,
    options.postgresUrl,
    'temporal_visibility',
    path.join(schemaRoot, 'visibility', 'versioned'),
  );

  fs.mkdirSync(options.workDir, { recursive: true });
  const ports: Record<string, number> = { frontendGrpc: options.port ?? (await freePort()) };
  for (const name of ['frontendHttp', 'historyGrpc', 'matchingGrpc', 'workerGrpc']) ports[name] = await freePort();
  // Membership ports are stored in a smallint column: they must be below 32768, as freePort()'s are.
  for (const name of ['frontendMembership', 'historyMembership', 'matchingMembership', 'workerMembership'])
    ports[name] = await freePort();
  const dynamicConfigFile = path.join(options.workDir, 'dynamicconfig.yaml');
  fs.writeFileSync(
    dynamicConfigFile,
    [
      // A search attribute added by the worker at start is usable at once.
      'system.forceSearchAttributesCacheRefreshOnRead:',
      '  - value: true',
      '',
    ].join('\n'),
  );
  const configFile = path.join(options.workDir, 'temporal-server.yaml');
  fs.writeFileSync(
    configFile,
    serverConfig(
      url,
      {
        numHistoryShards: options.numHistoryShards ?? 4,
        maxConns: options.maxConns ?? 20,
        maxVisibilityConns: options.maxVisibilityConns ?? 5,
        metricsPort: options.metricsPort,
      },
      ports,
      dynamicConfigFile,
    ),
  );
  const logFile = path.join(options.workDir, 'temporal-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn(tools.server, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  const address = `127.0.0.1:${ports.frontendGrpc}`;
  const died = new Promise<never>((_, reject) =>
    child.once('exit', () =>
      reject(new Error(`temporal-server ${exited}; the end of ${logFile}:\n${logTail(logFile)}`)),
    ),
  );
  died.catch(() => undefined);
  try {
    await Promise.race([
      died,
      waitUntil(
        `Temporal server at ${address}`,
        async () => {
          if (exited) throw new Error(`temporal-server ${exited}; see ${logFile}`);
          const connection = await Connection.connect({ address, connectTimeout: 1000 });
          try {
            await connection.workflowService.getSystemInfo({});
          } finally {
            await connection.close();
          }
        },
        120_000,
        500,
      ),
    ]);
    await registerNamespace(address, namespace);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    address,
    pid: child.pid!,
    child,
    logFile,
    metricsUrl: options.metricsPort === undefined ? undefined : `http://127.0.0.1:${options.metricsPort}/metrics`,
    stop: () => stopChild(child, 15_000),
  };
}

export interface LocalTemporalOnPostgres {
  address: string;
  server: RunningTemporalServer;
  /** What runs, in words (for start-up banners). */
  description: string[];
  /** Stops the server, then the embedded PostgreSQL when this started one. */
  stop(): Promise<void>;
}

/**
 * The local profile (this script, and `npm start -- --temporal postgres`): the server on
 * `postgresUrl` when given, else on an embedded PostgreSQL of its own under
 * `<dataDir>/temporal-postgres` (port TEMPORAL_PG_PORT, default 5435); its config and log under
 * `<dataDir>/temporal-server`. Data stays between runs.
 */
export async function startLocalTemporalOnPostgres(options: {
  dataDir: string;
  port: number;
  namespace: string;
  postgresUrl?: string;
  pgPort?: number;
  log?: (line: string) => void;
}): Promise<LocalTemporalOnPostgres> {
  const log = options.log ?? console.log;
  const stops: (() => Promise<void>)[] = [];
  const description: string[] = [];
  let postgresUrl = options.postgresUrl;
  if (!postgresUrl) {
    fs.mkdirSync(path.join(options.dataDir, 'logs'), { recursive: true });
    const pgDir = path.join(options.dataDir, 'temporal-postgres');
    log(`starting embedded PostgreSQL for Temporal on port ${options.pgPort ?? 5435} …`);
    const pg = await startEmbeddedPostgres({
      dataDir: pgDir,
      port: options.pgPort ?? 5435,
      database: 'postgres',
      logFile: path.join(options.dataDir, 'logs', 'temporal-postgres.log'),
    });
    stops.push(pg.stop);
    postgresUrl = pg.url;
    description.push(`Temporal's PostgreSQL: embedded, data in ${pgDir}`);
  }
  try {
    log(`starting Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL on port ${options.port} …`);
    const server = await startTemporalOnPostgres({
      postgresUrl,
      workDir: path.join(options.dataDir, 'temporal-server'),
      port: options.port,
      namespace: options.namespace,
      log,
    });
    stops.unshift(server.stop);
    description.unshift(
      `Temporal: server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (databases temporal, temporal_visibility), log ${server.logFile}`,
    );
    return {
      address: server.address,
      server,
      description,
      stop: async () => {
        for (const stop of stops) await stop().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

async function main(): Promise<void> {
  const local = await startLocalTemporalOnPostgres({
    dataDir: path.resolve(process.env.DATA_DIR ?? 'data'),
    port: Number(process.env.TEMPORAL_SERVER_PORT ?? 7233),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    postgresUrl: process.env.DATABASE_URL,
    pgPort: Number(process.env.TEMPORAL_PG_PORT ?? 5435),
  });
  console.log(
    `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL is up: TEMPORAL_ADDRESS=${local.address} (log: ${local.server.logFile})`,
  );
  const stop = async () => {
    await local.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
