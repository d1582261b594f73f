import type { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { classifyFailure, describeFailure } from '@app/activities/activity-failures';
import type { AdminAlertRepository } from '@app/persistence/repositories/admin-alert.repository';

/** The failure type of an activity error retrying cannot cure (the workflow holds the case on it). */
export const RECORD_REFUSED = 'RecordRefused';

const CASE_WORKFLOW = /^dispute-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export interface FailureAlertOptions {
  alerts: Pick<AdminAlertRepository, 'raise'>;
  /** ACTIVITY_ALERT_AFTER_ATTEMPTS: the attempt whose failure raises ACTIVITY_FAILING. */
  afterAttempts: number;
  /** Where a failure to raise the alert itself is said (the database may be what is down). */
  warn?: (message: string) => void;
}

/**
 * Every activity's failures, classified (activities/activity-failures.ts). One retrying cannot
 * cure becomes a non-retryable ApplicationFailure (type RecordRefused) and raises ACTIVITY_REFUSED
 * for ADMIN at once; a retryable one goes on being retried by the activity's policy, and from the
 * `afterAttempts`-th attempt on keeps ACTIVITY_FAILING up to date for ADMIN. A case never stalls
 * in silence. Raising the alert is best effort: it must not change what the activity answers.
 */
export function activityFailureInterceptor(options: FailureAlertOptions): ActivityInterceptorsFactory {
  return (context: Context) => ({ inbound: new ActivityFailureInbound(options, context) });
}

class ActivityFailureInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly options: FailureAlertOptions,
    private readonly context: Context,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      if (error instanceof ApplicationFailure) throw error; // already says whether to retry
      const info = this.context.info;
      const refused = classifyFailure(error) === 'refused';
      if (refused || info.attempt >= this.options.afterAttempts) {
        const workflowId = info.workflowExecution?.workflowId ?? '(none)';
        await this.options.alerts
          .raise({
            kind: refused ? 'ACTIVITY_REFUSED' : 'ACTIVITY_FAILING',
            caseId: CASE_WORKFLOW.exec(workflowId)?.[1] ?? null,
            workflowId,
            activity: info.activityType,
            attempts: info.attempt,
            error: describeFailure(error),
          })
          .catch((alertError: unknown) =>
            this.options.warn?.(
              `could not raise the ADMIN alert for ${workflowId} ${info.activityType}: ${describeFailure(alertError)}`,
            ),
          );
      }
      if (refused) {
        throw ApplicationFailure.create({ type: RECORD_REFUSED, message: describeFailure(error), nonRetryable: true });
      }
      throw error;
    }
  }
}
