import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@app/domain/enums';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { ApiError } from '../common/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE, TOKEN_IN_QUERY } from './auth.decorators';
import type { AuthUser } from './auth.types';

/** Bearer token on every route but the public ones, then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; query: Record<string, unknown>; user?: AuthUser }>();
    let [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (!token && this.reflector.getAllAndOverride<boolean>(TOKEN_IN_QUERY, targets) && typeof request.query.access_token === 'string') {
      [scheme, token] = ['Bearer', request.query.access_token];
    }
    if (scheme !== 'Bearer' || !token) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'missing bearer token');
    }
    let user: AuthUser;
    try {
      ({ user } = await this.jwt.verifyAsync<{ user: AuthUser }>(token));
    } catch {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'invalid or expired token');
    }
    // A deactivated account loses access at once, not when its token expires.
    if (!(await this.users.findActiveById(user.id))) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'this account is no longer active');
    }
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      throw ApiError.forbidden(`this action needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
