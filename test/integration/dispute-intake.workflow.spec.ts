import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'crypto';
import {
  acceptDisputeUpdate,
  awaitRegistrationUpdate,
  caseStateQuery,
  disputeWorkflowId,
  type Actor,
  type DisputeWorkflowInput,
} from '@app/contracts';
import { officeYear } from '@app/domain/calendar/office-time';
import { isValidReceiptCode } from '@app/domain/case-number';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import { testConfig, startWorker, WorkerHarness } from '../support/test-stack';

const clerk: Actor = { userId: '00000000-0000-4000-8000-000000001001', role: 'CLERK', unitIds: [] };
const gridWorker: Actor = { userId: '00000000-0000-4000-8000-000000001002', role: 'GRID_WORKER', unitIds: [] };

function input(acceptNow: boolean, reportedBy: Actor = clerk): DisputeWorkflowInput {
  return {
    caseId: randomUUID(),
    reportedBy,
    acceptNow,
    reportedAt: new Date().toISOString(),
    report: {
      channel: 'WALK_IN',
      category: 'NEIGHBOR',
      summary: '噪音扰民（测试）',
      description: '夜间装修噪音',
      gridCode: 'JF-C01-G02',
      address: '新村社区 1 幢',
      urgent: false,
      parties: [{ role: 'APPLICANT', name: '测试丙', phone: '13900000000' }],
    },
  };
}

describe('dispute workflow intake (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await startWorker(config);
  });
  afterAll(() => harness.stop());

  const register = (workflowInput: DisputeWorkflowInput) =>
    harness.client.workflow.executeUpdateWithStart(awaitRegistrationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('disputeWorkflow', {
        workflowId: disputeWorkflowId(workflowInput.caseId),
        taskQueue: config.temporalTaskQueue,
        args: [workflowInput],
        workflowIdConflictPolicy: 'FAIL',
      }),
    });

  const eventTypes = async (caseId: string) =>
    (await harness.dataSource.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId])).map(
      (r: { type: string }) => r.type,
    );

  it('registers a report in DISCOVERY, recorded before the answer comes back', async () => {
    const report = input(false, gridWorker);
    const state = await register(report);
    expect(state).toMatchObject({ caseId: report.caseId, stage: 'DISCOVERY', status: 'OPEN', lastSeq: 1 });
    expect(state.caseNo).toBeUndefined();
    expect(await eventTypes(report.caseId)).toEqual(['DisputeReported']);
    const [row] = await harness.dataSource.query('SELECT stage, reported_by FROM cases WHERE id = $1', [report.caseId]);
    expect(row).toEqual({ stage: 'DISCOVERY', reported_by: gridWorker.userId });
  });

  it('accepts: issues a case number and receipt code, refuses a second accept and a non-clerk', async () => {
    const report = input(false);
    await register(report);
    const handle = harness.client.workflow.getHandle(disputeWorkflowId(report.caseId));

    const refusedRole = handle.executeUpdate(acceptDisputeUpdate, { args: [{ actor: gridWorker }] });
    await expect(refusedRole).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refusedRole).rejects.toMatchObject({ cause: { type: 'FORBIDDEN' } });

    const state = await handle.executeUpdate(acceptDisputeUpdate, { args: [{ actor: clerk }] });
    expect(state.stage).toBe('ACCEPTANCE');
    expect(state.caseNo).toMatch(/^JF-20\d\d-\d{6}$/);
    expect(isValidReceiptCode(state.receiptCode!)).toBe(true);

    const again = handle.executeUpdate(acceptDisputeUpdate, { args: [{ actor: clerk }] });
    await expect(again).rejects.toMatchObject({ cause: { type: 'STAGE_CONFLICT' } });

    expect(await handle.query(caseStateQuery)).toMatchObject({ stage: 'ACCEPTANCE', caseNo: state.caseNo, lastSeq: 2 });
    expect(await eventTypes(report.caseId)).toEqual(['DisputeReported', 'DisputeAccepted']);
    const [row] = await harness.dataSource.query('SELECT stage, case_no, receipt_code FROM cases WHERE id = $1', [
      report.caseId,
    ]);
    expect(row).toEqual({ stage: 'ACCEPTANCE', case_no: state.caseNo, receipt_code: state.receiptCode });
  });

  it('moves a walk-in registered with acceptNow straight to ACCEPTANCE', async () => {
    const report = input(true);
    const state = await register(report);
    expect(state.stage).toBe('ACCEPTANCE');
    expect(state.caseNo).toBeDefined();
    expect(await eventTypes(report.caseId)).toEqual(['DisputeReported', 'DisputeAccepted']);
  });

  describe('what an intake costs the worker (issue 16)', () => {
    /** Local activities the intake ran: one marker each in the workflow's history. */
    const localActivities = async (caseId: string) => {
      const history = await harness.client.workflow.getHandle(disputeWorkflowId(caseId)).fetchHistory();
      return (history.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
        .length;
    };
    const givenSettings = async (year = officeYear(Date.now())) => {
      const years = [year, year + 1];
      const settings = await new SlaSettingsRepository(harness.dataSource).load('default', years);
      // Distinctive: ACCEPTANCE takes 40 hours of calendar time, so a deadline shows which settings were used.
      const rules = settings.policy.rules.map((r) =>
        r.stage === 'ACCEPTANCE' ? { stage: r.stage, slaClass: r.slaClass, urgent: r.urgent, duration: 'PT40H' } : r,
      );
      return { policyName: 'default', years, settings: { ...settings, policy: { ...settings.policy, rules } } };
    };

    it('records report and acceptance in one local activity, and reads the settings in one more', async () => {
      const report = input(true);
      const state = await register(report);
      expect(state.caseNo).toBeDefined();
      expect(await eventTypes(report.caseId)).toEqual(['DisputeReported', 'DisputeAccepted']);
      // Before: settings, report, settings, acceptance.
      expect(await localActivities(report.caseId)).toBe(2);
    });

    it('takes the settings the gateway read with the report, and reads none itself', async () => {
      const report = { ...input(true), slaSettings: await givenSettings() };
      const state = await register(report);
      expect(await localActivities(report.caseId)).toBe(1);
      expect(Date.parse(state.stageDeadline!) - Date.parse(state.stageEnteredAt)).toBe(40 * 3600_000);
      const [row] = await harness.dataSource.query('SELECT case_no, stage_deadline FROM cases WHERE id = $1', [
        report.caseId,
      ]);
      expect(row).toEqual({ case_no: state.caseNo, stage_deadline: new Date(state.stageDeadline!) });
    });

    it('reads the settings itself when those given are for other years', async () => {
      const report = { ...input(true), slaSettings: await givenSettings(officeYear(Date.now()) - 1) };
      const state = await register(report);
      expect(await localActivities(report.caseId)).toBe(2);
      expect(Date.parse(state.stageDeadline!) - Date.parse(state.stageEnteredAt)).not.toBe(40 * 3600_000);
    });

    describe('an action that starts a clock', () => {
      /** Registers in DISCOVERY with the given settings, then accepts (ACCEPTANCE's clock starts) with `slaSettings`. */
      const accepted = async (slaSettings?: Awaited<ReturnType<typeof givenSettings>>) => {
        const report = { ...input(false), slaSettings: await givenSettings() };
        await register(report);
        const before = await localActivities(report.caseId);
        const state = await harness.client.workflow
          .getHandle(disputeWorkflowId(report.caseId))
          .executeUpdate(acceptDisputeUpdate, { args: [{ actor: clerk, ...(slaSettings && { slaSettings }) }] });
        return { state, localActivities: (await localActivities(report.caseId)) - before };
      };
      const hours = (state: { stageDeadline?: string; stageEnteredAt: string }) =>
        (Date.parse(state.stageDeadline!) - Date.parse(state.stageEnteredAt)) / 3600_000;

      it('takes the settings the gateway sent with the update: one local activity, the append', async () => {
        const { state, localActivities: taken } = await accepted(await givenSettings());
        expect(state.stage).toBe('ACCEPTANCE');
        expect(taken).toBe(1);
        expect(hours(state)).toBe(40);
        const [row] = await harness.dataSource.query('SELECT stage_deadline FROM cases WHERE id = $1', [state.caseId]);
        expect(row.stage_deadline).toEqual(new Date(state.stageDeadline!));
      });

      it('reads the settings itself when the update brings none: two local activities', async () => {
        const { state, localActivities: taken } = await accepted();
        expect(taken).toBe(2);
        expect(hours(state)).not.toBe(40);
      });

      it('reads the settings itself when those sent are for other years or another policy', async () => {
        const otherYears = await accepted(await givenSettings(officeYear(Date.now()) - 1));
        expect(otherYears.localActivities).toBe(2);
        expect(hours(otherYears.state)).not.toBe(40);
        const otherPolicy = await accepted({ ...(await givenSettings()), policyName: 'drill' });
        expect(otherPolicy.localActivities).toBe(2);
        expect(hours(otherPolicy.state)).not.toBe(40);
      });
    });
  });

  it('gives distinct case numbers to cases accepted at the same time', async () => {
    const states = await Promise.all(Array.from({ length: 5 }, () => register(input(true))));
    expect(new Set(states.map((s) => s.caseNo)).size).toBe(5);
  });
});
