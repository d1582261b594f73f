import { claimTaskUpdate, releaseTaskUpdate } from '@app/contracts';
import type { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import type { UserRepository } from '@app/persistence/repositories/user.repository';
import { ApiError } from '../common/api-error';
import type { CaseActionService } from '../disputes/case-action.service';
import {
  asWorkflow,
  CASE_ID,
  caseRow,
  caseState,
  caseViews,
  MEDIATOR,
  mockWorkflow,
  refusal,
} from '../disputes/dispute.spec-fixtures';
import { TaskService } from './task.service';

const taskRow = {
  caseId: CASE_ID,
  caseNo: 'JF-2026-000001',
  stage: 'HANDLING',
  category: 'NEIGHBOR',
  summary: '噪音',
  unitId: 'unit-a',
  assigneeId: MEDIATOR.id,
  severity: 'NORMAL',
  status: 'OPEN',
  stageEnteredAt: new Date('2026-11-30T01:00:00.000Z'),
  stageDeadline: null,
  overdue: false,
  escalationLevel: 0,
  handledAt: new Date('2026-11-30T03:00:00.000Z'),
};

function setUp(rows = [caseRow({ assigneeId: 'm9' })]) {
  const tasks = { list: jest.fn().mockResolvedValue({ items: [taskRow], nextCursor: 'n' }) };
  const actions = { act: jest.fn().mockResolvedValue({ id: CASE_ID }) };
  const workflow = mockWorkflow();
  const { views } = caseViews(rows);
  const users = { displayNames: jest.fn(async (ids: string[]) => new Map(ids.map((id) => [id, '另一位调解员']))) };
  const service = new TaskService(
    tasks as unknown as TaskReadRepository,
    actions as unknown as CaseActionService,
    asWorkflow(workflow),
    views,
    users as unknown as UserRepository,
  );
  return { service, tasks, actions, workflow };
}

describe('TaskService.list: scope handling', () => {
  it('without a scope: the pool, of my units, with my id and the page', async () => {
    const { service, tasks } = setUp();
    await service.list(MEDIATOR, { limit: 20, cursor: 'c' } as never);
    expect(tasks.list).toHaveBeenCalledWith({
      scope: 'pool',
      userId: MEDIATOR.id,
      unitIds: ['unit-a'],
      page: { limit: 20, cursor: 'c' },
    });
  });

  it.each(['mine', 'done'])('scope %s is passed on as asked', async (scope) => {
    const { service, tasks } = setUp();
    await service.list(MEDIATOR, { scope } as never);
    expect(tasks.list).toHaveBeenCalledWith(expect.objectContaining({ scope }));
  });

  it('dates as ISO strings, a missing deadline as null', async () => {
    const { service } = setUp();
    const page = await service.list(MEDIATOR, {} as never);
    expect(page).toEqual({
      items: [
        {
          ...taskRow,
          stageEnteredAt: '2026-11-30T01:00:00.000Z',
          stageDeadline: null,
          handledAt: '2026-11-30T03:00:00.000Z',
        },
      ],
      nextCursor: 'n',
    });
  });
});

describe('TaskService.claim and release', () => {
  it('a claim is the claimTask action; a release the releaseTask action', async () => {
    const { service, actions } = setUp();
    await service.claim(MEDIATOR, CASE_ID);
    await service.release(MEDIATOR, CASE_ID);
    expect(actions.act.mock.calls).toEqual([
      [MEDIATOR, CASE_ID, claimTaskUpdate, {}],
      [MEDIATOR, CASE_ID, releaseTaskUpdate, {}],
    ]);
  });

  it("a lost race names who holds the task: the workflow's holder first, else the read model's", async () => {
    const { service, actions, workflow } = setUp();
    actions.act.mockRejectedValue(new ApiError(409, 'ALREADY_CLAIMED', 'the task is taken'));
    workflow.state.mockResolvedValueOnce(caseState({ assigneeId: 'm7' }));
    const first = await service.claim(MEDIATOR, CASE_ID).catch((e: ApiError) => e.getResponse());
    expect(first).toMatchObject({
      code: 'ALREADY_CLAIMED',
      message: 'the task is taken',
      claimedBy: { id: 'm7', displayName: '另一位调解员' },
    });
    const second = await service.claim(MEDIATOR, CASE_ID).catch((e: ApiError) => e.getResponse());
    expect(second).toMatchObject({ claimedBy: { id: 'm9' } });
  });

  it('other refusals pass unchanged', async () => {
    const { service, actions } = setUp();
    actions.act.mockRejectedValue(new ApiError(409, 'STAGE_CONFLICT', 'not claimable now'));
    expect(await refusal(service.claim(MEDIATOR, CASE_ID))).toEqual({
      status: 409,
      code: 'STAGE_CONFLICT',
      message: 'not claimable now',
    });
  });
});
