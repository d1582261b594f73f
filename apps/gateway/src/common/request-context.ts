import { AsyncLocalStorage } from 'async_hooks';
import { randomUUID } from 'crypto';
import type { NextFunction, Request, Response } from 'express';

/** What every part of a request's handling may want to know about it without being handed it. */
export interface RequestContext {
  /** The request's id: the caller's `X-Request-Id` when well-formed, else one of ours. */
  requestId: string;
  /** The client's address as the socket (or a trusted proxy) gives it. */
  clientAddress: string | undefined;
}

const contexts = new AsyncLocalStorage<RequestContext>();

/** The request being handled, if any (undefined outside a request: start-up, timers). */
export const currentRequest = (): RequestContext | undefined => contexts.getStore();

export const REQUEST_ID_HEADER = 'x-request-id';

/** Letters, digits and `._:-`, 1 to 128 of them: a UUID, a ULID, a proxy's trace id. Nothing to inject into a log line. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is well-formed, else a fresh UUID. Pure but for the UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && WELL_FORMED_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * First of all middleware: takes or makes the request id, echoes it in the answer's
 * `X-Request-Id`, and runs the rest of the request inside its context (the logger, the audit
 * trail and the Temporal client read it from there).
 */
export function requestContext() {
  return (request: Request, response: Response, next: NextFunction): void => {
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    // pino-http takes it as the request's id (its genReqId reads it) instead of making its own.
    (request as { id?: unknown }).id = requestId;
    response.setHeader('X-Request-Id', requestId);
    contexts.run({ requestId, clientAddress: request.ip ?? request.socket?.remoteAddress }, next);
  };
}

/** Runs `work` as part of the given request (tests, and work handed over outside the middleware). */
export function withRequestContext<T>(context: RequestContext, work: () => T): T {
  return contexts.run(context, work);
}
