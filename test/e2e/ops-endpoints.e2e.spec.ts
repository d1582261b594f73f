import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'crypto';
import { freePort } from '@app/stack';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { testConfig } from '../support/test-stack';

const OPS = ['/metrics', '/docs-json', '/docs', '/docs-yaml'];

/** What a GET answers, with and without a bearer token. */
async function statusOf(baseUrl: string, path: string, token?: string): Promise<number> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

/** /metrics and /docs: open in development and tests, ADMIN only in production unless reached on OPS_PORT. */
describe("the operators' endpoints in development and in production (gateway + real PostgreSQL)", () => {
  describe('outside production', () => {
    let app: INestApplication;
    let baseUrl: string;
    beforeAll(async () => {
      app = await createGateway(testConfig());
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
    });
    afterAll(() => app?.close());

    it('serves /metrics, /docs and /docs-json without a token (the contract test reads /docs-json)', async () => {
      for (const path of OPS) expect({ path, status: await statusOf(baseUrl, path) }).toEqual({ path, status: 200 });
      expect(((await (await fetch(`${baseUrl}/docs-json`)).json()) as { openapi: string }).openapi).toMatch(/^3\./);
    });
  });

  describe('with NODE_ENV=production', () => {
    let app: INestApplication;
    let baseUrl: string;
    let opsPort: number;
    let anonymous: GatewayClient;
    beforeAll(async () => {
      opsPort = await freePort();
      app = await createGateway(
        testConfig({ NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'), OPS_PORT: String(opsPort) }),
      );
      await app.listen(0, '127.0.0.1');
      baseUrl = await app.getUrl();
      anonymous = new GatewayClient(baseUrl);
    });
    afterAll(() => app?.close());

    it("refuses /metrics, /docs and /docs-json without a token (401) and to a role other than ADMIN (403), with the API's error body", async () => {
      const clerk = await anonymous.login('clerk1');
      for (const path of OPS) {
        expect({ path, status: await statusOf(baseUrl, path) }).toEqual({ path, status: 401 });
        expect({ path, status: await statusOf(baseUrl, path, clerk.token) }).toEqual({ path, status: 403 });
      }
      expect(await anonymous.get('/metrics')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
      expect(await clerk.get('/docs-json')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      // The UI's assets too.
      expect(await statusOf(baseUrl, '/docs/swagger-ui.css')).toBe(401);
      // The rest of the gateway is as before.
      expect(await statusOf(baseUrl, '/health')).toBe(200);
    });

    it('serves them to an ADMIN token', async () => {
      const admin = await anonymous.login('admin');
      for (const path of OPS)
        expect({ path, status: await statusOf(baseUrl, path, admin.token) }).toEqual({ path, status: 200 });
      expect((await admin.get('/metrics')).body).toContain('http_request_duration_seconds');
    });

    it('serves them without a token on OPS_PORT, and nothing else there', async () => {
      const ops = `http://127.0.0.1:${opsPort}`;
      for (const path of OPS) expect({ path, status: await statusOf(ops, path) }).toEqual({ path, status: 200 });
      expect(await (await fetch(`${ops}/metrics`)).text()).toContain('http_request_duration_seconds');
      expect(await statusOf(ops, '/api/admin/users')).toBe(404);
      expect(await statusOf(ops, '/health')).toBe(404);
      expect(await statusOf(ops, '/')).toBe(404);
    });
  });
});
