import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { testConfig } from '../support/test-stack';

/** Issue 14: a crafted paging cursor and deeply nested JSON answered 500; both are bad input (400). */
describe('hostile input answers 400, never 500 (gateway + real PostgreSQL)', () => {
  const config = testConfig();
  let app: INestApplication;
  let anonymous: GatewayClient;
  let clerk: GatewayClient;

  beforeAll(async () => {
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    clerk = await anonymous.login('clerk1');
  });
  afterAll(async () => app?.close());

  const crafted = (key: string) =>
    encodeURIComponent(
      Buffer.from(JSON.stringify([key, '00000000-0000-4000-8000-000000000000'])).toString('base64url'),
    );

  it('a cursor in the right wrapping with a key that is no timestamp is refused as a cursor no list handed out (422), like any other', async () => {
    const supervisor = await anonymous.login('supervisor2');
    const lists: [GatewayClient, string][] = [
      [clerk, '/api/disputes?'],
      [supervisor, '/api/alerts?'],
      [clerk, '/api/disputes/duplicates?phone=13800000000&'],
    ];
    for (const [who, path] of lists) {
      for (const key of ['not-a-date', '2026-02-30 00:00:00+00']) {
        const answer = await who.get(`${path}cursor=${crafted(key)}`);
        // Before: the key reached PostgreSQL ("invalid input syntax for type timestamp with time zone") and answered 500.
        expect({ path, key, status: answer.status, code: answer.body.code }).toEqual({
          path,
          key,
          status: 422,
          code: 'RULE_VIOLATION',
        });
      }
    }
  });

  it('a body nested 20,000 levels deep is refused with a message naming where, not a 500', async () => {
    const deep = `{"summary":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const answer = await clerk.postRaw('/api/disputes', deep);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.message)).toContain('nested deeper than');
    const deepObject = `{"summary":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    expect((await clerk.postRaw('/api/disputes', deepObject)).status).toBe(400);
  });
});
