import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { SignInLimits } from '@app/config';
import type { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import { ApiError } from '../common/api-error';
import type { AuthUser } from './auth.types';

/** @nestjs/throttler's counters in PostgreSQL (`throttle_hits`): every gateway process counts together. */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly signIn: SignInRepository) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    return this.signIn.hit(key, throttlerName, ttl, limit, blockDuration);
  }
}

/** The username a sign-in attempt is for: the body's on login, the signed-in user's on a password change. */
function usernameOf(request: { body?: unknown; user?: AuthUser }): string {
  if (request.user) return `user:${request.user.username}`;
  const username = (request.body as { username?: unknown } | undefined)?.username;
  // Guards run before validation: a missing or odd name is counted under one key of its own.
  return typeof username === 'string' ? `user:${username.slice(0, 64)}` : 'user:(none)';
}

/** Two limits on the sign-in routes: per client address, and per username from any address. */
export function signInThrottlerOptions(limits: SignInLimits, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const ttl = limits.windowSeconds * 1000;
  return {
    throttlers: [
      { name: 'address', ttl, limit: limits.perAddress }, // the default tracker: the client address (IPv6 by /56)
      { name: 'username', ttl, limit: limits.perUsername, getTracker: (request) => usernameOf(request) },
    ],
    storage,
    // Retry-After is set once, by the guard below; no X-RateLimit-* headers on every sign-in.
    setHeaders: false,
  };
}

/**
 * The throttler on the routes that check a password (login, password change), answering the
 * API's error body: 429 TOO_MANY_REQUESTS with Retry-After in seconds.
 */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<import('express').Response>().setHeader('Retry-After', String(seconds));
    const what = detail.tracker.startsWith('user:') ? 'for this username' : 'from this address';
    throw new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      'TOO_MANY_REQUESTS',
      `too many sign-in attempts ${what}; try again in ${seconds} s`,
    );
  }
}
