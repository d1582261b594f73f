import * as fs from 'fs';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DisputeActivities, activitiesOf } from '@app/activities/dispute.activities';
import { keyPersonActivities } from '@app/activities/key-person.activities';
import { measureActivities } from '@app/activities/measure.activities';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { KeyPersonRepository } from '@app/persistence/repositories/key-person.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { activityLogInterceptor } from './activity-log.interceptor';
import { prebuiltBundlePath, workflowBundleOptions } from './workflow-bundle';

export interface DisputeWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataSource: DataSource;
  streetCode: string;
  /** SDK settings on top of these (cache size, slots, pollers); unset ones keep the SDK's defaults. */
  tuning?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'workflowBundle' | 'activities'>>;
  /** A bundle made once and shared (tests); else the prebuilt file, else bundled now. */
  workflowBundle?: { code: string };
  /** Wraps the activities (the drills' fault injection); unset: they run as they are. */
  wrapActivities?: (activities: ReturnType<typeof activitiesOf>) => ReturnType<typeof activitiesOf>;
  /** Where each activity run is logged, with the request id that caused it; unset: not logged. */
  logger?: Logger;
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
    activities: { ...(options.wrapActivities ?? ((a) => a))(activitiesOf(activities)), ...measureActivities(options.dataSource), ...keyPersonActivities(new KeyPersonRepository(options.dataSource)) },
    ...(options.logger && { interceptors: { activity: [activityLogInterceptor(options.logger)] } }),
    ...options.tuning,
  });
}
