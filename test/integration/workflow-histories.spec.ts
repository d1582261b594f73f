import * as fs from 'fs';
import * as path from 'path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import {
  answerAssistanceUpdate,
  approveSupervisionUpdate,
  claimAssistanceUpdate,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  mergeDisputeUpdate,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  requestAssistanceUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  suspendDisputeUpdate,
  withdrawAssistanceUpdate,
  withdrawDisputeUpdate,
} from '@app/contracts';
import { CHAIN_STAGES, SLA_CLASSES } from '@app/domain/enums';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { actors, CaseDriver, XINCUN_COMMITTEE } from '../support/case-driver';
import { bundle, HISTORIES_DIR } from '../support/replay';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Drives the scenarios whose histories guard the workflow's determinism, replays each fresh
 * history against the current code, and with RECORD_HISTORIES=1 writes them to test/histories/
 * (`npm run histories:record`), where test/integration/workflow-replay.spec.ts replays them on
 * every run from then on.
 */
describe('workflow histories of the main scenarios', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let cases: CaseDriver;
  const recorded: { name: string; workflowId: string; history: unknown }[] = [];

  beforeAll(async () => {
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
  });
  afterAll(() => harness.stop());

  const keep = async (name: string, caseId: string) => {
    const handle = cases.handle(caseId);
    recorded.push({ name, workflowId: handle.workflowId, history: await handle.fetchHistory() });
  };
  const route = (caseId: string) =>
    cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'GENERAL',
    });

  it('records the full chain with a failed follow-up and a reopen', async () => {
    const { caseId } = await cases.register({ acceptNow: true });
    await route(caseId);
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    await cases.act(caseId, recordHandlingUpdate, {
      actor: actors.mediator1,
      note: '调解',
      sessionAt: '2026-11-28T10:00:00+08:00',
      participants: ['甲'],
    });
    const agreement = { terms: '赔偿', fulfilBy: '2026-12-31' };
    await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'AGREEMENT',
      summary: '协议',
      agreement,
    });
    await cases.act(caseId, recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: false, note: '未履行' });
    await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'AGREEMENT',
      summary: '协议',
      agreement,
    });
    await cases.act(caseId, recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: true, note: '履行' });
    await cases.act(caseId, approveSupervisionUpdate, { actor: actors.supervisor1 });
    await cases.act(caseId, deliverFeedbackUpdate, { actor: actors.mediator1, channel: 'PHONE', content: '告知' });
    await cases.act(caseId, submitEvaluationUpdate, { actor: actors.party, rating: 'DISSATISFIED' });
    await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'RESOLVED_ON_SITE',
      summary: '化解',
    });
    await cases.act(caseId, approveSupervisionUpdate, { actor: actors.supervisor1 });
    await cases.act(caseId, deliverFeedbackUpdate, { actor: actors.mediator1, channel: 'PHONE', content: '告知' });
    await cases.act(caseId, submitEvaluationUpdate, { actor: actors.party, rating: 'SATISFIED' });
    await cases.handle(caseId).result();
    await keep('full-chain-with-reopen', caseId);
  });

  it('records an escalation ladder, a suspension, an extension and a supervision order', async () => {
    const policy = await cases.policy({
      rules: CHAIN_STAGES.flatMap((stage) =>
        SLA_CLASSES.map((slaClass) => ({ stage, slaClass, duration: stage === 'ROUTING' ? 'PT2S' : 'PT1H' })),
      ),
      escalationSteps: { level2AfterMs: 500, level3AfterMs: 1000 },
      workingDayMs: 1000,
    });
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    await waitFor('level 3', async () =>
      (await cases.events(caseId)).some((e) => e.payload.level === 3) ? true : undefined,
    );
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    await cases.act(caseId, suspendDisputeUpdate, { actor: actors.supervisor1, reason: '等待' });
    await cases.act(caseId, resumeDisputeUpdate, { actor: actors.supervisor1 });
    const requested = await cases.act(caseId, requestExtensionUpdate, {
      actor: actors.mediator1,
      days: 3,
      reason: '鉴定',
    });
    await cases.act(caseId, decideExtensionUpdate, {
      actor: actors.supervisor1,
      extensionId: requested.extension!.id,
      approve: true,
      note: '同意',
    });
    await cases.act(caseId, issueSupervisionOrderUpdate, {
      actor: actors.supervisor2,
      instruction: '从速',
      deadline: '2030-01-01T00:00:00+08:00',
    });
    await keep('escalation-suspension-extension', caseId);
  });

  it('records a merge', async () => {
    const target = await cases.register();
    const duplicate = await cases.register();
    await cases.act(duplicate.caseId, mergeDisputeUpdate, { actor: actors.clerk, intoCaseId: target.caseId });
    await waitFor('the target to record the merge', async () =>
      (await cases.eventTypes(target.caseId)).includes('DisputeMerged') ? true : undefined,
    );
    await keep('merge-duplicate', duplicate.caseId);
    await keep('merge-target', target.caseId);
  });

  it('records joint handling (协办): a ladder on the assisting center, a late answer, a withdrawal, a close', async () => {
    // A working day lasts a second under this drill policy: a 1-working-day assistance climbs its ladder in 2 s.
    const policy = await cases.policy({
      rules: CHAIN_STAGES.flatMap((stage) => SLA_CLASSES.map((slaClass) => ({ stage, slaClass, duration: 'PT1H' }))),
      escalationSteps: { level2AfterMs: 500, level3AfterMs: 1000 },
      workingDayMs: 1000,
    });
    const { caseId } = await cases.register({ slaPolicyName: policy });
    await route(caseId);
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    const asked = await cases.act(caseId, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE,
      centerCode: 'TJ',
      instruction: '请协助',
      workingDays: 1,
    });
    const first = asked.assistances![0].id;
    await waitFor('the assistance at level 3', async () =>
      (await cases.events(caseId)).some((e) => e.type === 'AssistanceEscalationRaised' && e.payload.level === 3)
        ? true
        : undefined,
    );
    await cases.act(caseId, claimAssistanceUpdate, { actor: actors.mediator3, assistanceId: first });
    await cases.act(caseId, answerAssistanceUpdate, { actor: actors.mediator3, assistanceId: first, report: '已办' });
    const again = await cases.act(caseId, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE,
      centerCode: 'TJ',
      instruction: '再请协助',
      workingDays: 3,
    });
    await cases.act(caseId, withdrawAssistanceUpdate, {
      actor: actors.mediator1,
      assistanceId: again.assistances![1].id,
      reason: '不需要了',
    });
    await cases.act(caseId, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: DEMO_UNIT_IDS.STREET_MEDIATION_COMMITTEE,
      centerCode: 'TJ',
      instruction: '第三次',
      workingDays: 2,
    });
    // The party withdraws: the case closes and withdraws the open assistance itself.
    await cases.act(caseId, withdrawDisputeUpdate, { actor: actors.clerk, reason: '当事人撤回' });
    await cases.handle(caseId).result();
    const types = await cases.eventTypes(caseId);
    expect(types.filter((t) => t === 'AssistanceWithdrawn')).toHaveLength(2);
    expect(types.at(-1)).toBe('DisputeClosed');
    await keep('joint-handling', caseId);
  });

  it('replays every fresh history against the current workflow code', async () => {
    expect(recorded.map((r) => r.name)).toEqual([
      'full-chain-with-reopen',
      'escalation-suspension-extension',
      'merge-duplicate',
      'merge-target',
      'joint-handling',
    ]);
    const workflowBundle = await bundle();
    for (const { workflowId, history } of recorded) {
      await expect(
        Worker.runReplayHistory({ workflowBundle, replayName: 'fresh' }, history, workflowId),
      ).resolves.toBeUndefined();
    }
    if (process.env.RECORD_HISTORIES === '1') {
      fs.mkdirSync(HISTORIES_DIR, { recursive: true });
      for (const { name, workflowId, history } of recorded) {
        const json = JSON.parse(historyToJSON(history as Parameters<typeof historyToJSON>[0]));
        fs.writeFileSync(
          path.join(HISTORIES_DIR, `${name}.json`),
          JSON.stringify({ workflowId, history: json }, null, 1),
        );
      }
    }
  });
});
