import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@app/domain/enums';
import type { AuthUser } from './auth.types';

export const PUBLIC_ROUTE = 'publicRoute';
export const STREAM_TICKET = 'streamTicket';
export const ALLOWED_ROLES = 'allowedRoles';

/** No token needed: login, the parties' receipt-code routes, health. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A live stream: a browser's EventSource cannot set headers, so it may present `?ticket=`, a
 * one-use ticket taken with its bearer token a moment before (POST .../stream-ticket).
 */
export const AllowStreamTicket = () => SetMetadata(STREAM_TICKET, true);

export const NO_STORED_ANSWER = 'noStoredAnswer';

/** An answer that must never be kept (a login's token): the Idempotency-Key is not honoured here. */
export const NoStoredAnswer = () => SetMetadata(NO_STORED_ANSWER, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
