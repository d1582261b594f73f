import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { appRoleUrl, ensureAppRole } from '@app/persistence/app-role';
import { startInfrastructure, stopChild, waitUntil } from '@app/stack';
import { startLocalTemporalOnPostgres, type LocalTemporalOnPostgres } from './temporal-postgres';

/**
 * `npm start`: the whole stack on its embedded defaults — Temporal dev server, embedded
 * PostgreSQL, migrations, demo data, worker, gateway — stopped together on Ctrl-C.
 * `npm start -- --temporal postgres`: the real Temporal server on PostgreSQL instead of the dev
 * server, as production runs it (scripts/temporal-postgres.ts; its own embedded PostgreSQL
 * under DATA_DIR/temporal-postgres, port TEMPORAL_PG_PORT, default 5435; built by npm run setup).
 */
export type TemporalBackend = 'dev' | 'postgres';

/** `--temporal dev|postgres` (or `--temporal=…`) from the command line; dev when absent. */
export function temporalBackendOf(args: string[]): TemporalBackend {
  for (let i = 0; i < args.length; i += 1) {
    const value =
      args[i] === '--temporal'
        ? args[i + 1]
        : args[i].startsWith('--temporal=')
          ? args[i].slice('--temporal='.length)
          : undefined;
    if (args[i] === '--temporal' || args[i].startsWith('--temporal=')) {
      if (value === 'dev' || value === 'postgres') return value;
      throw new ConfigError([`--temporal must be dev or postgres, got "${value ?? ''}"`]);
    }
    throw new ConfigError([`unknown argument "${args[i]}" (npm start takes --temporal dev|postgres)`]);
  }
  return 'dev';
}

async function main(): Promise<void> {
  const started = Date.now();
  const say = (line: string) => console.log(`[start] ${line}`);
  const config = loadConfig();
  const backend = temporalBackendOf(process.argv.slice(2));
  let temporalOnPostgres: LocalTemporalOnPostgres | undefined;
  if (backend === 'postgres') {
    if (config.temporalAddress)
      throw new ConfigError(['--temporal postgres starts a Temporal server of its own: unset TEMPORAL_ADDRESS']);
    temporalOnPostgres = await startLocalTemporalOnPostgres({
      dataDir: config.dataDir,
      port: config.temporalDevPort,
      namespace: config.temporalNamespace,
      pgPort: Number(process.env.TEMPORAL_PG_PORT ?? 5435),
      log: say,
    });
  }
  const infra = await startInfrastructure(
    temporalOnPostgres ? { ...config, temporalAddress: temporalOnPostgres.address } : config,
    { ui: true, log: say },
  ).catch(async (error) => {
    await temporalOnPostgres?.stop();
    throw error;
  });
  if (temporalOnPostgres) {
    // The banner names the server on PostgreSQL, not an "external" address.
    infra.description.splice(
      infra.description.findIndex((line) => line.startsWith('Temporal:')),
      1,
      ...temporalOnPostgres.description,
    );
  }
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping gateway, worker, Temporal and PostgreSQL …');
    for (const child of [...children].reverse()) await stopChild(child, 15_000);
    await infra.stop();
    await temporalOnPostgres?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const applied = await runMigrations(infra.databaseUrl);
    say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    const dataSource = createDataSource(infra.databaseUrl, 2);
    await dataSource.initialize();
    let appDatabaseUrl = infra.databaseUrl;
    try {
      if (config.seedDemo) {
        const seeded = await seedDemoData(dataSource, config.demoPassword);
        say(`demo data: ${seeded.grids} grids, ${seeded.units} units, ${seeded.accountsCreated} accounts created`);
      }
      if (!config.databaseUrl) {
        // The apps connect as a role that cannot UPDATE or DELETE the event store; a fresh
        // password each start, handed to them and nowhere else.
        const password = randomBytes(18).toString('base64url');
        await ensureAppRole(dataSource, password);
        appDatabaseUrl = appRoleUrl(infra.databaseUrl, password);
      }
    } finally {
      await dataSource.destroy();
    }

    const env = { ...process.env, DATABASE_URL: appDatabaseUrl, TEMPORAL_ADDRESS: infra.temporalAddress };
    const dist = path.resolve(__dirname, '..');
    for (const [name, entry] of [
      ['worker', 'apps/worker/src/main.js'],
      ['gateway', 'apps/gateway/src/main.js'],
    ] as const) {
      const child = spawn(process.execPath, [path.join(dist, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = (chunk: Buffer) =>
        chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => `[${name}] ${line}`)
          .join('\n');
      child.stdout?.on('data', (chunk: Buffer) => console.log(prefix(chunk)));
      child.stderr?.on('data', (chunk: Buffer) => console.error(prefix(chunk)));
      child.once('exit', (code, signal) => {
        if (!stopping) {
          console.error(`[start] ${name} exited (${code ?? signal}); stopping the stack`);
          void stop(1);
        }
      });
      children.push(child);
    }

    const healthUrl = `http://127.0.0.1:${config.port}/health`;
    await waitUntil(
      `gateway at ${healthUrl}`,
      async () => {
        const response = await fetch(healthUrl);
        if (!response.ok) throw new Error(`health answered ${response.status}`);
      },
      90_000,
      300,
    );

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      [
        '',
        `Ready in ${seconds} s.`,
        `  Desks:       http://127.0.0.1:${config.port}/   (open this in a browser)`,
        ...infra.description.map((line) => `  ${line}`),
        `  Gateway:     http://127.0.0.1:${config.port}/api`,
        `  OpenAPI:     http://127.0.0.1:${config.port}/docs`,
        `  Health:      ${healthUrl}`,
        infra.temporalUiUrl
          ? `  Temporal UI: ${infra.temporalUiUrl}`
          : temporalOnPostgres
            ? '  Temporal UI: none (the server on PostgreSQL runs without one)'
            : '  Temporal UI: (external server)',
        config.seedDemo
          ? `  Demo logins: clerk1, grid1, mediator1-3, supervisor1-3, admin (password: DEMO_PASSWORD)`
          : '',
        'Ctrl-C stops everything.',
        '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  } catch (error) {
    console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
