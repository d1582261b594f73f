import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { freePort } from '@app/stack';
import { XINCUN_COMMITTEE } from '../support/case-driver';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  OwnPostgres,
  OwnTemporal,
  requireBuiltApps,
  type AppEnv,
  type ClientSide,
} from '../support/fault-stack';
import { GatewayClient, sampleReport, type HttpResult } from '../support/http';
import { waitFor } from '../support/wait-for';

/**
 * Failing honestly (issue 14): with the Temporal server stopped, an action answers 503
 * TEMPORAL_UNAVAILABLE with Retry-After (each gateway call has a deadline, so it does not wait out
 * the SDK's retries and end in a 500), the reads are served from the read models, and once the
 * server is back the same request (same Idempotency-Key) goes through, recorded once.
 */
describe('fault: the Temporal server stopped while the gateway serves (own server, persistent SQLite)', () => {
  const taskQueue = `fault-temporal-unavailable-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let temporal: OwnTemporal;
  let pg: OwnPostgres;
  let side: ClientSide;
  let base: string;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-temporal-down');
    temporal = await OwnTemporal.start(dir);
    pg = await OwnPostgres.start(dir);
    side = await connectClientSide(temporal.address, pg.url, taskQueue);
    const env: AppEnv = { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue, port: await freePort() };
    base = `http://127.0.0.1:${env.port}`;
    await fleet.start('worker', env);
    // A short deadline keeps the drill brief; the assertions are on status and header, never on time.
    await fleet.start('gateway', env, { TEMPORAL_CALL_TIMEOUT_MS: '3000', TEMPORAL_QUERY_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close();
    await temporal?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const expectUnavailable = (result: HttpResult) => {
    expect({ status: result.status, code: result.body?.code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    expect(result.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(result.headers?.get('retry-after')).toMatch(/^[1-9]\d*$/);
  };

  it('answers actions 503 TEMPORAL_UNAVAILABLE with Retry-After, serves the reads, and takes the same action once the server is back', async () => {
    const anonymous = new GatewayClient(base);
    const clerk = await anonymous.login('clerk1');
    const supervisor = await anonymous.login('supervisor2');
    const mediator = await anonymous.login('mediator1');
    const created = await clerk.post('/api/disputes', sampleReport({ acceptNow: true }), {
      'Idempotency-Key': randomUUID(),
    });
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const receiptCode: string = created.body.receiptCode;
    const recorded = await side.cases.eventTypes(caseId);
    expect(recorded).toEqual(['DisputeReported', 'DisputeAccepted']);

    await temporal.stop();

    // Actions: refused at once with the contract's body, nothing recorded.
    const routeKey = randomUUID();
    const route = { centerCode: 'TJ', unitId: XINCUN_COMMITTEE, severity: 'NORMAL' };
    expectUnavailable(await clerk.post(`/api/disputes/${caseId}/route`, route, { 'Idempotency-Key': routeKey }));
    expectUnavailable(
      await clerk.post('/api/disputes', sampleReport({ acceptNow: true }), { 'Idempotency-Key': randomUUID() }),
    );
    expectUnavailable(await anonymous.post(`/api/public/cases/${receiptCode}/evaluation`, { rating: 'SATISFIED' }));
    expect(await side.cases.eventTypes(caseId)).toEqual(recorded);

    // Reads: from the read models.
    const view = await clerk.get(`/api/disputes/${caseId}`);
    expect({ status: view.status, stage: view.body.stage, caseNo: view.body.caseNo }).toEqual({
      status: 200,
      stage: 'ACCEPTANCE',
      caseNo: created.body.caseNo,
    });
    const list = await clerk.get('/api/disputes?limit=50');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    const timeline = await clerk.get(`/api/disputes/${caseId}/timeline`);
    expect({ status: timeline.status, types: timeline.body.map((e: { type: string }) => e.type) }).toEqual({
      status: 200,
      types: recorded,
    });
    expect((await mediator.get('/api/tasks?scope=pool')).status).toBe(200);
    expect((await supervisor.get('/api/alerts')).status).toBe(200);
    expect((await supervisor.get('/api/stats')).status).toBe(200);
    expect((await clerk.get(`/api/disputes/${caseId}/routing-suggestion`)).status).toBe(200);
    const publicStatus = await anonymous.get(`/api/public/cases/${receiptCode}`);
    expect({ status: publicStatus.status, stage: publicStatus.body.stage }).toEqual({
      status: 200,
      stage: 'ACCEPTANCE',
    });

    // Health: Temporal is down, the process is not.
    const health = await anonymous.get('/health');
    expect({ status: health.status, temporal: health.body.temporal, database: health.body.database }).toEqual({
      status: 503,
      temporal: 'down',
      database: 'up',
    });
    expect(await anonymous.get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await anonymous.get('/health/ready');
    expect({ status: ready.status, body: ready.body }).toMatchObject({
      status: 503,
      body: { status: 'error', info: { database: { status: 'up' } }, error: { temporal: { status: 'down' } } },
    });

    // Still nothing recorded by the refused actions.
    expect(await side.cases.eventTypes(caseId)).toEqual(recorded);

    await temporal.startAgain();

    // The client retries as told (same key, same body) until the server answers again.
    const routed = await waitFor(
      'the route to go through after the restart',
      async () => {
        const result = await clerk.post(`/api/disputes/${caseId}/route`, route, { 'Idempotency-Key': routeKey });
        if (result.status === 503) return undefined;
        return result;
      },
      120_000,
      500,
    );
    expect({ status: routed.status, stage: routed.body.stage }).toEqual({ status: 200, stage: 'ROUTING' });
    expect(await side.cases.eventTypes(caseId)).toEqual([...recorded, 'DisputeRouted']);
    expect((await side.cases.row(caseId)).last_seq).toBe(3);
    const healthy = await waitFor('/health to be ok again', async () => {
      const result = await anonymous.get('/health');
      return result.status === 200 ? result : undefined;
    });
    expect(healthy.body).toMatchObject({ status: 'ok', temporal: 'up', database: 'up' });
    expect(await anonymous.get('/health/ready')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
