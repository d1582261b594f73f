import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DataSource } from 'typeorm';
import { jwtSecretOf } from '@app/config';
import { createDataSource } from '@app/persistence';
import { legacyScryptHash } from '@app/persistence/password-hash';
import { SseClient } from '../support/sse';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/gateway/src/auth/auth.service';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { testConfig } from '../support/test-stack';

/**
 * Sessions over HTTP against the real PostgreSQL: what a token carries and how it is checked,
 * the account row deciding on every request, sign-out, the self-service password change, the
 * minimum length, and the upgrade of old password hashes at sign-in.
 */
describe('sessions (gateway + real PostgreSQL)', () => {
  const config = testConfig();
  const run = randomUUID().slice(0, 8);
  const username = (name: string) => `sess-${run}-${name}`;
  let app: INestApplication;
  let dataSource: DataSource;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  const otherDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessions-secret-'));

  async function createAccount(
    name: string,
    roles: string[] = ['CLERK'],
    password = 'first-pass-2026',
  ): Promise<string> {
    const created = await admin.post('/api/admin/users', {
      username: username(name),
      displayName: '会话测试',
      password,
      roles,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }
  const claimsOf = (client: GatewayClient) =>
    JSON.parse(Buffer.from(client.token!.split('.')[1], 'base64url').toString());

  beforeAll(async () => {
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    dataSource = createDataSource(config.databaseUrl!, 2);
    await dataSource.initialize();
    anonymous = new GatewayClient(await app.getUrl());
    admin = await anonymous.login('admin');
  });
  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    fs.rmSync(otherDataDir, { recursive: true, force: true });
  });

  it('signs tokens with iss, aud, jti and the account id only, and refuses one without them or for another audience', async () => {
    const claims = claimsOf(admin);
    expect(claims).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, sub: expect.any(String) });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.user).toBeUndefined();
    expect(claimsOf(await anonymous.login('admin')).jti).not.toBe(claims.jti);

    // Signed with the gateway's own secret: only the claims differ.
    const signer = new JwtService({ secret: jwtSecretOf(config) });
    const sign = (payload: object, options: object) => signer.signAsync(payload, { expiresIn: 600, ...options });
    const right = await sign(
      { sub: claims.sub },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, jwtid: randomUUID() },
    );
    expect((await anonymous.withToken(right).get('/api/admin/users?limit=1')).status).toBe(200);
    for (const [what, token] of [
      [
        'another audience',
        await sign({ sub: claims.sub }, { issuer: TOKEN_ISSUER, audience: 'someone-else', jwtid: randomUUID() }),
      ],
      [
        'another issuer',
        await sign({ sub: claims.sub }, { issuer: 'someone-else', audience: TOKEN_AUDIENCE, jwtid: randomUUID() }),
      ],
      ['no jti', await sign({ sub: claims.sub }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE })],
      ['no sub', await sign({}, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, jwtid: randomUUID() })],
    ] as const) {
      const answer = await anonymous.withToken(token).get('/api/admin/users?limit=1');
      expect({ what, status: answer.status, code: answer.body.code }).toEqual({
        what,
        status: 401,
        code: 'UNAUTHORIZED',
      });
    }
  });

  it("signs with the data folder's own secret: a gateway on another data folder refuses the token", async () => {
    expect(fs.statSync(path.join(config.dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    const other = await createGateway({ ...config, dataDir: otherDataDir });
    try {
      await other.listen(0, '127.0.0.1');
      const elsewhere = new GatewayClient(await other.getUrl());
      expect((await elsewhere.withToken(admin.token!).get('/api/meta/territory')).status).toBe(401);
      expect((await (await elsewhere.login('admin')).get('/api/meta/territory')).status).toBe(200);
    } finally {
      await other.close();
    }
    expect(jwtSecretOf({ ...config, dataDir: otherDataDir })).not.toBe(jwtSecretOf(config));
  });

  it('lets the account row decide on every request: changed roles apply to the same token, a disabled account is refused', async () => {
    const id = await createAccount('row', ['CLERK']);
    const person = await anonymous.login(username('row'), 'first-pass-2026');
    expect((await person.get('/api/admin/users?limit=1')).status).toBe(403);

    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { roles: ['ADMIN'] })).status).toBe(200);
    expect((await person.get('/api/admin/users?limit=1')).status).toBe(200);

    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { roles: ['CLERK'] })).status).toBe(200);
    expect((await person.get('/api/admin/users?limit=1')).status).toBe(403);

    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { active: false })).status).toBe(200);
    expect(await person.get('/api/meta/territory')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
  });

  it("signs a token out on logout, on every request after, and leaves the person's other sessions alone", async () => {
    await createAccount('logout');
    const first = await anonymous.login(username('logout'), 'first-pass-2026');
    const second = await anonymous.login(username('logout'), 'first-pass-2026');
    expect((await first.get('/api/meta/territory')).status).toBe(200);

    expect((await first.post('/api/auth/logout')).status).toBe(204);
    const refused = await first.get('/api/meta/territory');
    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(String(refused.body.message)).toMatch(/signed out/);
    expect((await first.post('/api/auth/logout')).status).toBe(401);
    expect((await second.get('/api/meta/territory')).status).toBe(200);
    expect((await anonymous.post('/api/auth/logout')).status).toBe(401);

    const claims = claimsOf(first);
    const [row] = await dataSource.query(
      `SELECT extract(epoch FROM expires_at)::bigint AS exp FROM revoked_tokens WHERE jti = $1`,
      [claims.jti],
    );
    expect(Number(row.exp)).toBe(claims.exp);
  });

  it("changes one's own password with the current one, 12 characters at least, ending every other session", async () => {
    await createAccount('change');
    const person = await anonymous.login(username('change'), 'first-pass-2026');

    const wrong = await person.post('/api/auth/password', {
      currentPassword: 'not-my-password',
      newPassword: 'second-pass-2026',
    });
    expect(wrong).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
    expect(String(wrong.body.message)).toMatch(/currentPassword/);
    const short = await person.post('/api/auth/password', {
      currentPassword: 'first-pass-2026',
      newPassword: 'eleven-char',
    });
    expect(short).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(String(short.body.message)).toMatch(/newPassword/);
    expect(
      (
        await anonymous.post('/api/auth/password', {
          currentPassword: 'first-pass-2026',
          newPassword: 'second-pass-2026',
        })
      ).status,
    ).toBe(401);

    const otherDevice = await anonymous.login(username('change'), 'first-pass-2026');
    const changed = await person.post('/api/auth/password', {
      currentPassword: 'first-pass-2026',
      newPassword: 'second-pass-2026',
    });
    expect(changed).toMatchObject({ status: 200, body: { accessToken: expect.any(String) } });
    expect(changed.body.user.username).toBe(username('change'));
    // Every earlier session of the account ends, this one's token and the other device's alike;
    // the token in the answer keeps this one signed in.
    for (const earlier of [person, otherDevice]) {
      const refused = await earlier.get('/api/meta/territory');
      expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
      expect(String(refused.body.message)).toMatch(/password was changed/);
    }
    const renewed = person.withToken(changed.body.accessToken);
    expect((await renewed.get('/api/meta/territory')).status).toBe(200);
    expect(claimsOf(renewed).sv).toBe(claimsOf(person).sv + 1);
    expect(
      (await anonymous.post('/api/auth/login', { username: username('change'), password: 'first-pass-2026' })).status,
    ).toBe(401);
    expect(
      (await anonymous.post('/api/auth/login', { username: username('change'), password: 'second-pass-2026' })).status,
    ).toBe(200);
  });

  it("keeps a live stream working after a password change: a ticket carries the new token's session version", async () => {
    const created = await admin.post('/api/admin/users', {
      username: username('stream'),
      displayName: '会话测试',
      password: 'first-pass-2026',
      roles: ['SUPERVISOR'],
      centerCode: 'TJ',
      supervisorLevel: 1,
    });
    expect(created.status).toBe(201);
    const person = await anonymous.login(username('stream'), 'first-pass-2026');
    const changed = await person.post('/api/auth/password', {
      currentPassword: 'first-pass-2026',
      newPassword: 'second-pass-2026',
    });
    expect(changed.status).toBe(200);
    const renewed = person.withToken(changed.body.accessToken);
    const bought = await renewed.post('/api/alerts/stream-ticket');
    expect(bought.status).toBe(200);
    const stream = new SseClient(`${await app.getUrl()}/api/alerts/stream?ticket=${bought.body.ticket}`);
    expect(await stream.open()).toBe(200);
    await stream.close();
  });

  it('refuses an account password under 12 characters from the admin API too, and a password set there ends the sessions', async () => {
    const created = await admin.post('/api/admin/users', {
      username: username('short'),
      displayName: '短',
      password: 'eleven-char',
      roles: ['CLERK'],
    });
    expect(created).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(String(created.body.message)).toMatch(/password/);
    const id = await createAccount('long');
    expect(await admin.request('PATCH', `/api/admin/users/${id}`, { password: 'eleven-char' })).toMatchObject({
      status: 400,
    });
    const person = await anonymous.login(username('long'), 'first-pass-2026');
    expect((await person.get('/api/meta/territory')).status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { password: 'twelve-chars' })).status).toBe(200);
    // A password set by the admin ends the person's sessions too.
    expect((await person.get('/api/meta/territory')).status).toBe(401);
    expect((await (await anonymous.login(username('long'), 'twelve-chars')).get('/api/meta/territory')).status).toBe(
      200,
    );
  });

  it('replaces an old scrypt hash with argon2id at the next successful sign-in', async () => {
    const name = username('legacy');
    const old = await legacyScryptHash('legacy-pass-2026', randomBytes(16));
    await dataSource.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles) VALUES ($1, $2, '旧密码', $3, '{CLERK}')`,
      [randomUUID(), name, old],
    );

    expect((await anonymous.post('/api/auth/login', { username: name, password: 'wrong-pass-2026' })).status).toBe(401);
    expect(
      (await dataSource.query(`SELECT password_hash FROM users WHERE username = $1`, [name]))[0].password_hash,
    ).toBe(old);

    expect((await anonymous.post('/api/auth/login', { username: name, password: 'legacy-pass-2026' })).status).toBe(
      200,
    );
    const [{ password_hash: upgraded }] = await dataSource.query(
      `SELECT password_hash FROM users WHERE username = $1`,
      [name],
    );
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await anonymous.post('/api/auth/login', { username: name, password: 'legacy-pass-2026' })).status).toBe(
      200,
    );
  });
});
