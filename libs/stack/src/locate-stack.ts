import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import type { AppConfig } from '@app/config';
import { embeddedPostgresUrl, startEmbeddedPostgres } from './embedded-postgres';
import { portInUse } from './wait';

/** What a maintenance command (migrate, check:consistency, projections:rebuild, …) works on. */
export interface LocatedStack {
  databaseUrl: string;
  /** Set when asked for (`temporal: true`). */
  temporalAddress?: string;
  /** Where each part was found, in words (printed by the commands). */
  description: string[];
  /** Stops what this call started (an embedded PostgreSQL it had to start); nothing otherwise. */
  stop(): Promise<void>;
}

export interface LocateOptions {
  /** The command needs Temporal too (and the worker behind it): it must be running. */
  temporal: boolean;
  /**
   * Without DATABASE_URL and with nothing listening on EMBEDDED_PG_PORT, start the embedded
   * PostgreSQL of DATA_DIR for the command's duration. `create` also initialises an empty
   * cluster (migrate on a fresh checkout); `existing` refuses when DATA_DIR holds none.
   */
  startPostgres: 'create' | 'existing' | 'never';
  log: (line: string) => void;
}

/** The database `npm start` creates in its embedded PostgreSQL. */
export const EMBEDDED_DATABASE = 'mediation';

/**
 * Finds the stack the way `npm start` sets it up, from the same configuration (DATA_DIR,
 * EMBEDDED_PG_PORT, TEMPORAL_DEV_PORT, …): DATABASE_URL and TEMPORAL_ADDRESS when set; otherwise
 * the embedded PostgreSQL and the Temporal dev server that `npm start` runs on their ports. When
 * the stack is down, the embedded PostgreSQL of DATA_DIR is started for the command alone
 * (see `startPostgres`); Temporal is never started here, because a workflow query needs the
 * worker as well: a command that needs Temporal asks for the stack to be started.
 */
export async function locateStack(config: AppConfig, options: LocateOptions): Promise<LocatedStack> {
  const description: string[] = [];
  let stop = async () => undefined as void;
  let databaseUrl = config.databaseUrl;
  if (databaseUrl) {
    description.push('PostgreSQL: DATABASE_URL');
  } else if (await portInUse(config.embeddedPgPort)) {
    databaseUrl = embeddedPostgresUrl(config.embeddedPgPort, EMBEDDED_DATABASE);
    await probePostgres(databaseUrl, config.embeddedPgPort);
    description.push(`PostgreSQL: the running stack's embedded server on port ${config.embeddedPgPort}`);
  } else {
    const dataDir = path.join(config.dataDir, 'postgres');
    const exists = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
    if (options.startPostgres === 'never' || (options.startPostgres === 'existing' && !exists)) {
      throw new Error(
        exists
          ? `the stack is not running (nothing on port ${config.embeddedPgPort}): start it with npm start, or set DATABASE_URL`
          : `no database found: nothing listens on port ${config.embeddedPgPort} and ${dataDir} holds no PostgreSQL cluster ` +
              '(start the stack with npm start, set DATA_DIR to the folder npm start uses, or set DATABASE_URL)',
      );
    }
    const logDir = path.join(config.dataDir, 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    options.log(`the stack is not running: starting the embedded PostgreSQL of ${dataDir} for this command …`);
    const pg = await startEmbeddedPostgres({
      dataDir,
      port: config.embeddedPgPort,
      database: EMBEDDED_DATABASE,
      logFile: path.join(logDir, 'postgres.log'),
    });
    databaseUrl = pg.url;
    stop = pg.stop;
    description.push(`PostgreSQL: embedded, data in ${dataDir} (started for this command, stopped after it)`);
  }

  let temporalAddress: string | undefined;
  if (options.temporal) {
    try {
      if (config.temporalAddress) {
        temporalAddress = config.temporalAddress;
        description.push(`Temporal: TEMPORAL_ADDRESS ${temporalAddress}`);
      } else if (await portInUse(config.temporalDevPort)) {
        temporalAddress = `127.0.0.1:${config.temporalDevPort}`;
        description.push(`Temporal: the running stack's dev server on port ${config.temporalDevPort}`);
      } else {
        throw new Error(
          `Temporal is not running (nothing on port ${config.temporalDevPort}): start the stack with npm start ` +
            '(this command asks the workflows, which needs Temporal and the worker), or set TEMPORAL_ADDRESS',
        );
      }
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return { databaseUrl, temporalAddress, description, stop };
}

async function probePostgres(url: string, port: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `port ${port} is in use, but not by the embedded PostgreSQL of npm start (${error instanceof Error ? error.message : String(error)}): ` +
        'set DATABASE_URL, or EMBEDDED_PG_PORT to the port npm start uses',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
