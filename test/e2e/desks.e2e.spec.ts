import type { INestApplication } from '@nestjs/common';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { SseClient } from '../support/sse';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

describe('the three desks over HTTP (gateway + worker + real Temporal + real PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let baseUrl: string;
  const as: Record<string, GatewayClient> = {};

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const anonymous = new GatewayClient(baseUrl);
    for (const name of [
      'clerk1',
      'grid1',
      'mediator1',
      'mediator2',
      'mediator3',
      'supervisor1',
      'supervisor2',
      'supervisor3',
      'admin',
    ]) {
      as[name] = await anonymous.login(name);
    }
    as.anonymous = anonymous;
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  /** A case accepted at the window and routed to the 新村社区 committee: in ROUTING. */
  async function routedCase(overrides: Record<string, unknown> = {}) {
    const created = await as.clerk1.post('/api/disputes', sampleReport({ acceptNow: true, ...overrides }));
    expect(created.status).toBe(201);
    const routed = await as.clerk1.post(`/api/disputes/${created.body.id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    return routed.body;
  }

  it('carries a case from the counter through all eight stages, with a reopen, to CLOSED', async () => {
    const created = await as.clerk1.post('/api/disputes', sampleReport());
    const id = created.body.id;
    const accepted = await as.clerk1.post(`/api/disputes/${id}/accept`);
    expect(accepted.body).toMatchObject({ stage: 'ACCEPTANCE' });
    const receipt = accepted.body.receiptCode;

    const suggestion = await as.clerk1.get(`/api/disputes/${id}/routing-suggestion`);
    expect(suggestion).toMatchObject({
      status: 200,
      body: { centerCode: 'TJ', unitId: XINCUN, slaClass: 'SIMPLE', severity: 'NORMAL' },
    });
    expect(suggestion.body.reasons.length).toBeGreaterThan(0);

    const routed = await as.clerk1.post(`/api/disputes/${id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.body).toMatchObject({ stage: 'ROUTING', slaClass: 'SIMPLE', unitId: XINCUN });

    const pool = await as.mediator1.get('/api/tasks?scope=pool');
    expect(pool.body.items.map((t: { caseId: string }) => t.caseId)).toContain(id);
    expect(
      (await as.mediator3.get('/api/tasks?scope=pool')).body.items.map((t: { caseId: string }) => t.caseId),
    ).not.toContain(id);

    expect((await as.mediator1.post(`/api/tasks/${id}/claim`)).body).toMatchObject({
      stage: 'HANDLING',
      assigneeId: expect.any(String),
    });
    expect(
      (await as.mediator1.get('/api/tasks?scope=mine')).body.items.map((t: { caseId: string }) => t.caseId),
    ).toContain(id);
    await as.mediator1.post(`/api/disputes/${id}/handling-records`, {
      note: '第一次调解',
      sessionAt: '2026-11-28T10:00:00+08:00',
      participants: ['测试甲', '测试乙'],
    });
    const agreement = { terms: '修复漏水', fulfilBy: '2026-12-20' };
    expect(
      (
        await as.mediator1.post(`/api/disputes/${id}/complete-handling`, {
          outcome: 'AGREEMENT',
          summary: '达成协议',
          agreement,
        })
      ).body.stage,
    ).toBe('TRACKING');
    expect(
      (await as.mediator1.post(`/api/disputes/${id}/follow-ups`, { fulfilled: true, note: '已履行' })).body.stage,
    ).toBe('SUPERVISION');
    expect((await as.supervisor1.post(`/api/disputes/${id}/supervision/approve`)).body.stage).toBe('FEEDBACK');
    expect(
      (await as.mediator1.post(`/api/disputes/${id}/feedback`, { channel: 'PHONE', content: '已电话告知' })).body.stage,
    ).toBe('EVALUATION');

    // The party, by receipt code only: sees nothing personal; a DISSATISFIED rating reopens.
    const publicView = await as.anonymous.get(`/api/public/cases/${receipt}`);
    expect(publicView).toMatchObject({
      status: 200,
      body: { caseNo: accepted.body.caseNo, stage: 'EVALUATION', status: 'OPEN' },
    });
    expect(Object.keys(publicView.body).sort()).toEqual(['caseNo', 'stage', 'status', 'updatedAt']);
    const reopened = await as.anonymous.post(`/api/public/cases/${receipt}/evaluation`, {
      rating: 'DISSATISFIED',
      comment: '漏水未修好',
    });
    expect(reopened).toMatchObject({ status: 200, body: { stage: 'HANDLING' } });

    await as.mediator1.post(`/api/disputes/${id}/complete-handling`, {
      outcome: 'RESOLVED_ON_SITE',
      summary: '再次修复',
    });
    await as.supervisor1.post(`/api/disputes/${id}/supervision/approve`);
    await as.clerk1.post(`/api/disputes/${id}/feedback`, { channel: 'IN_PERSON', content: '当面告知' });
    const closed = await as.anonymous.post(`/api/public/cases/${receipt}/evaluation`, { rating: 'SATISFIED' });
    expect(closed.body).toMatchObject({ stage: 'CLOSED', status: 'CLOSED' });
    expect(await as.anonymous.post(`/api/public/cases/${receipt}/evaluation`, { rating: 'SATISFIED' })).toMatchObject({
      status: 409,
      body: { code: 'STAGE_CONFLICT' },
    });

    const full = await as.clerk1.get(`/api/disputes/${id}`);
    expect(full.body).toMatchObject({ stage: 'CLOSED', resolution: 'RESOLVED', reopenCount: 1 });
    const timeline = await as.supervisor2.get(`/api/disputes/${id}/timeline`);
    expect(timeline.body.map((e: { seq: number }) => e.seq)).toEqual(
      timeline.body.map((_: unknown, i: number) => i + 1),
    );
    expect(timeline.body.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'DisputeReported',
        'DisputeAccepted',
        'DisputeRouted',
        'TaskClaimed',
        'EvaluationReceived',
        'DisputeReopened',
        'DisputeClosed',
      ]),
    );
  });

  it('decides a claim race: exactly one of two simultaneous claims wins, the other gets 409 ALREADY_CLAIMED', async () => {
    const routed = await routedCase();
    const [a, b] = await Promise.all([
      as.mediator1.post(`/api/tasks/${routed.id}/claim`),
      as.mediator2.post(`/api/tasks/${routed.id}/claim`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('ALREADY_CLAIMED');
  });

  it('pushes an escalation to a connected supervisor over SSE, and lets them acknowledge it', async () => {
    const routed = await routedCase();
    const stream = new SseClient(`${baseUrl}/api/alerts/stream`, as.supervisor1.token!);
    const otherCenter = new SseClient(`${baseUrl}/api/alerts/stream`, as.supervisor3.token!);
    expect(await stream.open()).toBe(200);
    expect(await otherCenter.open()).toBe(200);
    try {
      // A supervision order with a deadline two seconds out: level 1 falls due then.
      const deadline = new Date(Date.now() + 2000).toISOString();
      await as.supervisor2.post(`/api/disputes/${routed.id}/supervision-orders`, {
        instruction: '两秒内处理（演练）',
        deadline,
      });
      const escalation = await waitFor('the level-1 escalation on the stream', async () =>
        stream.events.find((e) => e.event === 'alert' && e.data.caseId === routed.id && e.data.level === 1),
      );
      expect(escalation.data).toMatchObject({ kind: 'ESCALATION', stage: 'ROUTING', caseNo: routed.caseNo });
      await waitFor('the level-3 supervisor to hear of it too', async () =>
        otherCenter.events.find((e) => e.data.caseId === routed.id && e.data.level === 1),
      );

      const open = await as.supervisor1.get('/api/alerts?acknowledged=false');
      expect(open.body.items.map((a: { id: string }) => a.id)).toContain(escalation.data.id);
      const acked = await as.supervisor1.post(`/api/alerts/${escalation.data.id}/ack`);
      expect(acked).toMatchObject({ status: 200, body: { acknowledgedBy: expect.any(String) } });
      const after = await as.supervisor1.get('/api/alerts?acknowledged=false');
      expect(after.body.items.map((a: { id: string }) => a.id)).not.toContain(escalation.data.id);
      expect(await as.clerk1.post(`/api/alerts/${escalation.data.id}/ack`)).toMatchObject({ status: 403 });
    } finally {
      await stream.close();
      await otherCenter.close();
    }
  });

  it('answers a retried request with the first answer and changes nothing more (Idempotency-Key)', async () => {
    const before = await harness.dataSource.query('SELECT count(*)::int AS n FROM cases');
    const key = { 'Idempotency-Key': `intake-${Date.now()}` };
    const body = sampleReport({ summary: '幂等测试' });
    const first = await as.clerk1.post('/api/disputes', body, key);
    const retry = await as.clerk1.post('/api/disputes', body, key);
    expect(first.status).toBe(201);
    // Status and body are replayed; headers are not compared (each answer has its own X-Request-Id).
    expect({ status: retry.status, body: retry.body }).toEqual({ status: first.status, body: first.body });
    const after = await harness.dataSource.query('SELECT count(*)::int AS n FROM cases');
    expect(after[0].n - before[0].n).toBe(1);

    const reused = await as.clerk1.post('/api/disputes', sampleReport({ summary: '另一个' }), key);
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    const acceptKey = { 'Idempotency-Key': `accept-${first.body.id}` };
    const accepted = await as.clerk1.post(`/api/disputes/${first.body.id}/accept`, undefined, acceptKey);
    const acceptedAgain = await as.clerk1.post(`/api/disputes/${first.body.id}/accept`, undefined, acceptKey);
    expect(accepted.status).toBe(200);
    expect({ status: acceptedAgain.status, body: acceptedAgain.body }).toEqual({
      status: accepted.status,
      body: accepted.body,
    });
    const events = await as.clerk1.get(`/api/disputes/${first.body.id}/timeline`);
    expect(events.body.filter((e: { type: string }) => e.type === 'DisputeAccepted')).toHaveLength(1);
  });

  it("lets a retry take over a key left unanswered by a gateway that died, landing on the first run's case and update", async () => {
    const marker = `接管测试 ${Date.now()}`;
    const body = sampleReport({ summary: marker });
    const intakeKey = `takeover-intake-${Date.now()}`;
    const acceptKey = `takeover-accept-${Date.now()}`;
    /** What a gateway SIGKILLed after the workflow moved, before the answer was stored, leaves behind. */
    const orphan = async (key: string, age: string) => {
      const [, changed] = await harness.dataSource.query(
        `UPDATE idempotency_keys SET status_code = NULL, response = NULL, created_at = now() - $2::interval WHERE key = $1`,
        [key, age],
      );
      expect(changed).toBe(1);
    };

    const first = await as.clerk1.post('/api/disputes', body, { 'Idempotency-Key': intakeKey });
    expect(first.status).toBe(201);
    await orphan(intakeKey, '1 second');
    // Within the lease the first run may still be working: the retry is told to wait.
    expect(await as.clerk1.post('/api/disputes', body, { 'Idempotency-Key': intakeKey })).toMatchObject({
      status: 409,
      body: { code: 'REQUEST_IN_PROGRESS' },
    });
    await orphan(intakeKey, '1 minute');
    const retried = await as.clerk1.post('/api/disputes', body, { 'Idempotency-Key': intakeKey });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
    expect(await harness.dataSource.query('SELECT id FROM cases WHERE summary = $1', [marker])).toEqual([
      { id: first.body.id },
    ]);
    // Now answered: the stored answer comes back.
    expect((await as.clerk1.post('/api/disputes', body, { 'Idempotency-Key': intakeKey })).body.id).toBe(first.body.id);

    const accepted = await as.clerk1.post(
      `/api/disputes/${first.body.id}/accept`,
      {},
      { 'Idempotency-Key': acceptKey },
    );
    expect(accepted).toMatchObject({ status: 200, body: { stage: 'ACCEPTANCE' } });
    await orphan(acceptKey, '1 minute');
    // Run again, the accept would not fit ACCEPTANCE; as the same Temporal update it returns its result.
    const acceptRetried = await as.clerk1.post(
      `/api/disputes/${first.body.id}/accept`,
      {},
      { 'Idempotency-Key': acceptKey },
    );
    expect(acceptRetried).toMatchObject({ status: 200, body: { id: first.body.id, stage: 'ACCEPTANCE' } });
    const events = await as.clerk1.get(`/api/disputes/${first.body.id}/timeline`);
    expect(events.body.filter((e: { type: string }) => e.type === 'DisputeAccepted')).toHaveLength(1);
    // Without a key the same accept is refused as out of stage.
    expect(await as.clerk1.post(`/api/disputes/${first.body.id}/accept`)).toMatchObject({
      status: 409,
      body: { code: 'STAGE_CONFLICT' },
    });
  });

  it('finds duplicates by phone and flags a repeat party as MAJOR', async () => {
    const phone = `139${String(Date.now()).slice(-8)}`;
    const report = () => sampleReport({ parties: [{ role: 'APPLICANT', name: '重复当事人', phone }] });
    const first = await as.clerk1.post('/api/disputes', report());
    const dupes = await as.clerk1.get(`/api/disputes/duplicates?phone=${phone}`);
    expect(dupes.body.items.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
    expect(dupes.body.nextCursor).toBeNull();
    expect(dupes.body.items[0].parties[0].phone).toMatch(/^139\*+\d{4}$/);
    await as.clerk1.post('/api/disputes', report());
    // A list like every other: pages of `limit`, newest first, with a cursor.
    const firstPage = await as.clerk1.get(`/api/disputes/duplicates?phone=${phone}&limit=1`);
    expect(firstPage.body.items).toHaveLength(1);
    expect(firstPage.body.nextCursor).toEqual(expect.any(String));
    const secondPage = await as.clerk1.get(
      `/api/disputes/duplicates?phone=${phone}&limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
    );
    expect(secondPage.body.items.map((c: { id: string }) => c.id)).toEqual([first.body.id]);
    expect((await as.clerk1.get(`/api/disputes/duplicates?phone=${phone}&cursor=garbage`)).status).toBe(422);
    expect((await as.clerk1.get(`/api/disputes/duplicates?phone=${phone}&cursor=gar%20bage`)).status).toBe(400);
    const third = await as.clerk1.post('/api/disputes', report());
    expect(third.body.severity).toBe('MAJOR');
    expect(await as.clerk1.get('/api/disputes/duplicates')).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION' },
    });
  });

  it('lists cases within scope, filtered and searched, with personal data masked', async () => {
    const routed = await routedCase({ summary: `独特摘要${Date.now()}` });
    const found = await as.clerk1.get(`/api/disputes?q=${encodeURIComponent(routed.summary)}`);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([routed.id]);
    expect(found.body.items[0].parties[0].phone).toMatch(/\*/);
    const byStage = await as.mediator1.get(`/api/disputes?stage=ROUTING&unitId=${XINCUN}&limit=200`);
    expect(byStage.body.items.map((c: { id: string }) => c.id)).toContain(routed.id);
    expect((await as.mediator3.get(`/api/disputes?q=${encodeURIComponent(routed.summary)}`)).body.items).toEqual([]);
    const page1 = await as.clerk1.get('/api/disputes?limit=2');
    expect(page1.body.items).toHaveLength(2);
    const page2 = await as.clerk1.get(`/api/disputes?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect(page2.body.items[0].id).not.toEqual(page1.body.items[0].id);
    expect(await as.clerk1.get('/api/disputes?limit=500')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    // The shape of a cursor but not one this list handed out: 422; not even the shape: 400.
    expect(await as.clerk1.get('/api/disputes?cursor=garbage')).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION' },
    });
    expect(await as.clerk1.get('/api/disputes?cursor=%21%21')).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('answers each error code of the contract', async () => {
    const routed = await routedCase();
    expect(await as.anonymous.get('/api/disputes')).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(
      await as.grid1.post(`/api/disputes/${routed.id}/route`, { centerCode: 'TJ', unitId: XINCUN, severity: 'NORMAL' }),
    ).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await as.mediator3.post(`/api/tasks/${routed.id}/claim`)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(await as.clerk1.get('/api/disputes/00000000-0000-4000-8000-00000000beef')).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
    expect(await as.clerk1.post(`/api/disputes/${routed.id}/accept`)).toMatchObject({
      status: 409,
      body: { code: 'STAGE_CONFLICT' },
    });
    await as.mediator1.post(`/api/tasks/${routed.id}/claim`);
    expect(await as.mediator2.post(`/api/tasks/${routed.id}/claim`)).toMatchObject({
      status: 409,
      body: { code: 'ALREADY_CLAIMED' },
    });
    await as.mediator1.post(`/api/disputes/${routed.id}/extensions`, { days: 3, reason: '等待鉴定' });
    expect(await as.mediator1.post(`/api/disputes/${routed.id}/extensions`, { days: 3, reason: '再次' })).toMatchObject(
      {
        status: 422,
        body: { code: 'RULE_VIOLATION' },
      },
    );
    expect(await as.mediator1.post(`/api/disputes/${routed.id}/reassign`, { mediatorId: routed.id })).toMatchObject({
      status: 403,
    });
    expect(
      await as.supervisor1.post(`/api/disputes/${routed.id}/reassign`, {
        mediatorId: '00000000-0000-4000-8000-000000001005',
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION' },
    });
    const misses = await Promise.all(Array.from({ length: 12 }, () => as.anonymous.get('/api/public/cases/AAAAAAAA')));
    expect(misses.map((m) => m.status)).toContain(404);
    expect((await as.anonymous.get('/api/public/cases/AAAAAAAA')).status).toBe(429);
  });

  it('refuses bad input with 400 and never a 500, writing nothing', async () => {
    const routed = await routedCase();
    const before = await harness.dataSource.query('SELECT count(*)::int AS n FROM case_events');
    const bad: [string, string, unknown][] = [
      ['POST', '/api/disputes', { ...sampleReport(), parties: 'nobody' }],
      ['POST', '/api/disputes', { ...sampleReport(), urgent: 'yes' }],
      ['POST', '/api/disputes', { ...sampleReport(), summary: 'x'.repeat(201) }],
      ['POST', '/api/disputes', { ...sampleReport(), occurredAt: 'yesterday' }],
      ['POST', `/api/disputes/${routed.id}/route`, { centerCode: 'TJ', unitId: 'not-a-uuid', severity: 'NORMAL' }],
      ['POST', `/api/disputes/${routed.id}/route`, { centerCode: 'TJ', unitId: XINCUN, severity: 'HUGE' }],
      ['POST', `/api/disputes/${routed.id}/complete-handling`, { outcome: 'AGREEMENT', summary: 'x' }],
      ['POST', `/api/disputes/${routed.id}/complete-handling`, { outcome: 'MAYBE', summary: 'x' }],
      ['POST', `/api/disputes/${routed.id}/extensions`, { days: 40, reason: 'x' }],
      ['POST', `/api/disputes/${routed.id}/extensions`, { days: '3', reason: 'x' }],
      ['POST', `/api/disputes/${routed.id}/supervision-orders`, { instruction: 'x', deadline: 'soon' }],
      ['POST', `/api/disputes/${routed.id}/feedback`, { channel: 'PIGEON', content: 'x' }],
      ['POST', `/api/disputes/${routed.id}/reject`, { reason: 'x', extra: 1 }],
      ['POST', `/api/disputes/${routed.id}/merge`, { intoId: 42 }],
      ['POST', `/api/disputes/${routed.id}/transfer`, {}],
      ['POST', `/api/disputes/${routed.id}/follow-ups`, { fulfilled: 'no', note: 'x' }],
      ['POST', `/api/disputes/${routed.id}/extensions/not-a-uuid/decision`, { approve: true, note: '' }],
      ['GET', '/api/disputes?overdue=perhaps', undefined],
      ['GET', '/api/disputes?stage=NOWHERE', undefined],
      ['GET', '/api/tasks?scope=everything', undefined],
    ];
    for (const [method, path, body] of bad) {
      const client = /\/(route|supervision-orders|decision)$/.test(path)
        ? as.supervisor2
        : /\/(complete-handling|extensions|follow-ups)$|\/api\/tasks/.test(path)
          ? as.mediator1
          : as.clerk1;
      const result = await client.request(method, path, body);
      expect({ method, path, status: result.status, code: result.body?.code }).toEqual({
        method,
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    expect(await as.clerk1.postRaw(`/api/disputes/${routed.id}/reject`, '{"reason": "x",')).toMatchObject({
      status: 400,
    });
    // Well-formed, but the unit is not one of the center: a rule, 422 naming the field.
    expect(
      await as.supervisor2.post(`/api/disputes/${routed.id}/route`, {
        centerCode: 'ZZ',
        unitId: XINCUN,
        severity: 'NORMAL',
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'RULE_VIOLATION', message: [expect.stringMatching(/^unitId: /)] },
    });
    expect(
      await as.clerk1.post('/api/disputes/00000000-0000-4000-8000-00000000dead/reject', { reason: 'x' }),
    ).toMatchObject({ status: 404 });
    const after = await harness.dataSource.query('SELECT count(*)::int AS n FROM case_events');
    expect(after).toEqual(before);
  });

  it('serves Prometheus metrics and an OpenAPI document of every route', async () => {
    const metrics = await as.anonymous.get('/metrics');
    expect(metrics.status).toBe(200);
    for (const name of [
      'http_request_duration_seconds',
      'cases_by_stage',
      'cases_overdue',
      'alerts_raised',
      'workflow_call_duration_seconds',
    ]) {
      expect(metrics.body).toContain(name);
    }
    const docs = await as.anonymous.get('/docs-json');
    const paths = Object.keys(docs.body.paths);
    for (const path of [
      '/api/disputes',
      '/api/disputes/duplicates',
      '/api/disputes/{id}/timeline',
      '/api/disputes/{id}/routing-suggestion',
      '/api/disputes/{id}/extensions/{extId}/decision',
      '/api/tasks',
      '/api/tasks/{caseId}/claim',
      '/api/alerts',
      '/api/alerts/stream',
      '/api/alerts/{id}/ack',
      '/api/public/cases/{receiptCode}',
      '/api/public/cases/{receiptCode}/evaluation',
      '/api/stats',
      '/metrics',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
