import { approveSupervisionUpdate, claimTaskUpdate, recordHandlingUpdate, transferDisputeUpdate } from '@app/contracts';
import { DEMO_TERRITORY } from '@app/domain/territory';
import type { CaseEntity } from '@app/persistence/entities/case.entity';
import type { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { UserRepository } from '@app/persistence/repositories/user.repository';
import { CaseActionService } from './case-action.service';
import {
  asWorkflow,
  CASE_ID,
  caseRow,
  caseState,
  caseViews,
  CLERK,
  MEDIATOR,
  mockWorkflow,
  refusal,
  SUPERVISOR_TJ,
} from './dispute.spec-fixtures';

const TJ_COMMUNITY = DEMO_TERRITORY.units.find((u) => u.level === 'COMMUNITY' && u.centerCode === 'TJ')!;
const TJ_STREET = DEMO_TERRITORY.units.find((u) => u.level === 'STREET' && u.centerCode === 'TJ')!;
const OTHER_STREET = DEMO_TERRITORY.units.find((u) => u.level === 'STREET' && u.centerCode !== 'TJ')!;
const OTHER_ID = '0b000000-0000-4000-8000-000000000002';

function setUp(rows = [caseRow()]) {
  const workflow = mockWorkflow();
  workflow.update.mockResolvedValue(caseState({ stage: 'FEEDBACK', caseNo: 'JF-2026-000001' }));
  const { views, audit, cases, users: viewUsers } = caseViews(rows);
  const territory = { load: jest.fn().mockResolvedValue(DEMO_TERRITORY) };
  const users = { findActiveById: jest.fn().mockResolvedValue(null) };
  const service = new CaseActionService(
    asWorkflow(workflow),
    views,
    territory as unknown as TerritoryRepository,
    users as unknown as UserRepository,
  );
  return { service, workflow, audit, users, viewUsers, cases };
}

describe('CaseActionService.act: the acting role', () => {
  it("a supervisor of the case's center acts as SUPERVISOR: the workflow gets the payload and that actor", async () => {
    const { service, workflow, audit } = setUp([caseRow({ stage: 'SUPERVISION' })]);
    const view = await service.act(SUPERVISOR_TJ, CASE_ID, approveSupervisionUpdate, {});
    expect(workflow.update).toHaveBeenCalledWith(
      CASE_ID,
      approveSupervisionUpdate,
      { actor: expect.objectContaining({ userId: SUPERVISOR_TJ.id, role: 'SUPERVISOR' }) },
      workflow.slaSettingsFor.mock.results[0].value,
    );
    expect(view.stage).toBe('FEEDBACK');
    // A supervisor sees the parties whole, so the answer's reveal is recorded.
    expect(audit.personalDataRevealed).toHaveBeenCalledWith(
      SUPERVISOR_TJ,
      { id: CASE_ID, caseNo: 'JF-2026-000001' },
      'action',
      { fields: expect.any(Array), parties: 1 },
    );
  });

  it('a role the action does not allow is refused (403) and the workflow is not asked', async () => {
    const { service, workflow } = setUp([caseRow({ stage: 'SUPERVISION' })]);
    expect(await refusal(service.act(MEDIATOR, CASE_ID, approveSupervisionUpdate, {}))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(workflow.update).not.toHaveBeenCalled();
  });

  it("a case outside the caller's pools is refused (403) before anything else; an unknown case is 404", async () => {
    const { service, workflow } = setUp([caseRow({ unitId: 'unit-b' })]);
    expect(
      await refusal(service.act(MEDIATOR, CASE_ID, recordHandlingUpdate, { summary: 'x' } as never)),
    ).toMatchObject({ status: 403 });
    expect(
      await refusal(service.act(MEDIATOR, OTHER_ID, recordHandlingUpdate, { summary: 'x' } as never)),
    ).toMatchObject({ status: 404 });
    expect(workflow.update).not.toHaveBeenCalled();
  });
});

describe('CaseActionService.act: reads side by side (issue 16)', () => {
  /** A promise and the function that settles it, to hold a mocked read open. */
  const held = <T>() => {
    let settle!: (value: T) => void;
    const promise = new Promise<T>((resolve) => (settle = resolve));
    return { promise, settle };
  };
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('the SLA settings are read while the case is, and the update gets the settings read', async () => {
    const { service, workflow, cases } = setUp();
    const caseRead = held<CaseEntity>();
    cases.findById.mockReturnValueOnce(caseRead.promise);
    const acting = service.act(MEDIATOR, CASE_ID, claimTaskUpdate, {});
    await settled();
    // The case is still being read, and the settings' read has begun.
    expect(cases.findById).toHaveBeenCalledTimes(1);
    expect(workflow.slaSettingsFor).toHaveBeenCalledWith(claimTaskUpdate.name);
    expect(workflow.update).not.toHaveBeenCalled();
    caseRead.settle(caseRow());
    await acting;
    expect(workflow.update.mock.calls[0][3]).toBe(workflow.slaSettingsFor.mock.results[0].value);
  });

  it('the access check answers first: a case the caller may not see is 403 even when the settings failed', async () => {
    const { service, workflow } = setUp([caseRow({ unitId: 'unit-b' })]);
    workflow.slaSettingsFor.mockRejectedValueOnce(new Error('settings unreadable'));
    expect(await refusal(service.act(MEDIATOR, CASE_ID, claimTaskUpdate, {}))).toMatchObject({ status: 403 });
    expect(workflow.update).not.toHaveBeenCalled();
  });

  it("settings that failed to be read fail a visible case's action through the update", async () => {
    const { service, workflow } = setUp();
    const failed = Promise.reject(new Error('settings unreadable'));
    workflow.slaSettingsFor.mockReturnValueOnce(failed);
    workflow.update.mockImplementationOnce(
      (_id: string, _u: unknown, _i: unknown, settings: Promise<unknown>) => settings,
    );
    await expect(service.act(MEDIATOR, CASE_ID, claimTaskUpdate, {})).rejects.toThrow('settings unreadable');
    expect(workflow.update.mock.calls[0][3]).toBe(failed);
  });

  it("the answer waits for the personal-data audit record, written beside the assignee's name", async () => {
    const { service, workflow, audit, viewUsers } = setUp([caseRow({ stage: 'SUPERVISION' })]);
    workflow.update.mockResolvedValue(caseState({ stage: 'FEEDBACK', assigneeId: 'm9' }));
    const record = held<void>();
    audit.personalDataRevealed.mockReturnValueOnce(record.promise);
    let answered = false;
    const acting = service.act(SUPERVISOR_TJ, CASE_ID, approveSupervisionUpdate, {}).then((view) => {
      answered = true;
      return view;
    });
    await settled();
    expect(audit.personalDataRevealed).toHaveBeenCalledTimes(1);
    expect(viewUsers.displayNames).toHaveBeenCalledWith(['m9']);
    expect(answered).toBe(false);
    record.settle();
    expect((await acting).assigneeName).toBe('name of m9');
  });
});

describe('CaseActionService.transfer: the up-a-level mark (上交)', () => {
  const input = (unitId: string, centerCode: string) => ({ unitId, centerCode, reason: 'r' }) as never;

  it('community unit → street unit of the same center: upALevel true', async () => {
    const { service, workflow } = setUp([caseRow({ unitId: TJ_COMMUNITY.id })]);
    await service.transfer(CLERK, CASE_ID, input(TJ_STREET.id, 'TJ'));
    expect(workflow.update).toHaveBeenCalledWith(
      CASE_ID,
      transferDisputeUpdate,
      expect.objectContaining({ unitId: TJ_STREET.id, upALevel: true }),
      expect.any(Promise),
    );
  });

  it('street → street of another center, or a case not routed: no mark', async () => {
    for (const unitId of [TJ_STREET.id, null]) {
      const { service, workflow } = setUp([caseRow({ unitId })]);
      await service.transfer(CLERK, CASE_ID, input(OTHER_STREET.id, OTHER_STREET.centerCode));
      expect(workflow.update.mock.calls[0][2]).not.toHaveProperty('upALevel');
    }
  });

  it('a unit of another center than the one named is refused (422) and nothing is sent', async () => {
    const { service, workflow } = setUp();
    expect(await refusal(service.transfer(CLERK, CASE_ID, input(OTHER_STREET.id, 'TJ')))).toMatchObject({
      status: 422,
      code: 'RULE_VIOLATION',
    });
    expect(await refusal(service.transfer(CLERK, CASE_ID, input('no-such-unit', 'TJ')))).toMatchObject({
      message: ['unitId: unknown unit no-such-unit'],
    });
    expect(workflow.update).not.toHaveBeenCalled();
  });
});

describe('CaseActionService: the checks before a merge and a reassignment', () => {
  it("merge: not into itself (422), not into a closed case (409, the workflow's status first)", async () => {
    const { service, workflow } = setUp([caseRow(), caseRow({ id: OTHER_ID, caseNo: 'JF-2026-000002' })]);
    expect(await refusal(service.requireOpenTarget(CLERK, CASE_ID, CASE_ID))).toMatchObject({ status: 422 });
    workflow.state.mockResolvedValueOnce(caseState({ status: 'CLOSED' }));
    expect(await refusal(service.requireOpenTarget(CLERK, CASE_ID, OTHER_ID))).toMatchObject({
      status: 409,
      code: 'STAGE_CONFLICT',
    });
    workflow.state.mockResolvedValueOnce(undefined);
    expect((await service.requireOpenTarget(CLERK, CASE_ID, OTHER_ID)).id).toBe(OTHER_ID);
  });

  it("reassign: to an active mediator of the case's pool only", async () => {
    const { service, users } = setUp();
    expect(await refusal(service.requireMediatorOfCase(SUPERVISOR_TJ, CASE_ID, 'x'))).toMatchObject({
      status: 422,
      message: ['mediatorId: no active mediator x'],
    });
    users.findActiveById.mockResolvedValueOnce({
      id: 'm2',
      displayName: '王五',
      roles: ['MEDIATOR'],
      unitIds: ['unit-b'],
    });
    expect(await refusal(service.requireMediatorOfCase(SUPERVISOR_TJ, CASE_ID, 'm2'))).toMatchObject({
      status: 422,
      message: "王五 is not in the pool of the case's unit",
    });
    users.findActiveById.mockResolvedValueOnce({
      id: 'm3',
      displayName: '赵六',
      roles: ['MEDIATOR'],
      unitIds: ['unit-a'],
    });
    expect(await service.requireMediatorOfCase(SUPERVISOR_TJ, CASE_ID, 'm3')).toBe('m3');
  });

  it('reassign: a mediator may not (403) and is told nothing about the pool', async () => {
    const { service, users } = setUp();
    expect(await refusal(service.requireMediatorOfCase(MEDIATOR, CASE_ID, 'm3'))).toMatchObject({ status: 403 });
    expect(users.findActiveById).not.toHaveBeenCalled();
  });
});
