import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@app/domain/enums';
import { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import { StreamTicketRepository } from '@app/persistence/repositories/stream-ticket.repository';
import { ApiError } from '../common/api-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE, STREAM_TICKET } from './auth.decorators';
import { authUserOf, type TokenClaims } from './auth.service';
import type { AuthUser } from './auth.types';

type GuardedRequest = {
  headers: Record<string, string | undefined>;
  query: Record<string, unknown>;
  user?: AuthUser;
  token?: TokenClaims;
};

/** Bearer token on every route but the public ones, then the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly signIn: SignInRepository,
    private readonly tickets: StreamTicketRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const { userId, token } = await this.authenticate(
      request,
      this.reflector.getAllAndOverride<boolean>(STREAM_TICKET, targets) ?? false,
    );
    // The account row decides, on every request: a deactivated account loses access at once, a
    // signed-out token is refused, and changed roles, pools, center or level apply at once.
    const session = await this.signIn.session(userId, token);
    if (!session) throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'this account is no longer active');
    if (session.revoked)
      throw new ApiError(
        HttpStatus.UNAUTHORIZED,
        'UNAUTHORIZED',
        'this token was signed out (or the password was changed since): sign in again',
      );
    const user = authUserOf(session.user);
    request.user = user;
    request.token = token;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      throw ApiError.forbidden(`this action needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }

  /** Whose request this is: a bearer token (signature, expiry, issuer, audience, id) or, on a stream, a ticket. */
  private async authenticate(
    request: GuardedRequest,
    ticketAllowed: boolean,
  ): Promise<{ userId: string; token?: TokenClaims }> {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme === 'Bearer' && token) {
      let claims: Partial<TokenClaims>;
      try {
        // Issuer and audience are checked by the JwtModule's verifyOptions.
        claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token);
      } catch {
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'invalid or expired token');
      }
      if (
        typeof claims.sub !== 'string' ||
        typeof claims.jti !== 'string' ||
        typeof claims.exp !== 'number' ||
        (claims.sv !== undefined && !Number.isInteger(claims.sv))
      ) {
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'invalid or expired token');
      }
      return { userId: claims.sub, token: claims as TokenClaims };
    }
    if (ticketAllowed && typeof request.query.ticket === 'string') {
      // The ticket carries the token that bought it: a stream opened with it ends when that token does.
      const claims = await this.tickets.take<AuthUser & { token?: { jti: string; exp: number; sv?: number } }>(
        request.query.ticket,
      );
      if (!claims)
        throw new ApiError(
          HttpStatus.UNAUTHORIZED,
          'UNAUTHORIZED',
          'unknown, used or expired stream ticket: take a new one',
        );
      return {
        userId: claims.id,
        token: claims.token && { sub: claims.id, jti: claims.token.jti, exp: claims.token.exp, sv: claims.token.sv },
      };
    }
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'missing bearer token');
  }
}
