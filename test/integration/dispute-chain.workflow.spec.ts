import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  acceptDisputeUpdate,
  approveSupervisionUpdate,
  claimTaskUpdate,
  completeHandlingUpdate,
  decideExtensionUpdate,
  deliverFeedbackUpdate,
  issueSupervisionOrderUpdate,
  mergeDisputeUpdate,
  reassignTaskUpdate,
  recordFollowUpUpdate,
  recordHandlingUpdate,
  rejectDisputeUpdate,
  releaseTaskUpdate,
  requestExtensionUpdate,
  resumeDisputeUpdate,
  returnSupervisionUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
  suspendDisputeUpdate,
  transferDisputeUpdate,
  withdrawDisputeUpdate,
  type CaseState,
} from '@app/contracts';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { actors, CaseDriver, XINCUN_COMMITTEE } from '../support/case-driver';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const agreement = { terms: '楼上住户负责维修并赔偿 2000 元', fulfilBy: '2026-12-31' };

describe('dispute workflow: the eight-stage chain (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let cases: CaseDriver;

  beforeAll(async () => {
    harness = await startWorker(config);
    cases = new CaseDriver(harness, config.temporalTaskQueue);
  });
  afterAll(() => harness.stop());

  /** A case routed to the 新村社区 committee and claimed by mediator1: in HANDLING. */
  async function caseInHandling(options: Parameters<CaseDriver['register']>[0] = {}): Promise<string> {
    const { caseId } = await cases.register(options);
    await cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'SIMPLE',
    });
    await cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 });
    return caseId;
  }

  const refusal = async (promise: Promise<CaseState>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
    return { code: cause.type, message: cause.message };
  };

  it('runs the whole chain, through a failed follow-up, a supervision return and two reopens, to CLOSED', async () => {
    const registered = await cases.register({ acceptNow: false, reportedBy: actors.grid });
    const id = registered.caseId;
    expect(registered.stage).toBe('DISCOVERY');
    expect(registered.stageDeadline).toBeDefined();
    const step = <I>(update: Parameters<CaseDriver['act']>[1], input: I) =>
      cases.act(id, update as never, input as never);

    expect((await step(acceptDisputeUpdate, { actor: actors.clerk })).stage).toBe('ACCEPTANCE');
    const routed = await step(routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'GENERAL',
    });
    expect(routed).toMatchObject({ stage: 'ROUTING', centerCode: 'TJ', unitId: XINCUN_COMMITTEE });
    expect((await step(claimTaskUpdate, { actor: actors.mediator1 })).stage).toBe('HANDLING');
    await step(recordHandlingUpdate, {
      actor: actors.mediator1,
      note: '第一次调解',
      sessionAt: new Date().toISOString(),
      participants: ['测试甲', '测试乙'],
    });
    expect(
      (
        await step(completeHandlingUpdate, {
          actor: actors.mediator1,
          outcome: 'AGREEMENT',
          summary: '达成协议',
          agreement,
        })
      ).stage,
    ).toBe('TRACKING');
    expect(
      (await step(recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: false, note: '未履行' })).stage,
    ).toBe('HANDLING');
    expect(
      (
        await step(completeHandlingUpdate, {
          actor: actors.mediator1,
          outcome: 'AGREEMENT',
          summary: '重新协议',
          agreement,
        })
      ).stage,
    ).toBe('TRACKING');
    expect((await step(recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: true, note: '已履行' })).stage).toBe(
      'SUPERVISION',
    );
    expect((await step(returnSupervisionUpdate, { actor: actors.supervisor1, reason: '材料不全' })).stage).toBe(
      'HANDLING',
    );
    expect(
      (
        await step(completeHandlingUpdate, {
          actor: actors.mediator1,
          outcome: 'RESOLVED_ON_SITE',
          summary: '现场化解',
        })
      ).stage,
    ).toBe('SUPERVISION');
    expect((await step(approveSupervisionUpdate, { actor: actors.supervisor1 })).stage).toBe('FEEDBACK');
    expect(
      (await step(deliverFeedbackUpdate, { actor: actors.mediator1, channel: 'PHONE', content: '已电话告知' })).stage,
    ).toBe('EVALUATION');

    // First DISSATISFIED: back to HANDLING, no alert.
    const reopened = await step(submitEvaluationUpdate, {
      actor: actors.party,
      rating: 'DISSATISFIED',
      comment: '不满意',
    });
    expect(reopened).toMatchObject({
      stage: 'HANDLING',
      reopenCount: 1,
      escalationLevel: 0,
      assigneeId: actors.mediator1.userId,
    });
    await step(completeHandlingUpdate, { actor: actors.mediator1, outcome: 'RESOLVED_ON_SITE', summary: '再次化解' });
    await step(approveSupervisionUpdate, { actor: actors.supervisor1 });
    await step(deliverFeedbackUpdate, { actor: actors.clerk, channel: 'IN_PERSON', content: '当面告知' });
    // Second DISSATISFIED: reopened again, and a level-2 escalation.
    const twice = await step(submitEvaluationUpdate, { actor: actors.party, rating: 'DISSATISFIED' });
    expect(twice).toMatchObject({ stage: 'HANDLING', reopenCount: 2, escalationLevel: 2 });
    await step(completeHandlingUpdate, { actor: actors.mediator1, outcome: 'RESOLVED_ON_SITE', summary: '第三次化解' });
    await step(approveSupervisionUpdate, { actor: actors.supervisor2 });
    await step(deliverFeedbackUpdate, { actor: actors.mediator1, channel: 'SMS', content: '短信告知' });
    const closed = await step(submitEvaluationUpdate, { actor: actors.party, rating: 'SATISFIED' });
    expect(closed).toMatchObject({ stage: 'CLOSED', status: 'CLOSED', resolution: 'RESOLVED', reopenCount: 2 });
    await expect(cases.handle(id).result()).resolves.toMatchObject({ stage: 'CLOSED', resolution: 'RESOLVED' });

    const types = await cases.eventTypes(id);
    expect(types).toEqual([
      'DisputeReported',
      'DisputeAccepted',
      'DisputeRouted',
      'TaskClaimed',
      'HandlingRecorded',
      'HandlingCompleted',
      'FollowUpRecorded',
      'HandlingCompleted',
      'FollowUpRecorded',
      'SupervisionReturned',
      'HandlingCompleted',
      'SupervisionApproved',
      'FeedbackDelivered',
      'EvaluationReceived',
      'DisputeReopened',
      'HandlingCompleted',
      'SupervisionApproved',
      'FeedbackDelivered',
      'EvaluationReceived',
      'DisputeReopened',
      'EscalationRaised',
      'HandlingCompleted',
      'SupervisionApproved',
      'FeedbackDelivered',
      'EvaluationReceived',
      'DisputeClosed',
    ]);
    const escalation = (await cases.events(id)).find((e) => e.type === 'EscalationRaised')!;
    expect(escalation.payload).toMatchObject({ level: 2, reason: 'REOPENED' });
    expect(await cases.row(id)).toMatchObject({
      stage: 'CLOSED',
      status: 'CLOSED',
      resolution: 'RESOLVED',
      reopen_count: 2,
      last_seq: 26,
    });
    const [alert] = await harness.dataSource.query('SELECT kind, level, stage FROM alerts WHERE case_id = $1', [id]);
    expect(alert).toEqual({ kind: 'ESCALATION', level: 2, stage: 'HANDLING' });
  });

  it('skips TRACKING for outcomes that need no fulfilment and closes REFERRED / UNRESOLVED as such', async () => {
    for (const outcome of ['REFERRED', 'UNRESOLVED'] as const) {
      const id = await caseInHandling();
      expect(
        (await cases.act(id, completeHandlingUpdate, { actor: actors.mediator1, outcome, summary: '处置' })).stage,
      ).toBe('SUPERVISION');
      await cases.act(id, approveSupervisionUpdate, { actor: actors.supervisor1 });
      await cases.act(id, deliverFeedbackUpdate, { actor: actors.mediator1, channel: 'LETTER', content: '书面告知' });
      const closed = await cases.act(id, submitEvaluationUpdate, {
        actor: actors.party,
        rating: 'BASICALLY_SATISFIED',
      });
      expect(closed).toMatchObject({ stage: 'CLOSED', resolution: outcome });
    }
  });

  it('rejects and withdraws: both close the case with their resolution', async () => {
    const rejected = await cases.register({ acceptNow: false });
    const afterReject = await cases.act(rejected.caseId, rejectDisputeUpdate, {
      actor: actors.clerk,
      reason: '不属于受理范围',
    });
    expect(afterReject).toMatchObject({ stage: 'CLOSED', resolution: 'REJECTED' });
    expect(await cases.eventTypes(rejected.caseId)).toEqual(['DisputeReported', 'DisputeRejected', 'DisputeClosed']);

    const id = await caseInHandling();
    const withdrawn = await cases.act(id, withdrawDisputeUpdate, { actor: actors.mediator1, reason: '当事人撤回' });
    expect(withdrawn).toMatchObject({ stage: 'CLOSED', resolution: 'WITHDRAWN' });
    expect(await cases.row(id)).toMatchObject({ stage: 'CLOSED', resolution: 'WITHDRAWN', status: 'CLOSED' });
  });

  it('merges a duplicate into an open case: the duplicate closes MERGED, its parties join the target', async () => {
    const target = await cases.register();
    const duplicate = await cases.register({
      report: { parties: [{ role: 'APPLICANT', name: '测试丁', phone: '13700000000' }] },
    });
    const merged = await cases.act(duplicate.caseId, mergeDisputeUpdate, {
      actor: actors.clerk,
      intoCaseId: target.caseId,
      intoCaseNo: target.caseNo,
    });
    expect(merged).toMatchObject({ stage: 'CLOSED', resolution: 'MERGED' });
    // The target absorbs the duplicate on a signal, in its own workflow task: it lands after the merge answers.
    const targetEvent = await waitFor('the target to record the merge', async () =>
      (await cases.events(target.caseId)).find((e) => e.type === 'DisputeMerged'),
    );
    expect(targetEvent.payload).toMatchObject({ mergedCaseId: duplicate.caseId });
    const row = await cases.row(target.caseId);
    expect(row.parties.map((p: { name: string }) => p.name)).toEqual(['测试甲', '测试乙', '测试丁']);
    expect(
      await refusal(cases.act(target.caseId, mergeDisputeUpdate, { actor: actors.clerk, intoCaseId: target.caseId })),
    ).toMatchObject({
      code: 'RULE_VIOLATION',
    });
  });

  it('transfers, releases and reassigns: the task moves between pools and mediators', async () => {
    const id = await caseInHandling();
    const released = await cases.act(id, releaseTaskUpdate, { actor: actors.mediator1 });
    expect(released.stage).toBe('HANDLING');
    expect(released.assigneeId).toBeUndefined();
    expect((await cases.act(id, claimTaskUpdate, { actor: actors.mediator2 })).assigneeId).toBe(
      actors.mediator2.userId,
    );

    const xiaotang = DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE;
    const transferred = await cases.act(id, transferDisputeUpdate, {
      actor: actors.supervisor1,
      centerCode: 'TJ',
      unitId: xiaotang,
      reason: '属晓塘社区',
    });
    expect(transferred).toMatchObject({ stage: 'ROUTING', unitId: xiaotang });
    expect(transferred.assigneeId).toBeUndefined();
    expect(await refusal(cases.act(id, claimTaskUpdate, { actor: actors.mediator1 }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await cases.act(id, claimTaskUpdate, { actor: actors.mediator3 })).stage).toBe('HANDLING');

    const reassigned = await cases.act(id, reassignTaskUpdate, {
      actor: actors.supervisor1,
      mediatorId: actors.mediator1.userId,
    });
    expect(reassigned.assigneeId).toBe(actors.mediator1.userId);
    expect(await cases.row(id)).toMatchObject({
      stage: 'HANDLING',
      unit_id: xiaotang,
      assignee_id: actors.mediator1.userId,
    });
    expect(await cases.eventTypes(id)).toEqual(
      expect.arrayContaining(['TaskReleased', 'DisputeTransferred', 'TaskReassigned']),
    );
  });

  it('upserts the search attributes when one changes, not after every decision (issue 16)', async () => {
    // The case's own attributes; the SDK upserts TemporalChangeVersion by itself when a patch is first taken.
    const upserts = async (caseId: string) =>
      ((await cases.handle(caseId).fetchHistory()).events ?? []).filter((e) =>
        Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).some(
          (key) => key !== 'TemporalChangeVersion',
        ),
      ).length;
    const caseId = await caseInHandling();
    const before = await upserts(caseId);
    const session = {
      actor: actors.mediator1,
      note: '调解',
      sessionAt: new Date().toISOString(),
      participants: ['甲'],
    };
    await cases.act(caseId, recordHandlingUpdate, session);
    await cases.act(caseId, recordHandlingUpdate, session);
    await cases.act(caseId, requestExtensionUpdate, { actor: actors.mediator1, days: 2, reason: '鉴定' });
    expect(await upserts(caseId)).toBe(before);
    const { stage } = await cases.act(caseId, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'RESOLVED_ON_SITE',
      summary: '化解',
    });
    expect(stage).not.toBe('HANDLING');
    expect(await upserts(caseId)).toBe(before + 1);
    const described = await cases.handle(caseId).describe();
    expect(described.searchAttributes.CaseStage).toEqual([stage]);
  });

  it('lets exactly one of two simultaneous claims win; the other gets ALREADY_CLAIMED', async () => {
    const { caseId } = await cases.register();
    await cases.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass: 'SIMPLE',
    });
    const results = await Promise.allSettled([
      cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 }),
      cases.act(caseId, claimTaskUpdate, { actor: actors.mediator2 }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason.cause.type).toBe('ALREADY_CLAIMED');
    const claims = (await cases.events(caseId)).filter((e) => e.type === 'TaskClaimed');
    expect(claims).toHaveLength(1);
  });

  it('refuses actions that do not fit the stage, the actor or the rules, and records nothing for them', async () => {
    const { caseId: fresh } = await cases.register({ acceptNow: false });
    const id = await caseInHandling();
    const before = await cases.eventTypes(id);
    const table: [string, Promise<CaseState>, string, RegExp][] = [
      [
        'accept by a grid worker',
        cases.act(fresh, acceptDisputeUpdate, { actor: actors.grid }),
        'FORBIDDEN',
        /only CLERK/,
      ],
      [
        'route before acceptance',
        cases.act(fresh, routeDisputeUpdate, {
          actor: actors.clerk,
          centerCode: 'TJ',
          unitId: XINCUN_COMMITTEE,
          severity: 'NORMAL',
          slaClass: 'SIMPLE',
        }),
        'STAGE_CONFLICT',
        /DISCOVERY/,
      ],
      ['accept twice', cases.act(id, acceptDisputeUpdate, { actor: actors.clerk }), 'STAGE_CONFLICT', /HANDLING/],
      [
        'claim a held task',
        cases.act(id, claimTaskUpdate, { actor: actors.mediator2 }),
        'ALREADY_CLAIMED',
        /already claimed/,
      ],
      ['claim outside the pool', cases.act(id, claimTaskUpdate, { actor: actors.mediator3 }), 'FORBIDDEN', /pool/],
      [
        'handling by a non-holder',
        cases.act(id, recordHandlingUpdate, {
          actor: actors.mediator2,
          note: 'x',
          sessionAt: new Date().toISOString(),
          participants: [],
        }),
        'FORBIDDEN',
        /holds the task/,
      ],
      [
        'AGREEMENT without its terms',
        cases.act(id, completeHandlingUpdate, { actor: actors.mediator1, outcome: 'AGREEMENT', summary: 'x' }),
        'RULE_VIOLATION',
        /agreement/,
      ],
      [
        'follow-up in HANDLING',
        cases.act(id, recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: true, note: 'x' }),
        'STAGE_CONFLICT',
        /TRACKING/,
      ],
      [
        'approve in HANDLING',
        cases.act(id, approveSupervisionUpdate, { actor: actors.supervisor1 }),
        'STAGE_CONFLICT',
        /SUPERVISION/,
      ],
      [
        'evaluation by staff',
        cases.act(id, submitEvaluationUpdate, { actor: actors.clerk, rating: 'SATISFIED' }),
        'FORBIDDEN',
        /PARTY/,
      ],
      [
        'an extension of 20 days',
        cases.act(id, requestExtensionUpdate, { actor: actors.mediator1, days: 20, reason: 'x' }),
        'RULE_VIOLATION',
        /1 to 15/,
      ],
      [
        'deciding an extension nobody asked for',
        cases.act(id, decideExtensionUpdate, {
          actor: actors.supervisor1,
          extensionId: 'none',
          approve: true,
          note: '',
        }),
        'RULE_VIOLATION',
        /no pending extension/,
      ],
      [
        'a supervision order by a mediator',
        cases.act(id, issueSupervisionOrderUpdate, {
          actor: actors.mediator1,
          instruction: 'x',
          deadline: new Date().toISOString(),
        }),
        'FORBIDDEN',
        /SUPERVISOR/,
      ],
      [
        'resume an open case',
        cases.act(id, resumeDisputeUpdate, { actor: actors.supervisor1 }),
        'STAGE_CONFLICT',
        /not suspended/,
      ],
    ];
    for (const [what, promise, code, message] of table) {
      const refused = await refusal(promise);
      expect({ what, code: refused.code }).toEqual({ what, code });
      expect(refused.message).toMatch(message);
    }
    expect(await cases.eventTypes(id)).toEqual(before);

    // One extension per case: the second request is refused.
    await cases.act(id, requestExtensionUpdate, { actor: actors.mediator1, days: 5, reason: '等待鉴定' });
    expect(
      await refusal(cases.act(id, requestExtensionUpdate, { actor: actors.mediator1, days: 2, reason: 'x' })),
    ).toMatchObject({ code: 'RULE_VIOLATION' });

    // Suspended: only resume, withdraw and supervision orders go through.
    await cases.act(id, suspendDisputeUpdate, { actor: actors.supervisor1, reason: '等待法院判决' });
    expect(
      await refusal(
        cases.act(id, recordHandlingUpdate, {
          actor: actors.mediator1,
          note: 'x',
          sessionAt: new Date().toISOString(),
          participants: [],
        }),
      ),
    ).toMatchObject({
      code: 'STAGE_CONFLICT',
      message: expect.stringMatching(/suspended/),
    });
    expect((await cases.act(id, resumeDisputeUpdate, { actor: actors.supervisor1 })).status).toBe('OPEN');

    // Withdrawal ends once handling is complete.
    await cases.act(id, completeHandlingUpdate, { actor: actors.mediator1, outcome: 'RESOLVED_ON_SITE', summary: 'x' });
    expect(await refusal(cases.act(id, withdrawDisputeUpdate, { actor: actors.mediator1, reason: 'x' }))).toMatchObject(
      { code: 'STAGE_CONFLICT' },
    );
  });
});
