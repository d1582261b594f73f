import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, NoStoredAnswer, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDto } from './auth.dto';
import { AuthService, RetryLaterError, type TokenClaims } from './auth.service';
import type { AuthUser } from './auth.types';
import { SignInThrottlerGuard } from './sign-in-throttle';

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};
const TOO_MANY =
  'TOO_MANY_REQUESTS: too many sign-in attempts from this address or for this username in the window, ' +
  'or the account is locked after repeated wrong passwords; Retry-After says for how long';
const HASHER_BUSY =
  'SERVICE_UNAVAILABLE: too many password checks waiting on this gateway; Retry-After says when to try again';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @NoStoredAnswer()
  @UseGuards(SignInThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: wrong username or password' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY, headers: RETRY_AFTER })
  @ApiServiceUnavailableResponse({ description: HASHER_BUSY, headers: RETRY_AFTER })
  login(@Body() dto: LoginDto, @Res({ passthrough: true }) response: Response): Promise<LoginResponseDto> {
    return withRetryAfter(response, this.auth.login(dto));
  }

  @NoStoredAnswer()
  @UseGuards(SignInThrottlerGuard)
  @Post('password')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "changes the signed-in user's own password (the current one is checked; 12 to 256 characters); " +
      'every session of the account ends, and the answer carries a new token for this one',
  })
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'changed: every earlier token of the account is refused from now on; use this new one',
  })
  @ApiUnprocessableEntityResponse({
    description: 'RULE_VIOLATION: the current password is wrong, or the new one is the same',
  })
  @ApiTooManyRequestsResponse({ description: TOO_MANY, headers: RETRY_AFTER })
  @ApiServiceUnavailableResponse({ description: HASHER_BUSY, headers: RETRY_AFTER })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    return withRetryAfter(response, this.auth.changePassword(user, dto));
  }

  @NoStoredAnswer()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'signs the presented access token out: refused from now on, on every gateway' })
  @ApiNoContentResponse({ description: 'signed out' })
  async logout(@CurrentUser() user: AuthUser, @Req() request: { token?: TokenClaims }): Promise<void> {
    // A stream ticket carries no token (and logout takes no ticket): the guard always set it here.
    await this.auth.logout(user, request.token!);
  }
}

async function withRetryAfter<T>(response: Response, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RetryLaterError) response.setHeader('Retry-After', String(error.waitSeconds));
    throw error;
  }
}
