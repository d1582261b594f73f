import { HttpStatus, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { CenterCode, Role } from '@app/domain/enums';
import { verifyPassword } from '@app/persistence/password-hash';
import { UserRepository } from '@app/persistence/repositories/user.repository';
import { ApiError } from '../common/api-error';
import type { LoginDto, LoginResponseDto } from './auth.dto';
import type { AuthUser } from './auth.types';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users.findActiveByUsername(dto.username);
    // The same answer for an unknown name and a wrong password: no probing for accounts.
    if (!user || !(await verifyPassword(dto.password, user.passwordHash))) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', 'wrong username or password');
    }
    const authUser: AuthUser = {
      id: user.id,
      username: user.username,
      roles: user.roles as Role[],
      centerCode: (user.centerCode ?? undefined) as CenterCode | undefined,
      unitIds: user.unitIds,
      supervisorLevel: user.supervisorLevel ?? undefined,
    };
    return {
      accessToken: await this.jwt.signAsync({ sub: user.id, user: authUser }),
      user: { ...authUser, displayName: user.displayName, gridCode: user.gridCode ?? undefined },
    };
  }
}
