import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

const phone = () => `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const ID_NUMBER = '330102199001011234';

/** Issue 13 rule 1: personal data only as the role may see it, in every view; a login answer is never kept. */
describe('personal data in the timeline and in stored answers (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let anonymous: GatewayClient;
  let clerk: GatewayClient;
  let grid: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    clerk = await anonymous.login('clerk1');
    grid = await anonymous.login('grid1');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it('a grid worker reads the timeline of their report with phones and ID numbers masked in every payload, a merge included; the clerk reads them whole', async () => {
    const reporterPhone = phone();
    const mergedPhone = phone();
    const reported = await grid.post(
      '/api/disputes',
      sampleReport({
        channel: 'GRID_PATROL',
        parties: [{ role: 'APPLICANT', name: '网格甲', phone: reporterPhone, idNumber: ID_NUMBER }],
      }),
    );
    expect(reported.status).toBe(201);
    const duplicate = await clerk.post(
      '/api/disputes',
      sampleReport({ parties: [{ role: 'APPLICANT', name: '来访乙', phone: mergedPhone }] }),
    );
    expect((await clerk.post(`/api/disputes/${duplicate.body.id}/merge`, { intoId: reported.body.id })).status).toBe(
      200,
    );

    const seenByGrid = await grid.get(`/api/disputes/${reported.body.id}/timeline`);
    expect(seenByGrid.status).toBe(200);
    const text = JSON.stringify(seenByGrid.body);
    // Before the fix the raw payloads went out: the whole numbers were in this answer.
    expect(text).not.toContain(reporterPhone);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain(mergedPhone);
    const reportedEvent = seenByGrid.body.find((e: { type: string }) => e.type === 'DisputeReported');
    expect(reportedEvent.data.parties[0]).toMatchObject({
      name: '网格甲',
      phone: `${reporterPhone.slice(0, 3)}****${reporterPhone.slice(-4)}`,
      idNumber: '330102********1234',
    });
    const mergedEvent = seenByGrid.body.find(
      (e: { type: string; data: { mergedCaseId?: string } }) => e.type === 'DisputeMerged' && e.data.mergedCaseId,
    );
    expect(mergedEvent.data.parties[0].phone).toBe(`${mergedPhone.slice(0, 3)}****${mergedPhone.slice(-4)}`);

    const seenByClerk = JSON.stringify((await clerk.get(`/api/disputes/${reported.body.id}/timeline`)).body);
    expect(seenByClerk).toContain(reporterPhone);
    expect(seenByClerk).toContain(mergedPhone);
  });

  it('a login with an Idempotency-Key is answered afresh each time and its token is never stored', async () => {
    const key = `login-${Date.now()}`;
    const first = await anonymous.post(
      '/api/auth/login',
      { username: 'clerk1', password: 'demo-pass-2026' },
      { 'Idempotency-Key': key },
    );
    expect(first.status).toBe(200);
    const stored = await harness.dataSource.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [
      key,
    ]);
    expect(stored).toEqual([{ n: 0 }]);
    const rows = await harness.dataSource.query(
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE response::text LIKE $1',
      [`%${first.body.accessToken}%`],
    );
    expect(rows).toEqual([{ n: 0 }]);
  });
});
