import type { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import type { CaseReadRepository } from '@app/persistence/repositories/case-read.repository';
import type { RoutingRulesRepository } from '@app/persistence/repositories/routing-rules.repository';
import type { TerritoryRepository } from '@app/persistence/repositories/territory.repository';
import type { UserRepository } from '@app/persistence/repositories/user.repository';
import type { AuthUser } from '../auth/auth.types';
import type { KeyPersonService } from '../key-persons/key-person.service';
import { CaseQueryService, listScope } from './case-query.service';
import {
  asWorkflow,
  CASE_ID,
  caseRow,
  caseState,
  caseViews,
  CLERK,
  GRID_WORKER,
  MEDIATOR,
  mockWorkflow,
  refusal,
  REPORTER,
  SUPERVISOR_TJ,
} from './dispute.spec-fixtures';

const PHONE = '13812345678';
const ID_NUMBER = '110101199001011234';

function setUp(rows = [caseRow()]) {
  const workflow = mockWorkflow();
  const { views, audit } = caseViews(rows);
  const cases = { list: jest.fn().mockResolvedValue({ items: rows, nextCursor: null }) };
  const events = {
    timeline: jest.fn().mockResolvedValue([
      {
        seq: 1,
        type: 'CASE_REPORTED',
        actor: { userId: CLERK.id, role: 'CLERK' },
        data: { parties: [{ name: '张三', phone: PHONE, idNumber: ID_NUMBER }] },
      },
      { seq: 2, type: 'ESCALATED', actor: { userId: null, role: 'SYSTEM' }, data: {} },
    ]),
  };
  const users = {
    displayNames: jest.fn(
      async (ids: (string | null)[]) => new Map(ids.filter((id): id is string => !!id).map((id) => [id, '办事员'])),
    ),
    activeMediatorsOf: jest.fn().mockResolvedValue([{ id: 'm1', displayName: '调解员' }]),
  };
  const keyPersons = {
    caseLinks: jest.fn().mockResolvedValue(undefined),
    isLinked: jest.fn().mockResolvedValue(false),
  };
  const service = new CaseQueryService(
    asWorkflow(workflow),
    views,
    cases as unknown as CaseReadRepository,
    events as unknown as CaseEventRepository,
    users as unknown as UserRepository,
    { load: jest.fn() } as unknown as TerritoryRepository,
    { load: jest.fn() } as unknown as RoutingRulesRepository,
    keyPersons as unknown as KeyPersonService,
  );
  return { service, workflow, audit, cases, users, keyPersons };
}

describe('CaseQueryService.get: masking per role', () => {
  it('a clerk sees phone and ID number whole, and the reveal is recorded', async () => {
    const { service, audit } = setUp();
    const view = await service.get(CLERK, CASE_ID);
    expect(view.parties[0]).toMatchObject({ phone: PHONE, idNumber: ID_NUMBER });
    expect(audit.personalDataRevealed).toHaveBeenCalledWith(
      CLERK,
      { id: CASE_ID, caseNo: 'JF-2026-000001' },
      'case',
      expect.objectContaining({ parties: 1 }),
    );
  });

  it.each([
    ['a grid worker', GRID_WORKER],
    ['a resident reporter', REPORTER],
  ])('%s who reported it sees them masked, and nothing is recorded', async (_name, user: AuthUser) => {
    const { service, audit } = setUp([caseRow({ reportedBy: user.id })]);
    const view = await service.get(user, CASE_ID);
    expect(view.parties[0].phone).not.toBe(PHONE);
    expect(view.parties[0].phone).toMatch(/^138\*+5678$/);
    expect(view.parties[0].idNumber).not.toBe(ID_NUMBER);
    expect(audit.personalDataRevealed).not.toHaveBeenCalled();
  });

  it("a case outside the caller's scope is 403, an unknown one 404; neither is queried", async () => {
    const { service, workflow } = setUp([caseRow({ unitId: 'unit-b' })]);
    expect(await refusal(service.get(MEDIATOR, CASE_ID))).toMatchObject({ status: 403 });
    expect(await refusal(service.get(CLERK, '0b000000-0000-4000-8000-000000000002'))).toMatchObject({ status: 404 });
    expect(workflow.state).not.toHaveBeenCalled();
  });

  it("the workflow's state wins over the read model; the assignee is named; key persons come when the register allows", async () => {
    const { service, workflow, keyPersons } = setUp();
    workflow.state.mockResolvedValueOnce(caseState({ stage: 'TRACKING', assigneeId: 'm1' }));
    keyPersons.caseLinks.mockResolvedValueOnce([{ id: 'k1', name: '王某', risk: 'HIGH' }]);
    const view = await service.get(CLERK, CASE_ID);
    expect(view).toMatchObject({
      stage: 'TRACKING',
      assigneeId: 'm1',
      assigneeName: 'name of m1',
      keyPersons: [{ id: 'k1' }],
    });
  });
});

describe('CaseQueryService.list: scope and masking', () => {
  it.each([
    ['a clerk: everything', CLERK, undefined],
    ['a level-2 supervisor: everything', { ...SUPERVISOR_TJ, supervisorLevel: 2 }, undefined],
    [
      'a level-1 supervisor: their center, and the cases that asked a unit of it for assistance',
      SUPERVISOR_TJ,
      { centerCode: 'TJ', orAssistedBy: true },
    ],
    ['a mediator: their pools', MEDIATOR, { unitIds: ['unit-a'] }],
    ['a grid worker: their reports', GRID_WORKER, { reportedBy: GRID_WORKER.id }],
  ])('%s', (_name, user: AuthUser, scope) => {
    expect(listScope(user)).toEqual(scope);
  });

  it('passes filter, scope and page apart; masks the list even for a clerk', async () => {
    const { service, cases } = setUp();
    const page = await service.list(MEDIATOR, { stage: 'HANDLING', limit: 10, cursor: 'c' } as never);
    expect(cases.list).toHaveBeenCalledWith(
      { stage: 'HANDLING', scope: { unitIds: ['unit-a'] } },
      { limit: 10, cursor: 'c' },
    );
    const clerkPage = await service.list(CLERK, {} as never);
    for (const item of [...page.items, ...clerkPage.items]) expect(item.parties[0].phone).not.toBe(PHONE);
  });
});

describe('CaseQueryService.timeline', () => {
  it('masks every payload for a grid worker, names staff actors and leaves the system unnamed', async () => {
    const { service, audit } = setUp([caseRow({ reportedBy: GRID_WORKER.id })]);
    const events = await service.timeline(GRID_WORKER, CASE_ID);
    expect(JSON.stringify(events)).not.toContain(PHONE);
    expect(JSON.stringify(events)).not.toContain(ID_NUMBER);
    expect(events.map((e) => e.actor.displayName)).toEqual(['办事员', null]);
    expect(audit.personalDataRevealed).not.toHaveBeenCalled();
  });

  it('a supervisor sees them whole, recorded as a timeline reveal', async () => {
    const { service, audit } = setUp();
    const events = await service.timeline(SUPERVISOR_TJ, CASE_ID);
    expect(JSON.stringify(events)).toContain(PHONE);
    expect(audit.personalDataRevealed).toHaveBeenCalledWith(
      SUPERVISOR_TJ,
      expect.anything(),
      'timeline',
      expect.objectContaining({ parties: 1 }),
    );
  });
});

describe('CaseQueryService.mediatorsOfCase', () => {
  it("the pool is the workflow's unit when it answers, the read model's otherwise", async () => {
    const { service, workflow, users } = setUp();
    workflow.state.mockResolvedValueOnce(caseState({ unitId: 'unit-z' }));
    await service.mediatorsOfCase(SUPERVISOR_TJ, CASE_ID);
    await service.mediatorsOfCase(SUPERVISOR_TJ, CASE_ID);
    expect(users.activeMediatorsOf.mock.calls).toEqual([['unit-z'], ['unit-a']]);
  });
});
