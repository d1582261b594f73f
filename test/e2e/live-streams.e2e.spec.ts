import type { INestApplication } from '@nestjs/common';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { SseClient } from '../support/sse';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

describe("live streams for the desks: stream tickets, Last-Event-ID, the mediators' pools (gateway + worker + real servers)", () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let baseUrl: string;
  const as: Record<string, GatewayClient> = {};
  const streams: SseClient[] = [];

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const anonymous = new GatewayClient(baseUrl);
    for (const name of ['clerk1', 'mediator1', 'mediator2', 'mediator3', 'supervisor2'])
      as[name] = await anonymous.login(name);
  });
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await app?.close();
    await harness?.stop();
  });

  const open = async (path: string, token?: string, headers?: Record<string, string>) => {
    const stream = new SseClient(`${baseUrl}${path}`, token, headers);
    streams.push(stream);
    return { stream, status: await stream.open() };
  };
  const ticketOf = async (who: GatewayClient, path: string) => {
    const answer = await who.post(path);
    expect(answer.status).toBe(200);
    return answer.body.ticket as string;
  };
  const routedCase = async () => {
    const created = await as.clerk1.post('/api/disputes', sampleReport({ acceptNow: true }));
    const routed = await as.clerk1.post(`/api/disputes/${created.body.id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    return routed.body as { id: string; caseNo: string };
  };
  /** A supervision order due in two seconds: the level-1 escalation follows. */
  const escalate = (caseId: string) =>
    as.supervisor2.post(`/api/disputes/${caseId}/supervision-orders`, {
      instruction: '两秒内处理（演练）',
      deadline: new Date(Date.now() + 2000).toISOString(),
    });

  it('a stream ticket opens the alert stream once, without a token in the URL; a used or unknown ticket is refused', async () => {
    const ticket = await ticketOf(as.supervisor2, '/api/alerts/stream-ticket');
    expect((await open(`/api/alerts/stream?ticket=${ticket}`)).status).toBe(200);
    expect((await open(`/api/alerts/stream?ticket=${ticket}`)).status).toBe(401);
    expect((await open('/api/alerts/stream?ticket=not-a-ticket')).status).toBe(401);
    // A token in the URL no longer opens a stream (it would end up in proxy logs).
    expect((await open(`/api/alerts/stream?access_token=${as.supervisor2.token}`)).status).toBe(401);
    expect((await as.clerk1.post('/api/alerts/stream-ticket')).status).toBe(403);
  });

  it('each alert carries its stream position as id; reopened with Last-Event-ID, the stream sends what was missed, once', async () => {
    const first = await routedCase();
    const { stream } = await open('/api/alerts/stream', as.supervisor2.token);
    await escalate(first.id);
    const seen = await waitFor('the first escalation', async () =>
      stream.events.find((e) => e.event === 'alert' && e.data.caseId === first.id),
    );
    expect(seen.id).toMatch(/^\d+$/);
    await stream.close();

    // Raised while nobody listens.
    const second = await routedCase();
    await escalate(second.id);
    await waitFor('the second alert stored', async () => {
      const list = await as.supervisor2.get('/api/alerts?acknowledged=false');
      return list.body.items.find((a: { caseId: string }) => a.caseId === second.id);
    });

    const ticket = await ticketOf(as.supervisor2, '/api/alerts/stream-ticket');
    const { stream: again } = await open(`/api/alerts/stream?ticket=${ticket}&lastEventId=${seen.id}`);
    const missed = await waitFor('the missed alert on reconnect', async () =>
      again.events.find((e) => e.event === 'alert' && e.data.caseId === second.id),
    );
    expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
    // Nothing up to the Last-Event-ID again, and nothing twice.
    const ids = again.events.filter((e) => e.event === 'alert').map((e) => Number(e.id));
    expect(ids.filter((id) => id <= Number(seen.id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);

    const { stream: byHeader } = await open('/api/alerts/stream', as.supervisor2.token, { 'last-event-id': seen.id! });
    await waitFor('the missed alert by header', async () => byHeader.events.find((e) => e.data.caseId === second.id));
    expect(byHeader.events.filter((e) => e.data.caseId === second.id)).toHaveLength(1);
    expect((await open('/api/alerts/stream', as.supervisor2.token, { 'last-event-id': 'yesterday' })).status).toBe(400);
    const ticket2 = await ticketOf(as.supervisor2, '/api/alerts/stream-ticket');
    expect((await open(`/api/alerts/stream?ticket=${ticket2}&lastEventId=yesterday`)).status).toBe(400);
  });

  it("a mediator's pool stream hears of a routing and of another mediator's claim; another pool hears nothing", async () => {
    const ticket = await ticketOf(as.mediator2, '/api/tasks/stream-ticket');
    const { stream: pool, status } = await open(`/api/tasks/stream?ticket=${ticket}`);
    expect(status).toBe(200);
    const { stream: otherPool } = await open('/api/tasks/stream', as.mediator3.token);

    const routed = await routedCase();
    const arrived = await waitFor('the routed task on the pool stream', async () =>
      pool.events.find((e) => e.event === 'task' && e.data.caseId === routed.id && e.data.stage === 'ROUTING'),
    );
    expect(arrived.data).toMatchObject({ kind: 'changed', unitId: XINCUN, assigneeId: null });

    const claimed = await as.mediator1.post(`/api/tasks/${routed.id}/claim`);
    expect(claimed.status).toBe(200);
    const claim = await waitFor('the claim on the pool stream', async () =>
      pool.events.find(
        (e) => e.event === 'task' && e.data.caseId === routed.id && e.data.assigneeId === claimed.body.assigneeId,
      ),
    );
    expect(claim.data.stage).toBe('HANDLING');
    expect(otherPool.events.filter((e) => e.data?.caseId === routed.id)).toEqual([]);
    expect((await open('/api/tasks/stream', as.supervisor2.token)).status).toBe(403);
  });
});
