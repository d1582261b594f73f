import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CENTER_CODES, ROLES } from '@app/domain/enums';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/persistence/password-hash';

export class LoginDto {
  @ApiProperty({ example: 'clerk1' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'demo-pass-2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class AuthUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiPropertyOptional({ enum: CENTER_CODES }) centerCode?: string;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiPropertyOptional() supervisorLevel?: number;
  @ApiPropertyOptional({
    example: 'JF-C01-G01',
    description: 'GRID_WORKER only: the grid they patrol (the grid desk preselects it)',
  })
  gridCode?: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: AuthUserDto }) user!: AuthUserDto;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'demo-pass-2026', description: 'the password the account has now' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    example: 'a-longer-passphrase-2026',
    description: `the new password: ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, not the current one`,
  })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}
