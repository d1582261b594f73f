import type { INestApplication } from '@nestjs/common';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

/**
 * Issue 14 "Authorization": a person with two roles must not see a case through one role and act
 * on it through another. A counter clerk who is also the level-1 lead of the intake center (ZZ)
 * sees every case as clerk, but approves supervision and reassigns only as ZZ's lead.
 */
describe('authorization by the acting role (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;
  let mediator: GatewayClient;
  let tjLead: GatewayClient;
  let clerkAndZzLead: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const admin = await new GatewayClient(url).login('admin');
    const username = `dual-${Date.now().toString(36)}`;
    const password = 'dual-role-pass-2026';
    const created = await admin.post('/api/admin/users', {
      username,
      displayName: '窗口兼综治中心负责人（测试）',
      password,
      roles: ['CLERK', 'SUPERVISOR'],
      centerCode: 'ZZ',
      supervisorLevel: 1,
    });
    expect(created.status).toBe(201);
    [clerk, mediator, tjLead, clerkAndZzLead] = await Promise.all([
      new GatewayClient(url).login('clerk1'),
      new GatewayClient(url).login('mediator1'),
      new GatewayClient(url).login('supervisor1'),
      new GatewayClient(url).login(username, password),
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it("refuses approval and reassignment of a TJ case by ZZ's lead, though the same person sees it as clerk; TJ's lead approves", async () => {
    const created = await clerk.post(
      '/api/disputes',
      sampleReport({ category: 'FAMILY', acceptNow: true, summary: '双重角色测试' }),
    );
    const id = created.body.id as string;
    await clerk.post(`/api/disputes/${id}/route`, { centerCode: 'TJ', unitId: XINCUN, severity: 'NORMAL' });
    await mediator.post(`/api/tasks/${id}/claim`);
    expect(
      (
        await mediator.post(`/api/disputes/${id}/complete-handling`, {
          outcome: 'RESOLVED_ON_SITE',
          summary: '当场化解',
        })
      ).body.stage,
    ).toBe('SUPERVISION');

    // Seen as clerk ...
    expect((await clerkAndZzLead.get(`/api/disputes/${id}`)).status).toBe(200);
    // ... but acted on as SUPERVISOR, which sees ZZ's cases only.
    const approval = await clerkAndZzLead.post(`/api/disputes/${id}/supervision/approve`);
    expect(approval.status).toBe(403);
    expect(approval.body.message).toContain('as SUPERVISOR you may not approve at supervision on this case');
    const reassign = await clerkAndZzLead.post(`/api/disputes/${id}/reassign`, {
      mediatorId: '00000000-0000-4000-8000-000000000000',
    });
    expect(reassign.status).toBe(403);
    // Nothing was recorded for the refused actions.
    const types = (
      await harness.dataSource.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [id])
    ).map((r: { type: string }) => r.type);
    expect(types).not.toContain('SupervisionApproved');

    expect((await tjLead.post(`/api/disputes/${id}/supervision/approve`)).body.stage).toBe('FEEDBACK');
  });
});
