import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence';
import { createDisputeWorker } from '../../apps/worker/src/dispute-worker.factory';
import { TEST_SIGN_IN_LIMITS } from './sign-in-limits';

/** The configuration a test process sees: the servers of the global setup, a task queue of its own. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  if (!process.env.DATABASE_URL || !process.env.TEMPORAL_ADDRESS) {
    throw new Error('DATABASE_URL / TEMPORAL_ADDRESS unset: run through jest (global setup starts the servers)');
  }
  return loadConfig({
    ...TEST_SIGN_IN_LIMITS,
    // The gateway's JWT secret is kept in the data folder: the test servers' throw-away one.
    ...(process.env.TEST_INFRA_DATA_DIR && { DATA_DIR: process.env.TEST_INFRA_DATA_DIR }),
    ...process.env,
    NODE_ENV: 'test',
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

export interface WorkerHarness {
  dataSource: DataSource;
  client: Client;
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** A real worker on the real server, polling the config's task queue until `stop()`. */
export async function startWorker(config: AppConfig): Promise<WorkerHarness> {
  if (!runtimeInstalled) {
    // Worker state changes at INFO would bury the test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const dataSource = createDataSource(config.databaseUrl!, 4);
  await dataSource.initialize();
  const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress! });
  const worker = await createDisputeWorker({
    connection: nativeConnection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    dataSource,
    streetCode: config.streetCode,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: config.temporalAddress! });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  return {
    dataSource,
    client,
    worker,
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await dataSource.destroy();
    },
  };
}
