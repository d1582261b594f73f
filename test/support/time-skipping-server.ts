import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { CASE_SEARCH_ATTRIBUTES } from '@app/contracts';
import { createDataSource } from '@app/persistence';
import { createDisputeWorker } from '../../apps/worker/src/dispute-worker.factory';
import { CaseDriver } from './case-driver';
import { testConfig, type WorkerHarness } from './test-stack';

/**
 * The Java SDK's time-skipping test server, run from the jars that scripts/fetch-test-server.sh
 * puts into the set-up cache (the SDK's own download of it needs internet access, which the
 * project's machines do not have). A separate server from the global dev server: time on it moves
 * only where the test skips it.
 */
export const TEST_SERVER_LAUNCHER = path.resolve(
  __dirname,
  '../../scripts/temporal-test-server/temporal-test-server.sh',
);

export function testServerHome(): string {
  const cache = process.env.MEDIATION_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'mediation-engine');
  return process.env.TEMPORAL_TEST_SERVER_HOME ?? path.join(cache, 'temporal-test-server');
}

/** Why the test server cannot be started here, or undefined when it can. */
export function testServerUnavailable(): string | undefined {
  const home = testServerHome();
  if (!fs.existsSync(path.join(home, '.stamp'))) {
    return `the time-skipping test server is not in ${home}: run scripts/fetch-test-server.sh (needs java, javac, mvn)`;
  }
  return undefined;
}

/**
 * `describe` for suites that need the time-skipping server. Without it they are skipped on a
 * developer's machine (with a warning naming why), and fail under CI (any non-empty CI, as
 * scripts/setup.ts and the browser tests read it): CI must run them, never skip them.
 */
export function testServerDescribe(label: string): jest.Describe {
  const unavailable = testServerUnavailable();
  if (!unavailable) return describe;
  if (process.env.CI)
    throw new Error(`${unavailable} (CI: the time-skipping suites are part of npm test and must run)`);
  console.warn(`[${label}] skipped: ${unavailable}`);
  return describe.skip;
}

/**
 * Starts the time-skipping server with its clock at `initialTime` (skipping locked until the test
 * sleeps or awaits a result) and registers the case search attributes the workflow upserts: the
 * test server, like a real one, fails a workflow task that upserts an unregistered attribute.
 */
export async function startTimeSkippingEnv(initialTime?: Date): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: TEST_SERVER_LAUNCHER },
      extraArgs: initialTime ? ['--initial-time', initialTime.toISOString()] : [],
    },
  });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(
        CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
      ),
    });
  } catch (error) {
    await env.teardown();
    throw error;
  }
  return env;
}

let runtimeInstalled = false;

export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  harness: WorkerHarness;
  cases: CaseDriver;
  stop(): Promise<void>;
}

/**
 * A time-skipping server whose clock starts at `initialTime`, and a real dispute worker on it with
 * the real activities, which write to the PostgreSQL of the global setup; `cases` drives cases
 * through the environment's client (whose `result()` skips time while it waits).
 */
export async function startTimeSkippingStack(initialTime?: Date): Promise<TimeSkippingStack> {
  if (!runtimeInstalled) {
    // Worker state changes at INFO would bury the test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const config = testConfig();
  const env = await startTimeSkippingEnv(initialTime);
  const dataSource = createDataSource(config.databaseUrl!, 4);
  let running: Promise<void> | undefined;
  try {
    await dataSource.initialize();
    const worker = await createDisputeWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: config.temporalTaskQueue,
      dataSource,
      streetCode: config.streetCode,
    });
    running = worker.run();
    const harness: WorkerHarness = {
      dataSource,
      client: env.client,
      worker,
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    };
    return {
      env,
      harness,
      cases: new CaseDriver(harness, config.temporalTaskQueue),
      stop: async () => {
        try {
          await harness.stop();
        } finally {
          await dataSource.destroy();
          await env.teardown();
        }
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await env.teardown();
    throw error;
  }
}
