import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { createDisputeWorker } from '../apps/worker/src/dispute-worker.factory';
import { ensureSearchAttributes } from '../apps/worker/src/search-attributes';
import { limitHeapGrowing } from '../apps/worker/src/worker-heap';

/**
 * The project's worker (apps/worker/src/main.ts, through dispute-worker.factory.ts) with the knobs the
 * benchmarks tune, read from the environment; an unset knob keeps the project worker's setting (the
 * cache: WORKER_MAX_CACHED_WORKFLOWS) or the SDK's default, so with none set this is the same worker. Knobs: BENCH_MAX_CACHED_WORKFLOWS, BENCH_MAX_WFT (workflow tasks at
 * once), BENCH_MAX_AT (activities), BENCH_MAX_LAT (local activities), BENCH_WFT_POLLERS,
 * BENCH_AT_POLLERS, BENCH_WF_THREADS (workflowThreadPoolSize: threads running workflow code, SDK
 * default 1), BENCH_DB_POOL (the worker's PostgreSQL pool, default 10). The heap's growing factor is the
 * project worker's too (WORKER_HEAP_GROWING_PERCENT, worker-heap.ts).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const knob = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const pollers = (name: string) =>
    knob(name) ? { type: 'simple-maximum' as const, maximum: knob(name)! } : undefined;
  const tuning = Object.fromEntries(
    Object.entries({
      maxCachedWorkflows: knob('BENCH_MAX_CACHED_WORKFLOWS') ?? config.workerMaxCachedWorkflows,
      maxConcurrentWorkflowTaskExecutions: knob('BENCH_MAX_WFT'),
      maxConcurrentActivityTaskExecutions: knob('BENCH_MAX_AT'),
      maxConcurrentLocalActivityExecutions: knob('BENCH_MAX_LAT'),
      workflowThreadPoolSize: knob('BENCH_WF_THREADS'),
      workflowTaskPollerBehavior: pollers('BENCH_WFT_POLLERS'),
      activityTaskPollerBehavior: pollers('BENCH_AT_POLLERS'),
    }).filter(([, value]) => value !== undefined),
  );
  limitHeapGrowing(config.workerHeapGrowingPercent);
  await ensureSearchAttributes(config.temporalAddress!, config.temporalNamespace);
  const dataSource = createDataSource(config.databaseUrl!, knob('BENCH_DB_POOL'));
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.temporalAddress! });
  const worker = await createDisputeWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    dataSource,
    streetCode: config.streetCode,
    tuning,
  });
  console.log(`bench worker: ${JSON.stringify({ ...tuning, heapGrowingPercent: config.workerHeapGrowingPercent })}`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
