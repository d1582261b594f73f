import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import type { EventType } from '@app/domain/enums';
import { createDataSource } from '@app/persistence';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { testConfig } from '../support/test-stack';

/** A base grid no other test reports in, and a period (January 2020) no other test's events fall in. */
const GRID = 'JF-C17-G06';
const CLERK = { userId: '00000000-0000-4000-8000-000000001001', role: 'CLERK' as const };
const at = (day: number, hour = 0) => new Date(Date.UTC(2020, 0, day, hour)).toISOString();

/** Appends a case's events in order with consecutive sequence numbers, as the workflow would. */
async function history(events: CaseEventRepository, steps: [EventType, string, Record<string, unknown>][]): Promise<string> {
  const caseId = randomUUID();
  for (const [i, [type, when, payload]] of steps.entries()) {
    await events.append({ caseId, seq: i + 1, type, at: when, actor: CLERK, payload });
  }
  return caseId;
}

const reported = (when: string) =>
  [
    'DisputeReported',
    when,
    {
      channel: 'WALK_IN',
      category: 'NEIGHBOR',
      summary: 'stats',
      description: 'stats',
      gridCode: GRID,
      address: 'a',
      urgent: false,
      parties: [{ role: 'APPLICANT', name: 'n' }],
      severity: 'NORMAL',
      slaClass: 'SIMPLE',
      stage: 'DISCOVERY',
      stageDeadline: new Date(Date.parse(when) + 24 * 3600_000).toISOString(),
    },
  ] as [EventType, string, Record<string, unknown>];
const to = (stage: string, deadline: string | null = null) => ({ stage, stageDeadline: deadline });
let caseNo = 0;
const accepted = (when: string) =>
  ['DisputeAccepted', when, { caseNo: `ST-2020-${String(++caseNo).padStart(6, '0')}-${randomUUID().slice(0, 4)}`, receiptCode: randomUUID().slice(0, 8), ...to('ACCEPTANCE') }] as [EventType, string, Record<string, unknown>];
const step = (type: EventType, when: string, payload: Record<string, unknown>) => [type, when, payload] as [EventType, string, Record<string, unknown>];
const closed = (when: string, resolution: string) => step('DisputeClosed', when, { resolution, ...to('CLOSED'), status: 'CLOSED' });

describe('stats read model: the measures on a small known history (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 4);
    await dataSource.initialize();
    const events = new CaseEventRepository(dataSource);
    // S1: accepted in 2 h (on time), resolved on site, SATISFIED.
    await history(events, [
      reported(at(2)),
      accepted(at(2, 2)),
      step('DisputeRouted', at(2, 4), { centerCode: 'TJ', unitId: randomUUID(), severity: 'NORMAL', slaClass: 'SIMPLE', ...to('ROUTING') }),
      step('TaskClaimed', at(2, 10), { assigneeId: randomUUID(), ...to('HANDLING') }),
      step('HandlingCompleted', at(4, 10), { outcome: 'RESOLVED_ON_SITE', ...to('SUPERVISION') }),
      step('SupervisionApproved', at(4, 12), to('FEEDBACK')),
      step('FeedbackDelivered', at(4, 14), to('EVALUATION')),
      step('EvaluationReceived', at(5, 14), { rating: 'SATISFIED' }),
      closed(at(5, 14), 'RESOLVED'),
    ]);
    // S2: accepted after 2 days (late), an escalation, DISSATISFIED and reopened, then BASICALLY_SATISFIED, UNRESOLVED.
    await history(events, [
      reported(at(10)),
      accepted(at(12)),
      step('DisputeRouted', at(12, 6), { centerCode: 'TJ', unitId: randomUUID(), severity: 'NORMAL', slaClass: 'SIMPLE', ...to('ROUTING') }),
      step('EscalationRaised', at(13, 6), { level: 1, stage: 'ROUTING', escalationLevel: 1, overdue: true }),
      step('TaskClaimed', at(13, 8), { assigneeId: randomUUID(), ...to('HANDLING') }),
      step('HandlingCompleted', at(15), { outcome: 'UNRESOLVED', ...to('SUPERVISION') }),
      step('SupervisionApproved', at(15, 1), to('FEEDBACK')),
      step('FeedbackDelivered', at(15, 2), to('EVALUATION')),
      step('EvaluationReceived', at(16), { rating: 'DISSATISFIED' }),
      step('DisputeReopened', at(16), { reopenCount: 1, ...to('HANDLING') }),
      step('HandlingCompleted', at(18), { outcome: 'UNRESOLVED', ...to('SUPERVISION') }),
      step('SupervisionApproved', at(18, 1), to('FEEDBACK')),
      step('FeedbackDelivered', at(18, 2), to('EVALUATION')),
      step('EvaluationReceived', at(19), { rating: 'BASICALLY_SATISFIED' }),
      closed(at(19), 'UNRESOLVED'),
    ]);
    // S3: rejected, which the resolution rate leaves out.
    await history(events, [reported(at(20)), step('DisputeRejected', at(20, 1), { reason: 'r' }), closed(at(20, 1), 'REJECTED')]);
    // S4: accepted in 1 h, routed, still waiting in ROUTING long past its 2020 deadline: open and overdue.
    await history(events, [
      reported(at(21)),
      accepted(at(21, 1)),
      step('DisputeRouted', at(21, 5), { centerCode: 'TJ', unitId: randomUUID(), severity: 'NORMAL', slaClass: 'SIMPLE', ...to('ROUTING', at(22, 5)) }),
    ]);
  });
  afterAll(() => dataSource.destroy());

  it('computes the three rates, open and overdue by stage, escalations, stage times and the reopen rate', async () => {
    const groups = await new StatsRepository(dataSource).measures({ from: new Date(at(1)), to: new Date(at(32)), groupBy: 'grid' });
    const mine = groups.find((g) => g.group === GRID)!;
    expect(mine.timelyAcceptance).toEqual({ total: 3, count: 2, rate: 2 / 3 });
    expect(mine.resolution).toEqual({ total: 2, count: 1, rate: 0.5 });
    expect(mine.satisfaction).toEqual({ total: 3, count: 2, rate: 2 / 3 });
    expect(mine.reopen).toEqual({ total: 2, count: 1, rate: 0.5 });
    expect(mine.escalationsByLevel).toEqual({ '1': 1 });
    expect(mine.openByStage).toEqual({ ROUTING: 1 });
    expect(mine.overdueByStage).toEqual({ ROUTING: 1 });
    // ACCEPTANCE lasted 2 h, 6 h and 4 h: mean 4 h; p90 (interpolated) 4 + 0.8 × 2 = 5.6 h.
    expect(mine.timePerStage.ACCEPTANCE.visits).toBe(3);
    expect(mine.timePerStage.ACCEPTANCE.meanHours).toBeCloseTo(4);
    expect(mine.timePerStage.ACCEPTANCE.p90Hours).toBeCloseTo(5.6);
    // S2's two HANDLING visits (40 h and 48 h) and S1's (48 h).
    expect(mine.timePerStage.HANDLING.visits).toBe(3);
    expect(mine.timePerStage.HANDLING.meanHours).toBeCloseTo((48 + 40 + 48) / 3);
  });

  it('counts only what happened in the period', async () => {
    const groups = await new StatsRepository(dataSource).measures({ from: new Date(at(11)), to: new Date(at(17)), groupBy: 'grid' });
    const mine = groups.find((g) => g.group === GRID)!;
    // Only S2's acceptance (late) and its DISSATISFIED rating fall between 11 and 17 January; nothing closed.
    expect(mine.timelyAcceptance).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.satisfaction).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.resolution).toEqual({ total: 0, count: 0, rate: null });
  });
});
