import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { locateStack, portInUse } from '@app/stack';
import { backup, holdsTemporalDatabases, sameServer, withDatabase } from './backup-restore';
import { devServerProfileMessage, separateTemporalClusterUrl, TEMPORAL_PG_FOLDER } from './backup-locate';

/**
 * `npm run backup [-- --out <folder>]`: the engine's database and Temporal's two databases,
 * dumped at one consistent point while the stack runs (scripts/backup-restore.ts), into
 * `backups/<time>/` (or BACKUP_DIR/<time>, or --out) with a manifest.
 *
 * Finds the stack as `npm start` runs it: DATABASE_URL when set (as the database's owner), else
 * the embedded PostgreSQL of DATA_DIR on EMBEDDED_PG_PORT. Temporal's databases: on
 * TEMPORAL_DATABASE_URL's server when set, else on the engine's server when it holds them, else
 * in DATA_DIR's separate Temporal cluster (TEMPORAL_PG_PORT). With the Temporal dev server
 * (SQLite) it refuses and says what a backup is there.
 * Exit codes: 0 done, 1 failed, 2 nothing to back up this way (dev-server profile), 64 bad usage.
 */

export interface BackupArgs {
  out?: string;
  settleMs?: number;
}

export function parseBackupArgs(argv: string[]): BackupArgs {
  const args: BackupArgs = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      i += 1;
      return next;
    };
    if (arg === '--out') args.out = value();
    else if (arg === '--settle-ms') {
      const raw = value();
      const ms = Number(raw);
      if (!Number.isInteger(ms) || ms < 0 || ms > 60_000)
        throw new UsageError(`--settle-ms must be 0 … 60000, got "${raw}"`);
      args.settleMs = ms;
    } else
      throw new UsageError(`unknown argument "${arg}" (usage: npm run backup [-- --out <folder>] [--settle-ms <ms>])`);
  }
  return args;
}

export class UsageError extends Error {}
class NothingToBackUp extends Error {}

/** backups/2026-12-01T15-04-05Z: sorts by time, no colon (portable file names). */
export function backupFolderName(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

async function main(): Promise<void> {
  const args = parseBackupArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (line: string) => console.log(`[backup] ${line}`);
  const stack = await locateStack(config, { temporal: false, startPostgres: 'existing', log });
  try {
    stack.description.forEach((line) => log(line));
    let temporalUrl = process.env.TEMPORAL_DATABASE_URL;
    if (temporalUrl) {
      log(`Temporal's databases: TEMPORAL_DATABASE_URL (${new URL(temporalUrl).host})`);
    } else if (await holdsTemporalDatabases(stack.databaseUrl)) {
      temporalUrl = withDatabase(stack.databaseUrl, 'postgres');
      log(`Temporal's databases: on the engine's PostgreSQL server`);
    } else {
      temporalUrl = separateTemporalClusterUrl(config, process.env);
      if (!temporalUrl) throw new NothingToBackUp(devServerProfileMessage(config));
      const port = new URL(temporalUrl).port;
      if (!(await portInUse(Number(port)))) {
        throw new Error(
          `${path.join(config.dataDir, TEMPORAL_PG_FOLDER)} holds Temporal's PostgreSQL, but nothing listens on its port ${port}: ` +
            'start the stack (npm start -- --temporal postgres), or set TEMPORAL_PG_PORT to the port it runs on',
        );
      }
      if (!(await holdsTemporalDatabases(temporalUrl))) throw new NothingToBackUp(devServerProfileMessage(config));
      log(`Temporal's databases: the separate cluster of ${config.dataDir} (${new URL(temporalUrl).host})`);
    }
    const outDir = path.resolve(
      args.out ?? path.join(process.env.BACKUP_DIR ?? 'backups', backupFolderName(new Date())),
    );
    const manifest = await backup({
      engineUrl: stack.databaseUrl,
      temporalUrl,
      outDir,
      settleMs: args.settleMs ?? (process.env.BACKUP_SETTLE_MS ? Number(process.env.BACKUP_SETTLE_MS) : undefined),
      namespace: config.temporalNamespace,
      log,
    });
    const size = manifest.databases.reduce((sum, d) => sum + d.bytes, 0);
    log(
      `done in ${(manifest.durationMs / 1000).toFixed(1)} s: ${outDir} (${(size / 1024 / 1024).toFixed(1)} MiB; ` +
        `${manifest.counts.cases} cases, ${manifest.counts.openCases} open, ${manifest.counts.events} events, ` +
        `${manifest.temporalOpenWorkflows} open workflows${sameServer(stack.databaseUrl, temporalUrl) ? '' : ', Temporal on its own server'}); ` +
        `point ${manifest.snapshotAt}, appends held ${manifest.writePauseMs} ms`,
    );
    console.log(`BACKUP ${outDir}`);
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`[backup] ${message}`);
    process.exit(error instanceof UsageError ? 64 : error instanceof NothingToBackUp ? 2 : 1);
  });
}
