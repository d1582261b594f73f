import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'crypto';
import { jwtSecretOf } from '@app/config';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/gateway/src/auth/auth.service';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient } from '../support/http';
import { SseClient } from '../support/sse';
import { testConfig } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * The live streams' limits over HTTP (gateway + real PostgreSQL): at most STREAM_MAX_PER_USER
 * open at once per account (5 by default), and a stream ends when its token expires, is signed
 * out, or its account is deactivated (checked every STREAM_CHECK_INTERVAL_MS, short here).
 */
describe('live stream limits (gateway + real PostgreSQL)', () => {
  const config = testConfig({ STREAM_CHECK_INTERVAL_MS: '200' });
  const run = randomUUID().slice(0, 8);
  let app: INestApplication;
  let baseUrl: string;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  const streams: SseClient[] = [];

  beforeAll(async () => {
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    anonymous = new GatewayClient(baseUrl);
    admin = await anonymous.login('admin');
  });
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await app?.close();
  });

  const open = async (path: string, token?: string) => {
    const stream = new SseClient(`${baseUrl}${path}`, token);
    streams.push(stream);
    return { stream, status: await stream.open() };
  };
  /** An account of this file's own, signed in. */
  const account = async (name: string, roles: string[], extra: Record<string, unknown> = {}) => {
    const created = await admin.post('/api/admin/users', {
      username: `streams-${run}-${name}`,
      displayName: '流测试',
      password: 'stream-pass-2026',
      roles,
      ...extra,
    });
    expect(created.status).toBe(201);
    return {
      id: created.body.id as string,
      client: await anonymous.login(`streams-${run}-${name}`, 'stream-pass-2026'),
    };
  };
  const ended = (stream: SseClient, reason: string) =>
    waitFor(
      `the stream to end (${reason})`,
      async () => (stream.endedByServer ? stream.events.find((e) => e.event === 'end') : undefined),
      30_000,
    );

  it('refuses the sixth stream of one account with 429 and a clear error, counts alerts and tasks together, and frees a slot when one closes', async () => {
    const { client } = await account('cap', ['SUPERVISOR', 'MEDIATOR'], {
      supervisorLevel: 2,
      unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE],
    });
    const opened = [];
    for (let i = 0; i < 3; i += 1) opened.push(await open('/api/alerts/stream', client.token));
    for (let i = 0; i < 2; i += 1) opened.push(await open('/api/tasks/stream', client.token));
    expect(opened.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);

    const sixth = await fetch(`${baseUrl}/api/alerts/stream`, {
      headers: { authorization: `Bearer ${client.token}`, accept: 'text/event-stream' },
    });
    expect(sixth.status).toBe(429);
    expect(await sixth.json()).toMatchObject({
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('at most 5 live streams'),
    });
    // Through a ticket, the same count.
    const ticket = (await client.post('/api/alerts/stream-ticket')).body.ticket;
    expect((await fetch(`${baseUrl}/api/alerts/stream?ticket=${ticket}`)).status).toBe(429);
    // Another account is not affected.
    expect((await open('/api/alerts/stream', (await anonymous.login('supervisor2')).token)).status).toBe(200);

    await opened[0].stream.close();
    // The slot is free once the gateway has seen the connection close.
    await waitFor('a free slot', async () => {
      const again = new SseClient(`${baseUrl}/api/alerts/stream`, client.token);
      const status = await again.open();
      if (status === 200) {
        streams.push(again);
        return status;
      }
      return undefined;
    });
  });

  it('ends a stream when its account is deactivated', async () => {
    const { id, client } = await account('deactivated', ['SUPERVISOR'], { supervisorLevel: 2 });
    const { stream, status } = await open('/api/alerts/stream', client.token);
    expect(status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { active: false })).status).toBe(200);
    expect((await ended(stream, 'account deactivated')).data).toEqual({ reason: 'ACCOUNT_INACTIVE' });
  });

  it('ends a stream opened with a ticket when the token that bought the ticket is signed out', async () => {
    const { client } = await account('signed-out', ['MEDIATOR'], {
      unitIds: [DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE],
    });
    const ticket = (await client.post('/api/tasks/stream-ticket')).body.ticket;
    const { stream, status } = await open(`/api/tasks/stream?ticket=${ticket}`);
    expect(status).toBe(200);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await ended(stream, 'signed out')).data).toEqual({ reason: 'SIGNED_OUT' });
  });

  it('ends a stream when its token expires', async () => {
    const { id } = await account('expiring', ['SUPERVISOR'], { supervisorLevel: 2 });
    // A token of the gateway's own secret that lives two seconds (the shortest JWT_TTL_SECONDS is a minute).
    const token = await new JwtService({ secret: jwtSecretOf(config) }).signAsync(
      { sub: id },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, jwtid: randomUUID(), expiresIn: 2 },
    );
    const { stream, status } = await open('/api/alerts/stream', token);
    expect(status).toBe(200);
    expect((await ended(stream, 'token expired')).data).toEqual({ reason: 'TOKEN_EXPIRED' });
  });
});
