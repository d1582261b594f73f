import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@app/domain/enums';
import type { AuthUser } from './auth.types';

export const PUBLIC_ROUTE = 'publicRoute';
export const TOKEN_IN_QUERY = 'tokenInQuery';
export const ALLOWED_ROLES = 'allowedRoles';

/** No token needed: login, the parties' receipt-code routes, health. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The token may come as `?access_token=`: a browser's EventSource cannot set headers. */
export const AllowTokenInQuery = () => SetMetadata(TOKEN_IN_QUERY, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  return context.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
