import { ApiError } from '@/api/errors';
import { idempotencyKey } from '@/api/request';

/**
 * The Idempotency-Key of one submission: a new key for each new request, the same key while that
 * request is retried because it got no definite answer (no connection, the server's own failure,
 * or "still in progress"), so a retry never acts twice. Once the gateway has answered — done, or
 * refused, which it also remembers for that key — the next submission takes a new key.
 * (`idempotencyKey()` rather than crypto.randomUUID, which an office's plain-http address lacks.)
 */
export function createSubmissionKeys() {
  let current: { request: string; key: string } | undefined;
  return {
    /** The key for `request` (e.g. action, case and body): the last one if this is its retry. */
    keyFor(request: unknown): string {
      const signature = JSON.stringify(request);
      if (current?.request !== signature) current = { request: signature, key: idempotencyKey() };
      return current.key;
    },
    /** After an attempt: keep the key only if the attempt may be retried as the same request. */
    settle(error?: unknown): void {
      if (error === undefined || !unanswered(error)) current = undefined;
    },
  };
}

function unanswered(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.code === 'REQUEST_IN_PROGRESS';
}
