import { AsyncLocalStorage } from 'async_hooks';
import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { IdempotencyRepository } from '@app/persistence/repositories/idempotency.repository';
import { NO_STORED_ANSWER } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth.types';
import { ApiError } from './api-error';

const MAX_KEY_LENGTH = 200;

const operations = new AsyncLocalStorage<string>();

/**
 * A stable id (64 hex digits) of the request now being handled under an `Idempotency-Key`:
 * the same caller, key and request give the same id on every attempt, in whichever gateway
 * process. The intake derives the case id from it and the case actions use it as the Temporal
 * update id, so a retry that runs again after a crash meets its first run's workflow or update
 * instead of making a second one. Undefined without a key.
 */
export const currentOperationId = (): string | undefined => operations.getStore();

/**
 * `Idempotency-Key` on a POST: the first answer (success or refusal) is stored in PostgreSQL for
 * 24 hours and returned again for the same key and body, without touching the case again. The
 * key is claimed before the request runs, so a concurrent retry is told to wait (409); a failure
 * on our side (5xx) gives the key back. A claim left unanswered by a gateway that died is taken
 * over by a retry after a lease (IdempotencyRepository); the operation id makes that second run
 * land on the first run's case or update, and the claim's owner token keeps the first run, should
 * it still answer, from storing its answer over the second's. Answers older than 24 hours are
 * purged by IdempotencyPurge.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const key = request.header('idempotency-key');
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw ApiError.validation([`Idempotency-Key: must be 1 to ${MAX_KEY_LENGTH} characters`]);
    }
    // A login's answer is a bearer token: never stored (a retry simply logs in again).
    if (this.reflector.getAllAndOverride<boolean>(NO_STORED_ANSWER, [context.getHandler(), context.getClass()]))
      return next.handle();
    return from(this.handle(context, request, key, next));
  }

  private async handle(
    context: ExecutionContext,
    request: Request & { user?: AuthUser },
    key: string,
    next: CallHandler,
  ) {
    const response = context.switchToHttp().getResponse<Response>();
    const scope = request.user ? `user:${request.user.id}` : `address:${request.ip}`;
    const hash = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');

    const token = await this.keys.claim(scope, key, hash);
    if (token === null) {
      const stored = await this.keys.find(scope, key);
      if (stored && stored.requestHash !== hash) {
        throw new ApiError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used for a different request',
        );
      }
      if (!stored || stored.statusCode === null) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'REQUEST_IN_PROGRESS',
          'a request with this Idempotency-Key is still being handled; retry shortly',
        );
      }
      if (stored.statusCode >= 400) throw new HttpException(stored.response as object, stored.statusCode);
      response.status(stored.statusCode);
      return stored.response;
    }

    try {
      const operation = createHash('sha256').update(`${scope}\n${key}\n${hash}`).digest('hex');
      const body = await operations.run(operation, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
      // A run whose lease a retry took over stores nothing: the answer kept is the new owner's.
      await this.keys.complete(scope, key, token, response.statusCode, body);
      return body;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        await this.keys.complete(scope, key, token, error.getStatus(), error.getResponse());
      } else {
        await this.keys.release(scope, key, token);
      }
      throw error;
    }
  }
}
