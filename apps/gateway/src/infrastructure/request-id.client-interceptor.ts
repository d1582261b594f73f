import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import { withRequestId } from '@app/contracts/request-id';
import { currentRequest } from '../common/request-context';

/**
 * Puts the id of the HTTP request being handled into the headers of every call that drives a
 * workflow (start, update, signal): the workflow passes it on to its activities, whose log
 * lines carry it (workflows/request-id.interceptors.ts, apps/worker/src/activity-log.interceptor.ts).
 */
export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  start(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'start'>): Promise<string> {
    return next({ ...input, headers: withRequestId(input.headers, requestId()) });
  }

  startWithDetails(
    input: WorkflowStartInput,
    next: Next<WorkflowClientInterceptor, 'startWithDetails'>,
  ): Promise<WorkflowStartOutput> {
    return next({ ...input, headers: withRequestId(input.headers, requestId()) });
  }

  startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    return next({ ...input, headers: withRequestId(input.headers, requestId()) });
  }

  startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    const id = requestId();
    return next({
      ...input,
      workflowStartHeaders: withRequestId(input.workflowStartHeaders, id),
      updateHeaders: withRequestId(input.updateHeaders, id),
    });
  }

  signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    return next({ ...input, headers: withRequestId(input.headers, requestId()) });
  }

  signalWithStart(
    input: WorkflowSignalWithStartInput,
    next: Next<WorkflowClientInterceptor, 'signalWithStart'>,
  ): Promise<string> {
    return next({ ...input, headers: withRequestId(input.headers, requestId()) });
  }
}

const requestId = () => currentRequest()?.requestId;
