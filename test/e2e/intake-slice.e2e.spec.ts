import type { INestApplication } from '@nestjs/common';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

describe('intake slice over HTTP (gateway + worker + real Temporal + real PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let anonymous: GatewayClient;
  let clerk: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    clerk = await anonymous.login('clerk1');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it('logs in with the demo password and refuses a wrong one', async () => {
    const ok = await anonymous.post('/api/auth/login', { username: 'clerk1', password: 'demo-pass-2026' });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ username: 'clerk1', roles: ['CLERK'], unitIds: [] });
    expect(typeof ok.body.accessToken).toBe('string');
    const wrong = await anonymous.post('/api/auth/login', { username: 'clerk1', password: 'nope' });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED', statusCode: 401 } });
  });

  it('registers a dispute, reads it back with its stage from the workflow, and accepts it', async () => {
    const report = sampleReport();
    const created = await clerk.post('/api/disputes', report);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      stage: 'DISCOVERY',
      status: 'OPEN',
      category: 'NEIGHBOR',
      gridCode: 'JF-C01-G01',
      escalationLevel: 0,
      reopenCount: 0,
      overdue: false,
    });
    const id = created.body.id as string;

    const fetched = await clerk.get(`/api/disputes/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id, stage: 'DISCOVERY', parties: report.parties });

    const accepted = await clerk.post(`/api/disputes/${id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.stage).toBe('ACCEPTANCE');
    expect(accepted.body.caseNo).toMatch(/^JF-\d{4}-\d{6}$/);
    expect(accepted.body.receiptCode).toMatch(/^[A-Z2-9]{8}$/);

    const again = await clerk.post(`/api/disputes/${id}/accept`);
    expect(again).toMatchObject({ status: 409, body: { code: 'STAGE_CONFLICT' } });
    expect((await clerk.get(`/api/disputes/${id}`)).body).toMatchObject({
      stage: 'ACCEPTANCE',
      caseNo: accepted.body.caseNo,
    });
  });

  it('accepts a walk-in at once with acceptNow', async () => {
    const created = await clerk.post('/api/disputes', sampleReport({ acceptNow: true }));
    expect(created.status).toBe(201);
    expect(created.body.stage).toBe('ACCEPTANCE');
    expect(created.body.caseNo).toBeDefined();
  });

  it('lets a grid worker report but not accept at once', async () => {
    const grid = await anonymous.login('grid1');
    const reported = await grid.post('/api/disputes', sampleReport({ channel: 'GRID_PATROL' }));
    expect(reported).toMatchObject({ status: 201, body: { stage: 'DISCOVERY' } });
    const refused = await grid.post('/api/disputes', sampleReport({ acceptNow: true }));
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const notAllowed = await grid.post(`/api/disputes/${reported.body.id}/accept`);
    expect(notAllowed).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('refuses bad input with 400 naming every bad field, and writes nothing', async () => {
    const before = await harness.dataSource.query('SELECT count(*)::int AS n FROM cases');
    const bad = await clerk.post('/api/disputes', {
      ...sampleReport(),
      channel: 'FAX',
      summary: 42,
      parties: [{ role: 'APPLICANT', name: '', idNumber: '123' }],
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const message = (bad.body.message as string[]).join('\n');
    for (const field of ['channel', 'summary', 'parties.0.name', 'parties.0.idNumber', 'extra: unknown field']) {
      expect(message).toContain(field);
    }
    const missing = await clerk.post('/api/disputes', {});
    expect(missing.status).toBe(400);
    expect((missing.body.message as string[]).join('\n')).toMatch(/category[\s\S]*gridCode[\s\S]*parties/);
    const noApplicant = await clerk.post(
      '/api/disputes',
      sampleReport({ parties: [{ role: 'RESPONDENT', name: '乙' }] }),
    );
    // Well-formed, but refused by a rule (422, the field named): no APPLICANT, a grid that does not exist.
    expect(noApplicant).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION', message: ['parties: at least one party must have the role APPLICANT'] },
    });
    const unknownGrid = await clerk.post('/api/disputes', sampleReport({ gridCode: 'JF-C99-G99' }));
    expect(unknownGrid).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION', message: ['gridCode: unknown grid "JF-C99-G99"'] },
    });
    const malformed = await clerk.postRaw('/api/disputes', '{"channel": ');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const huge = await clerk.post('/api/disputes', sampleReport({ description: 'x'.repeat(300_000) }));
    expect(huge).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const after = await harness.dataSource.query('SELECT count(*)::int AS n FROM cases');
    expect(after).toEqual(before);
  });

  it('answers 401 without a token, 404 for an unknown case, 400 for a malformed id', async () => {
    expect(await anonymous.get('/api/disputes/00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    expect(await clerk.get('/api/disputes/00000000-0000-4000-8000-000000000000')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await clerk.post('/api/disputes/00000000-0000-4000-8000-000000000000/accept')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await clerk.get('/api/disputes/not-a-uuid')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('reports readiness of the database and Temporal, and serves OpenAPI', async () => {
    expect(await anonymous.get('/health')).toMatchObject({ status: 200, body: { database: 'up', temporal: 'up' } });
    const docs = await anonymous.get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/disputes',
        '/api/disputes/{id}',
        '/api/disputes/{id}/accept',
        '/health',
      ]),
    );
  });
});
