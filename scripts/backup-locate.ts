import * as fs from 'fs';
import * as path from 'path';
import type { AppConfig } from '@app/config';
import { embeddedPostgresUrl, portInUse } from '@app/stack';

/**
 * Where `npm run backup` finds Temporal's databases, and where `npm run restore` puts a backup,
 * from the same settings `npm start` uses (the engine's database is found by `locateStack`).
 */

/** The separate embedded PostgreSQL of `node dist/scripts/temporal-postgres.js` (its default layout). */
export const TEMPORAL_PG_FOLDER = 'temporal-postgres';
export const DEFAULT_TEMPORAL_PG_PORT = 5435;

export function temporalPgPort(env: NodeJS.ProcessEnv): number {
  const port = Number(env.TEMPORAL_PG_PORT ?? DEFAULT_TEMPORAL_PG_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`TEMPORAL_PG_PORT must be a port number, got "${env.TEMPORAL_PG_PORT}"`);
  return port;
}

/** Why there is nothing to back up Temporal from, and what backup means for the dev-server profile. */
export function devServerProfileMessage(config: Pick<AppConfig, 'dataDir' | 'temporalAddress'>): string {
  const sqlite = path.join(config.dataDir, 'temporal', 'temporal.sqlite');
  const what = config.temporalAddress
    ? `Temporal at TEMPORAL_ADDRESS ${config.temporalAddress} keeps its databases on a server this command was not told of`
    : `this stack's Temporal is the dev server, whose history is the SQLite file ${sqlite}${fs.existsSync(sqlite) ? '' : ' (not there either)'}`;
  return [
    `npm run backup covers the postgres profile only: Temporal's history in PostgreSQL (databases temporal and temporal_visibility), as production runs it.`,
    `Here ${what}.`,
    'For the postgres profile: run the stack with Temporal on PostgreSQL (see docs/operations.md), or set TEMPORAL_DATABASE_URL to a database URL of the server',
    'that holds temporal and temporal_visibility.',
    `For the dev-server profile a backup is a cold copy: stop npm start, copy ${config.dataDir} whole (postgres/ and temporal/ together, never one without the other), start again.`,
  ].join('\n');
}

export interface EmbeddedRestoreLayout {
  /** The engine's cluster: DATA_DIR/postgres on EMBEDDED_PG_PORT. */
  engine: { dataDir: string; port: number };
  /** Temporal's own cluster, when the backup had Temporal on another server: DATA_DIR/temporal-postgres on TEMPORAL_PG_PORT. */
  temporal?: { dataDir: string; port: number };
}

/** Where a restore into the data folder puts each cluster; refuses a folder that already holds one, or a port in use. */
export async function embeddedRestoreLayout(
  config: Pick<AppConfig, 'dataDir' | 'embeddedPgPort'>,
  separateTemporal: boolean,
  env: NodeJS.ProcessEnv,
): Promise<EmbeddedRestoreLayout> {
  const layout: EmbeddedRestoreLayout = {
    engine: { dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPgPort },
  };
  if (separateTemporal)
    layout.temporal = { dataDir: path.join(config.dataDir, TEMPORAL_PG_FOLDER), port: temporalPgPort(env) };
  for (const cluster of [layout.engine, layout.temporal].filter((c): c is { dataDir: string; port: number } =>
    Boolean(c),
  )) {
    if (fs.existsSync(path.join(cluster.dataDir, 'PG_VERSION'))) {
      throw new Error(
        `${cluster.dataDir} already holds a PostgreSQL cluster: restore goes into a fresh one. ` +
          'Choose another DATA_DIR, or move that folder away first (it is the data you would be replacing)',
      );
    }
    if (await portInUse(cluster.port)) {
      throw new Error(
        `port ${cluster.port} is in use (a running stack?): stop it, or set ${cluster === layout.engine ? 'EMBEDDED_PG_PORT' : 'TEMPORAL_PG_PORT'} to a free port`,
      );
    }
  }
  return layout;
}

/** The embedded server's URL of Temporal's separate cluster, when DATA_DIR has one. */
export function separateTemporalClusterUrl(
  config: Pick<AppConfig, 'dataDir'>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (!fs.existsSync(path.join(config.dataDir, TEMPORAL_PG_FOLDER, 'PG_VERSION'))) return undefined;
  return embeddedPostgresUrl(temporalPgPort(env), 'postgres');
}
