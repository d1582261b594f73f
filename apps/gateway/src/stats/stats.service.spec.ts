import type { GroupMeasures, StatsQuery } from '@app/domain/measures/figures';
import { rate } from '@app/domain/measures/figures';
import type { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { ApiError } from '../common/api-error';
import { StatsService } from './stats.service';

/** A group's measures as the repository answers them (the fake's answer). */
const group = (key: string | null, accepted: number, onTime: number): GroupMeasures => ({
  group: key,
  timelyAcceptance: rate(accepted, onTime),
  resolution: rate(0, 0),
  satisfaction: rate(0, 0),
  reopen: rate(0, 0),
  openByStage: { HANDLING: 2 },
  overdueByStage: {},
  escalationsByLevel: {},
  upALevel: 0,
  assistance: { requested: 0, answered: 0, answeredOnTime: 0, byUnit: {} },
  timePerStage: {},
});

/** The service over a fake StatsRepository that records each query and answers `groups`. */
function setUp(groups: GroupMeasures[] = []) {
  const queries: StatsQuery[] = [];
  const repository = {
    measures: async (query: StatsQuery) => (queries.push(query), groups),
  } as Pick<StatsRepository, 'measures'> as StatsRepository;
  return { service: new StatsService(repository), queries };
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: unknown }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  const body = (error as ApiError).getResponse() as { code: string; message: unknown };
  return { status: (error as ApiError).getStatus(), code: body.code, message: body.message };
}

describe('StatsService', () => {
  afterEach(() => jest.useRealTimers());

  it('asks the repository for the period and grouping given, and answers them with its groups', async () => {
    const groups = [group('TJ', 4, 3), group(null, 1, 0)];
    const { service, queries } = setUp(groups);
    const from = new Date('2026-01-31T16:00:00Z');
    const to = new Date('2026-02-28T16:00:00Z');
    const answer = await service.stats({ from, to }, { groupBy: 'unit' });
    expect(queries).toEqual([{ from, to, groupBy: 'unit' }]);
    expect(answer).toEqual({
      from: '2026-01-31T16:00:00.000Z',
      to: '2026-02-28T16:00:00.000Z',
      groupBy: 'unit',
      groups,
    });
    expect(answer.groups[0].timelyAcceptance).toEqual({ total: 4, count: 3, rate: 0.75 });
  });

  it('defaults to 1 January of the office year (UTC+8) until now, grouped by center', async () => {
    // 00:30 on 1 January 2027 in the office is still 31 December 2026 in UTC.
    const now = new Date('2026-12-31T16:30:00Z');
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { service, queries } = setUp();
    const answer = await service.stats();
    expect(queries).toEqual([{ from: new Date('2026-12-31T16:00:00Z'), to: now, groupBy: 'center' }]);
    expect(answer).toEqual({ from: '2026-12-31T16:00:00.000Z', to: now.toISOString(), groupBy: 'center', groups: [] });
  });

  it('takes a given start to now, and a given end from 1 January', async () => {
    const now = new Date('2026-06-15T04:00:00Z');
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { service, queries } = setUp();
    await service.stats({ from: new Date('2026-06-01T00:00:00Z') });
    await service.stats({ to: new Date('2026-03-01T00:00:00Z') }, { groupBy: 'grid' });
    expect(queries).toEqual([
      { from: new Date('2026-06-01T00:00:00Z'), to: now, groupBy: 'center' },
      { from: new Date('2025-12-31T16:00:00Z'), to: new Date('2026-03-01T00:00:00Z'), groupBy: 'grid' },
    ]);
  });

  it('refuses a period whose start is not before its end (422), without asking the repository', async () => {
    const { service, queries } = setUp();
    const at = new Date('2026-03-01T00:00:00Z');
    expect(await refusal(service.stats({ from: at, to: at }))).toEqual({
      status: 422,
      code: 'RULE_VIOLATION',
      message: ['from: must be before to'],
    });
    // A start in the future is after the default end, now.
    expect(await refusal(service.stats({ from: new Date(Date.now() + 3_600_000) }))).toMatchObject({ status: 422 });
    expect(queries).toEqual([]);
  });
});
