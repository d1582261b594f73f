import { concernsMediator, type TaskChange } from './task-stream.service';

describe('concernsMediator: which pool changes reach a mediator live', () => {
  const mediator = { id: 'm1', unitIds: ['u1', 'u2'] };
  const change = (over: Partial<TaskChange>): TaskChange => ({
    caseId: 'c1',
    unitId: 'u9',
    assigneeId: null,
    stage: 'ROUTING',
    status: 'OPEN',
    ...over,
  });

  it.each([
    ['a task routed into one of my pools', change({ unitId: 'u1' }), true],
    ['a task transferred out of my pool', change({ unitId: 'u9', previousUnitId: 'u2' }), true],
    ['a task another mediator took from another pool', change({ assigneeId: 'm2' }), false],
    ['a task reassigned to me from another pool', change({ assigneeId: 'm1' }), true],
    ['a task taken away from me', change({ assigneeId: 'm2', previousAssigneeId: 'm1' }), true],
    ['another pool, nobody of mine', change({ unitId: null, previousUnitId: null }), false],
  ])('%s', (_name, c, expected) => {
    expect(concernsMediator(mediator, c)).toBe(expected);
  });
});
