import type { INestApplication } from '@nestjs/common';
import { disputeWorkflowId } from '@app/contracts';
import { DEMO_ACCOUNTS, DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;
const account = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)!;

/**
 * What the mediators' inbox and the case page read beyond API.md's first draft: the stage's start
 * on every task, `scope=done`, the winner's name on a lost claim, actors' names on the timeline,
 * the holder's name on the case, and the mediators a supervisor may reassign a case to.
 */
describe("the mediator desk's reads (gateway + worker + real servers)", () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  const as: Record<string, GatewayClient> = {};

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    const anonymous = new GatewayClient(await app.getUrl());
    for (const name of ['clerk1', 'mediator1', 'mediator2', 'mediator3', 'supervisor1', 'supervisor2'])
      as[name] = await anonymous.login(name);
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  const routedCase = async () => {
    const created = await as.clerk1.post('/api/disputes', sampleReport({ acceptNow: true }));
    const routed = await as.clerk1.post(`/api/disputes/${created.body.id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    return routed.body as { id: string; caseNo: string; stageEnteredAt: string; stageDeadline: string };
  };
  const tasks = async (who: string, scope: string) =>
    (await as[who].get(`/api/tasks?scope=${scope}&limit=200`)).body.items as Record<string, unknown>[];

  it('every task carries its status and the start of its stage, before its deadline', async () => {
    const routed = await routedCase();
    expect(Date.parse(routed.stageEnteredAt)).toBeLessThan(Date.parse(routed.stageDeadline));
    const item = (await tasks('mediator1', 'pool')).find((t) => t.caseId === routed.id);
    expect(item).toMatchObject({
      stage: 'ROUTING',
      status: 'OPEN',
      stageEnteredAt: routed.stageEnteredAt,
      stageDeadline: routed.stageDeadline,
      handledAt: null,
    });
  });

  it('intake, routing and a claim through the gateway: the workflow reads the SLA settings in no local activity of its own (issue 16)', async () => {
    const routed = await routedCase();
    const claimed = await as.mediator1.post(`/api/tasks/${routed.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.stage).toBe('HANDLING');
    expect(Date.parse(claimed.body.stageDeadline)).toBeGreaterThan(Date.parse(claimed.body.stageEnteredAt));
    const history = await harness.client.workflow.getHandle(disputeWorkflowId(routed.id)).fetchHistory();
    const localActivities = (history.events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      .map((e) => {
        const data = e.markerRecordedEventAttributes!.details!.data!.payloads![0].data!;
        return (JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type;
      });
    // One append per decision: the report and acceptance, the routing, the claim.
    expect(localActivities).toEqual(['recordCaseEvents', 'recordCaseEvents', 'recordCaseEvents']);
  });

  it('a claim that loses the race answers 409 ALREADY_CLAIMED naming the winner; the case names its holder', async () => {
    const routed = await routedCase();
    const [first, second] = await Promise.all([
      as.mediator1.post(`/api/tasks/${routed.id}/claim`),
      as.mediator2.post(`/api/tasks/${routed.id}/claim`),
    ]);
    const [won, lost] = first.status === 200 ? [first, second] : [second, first];
    const winner = first.status === 200 ? account('mediator1') : account('mediator2');
    expect(won.status).toBe(200);
    expect(won.body.assigneeName).toBe(winner.displayName);
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({
      code: 'ALREADY_CLAIMED',
      claimedBy: { id: winner.id, displayName: winner.displayName },
    });
    expect((await as.clerk1.get(`/api/disputes/${routed.id}`)).body.assigneeName).toBe(winner.displayName);
    // Any other refusal keeps the contract's body alone.
    const outsider = await as.mediator3.post(`/api/tasks/${routed.id}/claim`);
    expect(outsider.status).toBe(403);
    expect(outsider.body.claimedBy).toBeUndefined();
  });

  it('the timeline names each staff actor; the system and the party are null', async () => {
    const routed = await routedCase();
    await as.mediator1.post(`/api/tasks/${routed.id}/claim`);
    const timeline = (await as.clerk1.get(`/api/disputes/${routed.id}/timeline`)).body as {
      type: string;
      actor: Record<string, unknown>;
    }[];
    expect(timeline.find((e) => e.type === 'DisputeReported')?.actor).toMatchObject({
      role: 'CLERK',
      displayName: account('clerk1').displayName,
    });
    expect(timeline.find((e) => e.type === 'TaskClaimed')?.actor).toMatchObject({
      userId: account('mediator1').id,
      displayName: account('mediator1').displayName,
    });
    for (const event of timeline.filter((e) => e.actor.userId === 'system')) expect(event.actor.displayName).toBeNull();
  });

  it('scope=done lists the cases whose handling I completed, newest first, until they are my task again', async () => {
    const agreed = await routedCase();
    const onSite = await routedCase();
    for (const c of [agreed, onSite]) expect((await as.mediator1.post(`/api/tasks/${c.id}/claim`)).status).toBe(200);
    // An agreement goes to TRACKING, still mine; resolved on site goes to SUPERVISION, done.
    expect(
      (
        await as.mediator1.post(`/api/disputes/${agreed.id}/complete-handling`, {
          outcome: 'AGREEMENT',
          summary: '达成协议',
          agreement: { terms: '赔偿维修费', fulfilBy: '2026-12-31' },
        })
      ).body.stage,
    ).toBe('TRACKING');
    expect(
      (
        await as.mediator1.post(`/api/disputes/${onSite.id}/complete-handling`, {
          outcome: 'RESOLVED_ON_SITE',
          summary: '当场化解',
        })
      ).body.stage,
    ).toBe('SUPERVISION');
    let done = await tasks('mediator1', 'done');
    expect(done.map((t) => t.caseId)).toContain(onSite.id);
    expect(done.map((t) => t.caseId)).not.toContain(agreed.id);
    expect(done.find((t) => t.caseId === onSite.id)).toMatchObject({
      stage: 'SUPERVISION',
      assigneeId: account('mediator1').id,
    });
    expect((await tasks('mediator1', 'mine')).map((t) => t.caseId)).toContain(agreed.id);

    // Fulfilled: the agreement's case leaves my tasks for supervision and joins the done list (newest first).
    expect(
      (await as.mediator1.post(`/api/disputes/${agreed.id}/follow-ups`, { fulfilled: true, note: '已履行' })).body
        .stage,
    ).toBe('SUPERVISION');
    done = await tasks('mediator1', 'done');
    // Other suites' cases that mediator1 handles meanwhile (the same database) may stand among them.
    expect(done.map((t) => t.caseId)).toEqual(expect.arrayContaining([agreed.id, onSite.id]));
    const handled = done.map((t) => Date.parse(String(t.handledAt)));
    expect(handled).toEqual([...handled].sort((a, b) => b - a));
    expect(await tasks('mediator2', 'done')).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: onSite.id })]),
    );

    // Pages follow each other without a gap.
    const first = await as.mediator1.get('/api/tasks?scope=done&limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await as.mediator1.get(
      `/api/tasks?scope=done&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.caseId).not.toBe(first.body.items[0].caseId);
    expect((await as.mediator1.get('/api/tasks?scope=later')).status).toBe(400);

    // Returned from supervision: my task again, not done.
    expect(
      (await as.supervisor1.post(`/api/disputes/${onSite.id}/supervision/return`, { reason: '请补充材料' })).body.stage,
    ).toBe('HANDLING');
    expect((await tasks('mediator1', 'done')).map((t) => t.caseId)).not.toContain(onSite.id);
  });

  it("a supervisor lists the active mediators of a case's pool to reassign it; nobody else may", async () => {
    const routed = await routedCase();
    const answer = await as.supervisor1.get(`/api/disputes/${routed.id}/mediators`);
    expect(answer.status).toBe(200);
    const ids = (answer.body as { id: string; displayName: string }[]).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([account('mediator1').id, account('mediator2').id]));
    expect(ids).not.toContain(account('mediator3').id);
    expect(answer.body[0]).toEqual({ id: expect.any(String), displayName: expect.any(String) });
    expect((await as.mediator1.get(`/api/disputes/${routed.id}/mediators`)).status).toBe(403);
    expect((await as.clerk1.get(`/api/disputes/${routed.id}/mediators`)).status).toBe(403);
    const reassigned = await as.supervisor1.post(`/api/disputes/${routed.id}/reassign`, {
      mediatorId: account('mediator2').id,
    });
    expect(reassigned.body).toMatchObject({
      stage: 'HANDLING',
      assigneeId: account('mediator2').id,
      assigneeName: account('mediator2').displayName,
    });
  });
});
