import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport, uniquePhone, type HttpResult } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

interface AuditItem {
  id: string;
  at: string;
  kind: string;
  actorId: string | null;
  actorUsername: string | null;
  clientAddress: string | null;
  requestId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, any>;
}

/**
 * The audit trail (ASVS 5.0 V16) over HTTP: sign-ins and their failures, account changes, the
 * office settings before and after, reveals of personal data; read back by ADMIN only. The
 * database is shared with the other tests of the run: every look-up filters by this file's own
 * actors or targets, and every setting is put back as it was found (PUT of what GET answered).
 */
describe('the audit trail (gateway + worker + real servers)', () => {
  const config = testConfig();
  const run = randomUUID().slice(0, 8);
  let harness: WorkerHarness;
  let app: INestApplication;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  let clerk: GatewayClient;
  let grid: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    anonymous = new GatewayClient(await app.getUrl());
    admin = await anonymous.login('admin');
    clerk = await anonymous.login('clerk1');
    grid = await anonymous.login('grid1');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  /** Every entry matching the query (all pages). */
  async function trail(query: Record<string, string>): Promise<AuditItem[]> {
    const items: AuditItem[] = [];
    let cursor: string | null = null;
    do {
      const params: URLSearchParams = new URLSearchParams({ ...query, limit: '200', ...(cursor ? { cursor } : {}) });
      const page: HttpResult<{ items: AuditItem[]; nextCursor: string | null }> = await admin.get(
        `/api/admin/audit?${params}`,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('records sign-ins and refused sign-ins with the name tried, the client address and the request id', async () => {
    const requestId = `e2e-audit-${run}`;
    const refused = await anonymous.post(
      '/api/auth/login',
      { username: 'clerk1', password: 'not-the-password' },
      { 'X-Request-Id': requestId },
    );
    expect(refused.status).toBe(401);
    const unknownName = `nobody-${run}`;
    expect(
      (await anonymous.post('/api/auth/login', { username: unknownName, password: 'whatever-it-is' })).status,
    ).toBe(401);
    const since = new Date(Date.now() - 60_000).toISOString();
    await anonymous.login('clerk1');

    const failures = await trail({ kind: 'SIGN_IN_FAILED', actor: 'clerk1', from: since });
    const mine = failures.find((e) => e.requestId === requestId);
    expect(mine).toMatchObject({
      kind: 'SIGN_IN_FAILED',
      actorUsername: 'clerk1',
      actorId: expect.any(String),
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.stringify(mine)).not.toContain('not-the-password');
    expect(await trail({ kind: 'SIGN_IN_FAILED', actor: unknownName })).toEqual([
      expect.objectContaining({ actorUsername: unknownName, actorId: null }),
    ]);
    const signIns = await trail({ kind: 'SIGN_IN', actor: 'clerk1', from: since });
    expect(signIns.length).toBeGreaterThanOrEqual(1);
    expect(signIns[0]).toMatchObject({
      targetType: 'user',
      actorId: signIns[0].targetId,
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
    });
  });

  it('records account creation and each change with the fields before and after, never the password', async () => {
    const created = await admin.post('/api/admin/users', {
      username: `audit-${run}`,
      displayName: '审计测试',
      password: 'audit-pass-2026',
      roles: ['CLERK'],
    });
    expect(created.status).toBe(201);
    const changed = await admin.request('PATCH', `/api/admin/users/${created.body.id}`, {
      roles: ['CLERK', 'MEDIATOR'],
      unitIds: [],
      password: 'audit-pass-2027',
    });
    expect(changed.status).toBe(200);
    expect((await admin.request('PATCH', `/api/admin/users/${created.body.id}`, { active: false })).status).toBe(200);

    const entries = (await trail({ actor: 'admin' })).filter((e) => e.targetId === created.body.id);
    expect(entries.map((e) => e.kind)).toEqual(['USER_CHANGED', 'USER_CHANGED', 'USER_CREATED']);
    const [deactivated, roles, creation] = entries;
    expect(creation.details.after).toMatchObject({ username: `audit-${run}`, roles: ['CLERK'], active: true });
    expect(roles.details).toEqual({
      before: { roles: ['CLERK'] },
      after: { roles: ['CLERK', 'MEDIATOR'], password: 'changed' },
    });
    expect(deactivated.details).toEqual({ before: { active: true }, after: { active: false } });
    expect(JSON.stringify(entries)).not.toMatch(/audit-pass-202|argon|scrypt/);
  });

  it('records edits of the calendar, the SLA policy and the routing table: who, when, before and after', async () => {
    const since = new Date().toISOString();
    const calendar = await admin.get('/api/admin/calendar/2026');
    const sla = await admin.get('/api/admin/sla-policy');
    const routing = await admin.get('/api/admin/routing-rules');
    // Put back as found: the trail records the edit all the same.
    expect((await admin.request('PUT', '/api/admin/calendar/2026', calendar.body)).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/sla-policy', sla.body)).status).toBe(200);
    expect((await admin.request('PUT', '/api/admin/routing-rules', routing.body)).status).toBe(200);

    const byKind = async (kind: string) => (await trail({ kind, actor: 'admin', from: since }))[0];
    expect(await byKind('CALENDAR_CHANGED')).toMatchObject({
      targetType: 'setting',
      targetId: 'calendar/2026',
      details: { before: calendar.body, after: calendar.body },
    });
    expect(await byKind('SLA_POLICY_CHANGED')).toMatchObject({
      targetId: 'sla-policy',
      details: { before: sla.body, after: sla.body },
    });
    expect(await byKind('ROUTING_RULES_CHANGED')).toMatchObject({
      targetId: 'routing-rules',
      details: { before: routing.body, after: routing.body },
    });
  });

  it("records each reveal of whole phone or ID numbers (case page, timeline, an action's answer), and none for a masked view", async () => {
    const phone = uniquePhone();
    const reported = await grid.post(
      '/api/disputes',
      sampleReport({
        channel: 'GRID_PATROL',
        parties: [{ role: 'APPLICANT', name: '审计甲', phone, idNumber: '330102199001011234' }],
      }),
    );
    expect(reported.status).toBe(201);
    const caseId = reported.body.id as string;
    // The grid worker sees them masked: no reveal.
    expect((await grid.get(`/api/disputes/${caseId}`)).body.parties[0].phone).not.toBe(phone);
    expect((await clerk.get(`/api/disputes/${caseId}`)).body.parties[0].phone).toBe(phone);
    expect((await clerk.get(`/api/disputes/${caseId}/timeline`)).status).toBe(200);
    expect((await clerk.post(`/api/disputes/${caseId}/accept`, {}, { 'Idempotency-Key': randomUUID() })).status).toBe(
      200,
    );

    const reveals = (await trail({ kind: 'PERSONAL_DATA_REVEALED' })).filter((e) => e.targetId === caseId);
    expect(reveals.map((e) => [e.actorUsername, e.details.view])).toEqual([
      ['clerk1', 'action'],
      ['clerk1', 'timeline'],
      ['clerk1', 'case'],
    ]);
    expect(reveals[2]).toMatchObject({
      targetType: 'case',
      details: { caseNo: reported.body.caseNo ?? null, fields: ['idNumber', 'phone'], parties: 1 },
    });
    expect(JSON.stringify(reveals)).not.toContain(phone);
  });

  it('serves the trail to ADMIN only, filtered and paged like every list', async () => {
    expect((await clerk.get('/api/admin/audit')).status).toBe(403);
    expect((await anonymous.get('/api/admin/audit')).status).toBe(401);
    expect((await admin.get('/api/admin/audit?kind=NOT_A_KIND')).status).toBe(400);
    expect((await admin.get('/api/admin/audit?from=yesterday')).status).toBe(400);
    const backwards = await admin.get('/api/admin/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(backwards).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION', message: ['from: must be before to'] },
    });

    const first = await admin.get('/api/admin/audit?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.get(`/api/admin/audit?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((e: AuditItem) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Date.parse(second.body.items[0].at)).toBeLessThanOrEqual(Date.parse(first.body.items[1].at));
    expect((await admin.get('/api/admin/audit?to=2000-01-01T00:00:00Z')).body).toEqual({ items: [], nextCursor: null });
  });
});
