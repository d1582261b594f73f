import { HttpException, HttpStatus } from '@nestjs/common';

/** The stable machine codes of the HTTP contract. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'STAGE_CONFLICT',
  'ALREADY_CLAIMED',
  'RULE_VIOLATION',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'IDEMPOTENCY_KEY_REUSED',
  'REQUEST_IN_PROGRESS',
  'SERVICE_UNAVAILABLE',
  'TEMPORAL_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string | string[];
  /** A lost claim: who holds the task now (the desks say so). */
  claimedBy?: { id: string; displayName: string | null };
}

/** Facts some errors carry beside the contract's four fields. */
export type ErrorDetails = Pick<ErrorBody, 'claimedBy'>;

/** An HTTP error with the contract's body: `{statusCode, error, message, code}`, plus details some carry. */
export class ApiError extends HttpException {
  /**
   * `retryAfterSeconds`: sent as the `Retry-After` header (503 TEMPORAL_UNAVAILABLE: the workflow
   * service is not answering, nothing was changed).
   */
  constructor(
    status: HttpStatus,
    readonly code: ErrorCode,
    message: string | string[],
    details: ErrorDetails = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(
      { statusCode: status, error: ERROR_NAMES[status] ?? 'Error', code, message, ...details } satisfies ErrorBody,
      status,
    );
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);
  }

  static validation(messages: string[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', messages);
  }

  /**
   * 422 RULE_VIOLATION, one `path: text` line per problem like a 400's: the request fits the
   * OpenAPI document (a 400 is for what does not), but a rule refuses it — a reference to nothing
   * (an unknown grid, unit, mediator or cursor), a rule between fields, a table that leaves a
   * combination out. The document can state none of these.
   */
  static rule(messages: string[]): ApiError {
    return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'RULE_VIOLATION', messages);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }
}

export function errorNameOf(status: number): string {
  return ERROR_NAMES[status] ?? 'Error';
}
