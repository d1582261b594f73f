import 'reflect-metadata';
import * as fs from 'fs';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { DisputeActivities, activitiesOf } from '@app/activities/dispute.activities';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/persistence/data-source';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { prebuiltBundlePath, workflowBundleOptions } from '../apps/worker/src/workflow-bundle';
import { ensureSearchAttributes } from '../apps/worker/src/search-attributes';

/**
 * The project's worker (apps/worker/src/main.ts + dispute-worker.factory.ts) with the knobs the
 * benchmarks tune, read from the environment; an unset knob keeps the SDK's default, so with none
 * set this is the same worker. Knobs: BENCH_MAX_CACHED_WORKFLOWS, BENCH_MAX_WFT (workflow tasks at
 * once), BENCH_MAX_AT (activities), BENCH_MAX_LAT (local activities), BENCH_WFT_POLLERS,
 * BENCH_AT_POLLERS, BENCH_WF_THREADS (workflowThreadPoolSize: threads running workflow code, SDK
 * default 1), BENCH_DB_POOL (the worker's PostgreSQL pool, default 10).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const knob = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  await ensureSearchAttributes(config.temporalAddress!, config.temporalNamespace);
  const dataSource = createDataSource(config.databaseUrl!, knob('BENCH_DB_POOL'));
  await dataSource.initialize();
  const connection = await NativeConnection.connect({ address: config.temporalAddress! });
  const activities = new DisputeActivities(new CaseEventRepository(dataSource), new SlaSettingsRepository(dataSource), config.streetCode);
  const options: WorkerOptions = {
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    workflowBundle: fs.existsSync(prebuiltBundlePath()) ? { codePath: prebuiltBundlePath() } : await bundleWorkflowCode(workflowBundleOptions()),
    activities: activitiesOf(activities),
  };
  const set = <K extends keyof WorkerOptions>(key: K, value: WorkerOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('maxCachedWorkflows', knob('BENCH_MAX_CACHED_WORKFLOWS'));
  set('maxConcurrentWorkflowTaskExecutions', knob('BENCH_MAX_WFT'));
  set('maxConcurrentActivityTaskExecutions', knob('BENCH_MAX_AT'));
  set('maxConcurrentLocalActivityExecutions', knob('BENCH_MAX_LAT'));
  set('workflowThreadPoolSize', knob('BENCH_WF_THREADS'));
  if (knob('BENCH_WFT_POLLERS')) set('workflowTaskPollerBehavior', { type: 'simple-maximum', maximum: knob('BENCH_WFT_POLLERS') });
  if (knob('BENCH_AT_POLLERS')) set('activityTaskPollerBehavior', { type: 'simple-maximum', maximum: knob('BENCH_AT_POLLERS') });
  const worker = await Worker.create(options);
  console.log(`bench worker: ${JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_'))))}`);
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
