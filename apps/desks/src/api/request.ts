import createClient, { type Middleware } from 'openapi-fetch';
import { useAuthStore } from '@/store/auth';
import { useConnectionStore } from '@/store/connection';
import { ApiError, type ErrorBody, networkError, toApiError } from './errors';
import type { paths } from './schema';

/**
 * The one client of the desks. Paths are the OpenAPI document's, relative to `/api`
 * (`api.GET('/disputes/{id}', …)`), so their parameters and answers are typed from the gateway.
 * It sends the bearer token of the session, an Idempotency-Key with every POST, turns every
 * error into an `ApiError` with Chinese messages, tells the connection banner when the server
 * cannot be reached (and when it can again), and sends a person whose session ended back to login.
 */
type UnderApi<P> = { [K in keyof P as K extends `/api${infer Rest}` ? Rest : never]: P[K] };
export type ApiPaths = UnderApi<paths>;

export const API_BASE = '/api';

let onUnauthorized: () => void = () => {};

/** The router registers what a 401 on a signed-in request does (back to login, remembering the page). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** A v4 UUID; crypto.randomUUID needs a secure context, which an office's http:// address is not. */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const session: Middleware = {
  onRequest({ request }) {
    const token = useAuthStore().token;
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    if (request.method === 'POST' && !request.headers.has('idempotency-key'))
      request.headers.set('idempotency-key', idempotencyKey());
    return request;
  },
  onResponse({ request, response }) {
    useConnectionStore().reachable();
    if (response.status === 401 && request.headers.has('authorization')) {
      useAuthStore().expire();
      onUnauthorized();
    }
    return response;
  },
  onError() {
    useConnectionStore().unreachable();
    return networkError();
  },
};

export const api = createClient<ApiPaths>({ baseUrl: API_BASE });
api.use(session);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The answer's data, or the error thrown as an `ApiError`:
 * `const item = await unwrap(api.GET('/disputes/{id}', { params: { path: { id } } }))`.
 */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    useConnectionStore().unreachable();
    throw networkError();
  }
  if (answer.error !== undefined || !answer.response.ok) {
    throw toApiError(answer.response.status, answer.error as ErrorBody | undefined);
  }
  return answer.data as T;
}
