import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** DOMAIN.md: before routing a case belongs to the intake center (ZZ), whose lead receives its level-1 alerts. */
describe('a case not routed yet belongs to the intake center ZZ (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;
  let zzLead: GatewayClient;
  let tjLead: GatewayClient;
  let streetLeader: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const anonymous = new GatewayClient(await app.getUrl());
    const admin = await anonymous.login('admin');
    const username = `zz-lead-${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/api/admin/users', {
      username,
      displayName: '综治中心负责人（测试）',
      password: 'zz-lead-pass-2026',
      roles: ['SUPERVISOR'],
      centerCode: 'ZZ',
      supervisorLevel: 1,
    });
    expect(created.status).toBe(201);
    zzLead = await anonymous.login(username, 'zz-lead-pass-2026');
    clerk = await anonymous.login('clerk1');
    tjLead = await anonymous.login('supervisor1');
    streetLeader = await anonymous.login('supervisor2');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it("a level-1 escalation in 受理 reaches ZZ's lead, who also finds the case in the list; another center's lead sees neither", async () => {
    const accepted = await clerk.post('/api/disputes', sampleReport({ acceptNow: true }));
    expect(accepted.body).toMatchObject({ stage: 'ACCEPTANCE' });
    const id = accepted.body.id as string;
    // A supervision order due in two seconds: level 1 falls due while the case is still unrouted.
    const ordered = await streetLeader.post(`/api/disputes/${id}/supervision-orders`, {
      instruction: '两秒内分流（演练）',
      deadline: new Date(Date.now() + 2000).toISOString(),
    });
    expect(ordered.status).toBe(200);

    const alert = await waitFor("the level-1 alert on the ZZ lead's desk", async () => {
      const list = await zzLead.get('/api/alerts?acknowledged=false&limit=200');
      return list.body.items.find((a: { caseId: string; level: number }) => a.caseId === id && a.level === 1);
    });
    expect(alert).toMatchObject({ kind: 'ESCALATION', stage: 'ACCEPTANCE' });
    expect(
      (await tjLead.get('/api/alerts?acknowledged=false&limit=200')).body.items.map(
        (a: { caseId: string }) => a.caseId,
      ),
    ).not.toContain(id);
    expect((await zzLead.post(`/api/alerts/${alert.id}/ack`)).status).toBe(200);

    // List and access agree: the ZZ lead opens it and lists it; the TJ lead does neither.
    expect((await zzLead.get(`/api/disputes/${id}`)).status).toBe(200);
    expect(
      (await zzLead.get('/api/disputes?stage=ACCEPTANCE&limit=200')).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);
    expect((await tjLead.get(`/api/disputes/${id}`)).status).toBe(403);
    expect(
      (await tjLead.get('/api/disputes?stage=ACCEPTANCE&limit=200')).body.items.map((c: { id: string }) => c.id),
    ).not.toContain(id);
  });
});
