import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { EMBEDDED_DATABASE, startEmbeddedPostgres, type RunningPostgres } from '@app/stack';
import { readManifest, restore, withDatabase } from './backup-restore';
import { embeddedRestoreLayout } from './backup-locate';
import { UsageError } from './backup';

/**
 * `npm run restore -- <backup folder>`: puts a backup of `npm run backup` into a fresh cluster.
 *
 * Without DATABASE_URL: into DATA_DIR, which must hold no cluster yet: a new embedded cluster is
 * made in DATA_DIR/postgres (port EMBEDDED_PG_PORT) with the engine's database and Temporal's two
 * (or Temporal's in DATA_DIR/temporal-postgres, port TEMPORAL_PG_PORT, when the backup had them on
 * a server of their own), and stopped again; then start the stack on that DATA_DIR.
 * With DATABASE_URL (the engine's database, as a role that may create databases there) and
 * optionally TEMPORAL_DATABASE_URL (any database of the server for Temporal's, default the
 * engine's server): into those servers, whose target databases must be missing or empty.
 * Exit codes: 0 done, 1 failed, 64 bad usage.
 */

export function parseRestoreArgs(argv: string[]): { from: string } {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--from') {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError('--from needs a backup folder');
      positional.push(next);
      i += 1;
    } else if (argv[i].startsWith('--'))
      throw new UsageError(`unknown argument "${argv[i]}" (usage: npm run restore -- <backup folder>)`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1)
    throw new UsageError(
      'usage: npm run restore -- <backup folder> (a folder written by npm run backup, with its manifest.json)',
    );
  return { from: positional[0] };
}

async function main(): Promise<void> {
  const { from } = parseRestoreArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = (line: string) => console.log(`[restore] ${line}`);
  const backupDir = path.resolve(from);
  const manifest = readManifest(backupDir);
  const started: RunningPostgres[] = [];
  try {
    let engineUrl: string;
    let temporalUrl: string;
    if (config.databaseUrl) {
      engineUrl = config.databaseUrl;
      temporalUrl = process.env.TEMPORAL_DATABASE_URL ?? withDatabase(config.databaseUrl, 'postgres');
      log(`into DATABASE_URL (${new URL(engineUrl).host}); Temporal's databases on ${new URL(temporalUrl).host}`);
    } else {
      const layout = await embeddedRestoreLayout(config, manifest.temporalServer === 'separate', process.env);
      const logDir = path.join(config.dataDir, 'logs');
      fs.mkdirSync(logDir, { recursive: true });
      log(`into a fresh embedded cluster: ${layout.engine.dataDir} (port ${layout.engine.port})`);
      const engine = await startEmbeddedPostgres({
        ...layout.engine,
        database: EMBEDDED_DATABASE,
        logFile: path.join(logDir, 'postgres.log'),
      });
      started.push(engine);
      engineUrl = engine.url;
      temporalUrl = withDatabase(engine.url, 'postgres');
      if (layout.temporal) {
        log(
          `Temporal's databases into a fresh cluster of their own: ${layout.temporal.dataDir} (port ${layout.temporal.port})`,
        );
        const temporal = await startEmbeddedPostgres({
          ...layout.temporal,
          database: 'postgres',
          logFile: path.join(logDir, 'temporal-postgres.log'),
        });
        started.push(temporal);
        temporalUrl = temporal.url;
      }
    }
    const result = await restore({ backupDir, engineUrl, temporalUrl, log });
    log(
      `done in ${(result.durationMs / 1000).toFixed(1)} s: ${result.counts.cases} cases (${result.counts.openCases} open), ${result.counts.events} events, ` +
        `as the backup recorded; its point: ${manifest.snapshotAt}`,
    );
    log(
      config.databaseUrl
        ? 'next: run the migrations (npm run migrate), start Temporal on these databases, then the workers and gateways (docs/operations.md)'
        : `next: DATA_DIR=${config.dataDir} npm start -- --temporal postgres (Temporal on PostgreSQL; the migrations run at start; docs/operations.md)`,
    );
  } finally {
    for (const pg of started.reverse()) await pg.stop().catch(() => undefined);
  }
}

if (require.main === module) {
  main().catch((error) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`[restore] ${message}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  });
}
