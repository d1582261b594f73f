import { createSecretKey } from 'crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule, type JwtModuleOptions } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { type AppConfig, jwtSecretOf } from '@app/config';
import { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import { APP_CONFIG } from '../infrastructure/config.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.service';
import { PgThrottlerStorage, SignInThrottlerGuard, signInThrottlerOptions } from './sign-in-throttle';

/**
 * Tokens are HS256 under JWT_SECRET, or outside production the data folder's own random secret.
 * The secret is handed over as a KeyObject: given a string, jsonwebtoken first tries it as a PEM
 * public key on every verification and every signature, and only after that fails as a secret:
 * 5 % of the gateway's CPU under intake load (docs/benchmarks.md, issue 16). Same bytes, same tokens.
 */
export function jwtOptionsOf(config: AppConfig): JwtModuleOptions {
  return {
    secret: createSecretKey(Buffer.from(jwtSecretOf(config), 'utf8')),
    signOptions: {
      expiresIn: config.jwtTtlSeconds,
      algorithm: 'HS256',
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    },
    verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  };
}

@Module({
  imports: [
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: jwtOptionsOf }),
    // Only the sign-in routes are throttled (SignInThrottlerGuard on them), counted in PostgreSQL.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, SignInRepository],
      useFactory: (config: AppConfig, signIn: SignInRepository) =>
        signInThrottlerOptions(config.signIn, new PgThrottlerStorage(signIn)),
    }),
  ],
  controllers: [AuthController],
  // AuthGuard also as itself: the operators' paths outside Nest's routes (/docs) ask it too.
  providers: [AuthService, SignInThrottlerGuard, AuthGuard, { provide: APP_GUARD, useExisting: AuthGuard }],
})
export class AuthModule {}
