import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import type { EventType } from '@app/domain/enums';
import { createDataSource } from '@app/persistence';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { bucketBoundsMs } from '@app/domain/measures/histogram';
import type { MeasureDim } from '@app/domain/measures/totals';
import { buildMeasureTotals, bumpMeasureHistory, carryMeasureTotals } from '@app/persistence/measures';
import { fillMeasureTotals } from '@app/persistence/migrations/1764360000000-measure-totals';
import { edgeFactsSql, StatsRepository } from '@app/persistence/repositories/stats.repository';
import { measureTotalsSnapshot } from '../support/read-model-snapshot';
import { testConfig } from '../support/test-stack';

/** A base grid no other test reports in, and a period (January 2020) no other test's events fall in. */
const GRID = 'JF-C17-G06';
const CLERK = { userId: '00000000-0000-4000-8000-000000001001', role: 'CLERK' as const };
const at = (day: number, hour = 0) => new Date(Date.UTC(2020, 0, day, hour)).toISOString();

/** Appends a case's events in order with consecutive sequence numbers, as the workflow would. */
async function history(
  events: CaseEventRepository,
  steps: [EventType, string, Record<string, unknown>][],
): Promise<string> {
  const caseId = randomUUID();
  for (const [i, [type, when, payload]] of steps.entries()) {
    await events.append({ caseId, seq: i + 1, type, at: when, actor: CLERK, payload });
  }
  return caseId;
}

const reported = (when: string, gridCode = GRID) =>
  [
    'DisputeReported',
    when,
    {
      channel: 'WALK_IN',
      category: 'NEIGHBOR',
      summary: 'stats',
      description: 'stats',
      gridCode,
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
  [
    'DisputeAccepted',
    when,
    {
      caseNo: `ST-2020-${String(++caseNo).padStart(6, '0')}-${randomUUID().slice(0, 4)}`,
      receiptCode: randomUUID().slice(0, 8),
      ...to('ACCEPTANCE'),
    },
  ] as [EventType, string, Record<string, unknown>];
const step = (type: EventType, when: string, payload: Record<string, unknown>) =>
  [type, when, payload] as [EventType, string, Record<string, unknown>];
const closed = (when: string, resolution: string) =>
  step('DisputeClosed', when, { resolution, ...to('CLOSED'), status: 'CLOSED' });

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
      step('DisputeRouted', at(2, 4), {
        centerCode: 'TJ',
        unitId: randomUUID(),
        severity: 'NORMAL',
        slaClass: 'SIMPLE',
        ...to('ROUTING'),
      }),
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
      step('DisputeRouted', at(12, 6), {
        centerCode: 'TJ',
        unitId: randomUUID(),
        severity: 'NORMAL',
        slaClass: 'SIMPLE',
        ...to('ROUTING'),
      }),
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
    await history(events, [
      reported(at(20)),
      step('DisputeRejected', at(20, 1), { reason: 'r' }),
      closed(at(20, 1), 'REJECTED'),
    ]);
    // S4: accepted in 1 h, routed, still waiting in ROUTING long past its 2020 deadline: open and overdue.
    await history(events, [
      reported(at(21)),
      accepted(at(21, 1)),
      step('DisputeRouted', at(21, 5), {
        centerCode: 'TJ',
        unitId: randomUUID(),
        severity: 'NORMAL',
        slaClass: 'SIMPLE',
        ...to('ROUTING', at(22, 5)),
      }),
    ]);
  });
  afterAll(() => dataSource.destroy());

  it("reads a period's edge through an index on each fact's instant, never a whole table", async () => {
    // With sequential scans priced out, the planner still takes one where no index serves: a
    // branch of measure_facts without an index on its instant (up_a_level_at was one: 400 ms of
    // every stats answer at a million cases).
    const plan = await dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const [row] = await tx.query(`EXPLAIN (FORMAT JSON) ${edgeFactsSql('grid')}`, [
        new Date(Date.now() - 3600_000),
        new Date(),
      ]);
      return row['QUERY PLAN'][0].Plan;
    });
    const scanned: string[] = [];
    const walk = (node: { 'Node Type': string; 'Relation Name'?: string; Plans?: unknown[] }) => {
      if (node['Node Type'] === 'Seq Scan') scanned.push(node['Relation Name'] ?? '?');
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk(plan);
    expect(scanned).toEqual([]);
  });

  it("reads the visits', the ratings' and each case's group from indexes alone once vacuumed", async () => {
    // The edge's largest branches (acceptance, stage time, rating) and its look-up of each fact's
    // group need no table row when the indexes hold every column they read: on a vacuumed
    // table they are index-only scans. Without case_id in the visits' and ratings' indexes, or
    // without cases_measure_groups, they are index scans that visit the rows.
    await dataSource.query('VACUUM (ANALYZE) case_stage_visits, case_ratings, cases');
    const plan = await dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('SET LOCAL enable_bitmapscan = off');
      // A look-up per fact, as at scale: on a table this small the planner may otherwise hash
      // the join over a whole scan of any index that holds id and grid_code.
      await tx.query('SET LOCAL enable_hashjoin = off');
      await tx.query('SET LOCAL enable_mergejoin = off');
      const [row] = await tx.query(`EXPLAIN (FORMAT JSON) ${edgeFactsSql('grid')}`, [
        new Date(at(1)),
        new Date(at(32)),
      ]);
      return row['QUERY PLAN'][0].Plan;
    });
    const scans: string[] = [];
    const walk = (node: {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      Plans?: unknown[];
    }) => {
      if (['case_stage_visits', 'case_ratings'].includes(node['Relation Name'] ?? ''))
        scans.push(`${node['Node Type']} ${node['Index Name']}`);
      if (
        node['Relation Name'] === 'cases' &&
        !['cases_closed_at', 'cases_up_a_level_at'].includes(node['Index Name'] ?? '')
      )
        scans.push(`${node['Node Type']} ${node['Index Name'] ?? 'cases'}`);
      for (const child of node.Plans ?? []) walk(child as typeof node);
    };
    walk(plan);
    expect(scans.sort()).toEqual([
      'Index Only Scan case_ratings_rated',
      'Index Only Scan case_stage_visits_left',
      'Index Only Scan case_stage_visits_left',
      'Index Only Scan cases_measure_groups',
    ]);
  });

  it('computes the three rates, open and overdue by stage, escalations, stage times and the reopen rate', async () => {
    const groups = await new StatsRepository(dataSource).measures({
      from: new Date(at(1)),
      to: new Date(at(32)),
      groupBy: 'grid',
    });
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
    // The p90 comes from a histogram of 4 buckets per doubling: within a bucket's width (19 %).
    expect(Math.abs(mine.timePerStage.ACCEPTANCE.p90Hours - 5.6) / 5.6).toBeLessThan(2 ** 0.25 - 1);
    // S2's two HANDLING visits (40 h and 48 h) and S1's (48 h).
    expect(mine.timePerStage.HANDLING.visits).toBe(3);
    expect(mine.timePerStage.HANDLING.meanHours).toBeCloseTo((48 + 40 + 48) / 3);
  });

  it('counts only what happened in the period', async () => {
    const groups = await new StatsRepository(dataSource).measures({
      from: new Date(at(11)),
      to: new Date(at(17)),
      groupBy: 'grid',
    });
    const mine = groups.find((g) => g.group === GRID)!;
    // Only S2's acceptance (late) and its DISSATISFIED rating fall between 11 and 17 January; nothing closed.
    expect(mine.timelyAcceptance).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.satisfaction).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.resolution).toEqual({ total: 0, count: 0, rate: null });
  });

  it('gives the same figures for a period of whole office days, read from the totals alone', async () => {
    // Office days run from 16:00 UTC: this period is whole days (no edges counted from the facts).
    // Both periods hold every event of these cases (2 to 21 January).
    const officeMidnight = (day: number) => new Date(Date.UTC(2020, 0, day) - 8 * 3600_000);
    const stats = new StatsRepository(dataSource);
    const wholeDays = (await stats.measures({ from: officeMidnight(1), to: officeMidnight(32), groupBy: 'grid' })).find(
      (g) => g.group === GRID,
    );
    const withEdges = (await stats.measures({ from: new Date(at(1)), to: new Date(at(32)), groupBy: 'grid' })).find(
      (g) => g.group === GRID,
    );
    expect(wholeDays).toEqual(withEdges);
    expect(wholeDays!.timelyAcceptance).toEqual({ total: 3, count: 2, rate: 2 / 3 });
  });

  it('adds whole days from the totals to the part days at the edges, counted from the facts', async () => {
    // 12 Jan 03:00 to 16 Jan 01:00 UTC: part of office day 12 Jan (S2 routed at 06:00), whole
    // days 13 to 15 Jan, part of office day 16 Jan (S2 rated DISSATISFIED and reopened at 00:00).
    // The start, 11:00 office time, is nearer its day's start: office day 12 Jan is read whole
    // from the totals less the facts of [16:00 on 11 Jan, 03:00). From 05:00 UTC (13:00 office
    // time) it is the part [05:00, 16:00) that is counted from the facts; nothing happened
    // between 03:00 and 05:00, so both give the same figures.
    const read = async (from: string) =>
      (
        await new StatsRepository(dataSource).measures({
          from: new Date(from),
          to: new Date(at(16, 1)),
          groupBy: 'grid',
        })
      ).find((g) => g.group === GRID)!;
    const mine = await read(at(12, 3));
    expect(await read(at(12, 5))).toEqual(mine);
    expect(mine.timelyAcceptance).toEqual({ total: 0, count: 0, rate: null });
    expect(mine.satisfaction).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.escalationsByLevel).toEqual({ '1': 1 });
    const hours = Object.fromEntries(
      Object.entries(mine.timePerStage).map(([stage, t]) => [stage, [t.visits, t.meanHours]]),
    );
    expect(hours).toEqual({
      ACCEPTANCE: [1, 6],
      ROUTING: [1, 26],
      HANDLING: [1, 40],
      SUPERVISION: [1, 1],
      FEEDBACK: [1, 1],
      EVALUATION: [1, 22],
    });
  });

  it('reads the same figures from the totals whether or not a key has a row on the boundary days', async () => {
    // Whole days [d1, d2) against [d1 + 1 ms, d2 - 1 ms): each edge's part outside the period is
    // the shorter (1 ms), so the second reads the same boundary days less the facts of those
    // parts. And against [d1, d2 + 1 ms) ending "now": day d2 is read whole from the totals as of
    // d2, less the facts of the rest of that day; the whole days read the totals as of d2 - 1.
    // And from office noon of d1 against 1 ms before it: the first counts the afternoon's facts
    // onto the totals as of d1, the second takes the morning's facts from the totals as of d1 - 1.
    // No event lies within 1 ms before office midnight or noon. The boundary days are chosen so
    // that some keys have rows on them and others do not.
    const officeMidnight = (day: number) => Date.UTC(2020, 0, day) - 8 * 3600_000;
    const stats = new StatsRepository(dataSource);
    const mine = async (from: number, to: number, now = new Date()) =>
      (await stats.measures({ from: new Date(from), to: new Date(to), groupBy: 'grid' }, now)).find(
        (g) => g.group === GRID,
      );
    let compared = 0;
    for (const d1 of [2, 10, 12, 13, 15]) {
      for (const d2 of [15, 16, 17, 19, 22]) {
        if (d2 - d1 < 3) continue;
        const whole = await mine(officeMidnight(d1), officeMidnight(d2));
        expect([d1, d2, await mine(officeMidnight(d1) + 1, officeMidnight(d2) - 1)]).toEqual([d1, d2, whole]);
        const noon = officeMidnight(d1) + 12 * 3600_000;
        expect([d1, d2, 'from noon', await mine(noon - 1, officeMidnight(d2))]).toEqual([
          d1,
          d2,
          'from noon',
          await mine(noon, officeMidnight(d2)),
        ]);
        const end = officeMidnight(d2) + 1;
        expect([d1, d2, 'ending now', await mine(officeMidnight(d1), end, new Date(end))]).toEqual([
          d1,
          d2,
          'ending now',
          whole,
        ]);
        compared += whole ? 1 : 0;
      }
    }
    expect(compared).toBeGreaterThan(15);
  });

  it('reads a period that ends now from its last whole day less the facts after its end', async () => {
    // Ends 12 Jan 03:00 UTC; office day 12 Jan runs to 16:00 UTC and holds S2's routing at 06:00,
    // later than this end. With "now" at the end, day 12 Jan comes whole from the totals and the
    // facts of [03:00, 16:00) are taken away: the same figures as counting [16:00 on 11 Jan, 03:00).
    const stats = new StatsRepository(dataSource);
    const period = { from: new Date(at(1)), to: new Date(at(12, 3)), groupBy: 'grid' as const };
    const endingNow = (await stats.measures(period, period.to)).find((g) => g.group === GRID)!;
    const endingBefore = (await stats.measures(period, new Date(at(40)))).find((g) => g.group === GRID)!;
    expect(endingNow).toEqual(endingBefore);
    // S1's acceptance and S2's late one (12 Jan 00:00); S2's ACCEPTANCE visit ends after the period.
    expect(endingNow.timelyAcceptance).toEqual({ total: 2, count: 1, rate: 0.5 });
    expect(endingNow.timePerStage.ACCEPTANCE.visits).toBe(1);
  });

  it('counts a period shorter than a day from the facts alone', async () => {
    const groups = await new StatsRepository(dataSource).measures({
      from: new Date(at(12)),
      to: new Date(at(12, 23)),
      groupBy: 'grid',
    });
    const mine = groups.find((g) => g.group === GRID)!;
    // 12 January: S2 accepted (2 days late) at 00:00 and routed at 06:00.
    expect(mine.timelyAcceptance).toEqual({ total: 1, count: 0, rate: 0 });
    expect(mine.timePerStage).toEqual({
      DISCOVERY: { visits: 1, meanHours: 48, p90Hours: expect.any(Number) },
      ACCEPTANCE: { visits: 1, meanHours: 6, p90Hours: expect.any(Number) },
    });
    expect(Math.abs(mine.timePerStage.DISCOVERY.p90Hours - 48) / 48).toBeLessThan(2 ** 0.25 - 1);
  });

  it("moves all of a case's figures to the unit it is transferred to", async () => {
    const events = new CaseEventRepository(dataSource);
    const [first, second] = [randomUUID(), randomUUID()];
    await history(events, [
      reported(at(3), 'JF-C17-G07'),
      accepted(at(3, 1)),
      step('DisputeRouted', at(3, 2), {
        centerCode: 'TJ',
        unitId: first,
        severity: 'NORMAL',
        slaClass: 'SIMPLE',
        ...to('ROUTING'),
      }),
      step('TaskClaimed', at(3, 3), { assigneeId: randomUUID(), ...to('HANDLING') }),
      step('DisputeTransferred', at(3, 5), { centerCode: 'ZZ', unitId: second, assigneeId: null, ...to('ROUTING') }),
    ]);
    const byUnit = await new StatsRepository(dataSource).measures({
      from: new Date(at(1)),
      to: new Date(at(32)),
      groupBy: 'unit',
    });
    expect(byUnit.find((g) => g.group === first)).toBeUndefined();
    const moved = byUnit.find((g) => g.group === second)!;
    expect(moved.timelyAcceptance).toEqual({ total: 1, count: 1, rate: 1 });
    expect(Object.keys(moved.timePerStage).sort()).toEqual(['ACCEPTANCE', 'DISCOVERY', 'HANDLING', 'ROUTING']);
    expect(moved.timePerStage.HANDLING).toMatchObject({ visits: 1, meanHours: 2 });
    expect(moved.openByStage).toEqual({ ROUTING: 1 });
  });

  it('keeps the totals of past days between queries, and reads them again once old facts change', async () => {
    const events = new CaseEventRepository(dataSource);
    const version = async () => String((await dataSource.query('SELECT version FROM measure_history'))[0].version);
    let queries = 0;
    const counting = {
      query: (sql: string, params?: unknown[]) => (queries++, dataSource.query(sql, params)),
    } as unknown as DataSource;
    const stats = new StatsRepository(counting);
    const [first, second] = [randomUUID(), randomUUID()];
    const caseId = await history(events, [
      reported(at(4), 'JF-C17-G09'),
      accepted(at(4, 1)),
      step('DisputeRouted', at(4, 2), {
        centerCode: 'TJ',
        unitId: first,
        severity: 'NORMAL',
        slaClass: 'SIMPLE',
        ...to('ROUTING'),
      }),
      step('TaskClaimed', at(4, 3), { assigneeId: randomUUID(), ...to('HANDLING') }),
    ]);
    const officeMidnight = (day: number) => new Date(Date.UTC(2020, 0, day) - 8 * 3600_000);
    const period = { from: officeMidnight(1), to: officeMidnight(32), groupBy: 'unit' as const };
    const unitOf = (groups: Awaited<ReturnType<StatsRepository['measures']>>, unit: string) =>
      groups.find((g) => g.group === unit);

    // From 4 Jan 00:30 UTC: the case's acceptance, routing and claim lie in the part of office day 4 Jan at the start.
    const withEdge = { ...period, from: new Date(Date.parse(at(4)) + 30 * 60_000) };

    // Reads a period twice: the answers must be equal; returns the first and each read's query
    // count, the first with the whole-day read of an edge's facts that it began after its own reads.
    const readTwice = async (p: Omit<typeof period, 'groupBy'> & { groupBy: MeasureDim }) => {
      queries = 0;
      const answer = await stats.measures(p);
      await stats.whenKept();
      const counts = [queries];
      queries = 0;
      expect(await stats.measures(p)).toEqual(answer);
      counts.push(queries);
      return { answer, counts };
    };
    const read = await readTwice(period);
    // Both boundary days are kept: the second answer reads only the version and the open cases.
    expect(read.counts).toEqual([4, 2]);
    expect(unitOf(read.answer, first)!.timelyAcceptance).toEqual({ total: 1, count: 1, rate: 1 });
    const readWithEdge = await readTwice(withEdge);
    // The start, 08:30 office time, lies nearer the day's start than its end: the first read takes
    // office day 4 Jan whole from the totals (the new boundary is 3 Jan) less the facts before
    // the start, summed by PostgreSQL, and then reads 4 Jan's facts whole; the second keeps
    // both and counts the edge from the kept facts, with the same answer.
    expect(readWithEdge.counts).toEqual([5, 2]);
    expect(unitOf(readWithEdge.answer, first)!.timelyAcceptance).toEqual({ total: 1, count: 1, rate: 1 });
    expect(unitOf(readWithEdge.answer, first)!.timePerStage.ACCEPTANCE).toMatchObject({ visits: 1, meanHours: 1 });

    // A case reported and accepted today changes no kept totals: the version stays.
    const before = await version();
    const now = Date.now();
    await history(events, [
      reported(new Date(now - 60_000).toISOString(), 'JF-C17-G09'),
      accepted(new Date(now).toISOString()),
    ]);
    expect(await version()).toBe(before);

    // The same period by grid, kept too.
    const byGrid = { ...period, groupBy: 'grid' as const };
    const gridRead = await readTwice(byGrid);
    expect(gridRead.counts).toEqual([4, 2]);

    // Moving the 2020 case to another unit, today, moves its 2020 facts (from 4 Jan on): the
    // version moves, and the change is logged for the unit dimension from 4 Jan (the center
    // stays TJ; the handling visit the transfer ends counts today, which moves no kept total).
    await events.append({
      caseId,
      seq: 5,
      type: 'DisputeTransferred',
      at: new Date().toISOString(),
      actor: CLERK,
      payload: { centerCode: 'TJ', unitId: second, assigneeId: null, ...to('ROUTING') },
    });
    expect(await version()).not.toBe(before);
    expect(
      await dataSource.query(
        `SELECT dim, to_char(from_day, 'YYYY-MM-DD') AS from_day FROM measure_changes WHERE version = $1`,
        [await version()],
      ),
    ).toEqual([{ dim: 'unit', from_day: '2020-01-04' }]);
    queries = 0;
    const moved = await stats.measures(period);
    // Read again: the totals as of 31 Jan (the version, the open cases and that day's totals);
    // those as of 31 Dec, before the change, stay kept.
    expect(queries).toBe(3);
    expect(unitOf(moved, first)).toBeUndefined();
    expect(unitOf(moved, second)!.timelyAcceptance).toEqual({ total: 1, count: 1, rate: 1 });
    // The grid's totals did not change: still kept, and the period's figures are the ones before
    // (only the open cases, read anew each time, moved: the case is back in ROUTING).
    queries = 0;
    const gridAfter = await stats.measures(byGrid);
    expect(queries).toBe(2);
    const withoutOpen = (groups: typeof gridAfter) => groups.map(({ openByStage: _open, ...rest }) => rest);
    expect(withoutOpen(gridAfter)).toEqual(withoutOpen(gridRead.answer));
    // A fresh reader reads the same figures as the one that kept what it could.
    const fresh = new StatsRepository(dataSource);
    expect(await fresh.measures(period)).toEqual(moved);
    expect(await fresh.measures(byGrid)).toEqual(gridAfter);
    const movedWithEdge = await stats.measures(withEdge);
    expect(unitOf(movedWithEdge, first)).toBeUndefined();
    expect(unitOf(movedWithEdge, second)!.timePerStage.ACCEPTANCE).toMatchObject({ visits: 1, meanHours: 1 });
  });

  it('logs a rebuild as a change of every dimension on every day, and the day carry deletes changes older than a week', async () => {
    const versionNow = async () => String((await dataSource.query('SELECT version FROM measure_history'))[0].version);
    const runner = dataSource.createQueryRunner();
    await bumpMeasureHistory(runner).finally(() => runner.release());
    const rebuilt = await versionNow();
    expect(
      await dataSource.query('SELECT dim, from_day FROM measure_changes WHERE version = $1 ORDER BY dim', [rebuilt]),
    ).toEqual(['category', 'center', 'community', 'grid', 'unit'].map((dim) => ({ dim, from_day: null })));

    let queries = 0;
    const counting = {
      query: (sql: string, params?: unknown[]) => (queries++, dataSource.query(sql, params)),
    } as unknown as DataSource;
    const stats = new StatsRepository(counting);
    // Whole office days (midnight UTC+8): no edges, so the boundary days' totals are all it reads.
    const period = {
      from: new Date(Date.UTC(2020, 0, 1) - 8 * 3600_000),
      to: new Date(Date.UTC(2020, 1, 1) - 8 * 3600_000),
      groupBy: 'grid' as const,
    };
    const countOf = async () => {
      queries = 0;
      const answer = await stats.measures(period);
      return { answer, queries };
    };
    expect((await countOf()).queries).toBe(4);
    expect((await countOf()).queries).toBe(2);

    // Two changes of the unit dimension, logged 8 and 6 days ago: neither concerns the grid's kept
    // totals, but the carry deletes the first.
    for (const daysAgo of [8, 6]) {
      await dataSource.query(
        `WITH h AS (UPDATE measure_history SET version = version + 1 RETURNING version)
         INSERT INTO measure_changes (version, dim, from_day, at)
         SELECT h.version, 'unit', '2020-01-10', now() - make_interval(days => $1) FROM h`,
        [daysAgo],
      );
    }
    await carryMeasureTotals(dataSource, '2020-03-01');
    expect(
      await dataSource.query('SELECT version::text, dim FROM measure_changes WHERE version > $1 ORDER BY version', [
        rebuilt,
      ]),
    ).toEqual([{ version: String(BigInt(rebuilt) + 2n), dim: 'unit' }]);
    // The reader finds a version missing from the log: it drops all it kept and reads both
    // boundary days again (4 statements, not 2), answering as a fresh reader does; then keeps them again.
    const afterGap = await countOf();
    expect(afterGap.queries).toBe(4);
    expect(afterGap.answer).toEqual(await new StatsRepository(dataSource).measures(period));
    expect((await countOf()).queries).toBe(2);
  });

  it('leaves, after concurrent appends and carries, the totals that building them from the read models gives', async () => {
    const events = new CaseEventRepository(dataSource);
    const grid = 'JF-C17-G08';
    const unit = randomUUID();
    // 12 cases of one grid and unit, appended side by side: their totals rows are shared. The
    // worker's carry of every key to a new day runs among them, on days the appends write to.
    const carries = ['2020-01-07', '2020-01-09', '2020-01-11'].map(async (day, i) => {
      await new Promise((resolve) => setTimeout(resolve, 20 * (i + 1)));
      return carryMeasureTotals(dataSource, day, 50);
    });
    await Promise.all([
      ...carries,
      ...Array.from({ length: 12 }, (_, i) =>
        history(events, [
          reported(at(5 + (i % 3), i), grid),
          accepted(at(6 + (i % 3), i)),
          step('DisputeRouted', at(6 + (i % 3), i + 1), {
            centerCode: 'TJ',
            unitId: unit,
            severity: 'NORMAL',
            slaClass: 'SIMPLE',
            ...to('ROUTING'),
          }),
          step('TaskClaimed', at(7 + (i % 4), i), { assigneeId: randomUUID(), ...to('HANDLING') }),
          step('HandlingCompleted', at(9 + (i % 4), i), {
            outcome: i % 2 ? 'RESOLVED_ON_SITE' : 'UNRESOLVED',
            ...to('SUPERVISION'),
          }),
        ]),
      ),
    ]);
    const snapshot = async (runner: Pick<DataSource, 'query'>) => ({
      grid: await measureTotalsSnapshot(runner, 'grid', grid),
      unit: await measureTotalsSnapshot(runner, 'unit', unit),
      known: await measureTotalsSnapshot(runner, 'grid', GRID),
    });
    const live = await snapshot(dataSource);
    expect(live.grid.length).toBeGreaterThan(0);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('TRUNCATE measure_totals, measure_keys');
      await buildMeasureTotals(runner);
      expect(await snapshot(runner)).toEqual(live);
      // The migration's own frozen SQL gives the same totals.
      await runner.query('TRUNCATE measure_totals, measure_keys');
      await fillMeasureTotals(runner);
      expect(await snapshot(runner)).toEqual(live);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
  it('carries every key to a day without changing a figure, once', async () => {
    const stats = new StatsRepository(dataSource);
    const officeMidnight = (day: number) => new Date(Date.UTC(2020, 0, day) - 8 * 3600_000);
    const periods = [
      { from: officeMidnight(14), to: officeMidnight(20), groupBy: 'grid' as const },
      { from: officeMidnight(3), to: officeMidnight(15), groupBy: 'unit' as const },
    ];
    const before = await Promise.all(periods.map((p) => stats.measures(p)));
    const totalsBefore = await measureTotalsSnapshot(dataSource, 'grid', GRID);
    const rowsOn = async (day: string) =>
      Number(
        (
          await dataSource.query(`SELECT count(*) AS n FROM measure_totals WHERE grp = $1 AND day = $2::date`, [
            GRID,
            day,
          ])
        )[0].n,
      );
    const keysOfGrid = Number(
      (await dataSource.query(`SELECT count(*) AS n FROM measure_keys WHERE dim = 'grid' AND grp = $1`, [GRID]))[0].n,
    );
    expect(await rowsOn('2020-01-13')).toBeLessThan(keysOfGrid);

    expect(await carryMeasureTotals(dataSource, '2020-01-13')).toBeGreaterThan(0);
    expect(await carryMeasureTotals(dataSource, '2020-01-14', 2)).toBeGreaterThan(0);
    expect(await carryMeasureTotals(dataSource, '2020-01-13')).toBe(0);
    // Every key of the grid that has facts by then now has a row on the day.
    const keysBy13: { n: string }[] = await dataSource.query(
      `SELECT count(DISTINCT (metric, sub)) AS n FROM measure_totals WHERE dim = 'grid' AND grp = $1 AND day <= '2020-01-13'`,
      [GRID],
    );
    expect(await rowsOn('2020-01-13')).toBe(Number(keysBy13[0].n));
    expect(await measureTotalsSnapshot(dataSource, 'grid', GRID)).toEqual(totalsBefore);
    expect(await Promise.all(periods.map((p) => stats.measures(p)))).toEqual(before);
  });

  it('puts a duration into the SQL bucket whose bounds the p90 reads assume', async () => {
    const seconds = [0, 59.9, 60, 61, 119, 120, 3600, 7200, 86_400, 5 * 86_400, 40 * 86_400];
    const rows: { s: number; b: number }[] = await dataSource.query(
      'SELECT s, measure_bucket(s) AS b FROM unnest($1::float8[]) AS s',
      [seconds],
    );
    for (const { s, b } of rows) {
      const [lower, upper] = bucketBoundsMs(b);
      expect([s, lower <= s * 1000 && s * 1000 < upper]).toEqual([s, true]);
    }
  });
});
