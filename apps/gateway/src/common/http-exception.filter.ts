import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { InvalidCursorError } from '@app/persistence/read-paging';
import { ApiError, ErrorBody, ErrorCode, errorNameOf } from './api-error';
import type { RouteMethods } from './route-methods';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'RULE_VIOLATION',
  503: 'SERVICE_UNAVAILABLE',
};

/** The contract's body for the JSON body parser's refusals (malformed, too large); undefined for any other error. */
export function bodyParserErrorBody(exception: unknown): ErrorBody | undefined {
  const type = (exception as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') {
    return {
      statusCode: 400,
      error: errorNameOf(400),
      code: 'VALIDATION_FAILED',
      message: 'request body is not valid JSON',
    };
  }
  if (type === 'entity.too.large') {
    return {
      statusCode: 413,
      error: errorNameOf(413),
      code: 'PAYLOAD_TOO_LARGE',
      message: 'request body is too large',
    };
  }
  return undefined;
}

/** Nest's own 404 for a request no route matched (`Cannot GET /x`), not a handler's NOT_FOUND. */
function isRouterMiss(exception: unknown): boolean {
  if (!(exception instanceof NotFoundException)) return false;
  const raw = exception.getResponse();
  return !(typeof raw === 'object' && raw !== null && 'code' in raw);
}

/**
 * Every error leaves with the contract's body. Anything that is not an HttpException is our
 * fault: logged (without the request body, which may hold personal data) and answered 500.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  /** `methods`: the API's paths and their methods, for 405 instead of 404 when only the method is wrong. */
  constructor(private readonly methods?: RouteMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (this.methods && isRouterMiss(exception)) {
      const request = host.switchToHttp().getRequest<Request>();
      const allowed = this.methods(request.path);
      if (allowed) {
        response.setHeader('allow', allowed.join(', '));
        if (request.method === 'OPTIONS') {
          response.status(HttpStatus.NO_CONTENT).end();
          return;
        }
        const body: ErrorBody = {
          statusCode: 405,
          error: errorNameOf(405),
          code: 'METHOD_NOT_ALLOWED',
          message: `${request.method} is not allowed on ${request.path}; allowed: ${allowed.join(', ')}`,
        };
        response.status(405).json(body);
        return;
      }
    }
    const body = this.toBody(exception);
    if (exception instanceof ApiError && exception.retryAfterSeconds !== undefined) {
      response.setHeader('retry-after', String(exception.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'object' && raw !== null && 'code' in raw) return raw as ErrorBody;
      // Nest's own errors (body-parser's malformed JSON, unknown routes, …) get a code too.
      const message =
        typeof raw === 'string' ? raw : ((raw as { message?: string | string[] }).message ?? exception.message);
      return {
        statusCode: status,
        error: errorNameOf(status),
        code: CODE_BY_STATUS[status] ?? 'INTERNAL_ERROR',
        message,
      };
    }
    if (exception instanceof InvalidCursorError) {
      // Well-formed (the document's pattern) but not a cursor any list handed out: a reference to nothing.
      return {
        statusCode: 422,
        error: errorNameOf(422),
        code: 'RULE_VIOLATION',
        message: [`cursor: ${exception.message}`],
      };
    }
    const bodyError = bodyParserErrorBody(exception);
    if (bodyError) return bodyError;
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: errorNameOf(500),
      code: 'INTERNAL_ERROR',
      message: 'internal error',
    };
  }
}
