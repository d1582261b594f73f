import * as fs from 'fs';
import * as path from 'path';
import type { AppConfig } from '@app/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { EMBEDDED_DATABASE } from './locate-stack';
import { findTemporalCli, toolCacheDir } from './temporal-cli';
import { RunningTemporal, startTemporalDevServer } from './temporal-dev-server';

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  /** What was used, in words, for the start-up banner. */
  description: string[];
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /** Temporal's Web UI on (npm start) or off (tests). */
  ui: boolean;
  log: (line: string) => void;
}

/**
 * Starts what the configuration does not point at: a Temporal dev server when TEMPORAL_ADDRESS
 * is unset, an embedded PostgreSQL when DATABASE_URL is unset. Both keep their data in DATA_DIR.
 */
export async function startInfrastructure(config: AppConfig, options: InfrastructureOptions): Promise<Infrastructure> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logDir = path.join(config.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const description: string[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    let databaseUrl = config.databaseUrl;
    if (databaseUrl) {
      description.push('PostgreSQL: DATABASE_URL (external)');
    } else {
      options.log(`starting embedded PostgreSQL on port ${config.embeddedPgPort} …`);
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(config.dataDir, 'postgres'),
        port: config.embeddedPgPort,
        database: EMBEDDED_DATABASE,
        logFile: path.join(logDir, 'postgres.log'),
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      description.push(`PostgreSQL: embedded, data in ${path.join(config.dataDir, 'postgres')}`);
    }

    let temporal: RunningTemporal;
    if (config.temporalAddress) {
      temporal = { address: config.temporalAddress, stop: async () => undefined };
      description.push(`Temporal: TEMPORAL_ADDRESS ${config.temporalAddress} (external)`);
    } else {
      temporal = await startLocalTemporal(config, options, logDir, description);
      stops.push(temporal.stop);
    }
    return {
      databaseUrl,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      description,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startLocalTemporal(
  config: AppConfig,
  options: InfrastructureOptions,
  logDir: string,
  description: string[],
): Promise<RunningTemporal> {
  const dbFile = path.join(config.dataDir, 'temporal', 'temporal.sqlite');
  const cli = findTemporalCli(config.temporalCli ? { ...process.env, TEMPORAL_CLI: config.temporalCli } : process.env);
  if (cli) {
    options.log(`starting Temporal dev server (${cli.path}, from ${cli.source}) on port ${config.temporalDevPort} …`);
    const server = await startTemporalDevServer({
      cliPath: cli.path,
      dbFile,
      port: config.temporalDevPort,
      uiPort: options.ui ? config.temporalUiPort : undefined,
      namespace: config.temporalNamespace,
      logFile: path.join(logDir, 'temporal.log'),
    });
    description.push(`Temporal: dev server ${cli.path} (${cli.source}), history in ${dbFile}`);
    return server;
  }
  // No CLI and no Go to build one: the SDK downloads its own copy of the same dev server.
  options.log("no temporal CLI found (TEMPORAL_CLI, PATH, set-up cache): using the SDK's downloaded dev server …");
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: path.join(toolCacheDir(), 'sdk-download') },
      dbFilename: dbFile,
      port: config.temporalDevPort,
      ui: options.ui,
      uiPort: options.ui ? config.temporalUiPort : undefined,
      namespace: config.temporalNamespace,
    },
  });
  description.push(`Temporal: dev server downloaded by the SDK, history in ${dbFile}`);
  return {
    address: env.address,
    uiUrl: options.ui ? `http://127.0.0.1:${config.temporalUiPort}` : undefined,
    stop: () => env.teardown(),
  };
}
