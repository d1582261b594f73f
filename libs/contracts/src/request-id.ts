import { defaultPayloadConverter, type Payload } from '@temporalio/common';

/**
 * The Temporal header that carries the HTTP request's id (X-Request-Id) from the gateway's client
 * call into the workflow, and from there into the activities it schedules, so one id ties the
 * gateway's request log line to the worker's activity log lines. Headers are not part of the
 * workflow's decisions: histories replay the same with or without them.
 */
export const REQUEST_ID_HEADER = 'mediation-request-id';

export type Headers = Record<string, Payload>;

/** `headers` with the request id added (unchanged without one). */
export function withRequestId(headers: Headers, requestId: string | undefined): Headers {
  if (!requestId) return headers;
  return { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}

/** The request id the headers carry, if any. */
export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}
