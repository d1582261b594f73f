/**
 * Whether retrying an activity's error can cure it. Retried (the activity's retry policy waits it
 * out): a lost or refused connection, a server shutting down or out of resources, a serialization
 * failure, a deadlock, a lock or statement timeout — PostgreSQL will take the same statement later.
 * Not retried: a record the database refuses as wrong (integrity constraint, bad data, a statement
 * it does not know: SQLSTATE classes 22, 23, 42) — a defect, which the same statement meets again.
 * An error nobody classified is retried, and raises the ADMIN alert when it keeps failing.
 */
export type FailureClass = 'retryable' | 'refused';

/** SQLSTATE classes (first two characters) and codes retrying cures. */
const RETRYABLE_CLASSES = ['08', '53', '57', '58'];
const RETRYABLE_CODES = ['40001', '40P01', '55P03', '55006'];
/** SQLSTATE classes of a record the database refuses as wrong. */
const REFUSED_CLASSES = ['22', '23', '42'];
/** Node's network errors: the server cannot be reached now. */
const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
];

/** The SQLSTATE or Node error code of an error, TypeORM's QueryFailedError included (its driverError). */
export function errorCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyFailure(error: unknown): FailureClass {
  const code = errorCodeOf(error);
  if (code && /^[0-9A-Z]{5}$/.test(code) && !NETWORK_CODES.includes(code)) {
    if (RETRYABLE_CODES.includes(code) || RETRYABLE_CLASSES.includes(code.slice(0, 2))) return 'retryable';
    if (REFUSED_CLASSES.includes(code.slice(0, 2))) return 'refused';
  }
  return 'retryable';
}

/**
 * The error as an ADMIN may read it: its code and message, without the values PostgreSQL quotes
 * after a colon (`invalid input syntax for type uuid: "…"`), which may be a party's data; short.
 */
export function describeFailure(error: unknown): string {
  const code = errorCodeOf(error);
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/:\s*"[^"]*"/g, ': "…"')
    .replace(/\s+/g, ' ')
    .trim();
  return `${code ? `${code} ` : ''}${message}`.slice(0, 300);
}
