import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'crypto';
import { loadConfig } from '@app/config';
import type { UserEntity } from '@app/persistence/entities/user.entity';
import * as hashing from '@app/persistence/password-hash';
import type { SignInRepository } from '@app/persistence/repositories/sign-in.repository';
import type { UserRepository } from '@app/persistence/repositories/user.repository';
import type { AuditService } from '../audit/audit.service';
import { AuthService, RetryLaterError, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.service';

jest.mock('@app/persistence/password-hash', () => {
  const actual = jest.requireActual('@app/persistence/password-hash');
  return { ...actual, verifyPassword: jest.fn(actual.verifyPassword) };
});
const verifyPassword = hashing.verifyPassword as jest.MockedFunction<typeof hashing.verifyPassword>;

const ACCOUNT_ID = '00000000-0000-4000-8000-00000000a001';

function account(passwordHash: string): UserEntity {
  return {
    id: ACCOUNT_ID,
    username: 'clerk9',
    displayName: '测试',
    passwordHash,
    roles: ['CLERK'],
    centerCode: null,
    unitIds: [],
    supervisorLevel: null,
    gridCode: null,
    active: true,
    sessionVersion: 3,
  };
}

function service(user: UserEntity | null, env: Record<string, string> = {}) {
  const users = { findActiveByUsername: jest.fn(async () => user), findActiveById: jest.fn(async () => user) };
  const signIn = {
    lockedFor: jest.fn(async () => 0),
    recordFailure: jest.fn(async () => 0),
    recordSuccess: jest.fn(async () => undefined),
    setPasswordHash: jest.fn(async (_id: string, passwordHash: string) =>
      user ? { ...user, passwordHash, sessionVersion: user.sessionVersion + 1 } : null,
    ),
    revoke: jest.fn(async () => undefined),
  };
  const jwt = new JwtService({
    secret: 's'.repeat(32),
    signOptions: { expiresIn: 60, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
  });
  const audit = {
    signedIn: jest.fn(async () => undefined),
    signInFailed: jest.fn(async () => undefined),
    record: jest.fn(async () => undefined),
  };
  const auth = new AuthService(
    users as unknown as UserRepository,
    signIn as unknown as SignInRepository,
    jwt,
    loadConfig(env),
    audit as unknown as AuditService,
  );
  return { auth, users, signIn, jwt, audit };
}

describe('AuthService', () => {
  beforeEach(() => verifyPassword.mockClear());

  it('checks an unknown username against a dummy hash at the current parameters, as long as a known one', async () => {
    const { auth, signIn } = service(null);
    await expect(auth.login({ username: 'nobody', password: 'demo-pass-2026' })).rejects.toMatchObject({ status: 401 });
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(verifyPassword).toHaveBeenCalledWith('demo-pass-2026', await hashing.dummyPasswordHash());
    expect(signIn.recordFailure).not.toHaveBeenCalled(); // no account, nothing to lock
  });

  it('replaces an old-scheme hash at a successful sign-in, and signs a token with iss, aud, jti, sub and the session version only', async () => {
    const old = await hashing.legacyScryptHash('demo-pass-2026', randomBytes(16));
    const { auth, signIn, jwt } = service(account(old));
    const answer = await auth.login({ username: 'clerk9', password: 'demo-pass-2026' });
    const [[id, upgraded]] = signIn.recordSuccess.mock.calls as unknown as [string, string][];
    expect(id).toBe(ACCOUNT_ID);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(hashing.verifyPassword('demo-pass-2026', upgraded)).resolves.toBe(true);

    const claims = jwt.decode(answer.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: ACCOUNT_ID, sv: 3, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims).not.toHaveProperty('user'); // roles come from the account row, not the token
  });

  it('keeps a current hash as it is', async () => {
    const { auth, signIn } = service(account(await hashing.hashPassword('demo-pass-2026')));
    await auth.login({ username: 'clerk9', password: 'demo-pass-2026' });
    expect(signIn.recordSuccess).toHaveBeenCalledWith(ACCOUNT_ID, undefined);
  });

  it('counts a wrong password toward the lock, and refuses a locked account with 429 without hashing', async () => {
    const { auth, signIn } = service(account(await hashing.hashPassword('demo-pass-2026')), {
      LOGIN_LOCKOUT_FAILURES: '4',
      LOGIN_LOCKOUT_SECONDS: '120',
    });
    await expect(auth.login({ username: 'clerk9', password: 'wrong-pass-2026' })).rejects.toMatchObject({
      status: 401,
    });
    expect(signIn.recordFailure).toHaveBeenCalledWith(ACCOUNT_ID, 4, 120);

    verifyPassword.mockClear();
    signIn.lockedFor.mockResolvedValueOnce(95);
    const refusal = await auth
      .login({ username: 'clerk9', password: 'demo-pass-2026' })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RetryLaterError);
    expect(refusal).toMatchObject({ status: 429, waitSeconds: 95, code: 'TOO_MANY_REQUESTS' });
    expect(verifyPassword).not.toHaveBeenCalled();
  });

  it('bounds the hashes running at once: past the queue, 503 with a wait', async () => {
    const { auth } = service(null, { PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '0' });
    let finish!: (value: boolean) => void;
    verifyPassword.mockImplementationOnce(() => new Promise<boolean>((resolve) => (finish = resolve)));
    const first = auth.login({ username: 'nobody', password: 'demo-pass-2026' });
    await new Promise((resolve) => setImmediate(resolve)); // the first holds the only slot
    const refusal = await auth
      .login({ username: 'nobody', password: 'demo-pass-2026' })
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ status: 503, waitSeconds: 1, code: 'SERVICE_UNAVAILABLE' });
    finish(false);
    await expect(first).rejects.toMatchObject({ status: 401 });
    // The slot is free again.
    await expect(auth.login({ username: 'nobody', password: 'demo-pass-2026' })).rejects.toMatchObject({ status: 401 });
  });

  it('changes the password only with the current one, to a different one, and answers a token of the new session version', async () => {
    const { auth, signIn, audit, jwt } = service(account(await hashing.hashPassword('demo-pass-2026')));
    const user = { id: ACCOUNT_ID, username: 'clerk9', roles: [], unitIds: [] };
    await expect(
      auth.changePassword(user, { currentPassword: 'wrong-pass-2026', newPassword: 'a-new-passphrase' }),
    ).rejects.toMatchObject({ status: 422 });
    expect(signIn.recordFailure).toHaveBeenCalledTimes(1);
    expect(audit.signInFailed).toHaveBeenCalledWith('clerk9', 'wrong current password (password change)', ACCOUNT_ID);
    await expect(
      auth.changePassword(user, { currentPassword: 'demo-pass-2026', newPassword: 'demo-pass-2026' }),
    ).rejects.toMatchObject({ status: 422 });
    const answer = await auth.changePassword(user, {
      currentPassword: 'demo-pass-2026',
      newPassword: 'a-new-passphrase',
    });
    const [[, stored]] = signIn.setPasswordHash.mock.calls as unknown as [string, string][];
    await expect(hashing.verifyPassword('a-new-passphrase', stored)).resolves.toBe(true);
    // The answer's token is signed under the account's new session version (the old ones are refused).
    expect(jwt.decode(answer.accessToken)).toMatchObject({ sub: ACCOUNT_ID, sv: 4 });
  });

  it('records sign-ins, refused sign-ins (with the name tried and why), a password change and a sign-out in the audit trail, never a password', async () => {
    const { auth, signIn, audit } = service(account(await hashing.hashPassword('demo-pass-2026')));
    await auth.login({ username: 'clerk9', password: 'demo-pass-2026' });
    expect(audit.signedIn).toHaveBeenCalledWith({ id: ACCOUNT_ID, username: 'clerk9' }, {});
    await expect(auth.login({ username: 'clerk9', password: 'wrong-pass-2026' })).rejects.toMatchObject({
      status: 401,
    });
    expect(audit.signInFailed).toHaveBeenLastCalledWith('clerk9', 'wrong password', ACCOUNT_ID);
    signIn.lockedFor.mockResolvedValueOnce(60);
    await expect(auth.login({ username: 'clerk9', password: 'demo-pass-2026' })).rejects.toMatchObject({ status: 429 });
    expect(audit.signInFailed).toHaveBeenLastCalledWith('clerk9', 'account locked', ACCOUNT_ID);

    const user = { id: ACCOUNT_ID, username: 'clerk9', roles: [], unitIds: [] };
    await auth.changePassword(user, { currentPassword: 'demo-pass-2026', newPassword: 'a-new-passphrase' });
    expect(audit.record).toHaveBeenCalledWith(
      'PASSWORD_CHANGED',
      expect.objectContaining({ actorId: ACCOUNT_ID, targetId: ACCOUNT_ID }),
    );
    await auth.logout(user, { sub: ACCOUNT_ID, jti: 'jti-1', exp: Math.floor(Date.now() / 1000) + 60 });
    expect(audit.record).toHaveBeenCalledWith(
      'SIGN_OUT',
      expect.objectContaining({ actorId: ACCOUNT_ID, details: { tokenId: 'jti-1' } }),
    );
    expect(
      JSON.stringify([audit.signedIn.mock.calls, audit.signInFailed.mock.calls, audit.record.mock.calls]),
    ).not.toMatch(/pass-2026|passphrase|argon/);
  });

  it('records a refused sign-in under an unknown name without an account id', async () => {
    const { auth, audit } = service(null);
    await expect(auth.login({ username: 'nobody', password: 'demo-pass-2026' })).rejects.toMatchObject({ status: 401 });
    expect(audit.signInFailed).toHaveBeenCalledWith('nobody', 'unknown or inactive username', undefined);
  });
});
