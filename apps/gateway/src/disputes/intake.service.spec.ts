import { DEFAULT_SLA_POLICY_NAME, type DisputeWorkflowInput } from '@app/contracts';
import type { IntakeRepository } from '@app/persistence/repositories/intake.repository';
import { SlaSettingsRepository } from '@app/persistence/repositories/sla-settings.repository';
import type { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { KeyPersonService } from '../key-persons/key-person.service';
import type { ReporterIntake } from '../key-persons/reporter-intake.service';
import type { CreateDisputeDto } from './dispute.dto';
import {
  asWorkflow,
  caseRow,
  caseState,
  caseViews,
  CLERK,
  GRID_WORKER,
  mockWorkflow,
  refusal,
} from './dispute.spec-fixtures';
import { IntakeService } from './intake.service';

const report = (overrides: Partial<CreateDisputeDto> = {}): CreateDisputeDto =>
  ({
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: '噪音',
    description: '楼上夜间噪音',
    gridCode: 'JF-C01-G01',
    address: '一号楼',
    parties: [
      { role: 'APPLICANT', name: '张三', phone: '13812345678' },
      { role: 'RESPONDENT', name: '李四', idNumber: '110101199001011234' },
    ],
    ...overrides,
  }) as CreateDisputeDto;

function setUp({
  grid = { code: 'JF-C01-G01', active: true } as { code: string; active: boolean } | null,
  earlier = [] as unknown[],
} = {}) {
  const workflow = mockWorkflow();
  // The workflow records the case: its row exists by the time the intake answers.
  workflow.start.mockImplementation(async (input: DisputeWorkflowInput) => {
    rows.push(caseRow({ id: input.caseId, stage: 'DISCOVERY', caseNo: null, parties: input.report.parties as never }));
    return caseState({ stage: 'DISCOVERY', caseNo: undefined });
  });
  const rows = [caseRow()];
  const { views } = caseViews(rows);
  const territory = { findGrid: jest.fn().mockResolvedValue(grid) };
  const intake = {
    recentCasesOfParties: jest.fn().mockResolvedValue(earlier),
    findDuplicates: jest.fn().mockResolvedValue({ items: [caseRow()], nextCursor: 'next' }),
  };
  // The repository's own `given` (office year and the next) over a fake read.
  const slaSettings = {
    load: jest.fn().mockResolvedValue({ loaded: true }),
    given: SlaSettingsRepository.prototype.given,
  };
  const keyPersons = { linkReport: jest.fn().mockResolvedValue(false) };
  const reporters = { check: jest.fn().mockResolvedValue(undefined) };
  const service = new IntakeService(
    asWorkflow(workflow),
    views,
    territory as unknown as TerritoryRepository,
    intake as unknown as IntakeRepository,
    slaSettings as unknown as SlaSettingsRepository,
    keyPersons as unknown as KeyPersonService,
    reporters as unknown as ReporterIntake,
  );
  return { service, workflow, territory, intake, slaSettings, keyPersons, reporters };
}

describe('IntakeService.register: the checks before the workflow starts', () => {
  it('refuses a report without an APPLICANT (422) and starts nothing', async () => {
    const { service, workflow } = setUp();
    const dto = report({ parties: [{ role: 'RESPONDENT', name: '李四' }] as never });
    expect(await refusal(service.register(CLERK, dto))).toMatchObject({
      status: 422,
      code: 'RULE_VIOLATION',
      message: ['parties: at least one party must have the role APPLICANT'],
    });
    expect(workflow.start).not.toHaveBeenCalled();
  });

  it('refuses an unknown grid and a deactivated grid, naming gridCode, and starts nothing', async () => {
    const unknown = setUp({ grid: null });
    expect(await refusal(unknown.service.register(CLERK, report()))).toMatchObject({
      status: 422,
      message: ['gridCode: unknown grid "JF-C01-G01"'],
    });
    const inactive = setUp({ grid: { code: 'JF-C01-G01', active: false } });
    expect(await refusal(inactive.service.register(CLERK, report()))).toMatchObject({
      status: 422,
      message: ['gridCode: grid "JF-C01-G01" is deactivated and takes no new report'],
    });
    expect(unknown.workflow.start).not.toHaveBeenCalled();
    expect(inactive.workflow.start).not.toHaveBeenCalled();
  });

  it('lets only a CLERK accept at once (403 for a grid worker), and starts nothing', async () => {
    const { service, workflow } = setUp();
    expect(await refusal(service.register(GRID_WORKER, report({ acceptNow: true })))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(workflow.start).not.toHaveBeenCalled();
  });

  it('asks the resident-reporter check with the role the report is made in', async () => {
    const { service, reporters } = setUp();
    await service.register(GRID_WORKER, report());
    expect(reporters.check).toHaveBeenCalledWith(
      GRID_WORKER,
      'GRID_WORKER',
      expect.objectContaining({ gridCode: 'JF-C01-G01' }),
    );
  });
});

describe('IntakeService.register: what it gives the workflow', () => {
  it('a plain report: a new case id, NORMAL, no repeat flag, the reporter as actor, the SLA settings of this year and the next', async () => {
    const { service, workflow, intake, slaSettings, keyPersons } = setUp();
    const view = await service.register(GRID_WORKER, report({ urgent: undefined }));

    expect(intake.recentCasesOfParties).toHaveBeenCalledWith(['13812345678'], ['110101199001011234']);
    expect(workflow.start).toHaveBeenCalledTimes(1);
    const [input, retryable] = workflow.start.mock.calls[0] as [DisputeWorkflowInput, boolean];
    expect(retryable).toBe(false);
    expect(input.caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(input.severity).toBe('NORMAL');
    expect(input.report.repeatParty).toBeUndefined();
    expect(input.report.urgent).toBe(false);
    expect(input.acceptNow).toBe(false);
    expect(input.reportedBy).toMatchObject({ userId: GRID_WORKER.id, role: 'GRID_WORKER' });
    const year = Number(input.reportedAt.slice(0, 4));
    expect(slaSettings.load).toHaveBeenCalledWith(DEFAULT_SLA_POLICY_NAME, [expect.any(Number), expect.any(Number)]);
    const [, years] = slaSettings.load.mock.calls[0] as [string, number[]];
    expect(years[1]).toBe(years[0] + 1);
    expect(Math.abs(years[0] - year)).toBeLessThanOrEqual(1);
    expect(input.slaSettings).toEqual({ policyName: DEFAULT_SLA_POLICY_NAME, years, settings: { loaded: true } });
    // Only the four fields of a party travel.
    expect(input.report.parties).toEqual([
      { role: 'APPLICANT', name: '张三', phone: '13812345678', idNumber: undefined },
      { role: 'RESPONDENT', name: '李四', phone: undefined, idNumber: '110101199001011234' },
    ]);
    expect(keyPersons.linkReport).toHaveBeenCalledWith(input.caseId, input.report.parties);
    // The answer is the recorded case, masked for a grid worker.
    expect(view).toMatchObject({ id: input.caseId, stage: 'DISCOVERY' });
    expect(view.parties[0].phone).not.toBe('13812345678');
  });

  it('a party with two earlier cases in 12 months: the repeat flag with those cases, and severity MAJOR', async () => {
    const earlier = [
      { caseId: 'e1', caseNo: 'JF-2026-000010' },
      { caseId: 'e2', caseNo: 'JF-2026-000011' },
    ];
    const { service, workflow } = setUp({ earlier });
    await service.register(CLERK, report({ acceptNow: true }));
    const [input] = workflow.start.mock.calls[0] as [DisputeWorkflowInput];
    expect(input.report.repeatParty).toEqual({ count: 2, cases: earlier });
    expect(input.severity).toBe('MAJOR');
    expect(input.acceptNow).toBe(true);
  });

  it('one earlier case is not a repeat party', async () => {
    const { service, workflow } = setUp({ earlier: [{ caseId: 'e1', caseNo: 'JF-2026-000010' }] });
    await service.register(CLERK, report());
    const [input] = workflow.start.mock.calls[0] as [DisputeWorkflowInput];
    expect(input.report.repeatParty).toBeUndefined();
    expect(input.severity).toBe('NORMAL');
  });
});

describe('IntakeService.duplicates', () => {
  it.each([
    ['nothing', {}],
    ['an address without a category', { address: '一号楼' }],
    ['a category without an address', { category: 'NEIGHBOR' }],
  ])('refuses %s (422) without searching', async (_name, query) => {
    const { service, intake } = setUp();
    expect(await refusal(service.duplicates(CLERK, query as never))).toMatchObject({
      status: 422,
      message: ['give phone, idNumber, or address together with category'],
    });
    expect(intake.findDuplicates).not.toHaveBeenCalled();
  });

  it('searches by what was given, pages apart, and masks the list', async () => {
    const { service, intake } = setUp();
    const page = await service.duplicates(CLERK, { phone: '13812345678', limit: 5, cursor: 'c' } as never);
    expect(intake.findDuplicates).toHaveBeenCalledWith({ phone: '13812345678' }, { limit: 5, cursor: 'c' });
    expect(page.nextCursor).toBe('next');
    expect(page.items[0].parties[0].phone).not.toBe('13812345678');
    expect(page.items[0].parties[0].idNumber).not.toBe('110101199001011234');
  });
});
