import type { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInterceptorsFactory,
  ActivityInboundCallsInterceptor,
  Next,
} from '@temporalio/worker';
import type { Logger } from 'pino';
import { requestIdOf } from '@app/contracts/request-id';

/**
 * One log line per activity run: its type, the case's workflow, the attempt, how long it took,
 * and the id of the HTTP request that caused it (the `mediation-request-id` header the gateway's
 * client interceptor set and the workflow passed on), so a request can be followed from the
 * gateway's log into the worker's. Arguments and results are never logged: they hold parties.
 */
export function activityLogInterceptor(logger: Logger): ActivityInterceptorsFactory {
  return (context: Context) => ({
    inbound: new ActivityLogInbound(logger, context),
  });
}

class ActivityLogInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly logger: Logger,
    private readonly context: Context,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = this.context.info;
    const log = this.logger.child({
      requestId: requestIdOf(input.headers),
      activity: info.activityType,
      local: info.isLocal,
      workflowId: info.workflowExecution?.workflowId,
      attempt: info.attempt,
    });
    const started = process.hrtime.bigint();
    const ms = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
    try {
      const result = await next(input);
      log.info({ ms: ms() }, 'activity completed');
      return result;
    } catch (error) {
      log.warn(
        { ms: ms(), error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
        'activity failed',
      );
      throw error;
    }
  }
}
