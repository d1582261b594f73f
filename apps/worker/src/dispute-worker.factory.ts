import * as fs from 'fs';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DisputeActivities, activitiesOf } from '@app/activities/dispute.activities';
import { briefingActivities } from '@app/activities/briefing.activities';
import { keyPersonActivities } from '@app/activities/key-person.activities';
import { screeningDriveActivities } from '@app/activities/screening-drive.activities';
import { measureActivities } from '@app/activities/measure.activities';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { KeyPersonRepository } from '@app/persistence/repositories/key-person.repository';
import { ScreeningDriveRepository } from '@app/persistence/repositories/screening-drive.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { AdminAlertRepository } from '@app/persistence/repositories/admin-alert.repository';
import { activityFailureInterceptor } from './activity-failure.interceptor';
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
  /** ACTIVITY_ALERT_AFTER_ATTEMPTS (default 5): the failed attempt that raises the ADMIN alert ACTIVITY_FAILING. */
  alertAfterAttempts?: number;
}

const DEFAULT_ALERT_AFTER_ATTEMPTS = 5;

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
    activities: {
      ...(options.wrapActivities ?? ((a) => a))(activitiesOf(activities)),
      ...measureActivities(options.dataSource),
      ...keyPersonActivities(new KeyPersonRepository(options.dataSource)),
      ...screeningDriveActivities(new ScreeningDriveRepository(options.dataSource)),
      ...briefingActivities(options.dataSource),
    },
    interceptors: {
      activity: [
        ...(options.logger ? [activityLogInterceptor(options.logger)] : []),
        // A case whose activity keeps failing, or whose record the database refuses, alerts ADMIN.
        activityFailureInterceptor({
          alerts: new AdminAlertRepository(options.dataSource),
          afterAttempts: options.alertAfterAttempts ?? DEFAULT_ALERT_AFTER_ATTEMPTS,
          warn: (message) => (options.logger ? options.logger.warn(message) : console.warn(`worker: ${message}`)),
        }),
      ],
    },
    ...options.tuning,
  });
}
