import * as fs from 'fs';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { DisputeActivities, activitiesOf } from '@app/activities/dispute.activities';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { prebuiltBundlePath, workflowBundleOptions } from './workflow-bundle';

export interface DisputeWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  streetCode: string;
  /** Workflows kept in memory (WORKER_MAX_CACHED_WORKFLOWS); unset: the SDK's default. */
  maxCachedWorkflows?: number;
  /** A bundle made once and shared (tests); else the prebuilt file, else bundled now. */
  workflowBundle?: { code: string };
}

export async function createDisputeWorker(options: DisputeWorkerOptions): Promise<Worker> {
  const activities = new DisputeActivities(
    new CaseEventRepository(options.dataSource),
    new SlaSettingsRepository(options.dataSource),
    options.streetCode,
  );
  const workflowBundle =
    options.workflowBundle ??
    (fs.existsSync(prebuiltBundlePath())
      ? { codePath: prebuiltBundlePath() }
      : await bundleWorkflowCode(workflowBundleOptions()));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    activities: activitiesOf(activities),
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
}
