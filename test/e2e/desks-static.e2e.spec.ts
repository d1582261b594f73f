import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { testConfig } from '../support/test-stack';

/** The built desks (dist/desks, from `npm run build`) served by the real gateway beside its API. */
describe('the desks in the gateway (real PostgreSQL and Temporal)', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createGateway(testConfig());
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers the app at / and at deep links, and the API, docs and health as before', async () => {
    for (const page of ['/', '/counter', '/p/ABCD2345']) {
      const response = await fetch(base + page);
      expect([page, response.status, response.headers.get('content-type')]).toEqual([
        page,
        200,
        expect.stringMatching(/^text\/html/),
      ]);
      // The build (its hashed bundle), not the sources' index.html.
      expect(await response.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    }
    const unknown = await fetch(`${base}/api/unknown`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await fetch(`${base}/health`)).headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(document.paths).toHaveProperty(['/api/disputes']);
  });

  it('sends security headers: a content security policy on the desks, no-store on API answers, the OpenAPI UI without the CSP', async () => {
    const page = await fetch(`${base}/counter`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const api = await fetch(`${base}/api/public/cases/ZZZZZZZZ`);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'self'");
    const docs = await fetch(`${base}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBeNull();
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
