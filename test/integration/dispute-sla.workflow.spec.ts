import {
  approveSupervisionUpdate,
  CASE_NO_ATTRIBUTE,
  CASE_OVERDUE_ATTRIBUTE,
  CASE_STAGE_ATTRIBUTE,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  recordHandlingUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  routeDisputeUpdate,
  suspendDisputeUpdate,
  transferDisputeUpdate,
  caseStateQuery,
} from '@app/contracts';
import { CHAIN_STAGES, SLA_CLASSES, type ChainStage, type Severity } from '@app/domain/enums';
import type { SlaPolicy } from '@app/domain/sla/sla-policy';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { actors, CaseDriver, XINCUN_COMMITTEE } from '../support/case-driver';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** A drill policy: the named stages take seconds, every other stage an hour; escalation steps of 1 s and 2 s. */
function drillPolicy(short: Partial<Record<ChainStage, string>>, extra: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    rules: CHAIN_STAGES.flatMap((stage) =>
      SLA_CLASSES.map((slaClass) => ({ stage, slaClass, duration: short[stage] ?? 'PT1H' })),
    ),
    escalationSteps: { level2AfterMs: 1000, level3AfterMs: 2000 },
    ...extra,
  };
}

const ALERT_TYPES = ['WarningRaised', 'EscalationRaised'];

describe('dispute workflow: SLA clocks and the escalation ladder (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let cases: CaseDriver;

  beforeAll(async () => {
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
  });
  afterAll(() => harness?.stop());

  const route = (caseId: string, severity: Severity = 'NORMAL') =>
    cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity,
      slaClass: 'GENERAL',
    });

  const alerts = async (caseId: string) => (await cases.events(caseId)).filter((e) => ALERT_TYPES.includes(e.type));

  const untilAlerts = (caseId: string, count: number) =>
    waitFor(`${count} alerts on ${caseId}`, async () => {
      const found = await alerts(caseId);
      return found.length >= count ? found : undefined;
    });

  it('raises the warning, then levels 1, 2 and 3, in order and once each', async () => {
    const policy = await cases.policy(drillPolicy({ ROUTING: 'PT4S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    const routed = await route(caseId);
    const start = Date.parse(routed.stageEnteredAt);
    const deadline = Date.parse(routed.stageDeadline!);
    expect(deadline - start).toBe(4000);

    const raised = await untilAlerts(caseId, 4);
    expect(raised.map((e) => [e.type, e.payload.level])).toEqual([
      ['WarningRaised', 0],
      ['EscalationRaised', 1],
      ['EscalationRaised', 2],
      ['EscalationRaised', 3],
    ]);
    const at = raised.map((e) => new Date(e.at).getTime());
    expect(at[0]).toBeGreaterThanOrEqual(start + 3200);
    expect(at[1]).toBeGreaterThanOrEqual(deadline);
    expect(at[2]).toBeGreaterThanOrEqual(deadline + 1000);
    expect(at[3]).toBeGreaterThanOrEqual(deadline + 2000);

    const state = await cases.handle(caseId).query(caseStateQuery);
    expect(state).toMatchObject({ escalationLevel: 3, overdue: true, stage: 'ROUTING' });
    const rows = await harness.dataSource.query(
      'SELECT kind, level FROM alerts WHERE case_id = $1 ORDER BY event_seq',
      [caseId],
    );
    expect(rows).toEqual([
      { kind: 'WARNING', level: 0 },
      { kind: 'ESCALATION', level: 1 },
      { kind: 'ESCALATION', level: 2 },
      { kind: 'ESCALATION', level: 3 },
    ]);
    expect(await cases.row(caseId)).toMatchObject({ escalation_level: 3 });

    // The case can be found by stage, number and overdue flag in the Temporal UI.
    const described = await cases.handle(caseId).describe();
    expect(described.typedSearchAttributes.get(CASE_STAGE_ATTRIBUTE)).toBe('ROUTING');
    expect(described.typedSearchAttributes.get(CASE_NO_ATTRIBUTE)).toBe(state.caseNo);
    expect(described.typedSearchAttributes.get(CASE_OVERDUE_ATTRIBUTE)).toBe(true);

    // Claiming starts the next stage's clock: level and overdue start afresh.
    const claimed = await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    expect(claimed).toMatchObject({ stage: 'HANDLING', escalationLevel: 0, overdue: false });
    expect(Date.parse(claimed.stageDeadline!) - Date.parse(claimed.stageEnteredAt)).toBe(3600_000);
  });

  it('escalates an overdue MAJOR case to level 3 at the deadline', async () => {
    const policy = await cases.policy(drillPolicy({ ROUTING: 'PT3S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    const routed = await route(caseId, 'MAJOR');
    const raised = await untilAlerts(caseId, 4);
    expect(raised.map((e) => e.payload.level)).toEqual([0, 1, 2, 3]);
    const deadline = Date.parse(routed.stageDeadline!);
    // All three levels at the deadline, not one and three working days (here 1 s and 2 s) after it.
    for (const event of raised.slice(1)) expect(new Date(event.at).getTime()).toBeLessThan(deadline + 1000);
  });

  it('holds the ladder back while suspended and moves it by the pause on resume', async () => {
    const policy = await cases.policy(drillPolicy({ ROUTING: 'PT3S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    const routed = await route(caseId);
    await cases.act(caseId, suspendDisputeUpdate, { actor: actors.supervisor1, reason: '等待法院判决' });
    const originalDeadline = Date.parse(routed.stageDeadline!);
    // Past the whole original ladder (deadline + 2 s for level 3), with a margin: nothing fired.
    await waitFor('the original ladder to have passed', async () =>
      Date.now() > originalDeadline + 3000 ? true : undefined,
    );
    expect(await alerts(caseId)).toEqual([]);

    const resumed = await cases.act(caseId, resumeDisputeUpdate, { actor: actors.supervisor1 });
    const movedDeadline = Date.parse(resumed.stageDeadline!);
    expect(movedDeadline).toBeGreaterThanOrEqual(originalDeadline + 3000);
    const raised = await untilAlerts(caseId, 2);
    expect(raised.map((e) => e.payload.level)).toEqual([0, 1]);
    expect(new Date(raised[1].at).getTime()).toBeGreaterThanOrEqual(movedDeadline);
  });

  it('moves the deadline and its ladder by an approved extension', async () => {
    const policy = await cases.policy(drillPolicy({ HANDLING: 'PT6S' }, { workingDayMs: 2000 }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    const claimed = await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    const requested = await cases.act(caseId, requestExtensionUpdate, {
      actor: actors.mediator1,
      days: 2,
      reason: '等待鉴定结论',
    });
    expect(requested.extension).toMatchObject({ days: 2, status: 'PENDING' });
    const decided = await cases.act(caseId, decideExtensionUpdate, {
      actor: actors.supervisor1,
      extensionId: requested.extension!.id,
      approve: true,
      note: '同意',
    });
    const newDeadline = Date.parse(decided.stageDeadline!);
    expect(newDeadline - Date.parse(claimed.stageDeadline!)).toBe(4000);
    expect(decided.extension!.status).toBe('APPROVED');

    const raised = await untilAlerts(caseId, 2);
    expect(raised.map((e) => e.payload.level)).toEqual([0, 1]);
    expect(new Date(raised[1].at).getTime()).toBeGreaterThanOrEqual(newDeadline);
    const decidedEvent = (await cases.events(caseId)).find((e) => e.type === 'ExtensionDecided')!;
    expect(decidedEvent.payload).toMatchObject({ approve: true, days: 2, stageDeadline: decided.stageDeadline });
  });

  it('replaces the deadline with a supervision order', async () => {
    const policy = await cases.policy(drillPolicy({}));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    const deadline = new Date(Date.now() + 2000).toISOString();
    const ordered = await cases.act(caseId, issueSupervisionOrderUpdate, {
      actor: actors.supervisor2,
      instruction: '请两秒内处理（演练）',
      deadline,
    });
    expect(ordered.stageDeadline).toBe(deadline);
    const raised = await untilAlerts(caseId, 2);
    expect(raised.map((e) => e.payload.level)).toEqual([0, 1]);
    expect(new Date(raised[1].at).getTime()).toBeGreaterThanOrEqual(Date.parse(deadline));
  });

  it('a missed supervision order escalates again: the ladder starts over from its deadline, each alert naming the order', async () => {
    // Routing takes 3 s: the stage's own ladder runs out (warning, levels 1, 2, 3) first.
    const policy = await cases.policy(drillPolicy({ ROUTING: 'PT3S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    const own = await untilAlerts(caseId, 4);
    expect(own.map((e) => e.payload.level)).toEqual([0, 1, 2, 3]);
    expect(own.every((e) => e.payload.reason === undefined)).toBe(true);

    const deadline = new Date(Date.now() + 3000).toISOString();
    const ordered = await cases.act(caseId, issueSupervisionOrderUpdate, {
      actor: actors.supervisor2,
      instruction: '三秒内分派（演练）',
      deadline,
    });
    expect(ordered).toMatchObject({ stageDeadline: deadline, escalationLevel: 0, overdue: false });
    expect(await harness.dataSource.query('SELECT escalation_level FROM cases WHERE id = $1', [caseId])).toEqual([
      { escalation_level: 0 },
    ]);

    // Before the fix nothing followed: every level had been raised already.
    const all = await untilAlerts(caseId, 8);
    const again = all.slice(4);
    expect(again.map((e) => e.payload.level)).toEqual([0, 1, 2, 3]);
    for (const alert of again) {
      expect(alert.payload).toMatchObject({
        reason: 'SUPERVISION_ORDER',
        order: { instruction: '三秒内分派（演练）' },
        deadline,
      });
    }
    expect(new Date(again[1].at).getTime()).toBeGreaterThanOrEqual(Date.parse(deadline));
    const stored = await harness.dataSource.query(
      'SELECT level, reason FROM alerts WHERE case_id = $1 ORDER BY event_seq',
      [caseId],
    );
    expect(stored.map((a: { reason: string | null }) => a.reason)).toEqual([
      null,
      null,
      null,
      null,
      'SUPERVISION_ORDER',
      'SUPERVISION_ORDER',
      'SUPERVISION_ORDER',
      'SUPERVISION_ORDER',
    ]);
    expect((await cases.handle(caseId).query(caseStateQuery)).escalationLevel).toBe(3);
  });

  it('closes a case nobody rated within the evaluation period with the resolution its handling gave, marked NOT_RATED', async () => {
    const policy = await cases.policy(drillPolicy({ EVALUATION: 'PT2S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'RESOLVED_ON_SITE',
      summary: '现场化解',
    });
    await cases.act(caseId, approveSupervisionUpdate, { actor: actors.supervisor1 });
    const inEvaluation = await cases.act(caseId, deliverFeedbackUpdate, {
      actor: actors.mediator1,
      channel: 'SMS',
      content: '已告知',
    });
    expect(inEvaluation.stage).toBe('EVALUATION');

    const final = await cases.handle(caseId).result();
    // RESOLVED_ON_SITE: resolved, whether or not anybody rated it (化解率 counts it; 满意率 does not).
    expect(final).toMatchObject({ stage: 'CLOSED', status: 'CLOSED', resolution: 'RESOLVED' });
    const events = await cases.events(caseId);
    expect(events.at(-1)).toMatchObject({
      type: 'DisputeClosed',
      payload: { resolution: 'RESOLVED', evaluation: 'NOT_RATED' },
    });
    expect(events.map((e) => e.type)).not.toContain('EvaluationReceived');
    expect(events.some((e) => ALERT_TYPES.includes(e.type))).toBe(false);
  });

  it('auto-approves SIMPLE cases at SUPERVISION when the policy says so', async () => {
    const policy = await cases.policy(drillPolicy({}, { autoApproveSimple: true }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'SIMPLE',
    });
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    const done = await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'RESOLVED_ON_SITE',
      summary: '化解',
    });
    expect(done.stage).toBe('FEEDBACK');
    const approval = (await cases.events(caseId)).find((e) => e.type === 'SupervisionApproved')!;
    expect(approval.payload).toMatchObject({ auto: true });
  });

  it('applies a policy change to deadlines set after it, not to running ones', async () => {
    const policy = await cases.policy(drillPolicy({ ROUTING: 'PT1H' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    const routed = await route(caseId);
    expect(Date.parse(routed.stageDeadline!) - Date.parse(routed.stageEnteredAt)).toBe(3600_000);

    const { SlaSettingsRepository } = await import('@app/persistence/repositories/sla-settings.repository');
    await new SlaSettingsRepository(harness.dataSource).savePolicy(policy, drillPolicy({ ROUTING: 'PT2H' }), 'test');
    expect((await cases.handle(caseId).query(caseStateQuery)).stageDeadline).toBe(routed.stageDeadline);

    const transferred = await cases.act(caseId, transferDisputeUpdate, {
      actor: actors.supervisor1,
      centerCode: 'TJ',
      unitId: DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE,
      reason: '改派',
    });
    expect(Date.parse(transferred.stageDeadline!) - Date.parse(transferred.stageEnteredAt)).toBe(2 * 3600_000);
  });

  it('continues as new past the history bound and carries the whole case over', async () => {
    const { caseId } = await cases.register();
    await route(caseId);
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    const handle = cases.handle(caseId);
    const firstRun = (await handle.describe()).runId;
    let sessions = 0;
    while ((await handle.describe()).runId === firstRun) {
      for (let i = 0; i < 25; i++) {
        await cases.act(caseId, recordHandlingUpdate, {
          actor: actors.mediator1,
          note: `会谈 ${++sessions}`,
          sessionAt: new Date().toISOString(),
          participants: [],
        });
      }
      expect(sessions).toBeLessThan(600);
    }
    const carried = await handle.query(caseStateQuery);
    expect(carried).toMatchObject({ stage: 'HANDLING', assigneeId: actors.mediator1.userId, lastSeq: 4 + sessions });
    const next = await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'UNRESOLVED',
      summary: '未化解',
    });
    expect(next).toMatchObject({ stage: 'SUPERVISION', lastSeq: 5 + sessions });
    const seqs = (await cases.events(caseId)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 5 + sessions }, (_, i) => i + 1));
  });
});

describe('dispute workflow: a worker restarted mid-case', () => {
  it('continues the case where it was, timers included', async () => {
    const config = testConfig();
    let harness = await startWorker(config);
    let cases = new CaseDriver(harness, config.temporalTaskQueue);
    const policy = await cases.policy(drillPolicy({ HANDLING: 'PT4S' }));
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'GENERAL',
    });
    const claimed = await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    await harness.stop();

    // No worker while the timers fall due; the next worker picks the case up.
    await waitFor('the HANDLING deadline to pass', async () =>
      Date.now() > Date.parse(claimed.stageDeadline!) ? true : undefined,
    );
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
    try {
      const raised = await waitFor('the warning and level 1', async () => {
        const found = (await cases.events(caseId)).filter((e) => ALERT_TYPES.includes(e.type));
        return found.length >= 2 ? found : undefined;
      });
      expect(raised.slice(0, 2).map((e) => e.payload.level)).toEqual([0, 1]);
      const done = await cases.act(caseId, completeHandlingUpdate, {
        actor: actors.mediator1,
        outcome: 'RESOLVED_ON_SITE',
        summary: '化解',
      });
      expect(done.stage).toBe('SUPERVISION');
    } finally {
      await harness.stop();
    }
  });
});
