import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

/** Issue 13 rule 6 (DOMAIN.md "Intake rules"): the repeat-party flag is kept on the case, and REJECTED or MERGED cases do not count. */
describe('the repeat-party flag, kept on the case (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    clerk = await new GatewayClient(await app.getUrl()).login('clerk1');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it("flags the party's third real case with the other cases' numbers; a rejected report does not count; the case view, the list and routing keep it", async () => {
    const phone = `133${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const report = (summary: string, acceptNow = true) =>
      sampleReport({ summary, acceptNow, parties: [{ role: 'APPLICANT', name: '重复来访人', phone }] });

    const first = await clerk.post('/api/disputes', report('第一次来访'));
    const rejected = await clerk.post('/api/disputes', report('误登记', false));
    expect((await clerk.post(`/api/disputes/${rejected.body.id}/reject`, { reason: '误登记' })).status).toBe(200);
    // Before the fix the rejected report counted: this second real case was flagged already.
    const second = await clerk.post('/api/disputes', report('第二次来访'));
    expect(second.body).toMatchObject({ severity: 'NORMAL', repeatParty: null });

    const third = await clerk.post('/api/disputes', report('第三次来访'));
    expect(third.status).toBe(201);
    expect(third.body.severity).toBe('MAJOR');
    expect(third.body.repeatParty).toEqual({
      count: 2,
      cases: [
        { id: second.body.id, caseNo: second.body.caseNo },
        { id: first.body.id, caseNo: first.body.caseNo },
      ],
    });

    // Kept: the case view, the list, and the routing suggestion read it from the case.
    expect((await clerk.get(`/api/disputes/${third.body.id}`)).body.repeatParty).toEqual(third.body.repeatParty);
    const listed = (await clerk.get(`/api/disputes?q=${encodeURIComponent('第三次来访')}&limit=200`)).body.items.find(
      (c: { id: string }) => c.id === third.body.id,
    );
    expect(listed.repeatParty).toEqual(third.body.repeatParty);
    const suggestion = await clerk.get(`/api/disputes/${third.body.id}/routing-suggestion`);
    expect(suggestion.body).toMatchObject({ severity: 'MAJOR', repeatParty: true });
    expect((await clerk.get(`/api/disputes/${second.body.id}/routing-suggestion`)).body).toMatchObject({
      repeatParty: false,
    });
    const stored = await harness.dataSource.query(
      `SELECT payload->'repeatParty' AS flag FROM case_events WHERE case_id = $1 AND seq = 1`,
      [third.body.id],
    );
    expect(stored[0].flag).toEqual(third.body.repeatParty);
  });
});
