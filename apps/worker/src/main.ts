import 'reflect-metadata';
import * as os from 'os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '@app/config';
import { createLogger } from '@app/config/logging';
import { createDataSource, poolLimitsOf } from '@app/persistence/data-source';
import { createDisputeWorker } from './dispute-worker.factory';
import { faultsFromEnv } from './fault-injection';
import { ensureMeasureDayCarry } from './measure-day-carry';
import { ensureMonthlyBriefing } from './monthly-briefing';
import { ensureSearchAttributes } from './search-attributes';
import { cacheMemoryWarning, limitHeapGrowing } from './worker-heap';
import { PinoTemporalLogger } from './worker-logger';
import { installWorkerMetrics } from './worker-metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new ConfigError(['the worker needs DATABASE_URL and TEMPORAL_ADDRESS (npm start sets both)']);
  }
  // JSON lines, personal data redacted and masked (libs/config/src/logging.ts); each activity run
  // is logged with the request id that caused it (activity-log.interceptor.ts).
  const logger = createLogger(config.logLevel, 'worker');
  let metricsBind: string | undefined;
  try {
    // Before the first connection: the runtime is created once per process.
    metricsBind = installWorkerMetrics(process.env, new PinoTemporalLogger(logger));
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  if (metricsBind) logger.info(`worker: Prometheus metrics on http://${metricsBind}/metrics`);
  // Before the worker exists: its workflow thread takes the flag when it starts (worker-heap.ts).
  const heapFlag = limitHeapGrowing(config.workerHeapGrowingPercent);
  if (heapFlag) logger.info(`worker: V8 ${heapFlag}`);
  const memoryWarning = cacheMemoryWarning(config.workerMaxCachedWorkflows, process.constrainedMemory(), os.totalmem());
  if (memoryWarning) logger.warn(`worker: ${memoryWarning}`);
  const registered = await ensureSearchAttributes(config.temporalAddress, config.temporalNamespace);
  if (registered.length > 0) logger.info(`worker: registered search attributes ${registered.join(', ')}`);
  const dataSource = createDataSource(config.databaseUrl, undefined, poolLimitsOf(config));
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await createDisputeWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    dataSource,
    streetCode: config.streetCode,
    tuning: { maxCachedWorkflows: config.workerMaxCachedWorkflows },
    wrapActivities: faultsFromEnv(process.env),
    alertAfterAttempts: config.activityAlertAfterAttempts,
    logger,
  });
  // The measures' day carry: a Temporal Schedule (visible in the Temporal UI), created by the first worker.
  const clientConnection = await Connection.connect({ address: config.temporalAddress });
  const scheduleClient = new Client({ connection: clientConnection, namespace: config.temporalNamespace });
  const scheduleCreated = await ensureMeasureDayCarry(scheduleClient, config.temporalTaskQueue);
  logger.info(`worker: measures day carry schedule ${scheduleCreated ? 'created' : 'present'}, one run triggered`);
  // The monthly briefing (通报): a Schedule whose daily run generates last month's on the month's first working day.
  const briefingCreated = await ensureMonthlyBriefing(scheduleClient, config.temporalTaskQueue);
  logger.info(`worker: monthly briefing schedule ${briefingCreated ? 'created' : 'present'}`);
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM. A plain line whatever LOG_LEVEL says:
  // the launcher and the test stacks wait for it.
  console.log(`worker: polling task queue "${config.temporalTaskQueue}" on ${config.temporalAddress}`);
  try {
    await worker.run();
  } finally {
    await clientConnection.close();
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
