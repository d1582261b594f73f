import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { claimTaskUpdate, requestAssistanceUpdate, routeDisputeUpdate } from '@app/contracts';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { actors, CaseDriver } from '../support/case-driver';
import { drillPolicy } from '../support/drill-policy';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;
const XIAOTANG = DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE;
/** 金方街道司法所 (the judicial office), a TJ unit nobody of the demo accounts is in. */
const JUDICIAL_OFFICE = '00000000-0000-4000-8000-000000000002';
/** 金方派出所联络室 (the police liaison), a unit of center ZZ. */
const POLICE_LIAISON = '00000000-0000-4000-8000-000000000005';

/**
 * Joint handling (协办, issue 18 part 1, docs/joint-handling.md) on the real stack: the handling
 * mediator (mediator1, 新村) asks 晓塘's committee (mediator3) for assistance; handling cannot
 * complete while it is open (409 naming it); mediator3 claims it from the unit's pool and answers;
 * then handling completes. A withdrawal needs a reason; wrong roles get 403, bad input 400.
 */
describe('joint handling (协办): request, claim, answer, withdraw (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;
  let holder: GatewayClient;
  let helper: GatewayClient;
  let colleague: GatewayClient;
  let supervisor: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    [clerk, holder, helper, colleague, supervisor] = await Promise.all(
      ['clerk1', 'mediator1', 'mediator3', 'mediator2', 'supervisor1'].map((u) => new GatewayClient(url).login(u)),
    );
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  /** A case of 新村's committee in HANDLING, held by mediator1. */
  async function caseInHandling(summary: string): Promise<string> {
    const created = await clerk.post('/api/disputes', sampleReport({ category: 'NEIGHBOR', acceptNow: true, summary }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const routed = await clerk.post(`/api/disputes/${id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    expect((await holder.post(`/api/tasks/${id}/claim`)).body).toMatchObject({ stage: 'HANDLING' });
    return id;
  }

  const timelineTypes = async (id: string) =>
    ((await holder.get(`/api/disputes/${id}/timeline`)).body as { type: string }[]).map((e) => e.type);

  /** /api/stats' assistance figures of 新村's cases by 晓塘, over yesterday to tomorrow. */
  async function xincunByXiaotang(): Promise<{ requested: number; answered: number; answeredOnTime: number }> {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const stats = await supervisor.get(
      `/api/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=unit`,
    );
    expect(stats.status).toBe(200);
    const ofXincun = (
      stats.body.groups as { group: string; assistance: { byUnit: Record<string, Record<string, number>> } }[]
    ).find((g) => g.group === XINCUN);
    const figures = ofXincun?.assistance.byUnit[XIAOTANG];
    return { requested: 0, answered: 0, answeredOnTime: 0, ...figures };
  }

  it('refuses completion while the assistance is open, lets the assisting unit claim and answer, then completes', async () => {
    const before = await xincunByXiaotang();
    const id = await caseInHandling('邻里噪音纠纷（协办）');
    const requested = await holder.post(`/api/disputes/${id}/assistance`, {
      unitId: XIAOTANG,
      instruction: '请协助走访晓塘社区的另一方当事人',
      workingDays: 3,
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      caseId: id,
      unitId: XIAOTANG,
      unitName: '晓塘社区人民调解委员会',
      centerCode: 'TJ',
      status: 'OPEN',
      workingDays: 3,
      assigneeId: null,
      requestedByName: expect.any(String),
    });
    const aid = requested.body.id as string;
    expect(Date.parse(requested.body.deadline)).toBeGreaterThan(Date.parse(requested.body.requestedAt));

    const refused = await holder.post(`/api/disputes/${id}/complete-handling`, {
      outcome: 'RESOLVED_ON_SITE',
      summary: '现场化解',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('STAGE_CONFLICT');
    expect(refused.body.message).toContain(aid);
    expect(refused.body.message).toMatch(/still open/);

    // The assisting unit's pool shows it; the requesting mediator's pool (other units) does not.
    const pool = await helper.get('/api/tasks/assistance?scope=pool');
    expect(pool.status).toBe(200);
    expect((pool.body.items as { id: string }[]).map((i) => i.id)).toContain(aid);
    expect(((await holder.get('/api/tasks/assistance')).body.items as { id: string }[]).map((i) => i.id)).not.toContain(
      aid,
    );

    // The assisting unit's mediator sees the task, not the case page with the parties.
    expect((await helper.get(`/api/disputes/${id}`)).status).toBe(403);

    // Answering before claiming, or claiming outside the unit, is refused.
    expect((await helper.post(`/api/tasks/assistance/${aid}/answer`, { report: '已走访' })).status).toBe(403);
    expect((await holder.post(`/api/tasks/assistance/${aid}/claim`)).status).toBe(403);

    const claimed = await helper.post(`/api/tasks/assistance/${aid}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'CLAIMED', assigneeId: expect.any(String) });
    const again = await helper.post(`/api/tasks/assistance/${aid}/claim`);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ALREADY_CLAIMED', claimedBy: { id: claimed.body.assigneeId } });
    expect(((await helper.get('/api/tasks/assistance?scope=mine')).body.items as { id: string }[])[0]?.id).toBe(aid);

    // Still open while claimed.
    expect(
      (await holder.post(`/api/disputes/${id}/complete-handling`, { outcome: 'RESOLVED_ON_SITE', summary: '现场化解' }))
        .status,
    ).toBe(409);

    const answered = await helper.post(`/api/tasks/assistance/${aid}/answer`, { report: '已走访另一方，同意调解' });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'ANSWERED', report: '已走访另一方，同意调解', onTime: true });
    expect((await helper.post(`/api/tasks/assistance/${aid}/answer`, { report: '再答' })).status).toBe(409);

    const listed = await holder.get(`/api/disputes/${id}/assistance`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: aid, status: 'ANSWERED' })]);

    const completed = await holder.post(`/api/disputes/${id}/complete-handling`, {
      outcome: 'RESOLVED_ON_SITE',
      summary: '现场化解',
    });
    expect(completed.status).toBe(200);
    expect(completed.body.stage).toBe('SUPERVISION');

    const types = await timelineTypes(id);
    expect(types).toEqual(
      expect.arrayContaining(['AssistanceRequested', 'AssistanceClaimed', 'AssistanceAnswered', 'HandlingCompleted']),
    );
    expect(types.indexOf('AssistanceAnswered')).toBeLessThan(types.indexOf('HandlingCompleted'));

    // The measures count it for the case's unit, by the assisting unit: one more of each than before.
    const after = await xincunByXiaotang();
    for (const figure of ['requested', 'answered', 'answeredOnTime'] as const) {
      // Other suites on the same database (the read-model integration tests) may add theirs too.
      expect(after[figure] - before[figure]).toBeGreaterThanOrEqual(1);
    }
  });

  it('withdraws an open assistance with a reason, after which handling completes', async () => {
    const id = await caseInHandling('邻里纠纷（撤回协办）');
    const requested = await holder.post(`/api/disputes/${id}/assistance`, {
      unitId: JUDICIAL_OFFICE,
      instruction: '请司法所出具法律意见',
      workingDays: 5,
    });
    expect(requested.status).toBe(201);
    const aid = requested.body.id as string;
    // A second open request to the same unit is refused.
    const twice = await holder.post(`/api/disputes/${id}/assistance`, {
      unitId: JUDICIAL_OFFICE,
      instruction: '再次请求',
      workingDays: 5,
    });
    expect(twice.status).toBe(422);
    expect(twice.body.message).toMatch(/^unitId:/);

    const noReason = await holder.post(`/api/disputes/${id}/assistance/${aid}/withdraw`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.message)).toContain('reason');
    const blank = await holder.post(`/api/disputes/${id}/assistance/${aid}/withdraw`, { reason: '   ' });
    expect(blank.status).toBe(422);

    // Only the mediator holding the case withdraws.
    expect(
      (await colleague.post(`/api/disputes/${id}/assistance/${aid}/withdraw`, { reason: '不需要了' })).status,
    ).toBe(403);
    const withdrawn = await holder.post(`/api/disputes/${id}/assistance/${aid}/withdraw`, {
      reason: '当事人已自行和解，不再需要法律意见',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'WITHDRAWN', withdrawReason: '当事人已自行和解，不再需要法律意见' });
    expect((await holder.post(`/api/disputes/${id}/assistance/${aid}/withdraw`, { reason: '再撤' })).status).toBe(409);

    const completed = await holder.post(`/api/disputes/${id}/complete-handling`, {
      outcome: 'RESOLVED_ON_SITE',
      summary: '双方和解',
    });
    expect(completed.status).toBe(200);
    expect(await timelineTypes(id)).toEqual(expect.arrayContaining(['AssistanceRequested', 'AssistanceWithdrawn']));
  });

  it('refuses wrong roles (403), bad input (400 naming the field) and the wrong stage or unit', async () => {
    const id = await caseInHandling('邻里纠纷（协办校验）');
    const good = { unitId: XIAOTANG, instruction: '请协助', workingDays: 2 };

    // Not a mediator: refused at the edge.
    expect((await clerk.post(`/api/disputes/${id}/assistance`, good)).status).toBe(403);
    expect((await supervisor.post(`/api/disputes/${id}/assistance`, good)).status).toBe(403);
    // A mediator of the pool who does not hold the case.
    const notHolder = await colleague.post(`/api/disputes/${id}/assistance`, good);
    expect(notHolder.status).toBe(403);
    expect(notHolder.body.message).toMatch(/holds the task/);
    // The assisting unit's mediator cannot see the case at all.
    expect((await helper.post(`/api/disputes/${id}/assistance`, good)).status).toBe(403);
    expect((await clerk.get('/api/tasks/assistance')).status).toBe(403);

    for (const [body, field] of [
      [{ ...good, workingDays: 0 }, 'workingDays'],
      [{ ...good, workingDays: 16 }, 'workingDays'],
      [{ ...good, workingDays: '3' }, 'workingDays'],
      [{ ...good, unitId: 'not-a-unit' }, 'unitId'],
      [{ ...good, instruction: '' }, 'instruction'],
      [{ unitId: XIAOTANG, workingDays: 2 }, 'instruction'],
    ] as const) {
      const res = await holder.post(`/api/disputes/${id}/assistance`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.message)).toContain(field);
    }
    const unknownUnit = await holder.post(`/api/disputes/${id}/assistance`, {
      ...good,
      unitId: '00000000-0000-4000-8000-0000000009ff',
    });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^unitId: unknown unit/)]));
    const ownUnit = await holder.post(`/api/disputes/${id}/assistance`, { ...good, unitId: XINCUN });
    expect(ownUnit.status).toBe(422);
    expect(ownUnit.body.message).toMatch(/^unitId:/);
    expect((await helper.post('/api/tasks/assistance/00000000-0000-4000-8000-00000000abcd/claim')).status).toBe(404);
    expect((await helper.post('/api/tasks/assistance/not-a-uuid/claim')).status).toBe(400);
    expect((await helper.post(`/api/tasks/assistance/00000000-0000-4000-8000-00000000abcd/answer`, {})).status).toBe(
      400,
    );

    // Nothing was recorded by the refusals.
    expect((await holder.get(`/api/disputes/${id}/assistance`)).body).toEqual([]);
    expect((await timelineTypes(id)).filter((t) => t.startsWith('Assistance'))).toEqual([]);

    // Outside HANDLING: refused with 409.
    expect(
      (await holder.post(`/api/disputes/${id}/complete-handling`, { outcome: 'RESOLVED_ON_SITE', summary: '化解' }))
        .status,
    ).toBe(200);
    const late = await holder.post(`/api/disputes/${id}/assistance`, good);
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/only in HANDLING/);
  });
});

/**
 * An overdue assistance's alerts reach the supervisors of the assisting unit's center through the
 * alert API, like a stage's: a drill policy (a working day lasts a second) runs the ladder of an
 * assistance asked of the police liaison (派出所联络室, center ZZ) on a case of center TJ.
 */
describe('joint handling (协办): the alerts of an overdue assistance (gateway + worker + real servers)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let cases: CaseDriver;
  let levelOne: GatewayClient;
  let levelTwo: GatewayClient;
  /** A level-1 supervisor of center ZZ, the assisting unit's (no demo account leads ZZ). */
  let zzLead: GatewayClient;

  beforeAll(async () => {
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    [levelOne, levelTwo] = await Promise.all(
      ['supervisor1', 'supervisor2'].map((u) => new GatewayClient(url).login(u)),
    );
    const admin = await new GatewayClient(url).login('admin');
    const username = `zz-lead-${randomUUID().slice(0, 8)}`;
    const created = await admin.post('/api/admin/users', {
      username,
      displayName: '综治中心负责人（协办测试）',
      password: 'zz-lead-pass-2026',
      roles: ['SUPERVISOR'],
      centerCode: 'ZZ',
      supervisorLevel: 1,
    });
    expect(created.status).toBe(201);
    zzLead = await new GatewayClient(url).login(username, 'zz-lead-pass-2026');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  it("raises the ladder on center ZZ: a level-2 supervisor sees it with reason ASSISTANCE, TJ's level-1 supervisor does not; ZZ's level-1 supervisor reads the case but may not act on it", async () => {
    const policy = await cases.policy(drillPolicy({}, { workingDayMs: 1000 }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
      slaClass: 'GENERAL',
    });
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    const asked = await cases.act(caseId, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: POLICE_LIAISON,
      centerCode: 'ZZ',
      instruction: '请派出所协助调取监控',
      workingDays: 2,
    });
    const deadline = asked.assistances![0].deadline;

    const ofCase = async (client: GatewayClient) => {
      const res = await client.get('/api/alerts?limit=200');
      expect(res.status).toBe(200);
      return (res.body.items as { caseId: string; level: number; reason: string; deadline: string }[]).filter(
        (a) => a.caseId === caseId,
      );
    };
    const seen = await waitFor('levels 0–2 for the level-2 supervisor', async () => {
      const alerts = await ofCase(levelTwo);
      return alerts.length >= 3 ? alerts : undefined;
    });
    expect(seen.map((a) => a.level).sort()).toEqual([0, 1, 2]);
    expect(seen.every((a) => a.reason === 'ASSISTANCE' && a.deadline === deadline)).toBe(true);
    // supervisor1 leads TJ, the case's center; the assistance is ZZ's.
    expect(await ofCase(levelOne)).toEqual([]);
    const case_ = await levelTwo.get(`/api/disputes/${caseId}`);
    expect(case_.body).toMatchObject({ escalationLevel: 0, overdue: false });

    // ZZ's level-1 supervisor, whose desk the level-1 alert reaches, follows its link to the TJ
    // case and reads it (before the fix: 403), finds it in the case list, but may not act on it.
    const zzAlerts = await ofCase(zzLead);
    expect(zzAlerts.map((a) => a.level)).toContain(1);
    const seenByZz = await zzLead.get(`/api/disputes/${caseId}`);
    expect(seenByZz.status).toBe(200);
    expect(seenByZz.body).toMatchObject({ id: caseId, centerCode: 'TJ', unitId: XINCUN });
    expect((await zzLead.get(`/api/disputes/${caseId}/timeline`)).status).toBe(200);
    expect((await zzLead.get(`/api/disputes/${caseId}/assistance`)).status).toBe(200);
    const listed = await zzLead.get(`/api/disputes?centerCode=TJ&limit=100`);
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((c) => c.id)).toContain(caseId);
    const approve = await zzLead.post(`/api/disputes/${caseId}/supervision/approve`, {});
    expect(approve.status).toBe(403);
    expect(approve.body.message).toMatch(/as SUPERVISOR you may not approve at supervision on this case/);
    const order = await zzLead.post(`/api/disputes/${caseId}/supervision-orders`, {
      instruction: '请加快办理（协办方督办）',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(order.status).toBe(403);
    // TJ's level-1 supervisor (the case's own center) still acts on it; another case of TJ stays closed to ZZ's.
    expect((await levelOne.get(`/api/disputes/${caseId}`)).status).toBe(200);
    const { caseId: other } = await cases.register({});
    await cases.act(other, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
      slaClass: 'GENERAL',
    });
    expect((await zzLead.get(`/api/disputes/${other}`)).status).toBe(403);
    const listedAgain = await zzLead.get(`/api/disputes?centerCode=TJ&limit=100`);
    expect((listedAgain.body.items as { id: string }[]).map((c) => c.id)).not.toContain(other);
  });
});
