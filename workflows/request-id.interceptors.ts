import {
  AsyncLocalStorage,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type SignalWorkflowInput,
  type TimerInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
  type UpdateInput,
  type SignalInput,
} from '@temporalio/workflow';
import { requestIdOf, withRequestId } from '@app/contracts/request-id';

/**
 * Carries the request id of the call that drives the workflow (the start, an update, a signal)
 * to the activities it schedules on that call's behalf and to the signals it sends. The start's
 * id stops at the workflow's first timer: what the clock does later (warnings, escalations) is
 * nobody's request. Only headers change: the workflow's decisions and its history do not.
 */
interface Scope {
  requestId?: string;
}

const scopes = new AsyncLocalStorage<Scope>();

const within = <T>(requestId: string | undefined, run: () => T): T =>
  requestId ? scopes.run({ requestId }, run) : run();

class RequestIdInbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return within(requestIdOf(input.headers), () => next(input));
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return within(requestIdOf(input.headers), () => next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return within(requestIdOf(input.headers), () => next(input));
  }
}

class RequestIdOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    return next({ ...input, headers: withRequestId(input.headers, scopes.getStore()?.requestId) });
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ): Promise<unknown> {
    return next({ ...input, headers: withRequestId(input.headers, scopes.getStore()?.requestId) });
  }

  signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ): Promise<void> {
    return next({ ...input, headers: withRequestId(input.headers, scopes.getStore()?.requestId) });
  }

  startTimer(input: TimerInput, next: Next<WorkflowOutboundCallsInterceptor, 'startTimer'>): Promise<void> {
    const scope = scopes.getStore();
    if (scope) scope.requestId = undefined;
    return next(input);
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new RequestIdInbound()],
  outbound: [new RequestIdOutbound()],
});
