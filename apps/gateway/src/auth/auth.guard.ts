import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@app/domain/enums';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { ApiError } from '../common/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE, STREAM_TICKET } from './auth.decorators';
import type { AuthUser } from './auth.types';

/** Bearer token on every route but the public ones, then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserRepository,
    private readonly tickets: StreamTicketRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; query: Record<string, unknown>; user?: AuthUser }>();
    const user = await this.authenticate(request, this.reflector.getAllAndOverride<boolean>(STREAM_TICKET, targets) ?? false);
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

  private async authenticate(request: { headers: Record<string, string | undefined>; query: Record<string, unknown> }, ticketAllowed: boolean): Promise<AuthUser> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme === 'Bearer' && token) {
      try {
        return (await this.jwt.verifyAsync<{ user: AuthUser }>(token)).user;
      } catch {
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'invalid or expired token');
      }
    }
    if (ticketAllowed && typeof request.query.ticket === 'string') {
      const user = await this.tickets.take<AuthUser>(request.query.ticket);
      if (!user) throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'unknown, used or expired stream ticket: take a new one');
      return user;
    }
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'missing bearer token');
  }
}
