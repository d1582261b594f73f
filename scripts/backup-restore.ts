import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { findPgTools, type PgTools } from './pg-client';

/**
 * The heart of `npm run backup` and `npm run restore` (scripts/backup.ts, scripts/restore.ts):
 * the engine's database and Temporal's two databases dumped at one consistent point, and put
 * back into empty databases. docs/operations.md is the operator's side of it.
 *
 * One consistent point across three databases. Every event reaches the engine's database
 * through an append (a local activity inside the workflow task that decided it), and the
 * workflow moves on only once Temporal has recorded that task. So the backup:
 *  1. takes an EXCLUSIVE lock on case_events (appends wait; reads go on) and, with it held,
 *     exports a snapshot of the engine's database: the engine's point;
 *  2. waits `settleMs` with appends still held, so that the workflow tasks whose appends are in
 *     that snapshot get recorded by Temporal (a task that died meanwhile is retried after the
 *     restore, and its append, found already stored, is a no-op: the worker-kill case);
 *  3. exports snapshots of Temporal's databases, then lets the appends go (the write pause);
 *  4. dumps all three with pg_dump from those snapshots (custom format).
 * Temporal's point is thus after the engine's and nothing was appended in between: every event
 * Temporal knows was appended is in the engine's dump. Work Temporal took on after the engine's
 * point (a case registered, an update admitted) has no event in the dump yet and is carried out
 * after the restore, when its workflow task runs again. What was appended after the engine's
 * point is lost: that is the recovery point.
 */

export const TEMPORAL_DATABASES = ['temporal', 'temporal_visibility'] as const;
export const MANIFEST = 'manifest.json';
const FORMAT = 1;

export interface DumpedDatabase {
  /** engine, temporal or temporal_visibility. */
  role: string;
  database: string;
  file: string;
  bytes: number;
  sha256: string;
  /** The server holding it in the backed-up stack: the engine's own, or another one. */
  server: 'engine' | 'temporal';
}

export interface BackupManifest {
  format: number;
  createdAt: string;
  /** The engine's point: what was appended after it is not in the backup. */
  snapshotAt: string;
  /** How long appends were held (lock taken to lock released), ms. */
  writePauseMs: number;
  /** The whole backup, ms. */
  durationMs: number;
  pgDump: string;
  serverVersion: string;
  /** Temporal's databases live on the engine's PostgreSQL server (`same`) or another one. */
  temporalServer: 'same' | 'separate';
  databases: DumpedDatabase[];
  /** The engine's database at the snapshot. */
  counts: { cases: number; openCases: number; events: number; lastEventAt: string | null };
  /** The last migration applied to the engine's database. */
  lastMigration: string | null;
  /** Temporal's open workflow executions at its snapshot. */
  temporalOpenWorkflows: number;
}

export interface BackupSources {
  /** The engine's database, as its owner (the role migrations run as): it must be able to lock case_events. */
  engineUrl: string;
  /** Any database of the PostgreSQL server holding `temporal` and `temporal_visibility`. */
  temporalUrl: string;
}

export interface BackupOptions extends BackupSources {
  /** The folder to write (created; must not exist or be empty). */
  outDir: string;
  settleMs?: number;
  /** How long to wait for the lock on case_events before giving up. */
  lockTimeoutMs?: number;
  /** The Temporal namespace of the cases (for the manifest's count of open workflows). */
  namespace?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** The URL with another database. */
export function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${encodeURIComponent(database)}`;
  return target.toString();
}

export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Same host and port (then the same server, whatever the database and role). */
export function sameServer(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || '5432') === (y.port || '5432');
}

/**
 * pg_dump and pg_restore take the connection as arguments, the password from the environment:
 * it never shows in the process list.
 */
export function toolConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  return { args: [`--dbname=${target.toString()}`], env: password ? { PGPASSWORD: password } : {} };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000)));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${path.basename(command)} ${args.filter((a) => !a.startsWith('--dbname')).join(' ')} failed (${code ?? signal}):\n${output.trim()}`,
            ),
          ),
    );
  });
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return client;
}

async function serverMajor(client: Client): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  return { major: Math.floor(Number(rows[0].num) / 10000), version: rows[0].version };
}

async function databaseExists(client: Client, database: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  return (rowCount ?? 0) > 0;
}

/** Whether the server of `url` holds both of Temporal's databases. */
export async function holdsTemporalDatabases(url: string): Promise<boolean> {
  const client = await connect(url);
  try {
    for (const database of TEMPORAL_DATABASES) if (!(await databaseExists(client, database))) return false;
    return true;
  } finally {
    await client.end();
  }
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A transaction holding an exported snapshot open until `release`. */
async function exportSnapshot(
  url: string,
): Promise<{ client: Client; snapshot: string; at: string; release(): Promise<void> }> {
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ snapshot: string; at: Date }>(
      'SELECT pg_export_snapshot() AS snapshot, clock_timestamp() AS at',
    );
    return {
      client,
      snapshot: rows[0].snapshot,
      at: rows[0].at.toISOString(),
      release: async () => {
        await client.query('COMMIT').catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * A query for the manifest inside a snapshot's transaction, under a savepoint: its failure (a
 * table of another version) must not abort the transaction whose snapshot pg_dump still needs.
 */
async function optionalQuery<T>(
  client: Client,
  sql: string,
  params: unknown[],
  read: (rows: Record<string, unknown>[]) => T,
  fallback: T,
): Promise<T> {
  await client.query('SAVEPOINT manifest_query');
  try {
    const result = read((await client.query(sql, params)).rows);
    await client.query('RELEASE SAVEPOINT manifest_query');
    return result;
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT manifest_query');
    return fallback;
  }
}

/** Takes the backup described at the top of this file; returns its manifest (also written into `outDir`). */
export async function backup(options: BackupOptions): Promise<BackupManifest> {
  const log = options.log ?? console.log;
  const env = options.env ?? process.env;
  const started = Date.now();
  const settleMs = options.settleMs ?? 2000;
  const outDir = path.resolve(options.outDir);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0)
    throw new Error(`${outDir} is not empty: a backup goes into a folder of its own`);

  const engineDatabase = databaseOf(options.engineUrl);
  const temporalUrls = TEMPORAL_DATABASES.map((database) => withDatabase(options.temporalUrl, database));
  const separate = !sameServer(options.engineUrl, options.temporalUrl);

  // The tools must be at least as new as each server.
  const probe = await connect(options.engineUrl);
  let version: string;
  let major: number;
  try {
    ({ major, version } = await serverMajor(probe));
  } finally {
    await probe.end();
  }
  if (separate) {
    const other = await connect(temporalUrls[0]);
    try {
      major = Math.max(major, (await serverMajor(other)).major);
    } finally {
      await other.end();
    }
  }
  const tools: PgTools = findPgTools(major, env);
  log(`pg_dump ${tools.major} (${tools.source}): ${tools.pgDump}`);
  fs.mkdirSync(outDir, { recursive: true });

  const lock = await connect(options.engineUrl);
  const snapshots: { release(): Promise<void> }[] = [];
  let lockHeld = false;
  try {
    await lock.query('BEGIN');
    await lock.query(`SET LOCAL lock_timeout = ${Math.round(options.lockTimeoutMs ?? 60_000)}`);
    const lockRequested = Date.now();
    try {
      await lock.query('LOCK TABLE case_events IN EXCLUSIVE MODE');
    } catch (error) {
      throw new Error(
        `could not hold the appends (LOCK TABLE case_events IN EXCLUSIVE MODE): ${error instanceof Error ? error.message : String(error)}; ` +
          "the backup connects as the owner of the engine's database (the role migrations run as), not as the app role",
      );
    }
    lockHeld = true;
    const engine = await exportSnapshot(options.engineUrl);
    snapshots.push(engine);
    const counts = await engine.client.query<{ cases: string; open: string; events: string; last: Date | null }>(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM cases WHERE status <> 'CLOSED') AS open,
              (SELECT count(*) FROM case_events) AS events, (SELECT max(occurred_at) FROM case_events) AS last`,
    );
    const migration = await optionalQuery(
      engine.client,
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
      [],
      (rows) => String(rows[0]?.name ?? '') || null,
      null,
    );
    log(
      `engine snapshot at ${engine.at}: ${counts.rows[0].cases} cases (${counts.rows[0].open} open), ${counts.rows[0].events} events; appends held for ${settleMs} ms …`,
    );
    await sleep(settleMs);
    const temporal: Awaited<ReturnType<typeof exportSnapshot>>[] = [];
    for (const url of temporalUrls) {
      const snapshot = await exportSnapshot(url);
      snapshots.push(snapshot);
      temporal.push(snapshot);
    }
    await lock.query('COMMIT');
    lockHeld = false;
    const writePauseMs = Date.now() - lockRequested;
    log(`Temporal snapshots taken; appends released after ${writePauseMs} ms`);
    // WorkflowExecutionState 1 CREATED, 2 RUNNING: the namespace's open workflows (not the server's own).
    const openWorkflows = await optionalQuery(
      temporal[0].client,
      'SELECT count(*) AS n FROM current_executions c JOIN namespaces n ON n.id = c.namespace_id WHERE n.name = $1 AND c.state IN (1, 2)',
      [options.namespace ?? 'default'],
      (rows) => Number(rows[0].n),
      -1,
    );

    const plan = [
      {
        role: 'engine',
        database: engineDatabase,
        url: options.engineUrl,
        snapshot: engine.snapshot,
        server: 'engine' as const,
      },
      ...TEMPORAL_DATABASES.map((database, i) => ({
        role: database,
        database,
        url: temporalUrls[i],
        snapshot: temporal[i].snapshot,
        server: separate ? ('temporal' as const) : ('engine' as const),
      })),
    ];
    const databases: DumpedDatabase[] = await Promise.all(
      plan.map(async (item) => {
        const file = `${item.role}.dump`;
        const target = path.join(outDir, file);
        const connection = toolConnection(item.url);
        await run(
          tools.pgDump,
          [...connection.args, '--format=custom', `--snapshot=${item.snapshot}`, '--no-owner', `--file=${target}`],
          { ...env, ...connection.env },
        );
        return {
          role: item.role,
          database: item.database,
          file,
          bytes: fs.statSync(target).size,
          sha256: await sha256Of(target),
          server: item.server,
        };
      }),
    );
    const manifest: BackupManifest = {
      format: FORMAT,
      createdAt: new Date(started).toISOString(),
      snapshotAt: engine.at,
      writePauseMs,
      durationMs: Date.now() - started,
      pgDump: `${tools.major} (${tools.source})`,
      serverVersion: version,
      temporalServer: separate ? 'separate' : 'same',
      databases,
      counts: {
        cases: Number(counts.rows[0].cases),
        openCases: Number(counts.rows[0].open),
        events: Number(counts.rows[0].events),
        lastEventAt: counts.rows[0].last ? counts.rows[0].last.toISOString() : null,
      },
      lastMigration: migration,
      temporalOpenWorkflows: openWorkflows,
    };
    fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    fs.rmSync(outDir, { recursive: true, force: true });
    throw error;
  } finally {
    if (lockHeld) await lock.query('ROLLBACK').catch(() => undefined);
    await lock.end().catch(() => undefined);
    for (const snapshot of snapshots) await snapshot.release();
  }
}

export function readManifest(backupDir: string): BackupManifest {
  const file = path.join(backupDir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${file} not found: not a backup folder written by npm run backup`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT)
    throw new Error(`${file}: backup format ${String(manifest.format)}, this version reads ${FORMAT}`);
  for (const role of ['engine', ...TEMPORAL_DATABASES]) {
    if (!manifest.databases.some((d) => d.role === role)) throw new Error(`${file} lists no ${role} dump`);
  }
  return manifest;
}

/** Checks each dump against the size and SHA-256 the manifest recorded. */
export async function verifyBackup(backupDir: string, manifest: BackupManifest): Promise<void> {
  for (const dump of manifest.databases) {
    const file = path.join(backupDir, dump.file);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing`);
    if (fs.statSync(file).size !== dump.bytes || (await sha256Of(file)) !== dump.sha256) {
      throw new Error(`${file} is not the file the backup wrote (size or SHA-256 differ): the backup is damaged`);
    }
  }
}

export interface RestoreTargets {
  /** The engine's database (created when missing, must be empty), as a role that may create in it. */
  engineUrl: string;
  /** Any database of the server that gets `temporal` and `temporal_visibility` (created when missing, must be empty). */
  temporalUrl: string;
}

export interface RestoreOptions extends RestoreTargets {
  backupDir: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  counts: BackupManifest['counts'];
  durationMs: number;
}

/** The tables a database holds in its schemas (not the system's). */
async function userTables(url: string): Promise<number> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

async function ensureEmptyDatabase(url: string): Promise<void> {
  const database = databaseOf(url);
  const admin = await connect(withDatabase(url, 'postgres'));
  try {
    if (!(await databaseExists(admin, database)))
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  const tables = await userTables(url);
  if (tables > 0) {
    throw new Error(
      `database ${database} on ${new URL(url).host} already holds ${tables} tables: restore goes into empty databases (a fresh cluster)`,
    );
  }
}

/** Roles the engine's dump grants to: created (without login) where missing, so that its grants apply. */
const GRANTEE_ROLES = ['mediation_app'];

async function ensureGrantees(url: string, log: (line: string) => void): Promise<boolean> {
  const client = await connect(url);
  try {
    for (const role of GRANTEE_ROLES) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if ((rowCount ?? 0) === 0) {
        try {
          await client.query(`CREATE ROLE ${role} NOLOGIN`);
          log(`role ${role} created (no login: the launcher, or the operator, gives it its password)`);
        } catch (error) {
          log(
            `role ${role} is missing and cannot be created here (${error instanceof Error ? error.message : String(error)}): restoring without grants; grant them again (docs/operations.md)`,
          );
          return false;
        }
      }
    }
    return true;
  } finally {
    await client.end();
  }
}

/** Puts a backup into empty databases; checks the engine's counts against the manifest's. */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? console.log;
  const env = options.env ?? process.env;
  const started = Date.now();
  const backupDir = path.resolve(options.backupDir);
  const manifest = readManifest(backupDir);
  await verifyBackup(backupDir, manifest);
  log(
    `backup of ${manifest.snapshotAt}: ${manifest.counts.cases} cases (${manifest.counts.openCases} open), ${manifest.counts.events} events; dumps verified`,
  );

  const targets = manifest.databases.map((dump) => ({
    dump,
    url: dump.role === 'engine' ? options.engineUrl : withDatabase(options.temporalUrl, dump.database),
  }));
  let major = 0;
  const backedUpMajor = Number.parseInt(manifest.serverVersion, 10);
  for (const url of new Set([options.engineUrl, options.temporalUrl])) {
    const client = await connect(withDatabase(url, 'postgres'));
    try {
      const server = await serverMajor(client);
      // A dump of a newer server may use what an older one lacks (pg_dump 17 sets transaction_timeout).
      if (server.major < backedUpMajor) {
        throw new Error(
          `${new URL(url).host} runs PostgreSQL ${server.version}, the backup is of ${manifest.serverVersion}: restore into PostgreSQL ${backedUpMajor} or later`,
        );
      }
      major = Math.max(major, server.major);
    } finally {
      await client.end();
    }
  }
  const tools = findPgTools(major, env);
  for (const { url } of targets) await ensureEmptyDatabase(url);
  const withGrants = await ensureGrantees(withDatabase(options.engineUrl, 'postgres'), log);

  await Promise.all(
    targets.map(async ({ dump, url }) => {
      const connection = toolConnection(url);
      log(`restoring ${dump.file} into ${databaseOf(url)} …`);
      await run(
        tools.pgRestore,
        [
          ...connection.args,
          '--no-owner',
          ...(dump.role === 'engine' && withGrants ? [] : ['--no-acl']),
          '--exit-on-error',
          '--single-transaction',
          path.join(backupDir, dump.file),
        ],
        { ...env, ...connection.env },
      );
    }),
  );

  const client = await connect(options.engineUrl);
  let counts: BackupManifest['counts'];
  try {
    const { rows } = await client.query<{ cases: string; open: string; events: string; last: Date | null }>(
      `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM cases WHERE status <> 'CLOSED') AS open,
              (SELECT count(*) FROM case_events) AS events, (SELECT max(occurred_at) FROM case_events) AS last`,
    );
    counts = {
      cases: Number(rows[0].cases),
      openCases: Number(rows[0].open),
      events: Number(rows[0].events),
      lastEventAt: rows[0].last ? rows[0].last.toISOString() : null,
    };
  } finally {
    await client.end();
  }
  if (
    counts.cases !== manifest.counts.cases ||
    counts.openCases !== manifest.counts.openCases ||
    counts.events !== manifest.counts.events
  ) {
    throw new Error(`restored ${JSON.stringify(counts)}, the backup recorded ${JSON.stringify(manifest.counts)}`);
  }
  return { manifest, counts, durationMs: Date.now() - started };
}
