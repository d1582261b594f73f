import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { ConfigError, loadConfig } from '@app/config';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { appRoleUrl, ensureAppRole } from '@app/persistence/app-role';
import { startInfrastructure, stopChild, waitUntil } from '@app/stack';

/**
 * `npm start`: the whole stack on its embedded defaults — Temporal dev server, embedded
 * PostgreSQL, migrations, demo data, worker, gateway — stopped together on Ctrl-C.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const say = (line: string) => console.log(`[start] ${line}`);
  const config = loadConfig();
  const infra = await startInfrastructure(config, { ui: true, log: say });
  const children: ChildProcess[] = [];
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping gateway, worker, Temporal and PostgreSQL …');
    for (const child of [...children].reverse()) await stopChild(child, 15_000);
    await infra.stop();
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
        infra.temporalUiUrl ? `  Temporal UI: ${infra.temporalUiUrl}` : '  Temporal UI: (external server)',
        config.seedDemo ? `  Demo logins: clerk1, grid1, mediator1-3, supervisor1-3, admin (password: DEMO_PASSWORD)` : '',
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

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
