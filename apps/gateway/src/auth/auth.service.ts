import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'crypto';
import type { AppConfig } from '@app/config';
import type { CenterCode, Role } from '@app/domain/enums';
import type { UserEntity } from '@app/persistence/entities/user.entity';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '@app/persistence/password-hash';
import { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/api-error';
import { APP_CONFIG } from '../infrastructure/config.module';
import type { ChangePasswordDto, LoginDto, LoginResponseDto } from './auth.dto';
import type { AuthUser } from './auth.types';
import { HashGate, HashGateFull } from './hash-gate';

/** Who signs the access tokens and for whom they are meant: checked on every verify. */
export const TOKEN_ISSUER = 'mediation-engine';
export const TOKEN_AUDIENCE = 'mediation-engine/api';

/** A refusal that tells the client when to try again (the controller sets Retry-After). */
export class RetryLaterError extends ApiError {
  constructor(
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE,
    message: string,
    readonly waitSeconds: number,
  ) {
    super(status, status === HttpStatus.TOO_MANY_REQUESTS ? 'TOO_MANY_REQUESTS' : 'SERVICE_UNAVAILABLE', message);
  }
}

/**
 * What an access token carries: the account's id (`sub`), the token's own id (`jti`) and the
 * account's session version it was signed under (`sv`; raised by a password change, which so signs
 * out every earlier token), nothing the row decides.
 */
export interface TokenClaims {
  sub: string;
  jti: string;
  exp: number;
  sv?: number;
}

/** The signed-in staff member as their account row says now. */
export function authUserOf(user: UserEntity): AuthUser {
  return {
    id: user.id,
    username: user.username,
    roles: user.roles as Role[],
    centerCode: (user.centerCode ?? undefined) as CenterCode | undefined,
    unitIds: user.unitIds,
    supervisorLevel: user.supervisorLevel ?? undefined,
  };
}

@Injectable()
export class AuthService {
  private readonly gate: HashGate;

  constructor(
    private readonly users: UserRepository,
    private readonly signIn: SignInRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.gate = new HashGate(config.signIn.hashConcurrency, config.signIn.hashQueue);
  }

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users.findActiveByUsername(dto.username);
    if (user)
      await this.refuseIfLocked(user.id, () => this.audit.signInFailed(dto.username, 'account locked', user.id));
    // An unknown or inactive name is checked against a hash of no one's password: it costs the
    // same time as a wrong password, and gets the same answer (no probing for accounts).
    const matches = await this.checkPassword(dto.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !matches) {
      if (user)
        await this.signIn.recordFailure(user.id, this.config.signIn.lockoutFailures, this.config.signIn.lockoutSeconds);
      await this.audit.signInFailed(dto.username, user ? 'wrong password' : 'unknown or inactive username', user?.id);
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'wrong username or password');
    }
    // A hash of the old scheme (scrypt N=2^15) is replaced now that the password is known.
    const upgraded = needsRehash(user.passwordHash) ? await this.hash(dto.password) : undefined;
    await this.signIn.recordSuccess(user.id, upgraded);
    await this.audit.signedIn({ id: user.id, username: user.username }, upgraded ? { passwordRehashed: true } : {});

    return this.signedIn(user);
  }

  /** A new access token for the account as its row is now, with the person's own view of it. */
  private async signedIn(user: UserEntity): Promise<LoginResponseDto> {
    const authUser = authUserOf(user);
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, sv: user.sessionVersion }, { jwtid: randomUUID() }),
      user: { ...authUser, displayName: user.displayName, gridCode: user.gridCode ?? undefined },
    };
  }

  /**
   * The signed-in user's own password: the current one is checked (and counts toward the lock).
   * Every session of the account ends, on every device and gateway; the answer is a new token
   * for the one that asked, so they stay signed in here.
   */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<LoginResponseDto> {
    const row = await this.users.findActiveById(user.id);
    if (!row) throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'this account is no longer active');
    await this.refuseIfLocked(row.id);
    if (!(await this.checkPassword(dto.currentPassword, row.passwordHash))) {
      await this.signIn.recordFailure(row.id, this.config.signIn.lockoutFailures, this.config.signIn.lockoutSeconds);
      await this.audit.signInFailed(row.username, 'wrong current password (password change)', row.id);
      throw ApiError.rule(['currentPassword: is not your current password']);
    }
    if (dto.newPassword === dto.currentPassword)
      throw ApiError.rule(['newPassword: must differ from the current password']);
    const changed = await this.signIn.setPasswordHash(row.id, await this.hash(dto.newPassword));
    if (!changed) throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'this account is no longer active');
    await this.audit.record('PASSWORD_CHANGED', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'user',
      targetId: user.id,
      details: { otherSessionsEnded: true },
    });
    return this.signedIn(changed);
  }

  /** Signs the presented token out: it is refused from now on, on every gateway process. */
  async logout(user: AuthUser, claims: TokenClaims): Promise<void> {
    await this.signIn.revoke(claims.jti, user.id, new Date(claims.exp * 1000));
    await this.audit.record('SIGN_OUT', {
      actorId: user.id,
      actorUsername: user.username,
      targetType: 'user',
      targetId: user.id,
      details: { tokenId: claims.jti },
    });
  }

  /** `onLocked`: what to record before refusing (a sign-in refused by the lock is an audit event). */
  private async refuseIfLocked(userId: string, onLocked?: () => Promise<void>): Promise<void> {
    const seconds = await this.signIn.lockedFor(userId);
    if (seconds > 0) {
      await onLocked?.();
      throw new RetryLaterError(
        HttpStatus.TOO_MANY_REQUESTS,
        `this account is locked after repeated wrong passwords; try again in ${seconds} s`,
        seconds,
      );
    }
  }

  private checkPassword(password: string, stored: string): Promise<boolean> {
    return this.gated(() => verifyPassword(password, stored));
  }

  private hash(password: string): Promise<string> {
    return this.gated(() => hashPassword(password));
  }

  /** Through the hash gate: a full queue is 503 with Retry-After, not an ever longer wait. */
  private async gated<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.gate.run(work);
    } catch (error) {
      if (error instanceof HashGateFull) {
        throw new RetryLaterError(
          HttpStatus.SERVICE_UNAVAILABLE,
          'too many sign-ins at once; try again in a moment',
          1,
        );
      }
      throw error;
    }
  }
}
