import type { INestApplication } from '@nestjs/common';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;
const STREET = DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE;

/**
 * Issue 13 rule 7 (DOMAIN.md "Routing"): "small matters stay in the community" has a second
 * step. A case that a community-level unit completes as UNRESOLVED goes up a level: the routing
 * suggestion proposes the street-level unit of the same center with that reason, a supervisor
 * sends it there from SUPERVISION, and the stats count it (上交).
 */
describe("a community unit's unresolved case goes up a level (gateway + worker + real servers)", () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;
  let mediator: GatewayClient;
  let supervisor: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    [clerk, mediator, supervisor] = await Promise.all(
      ['clerk1', 'mediator1', 'supervisor1'].map((u) => new GatewayClient(url).login(u)),
    );
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  /** A FAMILY case (TJ, community level, GENERAL: no auto-approval) handled by 新村's committee to `outcome`. */
  async function handledAtCommunity(outcome: 'UNRESOLVED' | 'RESOLVED_ON_SITE'): Promise<string> {
    const created = await clerk.post(
      '/api/disputes',
      sampleReport({ category: 'FAMILY', acceptNow: true, summary: `家庭纠纷（${outcome}）` }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(
      (await clerk.post(`/api/disputes/${id}/route`, { centerCode: 'TJ', unitId: XINCUN, severity: 'NORMAL' })).status,
    ).toBe(200);
    expect((await mediator.post(`/api/tasks/${id}/claim`)).status).toBe(200);
    const completed = await mediator.post(`/api/disputes/${id}/complete-handling`, { outcome, summary: '社区调解' });
    expect(completed.body).toMatchObject({ stage: 'SUPERVISION', unitId: XINCUN });
    return id;
  }

  const stats = async () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const res = await supervisor.get(
      `/api/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=unit`,
    );
    expect(res.status).toBe(200);
    return (
      (res.body.groups as { group: string | null; upALevel: number }[]).find((g) => g.group === STREET)?.upALevel ?? 0
    );
  };

  it('suggests the street-level unit of the same center with the reason, sends the case there and counts it', async () => {
    const before = await stats();
    const id = await handledAtCommunity('UNRESOLVED');

    const suggestion = await supervisor.get(`/api/disputes/${id}/routing-suggestion`);
    expect(suggestion.status).toBe(200);
    expect(suggestion.body).toMatchObject({ centerCode: 'TJ', unitId: STREET, upALevel: true });
    expect(suggestion.body.reasons[0]).toMatch(
      /ended UNRESOLVED: the case goes up a level to the street-level unit of center TJ\.$/,
    );

    const moved = await supervisor.post(`/api/disputes/${id}/transfer`, {
      centerCode: 'TJ',
      unitId: STREET,
      reason: '社区未能化解，上交街道',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'ROUTING', unitId: STREET });
    expect(moved.body.assigneeId).toBeUndefined();
    const [event] = await harness.dataSource.query(
      `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'DisputeTransferred' ORDER BY seq DESC LIMIT 1`,
      [id],
    );
    expect(event.payload).toMatchObject({ upALevel: true, from: { centerCode: 'TJ', unitId: XINCUN }, unitId: STREET });
    expect(await stats()).toBe(before + 1);

    // The street committee takes it from there: its pool has the task.
    expect((await mediator.post(`/api/tasks/${id}/claim`)).body).toMatchObject({ stage: 'HANDLING', unitId: STREET });
  });

  it('keeps the rule table for a resolved case, and refuses to move a resolved case out of supervision', async () => {
    const id = await handledAtCommunity('RESOLVED_ON_SITE');
    expect((await supervisor.get(`/api/disputes/${id}/routing-suggestion`)).body).toMatchObject({
      upALevel: false,
      unitId: XINCUN,
    });
    const refused = await supervisor.post(`/api/disputes/${id}/transfer`, {
      centerCode: 'TJ',
      unitId: STREET,
      reason: '试图上交',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('unless its handling ended UNRESOLVED');
  });
});
