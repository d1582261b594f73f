import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '@app/config';
import { createDataSource, runMigrations, seedDemoData } from '@app/persistence';
import { freePort, Infrastructure, startInfrastructure } from '@app/stack';

export interface SharedInfra {
  infra: Infrastructure;
  dataDir: string;
  users: number;
}
export const holder = globalThis as typeof globalThis & { __mediationInfra?: SharedInfra };

export const TEST_DEMO_PASSWORD = 'demo-pass-2026';

/**
 * Starts the real Temporal dev server and the real (embedded) PostgreSQL once per jest run, on
 * free ports and in a throw-away folder; the integration and e2e projects share them.
 * DATABASE_URL / TEMPORAL_ADDRESS already set in the environment are used instead.
 */
export async function startTestInfrastructure(): Promise<void> {
  if (holder.__mediationInfra) {
    holder.__mediationInfra.users += 1;
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-test-'));
  fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
  });
  const started = Date.now();
  const infra = await startInfrastructure(config, { ui: false, log: () => undefined });
  try {
    await runMigrations(infra.databaseUrl);
    const dataSource = createDataSource(infra.databaseUrl, 2);
    await dataSource.initialize();
    await seedDemoData(dataSource, TEST_DEMO_PASSWORD).finally(() => dataSource.destroy());
  } catch (error) {
    await infra.stop();
    throw error;
  }
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.TEMPORAL_ADDRESS = infra.temporalAddress;
  process.env.TEST_INFRA_DATA_DIR = dataDir;
  holder.__mediationInfra = { infra, dataDir, users: 1 };
  console.log(`\n[test infra] ready in ${Date.now() - started} ms: ${infra.description.join('; ')}`);
}

/** The last project to finish stops the servers and removes their folder. */
export async function stopTestInfrastructure(): Promise<void> {
  const shared = holder.__mediationInfra;
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  await shared.infra.stop();
  fs.rmSync(shared.dataDir, { recursive: true, force: true });
  holder.__mediationInfra = undefined;
}
