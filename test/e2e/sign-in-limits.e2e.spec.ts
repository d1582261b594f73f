import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { hashPassword } from '@app/persistence/password-hash';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { testConfig } from '../support/test-stack';

interface Answer {
  status: number;
  body: { code?: string; message?: string | string[]; accessToken?: string };
  retryAfter: string | undefined;
}

/**
 * POST /api/auth/login from a given loopback address (the whole of 127.0.0.0/8 reaches the
 * gateway on 127.0.0.1). Every other suite signs in from 127.0.0.1, and the counters live in the
 * database all gateways of the run share: this file uses addresses of its own.
 */
function loginFrom(
  baseUrl: string,
  from: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL('/api/auth/login', baseUrl);
  const raw = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(raw),
          connection: 'close',
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const header = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            body: text ? JSON.parse(text) : {},
            retryAfter: Array.isArray(header) ? header[0] : header,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(raw);
  });
}

/**
 * The sign-in limits with low values, on two gateways sharing the database: per client address,
 * per username, the account lock after consecutive wrong passwords, and the 429 every refusal
 * answers (the API's error body, Retry-After in seconds). The window is an hour, so no count
 * runs out while the test runs.
 */
describe('sign-in limits (two gateways + real PostgreSQL)', () => {
  const config = testConfig({
    LOGIN_LIMIT_PER_ADDRESS: '5',
    LOGIN_LIMIT_PER_USERNAME: '6',
    LOGIN_LIMIT_WINDOW_SECONDS: '3600',
    LOGIN_LOCKOUT_FAILURES: '3',
    LOGIN_LOCKOUT_SECONDS: '900',
  });
  const run = randomUUID().slice(0, 8);
  const PASSWORD = 'limits-pass-2026';
  let gatewayA: INestApplication;
  let gatewayB: INestApplication;
  let urlA: string;
  let urlB: string;
  let dataSource: DataSource;
  // Each test takes addresses of its own: 127.0.0.2 and up.
  let nextAddress = 2;
  const address = () => `127.0.0.${nextAddress++}`;

  async function createAccount(name: string): Promise<string> {
    const username = `limits-${run}-${name}`;
    await dataSource.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)`,
      [randomUUID(), username, '限流测试', await hashPassword(PASSWORD), ['CLERK']],
    );
    return username;
  }

  function expectRefused(answer: Answer, about: RegExp): void {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(answer.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(String(answer.body.message)).toMatch(about);
    expect(answer.retryAfter).toMatch(/^\d+$/);
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  }

  beforeAll(async () => {
    dataSource = createDataSource(config.databaseUrl!, 2);
    await dataSource.initialize();
    gatewayA = await createGateway(config);
    await gatewayA.listen(0, '127.0.0.1');
    gatewayB = await createGateway(config);
    await gatewayB.listen(0, '127.0.0.1');
    urlA = await gatewayA.getUrl();
    urlB = await gatewayB.getUrl();
  });
  afterAll(async () => {
    await gatewayA?.close();
    await gatewayB?.close();
    await dataSource?.destroy();
  });

  it('refuses the sixth attempt from one address in the window with 429 and Retry-After, whatever the account; another address still signs in', async () => {
    const from = address();
    const clerk = await createAccount('address');
    for (let i = 0; i < 5; i += 1)
      expect((await loginFrom(urlA, from, `nobody-${run}-${i}`, 'wrong-password')).status).toBe(401);
    const refused = await loginFrom(urlA, from, clerk, PASSWORD);
    expectRefused(refused, /from this address/);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
    expect(refused.body.accessToken).toBeUndefined();
    expect((await loginFrom(urlA, address(), clerk, PASSWORD)).status).toBe(200);
  });

  it('counts an address across gateways: the storage is PostgreSQL, not one process', async () => {
    const from = address();
    for (let i = 0; i < 3; i += 1)
      expect((await loginFrom(urlA, from, `nobody-${run}-a${i}`, 'wrong-password')).status).toBe(401);
    for (let i = 0; i < 2; i += 1)
      expect((await loginFrom(urlB, from, `nobody-${run}-b${i}`, 'wrong-password')).status).toBe(401);
    expectRefused(await loginFrom(urlB, from, `nobody-${run}-b9`, 'wrong-password'), /from this address/);
    expectRefused(await loginFrom(urlA, from, `nobody-${run}-a9`, 'wrong-password'), /from this address/);
  });

  it('refuses the seventh attempt for one username, from any address and on any gateway', async () => {
    const ghost = `ghost-${run}`;
    for (let i = 0; i < 6; i += 1)
      expect((await loginFrom(i % 2 ? urlB : urlA, address(), ghost, `guess-${i}`)).status).toBe(401);
    expectRefused(await loginFrom(urlA, address(), ghost, 'guess-7'), /for this username/);
    // Another name from a fresh address is not affected.
    expect((await loginFrom(urlA, address(), `other-${run}`, 'guess')).status).toBe(401);
  });

  it('locks an account after three wrong passwords in a row: even the right one is refused for the lock time', async () => {
    const victim = await createAccount('locked');
    const bystander = await createAccount('bystander');
    for (let i = 0; i < 3; i += 1) {
      const wrong = await loginFrom(i % 2 ? urlB : urlA, address(), victim, `wrong-${i}`);
      expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    }
    const refused = await loginFrom(urlB, address(), victim, PASSWORD);
    expectRefused(refused, /locked/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(600); // 900 s from the third failure
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(900);
    const [row] = await dataSource.query(
      `SELECT locked_until > now() + interval '10 minutes' AS locked FROM users WHERE username = $1`,
      [victim],
    );
    expect(row.locked).toBe(true);
    expect((await loginFrom(urlA, address(), bystander, PASSWORD)).status).toBe(200);
  });

  it('counts the address X-Forwarded-For names only behind a proxy TRUST_PROXY trusts', async () => {
    const behindProxy = await createGateway({ ...config, trustProxy: 'loopback' });
    try {
      await behindProxy.listen(0, '127.0.0.1');
      const proxyUrl = await behindProxy.getUrl();
      // One proxy (this loopback address), two clients behind it: each has its own count.
      const proxy = address();
      const forwarded = (client: string) => ({ 'x-forwarded-for': client });
      for (let i = 0; i < 5; i += 1)
        expect(
          (await loginFrom(proxyUrl, proxy, `nobody-${run}-p${i}`, 'wrong', forwarded('203.0.113.7'))).status,
        ).toBe(401);
      expectRefused(
        await loginFrom(proxyUrl, proxy, `nobody-${run}-p9`, 'wrong', forwarded('203.0.113.7')),
        /from this address/,
      );
      expect((await loginFrom(proxyUrl, proxy, `nobody-${run}-q0`, 'wrong', forwarded('203.0.113.8'))).status).toBe(
        401,
      );
    } finally {
      await behindProxy.close();
    }
    // Without TRUST_PROXY the header is ignored: a client cannot choose the address it is counted under.
    const direct = address();
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await loginFrom(urlA, direct, `nobody-${run}-d${i}`, 'wrong', { 'x-forwarded-for': `198.51.100.${i}` }))
          .status,
      ).toBe(401);
    }
    expectRefused(
      await loginFrom(urlA, direct, `nobody-${run}-d9`, 'wrong', { 'x-forwarded-for': '198.51.100.99' }),
      /from this address/,
    );
  });

  it('starts the count again after a successful sign-in: failures must be in a row to lock', async () => {
    const clerk = await createAccount('reset');
    for (let i = 0; i < 2; i += 1) expect((await loginFrom(urlA, address(), clerk, 'wrong')).status).toBe(401);
    expect((await loginFrom(urlA, address(), clerk, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await loginFrom(urlA, address(), clerk, 'wrong')).status).toBe(401);
    expect((await loginFrom(urlA, address(), clerk, PASSWORD)).status).toBe(200);
  });
});
