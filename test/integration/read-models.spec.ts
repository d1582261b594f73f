import { randomUUID } from 'crypto';
import {
  answerAssistanceUpdate,
  claimAssistanceUpdate,
  requestAssistanceUpdate,
  withdrawAssistanceUpdate,
  approveSupervisionUpdate,
  caseStateQuery,
  claimTaskUpdate,
  completeHandlingUpdate,
  deliverFeedbackUpdate,
  disputeWorkflowId,
  recordFollowUpUpdate,
  rejectDisputeUpdate,
  routeDisputeUpdate,
  submitEvaluationUpdate,
} from '@app/contracts';
import { CHAIN_STAGES, SLA_CLASSES } from '@app/domain/enums';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { checkConsistency } from '@app/persistence/consistency-check';
import { officeDate } from '@app/domain/calendar/office-time';
import { AssistingCenters1796153953953 } from '@app/persistence/migrations/1796153953953-assisting-centers';
import { rebuildProjections } from '@app/persistence/projection-rebuild';
import type { Page } from '@app/persistence/read-paging';
import { AlertReadRepository } from '@app/persistence/repositories/alert-read.repository';
import { CaseEventRepository } from '@app/persistence/repositories/case-event.repository';
import { CaseReadRepository, searchBigrams } from '@app/persistence/repositories/case-read.repository';
import { StatsRepository } from '@app/persistence/repositories/stats.repository';
import { TaskReadRepository } from '@app/persistence/repositories/task-read.repository';
import { actors, CaseDriver, XINCUN_COMMITTEE } from '../support/case-driver';
import { measureTotalsSnapshot, readModelSnapshot } from '../support/read-model-snapshot';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** A grid only this file reports in, and a word only its summaries carry. */
const GRID = 'JF-C16-G05';
const TOKEN = `rm${randomUUID().slice(0, 6)}`;

async function everything<T>(fetch: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await fetch(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

describe('read models: lists, tasks, alerts, rebuild and consistency (real Temporal + PostgreSQL)', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let driver: CaseDriver;
  let caseReads: CaseReadRepository;
  let tasks: TaskReadRepository;
  let alerts: AlertReadRepository;
  const ids: Record<'closed' | 'reopened' | 'rejected' | 'pool' | 'held' | 'alerted' | 'reported', string> =
    {} as never;

  const report = (summary: string) => ({ gridCode: GRID, summary: `${summary} ${TOKEN}` });
  const route = (caseId: string, slaClass: 'SIMPLE' | 'GENERAL' = 'GENERAL') =>
    driver.act(caseId, routeDisputeUpdate, {
      actor: actors.clerk,
      centerCode: 'TJ',
      unitId: XINCUN_COMMITTEE,
      severity: 'NORMAL',
      slaClass,
    });
  const throughEvaluation = async (caseId: string, mediator = actors.mediator2) => {
    await driver.act(caseId, completeHandlingUpdate, {
      actor: mediator,
      outcome: 'RESOLVED_ON_SITE',
      summary: '现场化解',
    });
    await driver.act(caseId, approveSupervisionUpdate, { actor: actors.supervisor1 });
    await driver.act(caseId, deliverFeedbackUpdate, { actor: mediator, channel: 'PHONE', content: '已告知' });
  };

  beforeAll(async () => {
    harness = await startWorker(config);
    driver = new CaseDriver(harness, config.temporalTaskQueue);
    caseReads = new CaseReadRepository(harness.dataSource);
    tasks = new TaskReadRepository(harness.dataSource);
    alerts = new AlertReadRepository(harness.dataSource);

    ids.closed = (await driver.register({ report: report('楼上漏水') })).caseId;
    await route(ids.closed);
    await driver.act(ids.closed, claimTaskUpdate, { actor: actors.mediator1 });
    await driver.act(ids.closed, completeHandlingUpdate, {
      actor: actors.mediator1,
      outcome: 'AGREEMENT',
      summary: '达成协议',
      agreement: { terms: '赔偿', fulfilBy: '2026-12-31' },
    });
    await driver.act(ids.closed, recordFollowUpUpdate, { actor: actors.mediator1, fulfilled: true, note: '已履行' });
    await driver.act(ids.closed, approveSupervisionUpdate, { actor: actors.supervisor1 });
    await driver.act(ids.closed, deliverFeedbackUpdate, {
      actor: actors.mediator1,
      channel: 'PHONE',
      content: '已告知',
    });
    await driver.act(ids.closed, submitEvaluationUpdate, { actor: actors.party, rating: 'SATISFIED' });

    ids.reopened = (await driver.register({ report: report('噪音扰民') })).caseId;
    await route(ids.reopened);
    await driver.act(ids.reopened, claimTaskUpdate, { actor: actors.mediator2 });
    await throughEvaluation(ids.reopened);
    await driver.act(ids.reopened, submitEvaluationUpdate, { actor: actors.party, rating: 'DISSATISFIED' });

    ids.rejected = (await driver.register({ acceptNow: false, report: report('重复登记') })).caseId;
    await driver.act(ids.rejected, rejectDisputeUpdate, { actor: actors.clerk, reason: '重复' });

    ids.pool = (await driver.register({ report: { ...report('物业费争议'), category: 'PROPERTY_MGMT' } })).caseId;
    await route(ids.pool);

    ids.held = (await driver.register({ report: report('装修损坏') })).caseId;
    await route(ids.held);
    await driver.act(ids.held, claimTaskUpdate, { actor: actors.mediator1 });
    // Joint handling (协办): one assistance answered, one withdrawn, so that the rebuild has case_assistances to fold.
    const asked = await driver.act(ids.held, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: DEMO_UNIT_IDS.XIAOTANG_MEDIATION_COMMITTEE,
      centerCode: 'TJ',
      instruction: '请协助核实',
      workingDays: 2,
    });
    const answered = asked.assistances![0].id;
    await driver.act(ids.held, claimAssistanceUpdate, { actor: actors.mediator3, assistanceId: answered });
    await driver.act(ids.held, answerAssistanceUpdate, {
      actor: actors.mediator3,
      assistanceId: answered,
      report: '已核实',
    });
    // The second of another center (金方派出所联络室, ZZ): the case's assisting_centers keep it after the withdrawal.
    const second = await driver.act(ids.held, requestAssistanceUpdate, {
      actor: actors.mediator1,
      unitId: '00000000-0000-4000-8000-000000000005',
      centerCode: 'ZZ',
      instruction: '请出具法律意见',
      workingDays: 5,
    });
    await driver.act(ids.held, withdrawAssistanceUpdate, {
      actor: actors.mediator1,
      assistanceId: second.assistances![1].id,
      reason: '不再需要',
    });

    ids.reported = (
      await driver.register({ acceptNow: false, reportedBy: actors.grid, report: report('巡查发现') })
    ).caseId;

    // ROUTING lasts 2 s under this drill policy: warning, then levels 1, 2 and 3 a second apart.
    const policy = await driver.policy({
      rules: CHAIN_STAGES.flatMap((stage) =>
        SLA_CLASSES.map((slaClass) => ({ stage, slaClass, duration: stage === 'ROUTING' ? 'PT2S' : 'PT1H' })),
      ),
      escalationSteps: { level2AfterMs: 1000, level3AfterMs: 2000 },
    });
    ids.alerted = (await driver.register({ slaPolicyName: policy, report: report('宠物伤人') })).caseId;
    await route(ids.alerted);
    await waitFor('four alerts', async () => {
      const rows = await harness.dataSource.query('SELECT 1 FROM alerts WHERE case_id = $1', [ids.alerted]);
      return rows.length >= 4 ? rows : undefined;
    });
  });
  afterAll(() => harness?.stop());

  describe('case list', () => {
    it('pages newest first through a filter with a stable cursor', async () => {
      const all = await everything((cursor) => caseReads.list({ gridCode: GRID }, { limit: 2, cursor }));
      expect(all.map((c) => c.id).sort()).toEqual(Object.values(ids).sort());
      const created = all.map((c) => c.createdAt.getTime());
      expect(created).toEqual([...created].sort((a, b) => b - a));
    });

    it('filters by stage, category, unit, center and overdue, and by the caller scope', async () => {
      const list = async (filter: Parameters<CaseReadRepository['list']>[0]) =>
        (await caseReads.list({ gridCode: GRID, ...filter }, { limit: 200 })).items.map((c) => c.id).sort();
      expect(await list({ stage: 'CLOSED' })).toEqual([ids.closed, ids.rejected].sort());
      expect(await list({ category: 'PROPERTY_MGMT' })).toEqual([ids.pool]);
      expect(await list({ stage: 'ROUTING', overdue: true })).toEqual([ids.alerted]);
      expect(await list({ stage: 'ROUTING', overdue: false })).toEqual([ids.pool]);
      expect(await list({ unitId: XINCUN_COMMITTEE, centerCode: 'TJ', stage: 'HANDLING' })).toEqual(
        [ids.reopened, ids.held].sort(),
      );
      expect(await list({ scope: { reportedBy: actors.grid.userId } })).toEqual([ids.reported]);
      expect(await list({ scope: { unitIds: [randomUUID()] } })).toEqual([]);
      const overdue = (await caseReads.list({ gridCode: GRID, overdue: true })).items;
      expect(overdue.every((c) => c.overdue)).toBe(true);
    });

    it('finds text in the summary, the case number and party names, in Chinese or not', async () => {
      const search = async (q: string) => (await caseReads.list({ gridCode: GRID, q })).items.map((c) => c.id);
      expect(await search('漏水')).toEqual([ids.closed]);
      expect(await search(TOKEN.toUpperCase())).toHaveLength(Object.keys(ids).length);
      expect((await search('测试甲')).length).toBe(Object.keys(ids).length);
      const { caseNo } = (await caseReads.findById(ids.pool))!;
      expect(await caseReads.list({ q: caseNo! })).toMatchObject({ items: [{ id: ids.pool }] });
      expect(await search('100%_')).toEqual([]);
    });

    it('answers a search the same whichever read goes first, with the bigrams the index holds', async () => {
      const texts = ['漏水', TOKEN, '测试甲', '噪音 扰民', 'JF-20', '𠀀李'];
      for (const t of texts) {
        const [{ grams }]: { grams: string[] }[] = await harness.dataSource.query('SELECT text_bigrams($1) AS grams', [
          t,
        ]);
        expect([...grams].sort()).toEqual(searchBigrams(t).sort());
      }
      const recentFirst = new CaseReadRepository(harness.dataSource);
      recentFirst.commonBigrams = async () => undefined;
      const indexFirst = new CaseReadRepository(harness.dataSource);
      indexFirst.commonBigrams = async () => new Set();
      for (const q of ['漏水', TOKEN, '测试甲']) {
        const [a, b] = await Promise.all([recentFirst, indexFirst].map((r) => r.list({ gridCode: GRID, q })));
        expect(b.items.map((c) => c.id)).toEqual(a.items.map((c) => c.id));
        expect(a.items.length).toBeGreaterThan(0);
      }
      // The common bigrams are ANALYZE's most common elements of search_grams.
      await harness.dataSource.query('ANALYZE cases');
      const stats: { elems: string[] | null }[] = await harness.dataSource.query(
        `SELECT most_common_elems::text::text[] AS elems FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'cases' AND attname = 'search_grams'`,
      );
      const read = await new CaseReadRepository(harness.dataSource).commonBigrams();
      const elems = stats[0]?.elems;
      expect(read ? [...read].sort() : null).toEqual(elems?.length ? [...elems].sort() : null);
    });

    it('refuses a cursor it did not hand out and a limit out of range', async () => {
      await expect(caseReads.list({}, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(/cursor/);
      await expect(caseReads.list({}, { limit: 201 })).rejects.toThrow(RangeError);
    });
  });

  describe('tasks', () => {
    it("shows the pool's unclaimed tasks to its mediators only, and a held task to its holder", async () => {
      const pool = (userId: string, unitIds: string[]) =>
        everything((cursor) => tasks.list({ scope: 'pool', userId, unitIds, page: { cursor, limit: 50 } }));
      const mine = (userId: string) =>
        everything((cursor) => tasks.list({ scope: 'mine', userId, unitIds: [], page: { cursor } }));
      const inPool = (await pool(actors.mediator1.userId, actors.mediator1.unitIds)).map((t) => t.caseId);
      expect(inPool).toContain(ids.pool);
      expect(inPool).toContain(ids.alerted);
      expect(inPool).not.toContain(ids.held);
      expect((await pool(actors.mediator3.userId, actors.mediator3.unitIds)).map((t) => t.caseId)).not.toContain(
        ids.pool,
      );
      const held = (await mine(actors.mediator1.userId)).filter((t) => Object.values(ids).includes(t.caseId));
      expect(held.map((t) => t.caseId)).toEqual([ids.held]);
      expect(held[0]).toMatchObject({ stage: 'HANDLING', assigneeId: actors.mediator1.userId, overdue: false });
      const alerted = (await pool(actors.mediator1.userId, actors.mediator1.unitIds)).find(
        (t) => t.caseId === ids.alerted,
      )!;
      expect(alerted).toMatchObject({ stage: 'ROUTING', overdue: true, escalationLevel: 3 });
    });
  });

  describe('alerts', () => {
    it('lists by acknowledgement, center and level; an acknowledgement is recorded once and kept', async () => {
      const ofCase = <A extends { caseId: string }>(page: Page<A>) =>
        page.items.filter((a) => a.caseId === ids.alerted);
      const levelOne = ofCase(
        await alerts.list({ acknowledged: false, centerCode: 'TJ', maxLevel: 1, page: { limit: 200 } }),
      );
      expect(levelOne.map((a) => a.level).sort()).toEqual([0, 1]);
      expect(ofCase(await alerts.list({ centerCode: 'ZZ', page: { limit: 200 } }))).toEqual([]);

      const [warning] = levelOne.filter((a) => a.level === 0);
      const first = await alerts.acknowledge(warning.id, actors.supervisor1.userId);
      expect(first).toMatchObject({ id: warning.id, acknowledgedBy: actors.supervisor1.userId });
      const again = await alerts.acknowledge(warning.id, actors.supervisor2.userId);
      expect(again).toEqual(first);
      await expect(alerts.acknowledge(randomUUID(), actors.supervisor1.userId)).resolves.toBeNull();
      const open = ofCase(await alerts.list({ acknowledged: false, page: { limit: 200 } }));
      expect(open.map((a) => a.level).sort()).toEqual([1, 2, 3]);
      await expect(
        harness.dataSource.query('DELETE FROM alert_acknowledgements WHERE alert_id = $1', [warning.id]),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('rebuild and consistency', () => {
    const period = () => ({
      from: new Date(Date.now() - 3600_000),
      to: new Date(Date.now() + 3600_000),
      groupBy: 'grid' as const,
    });
    const gridStats = async () =>
      (await new StatsRepository(harness.dataSource).measures(period())).find((g) => g.group === GRID);

    it('rebuilds from the events alone exactly the rows the live appends made', async () => {
      const caseIds = Object.values(ids);
      const live = await readModelSnapshot(harness.dataSource, caseIds);
      const liveStats = await gridStats();
      const liveTotals = await measureTotalsSnapshot(harness.dataSource, 'grid', GRID);
      expect(liveTotals.length).toBeGreaterThan(0);
      expect(live.cases).toHaveLength(caseIds.length);
      expect(live.ratings).toHaveLength(2);
      expect(live.tasks).toHaveLength(4);
      expect((live.assistances as { status: string }[]).map((a) => a.status)).toEqual(['ANSWERED', 'WITHDRAWN']);
      const held = (live.cases as { id: string; assisting_centers: string[] }[]).find((c) => c.id === ids.held);
      expect(held?.assisting_centers).toEqual(['TJ', 'ZZ']);
      expect(
        (live.cases as { id: string; assisting_centers: string[] }[])
          .filter((c) => c.id !== ids.held)
          .every((c) => c.assisting_centers.length === 0),
      ).toBe(true);
      expect(liveStats?.assistance).toMatchObject({ requested: 1, answered: 1, answeredOnTime: 1 });
      expect((live.alerts as { acknowledged_by: string | null }[]).some((a) => a.acknowledged_by)).toBe(true);

      const version = async () =>
        BigInt((await harness.dataSource.query('SELECT version FROM measure_history'))[0].version);
      const versionBefore = await version();
      const done = await rebuildProjections(harness.dataSource, { fetchSize: 7, flushCases: 3 });
      expect(done.cases).toBeGreaterThanOrEqual(caseIds.length);
      // Totals kept by stats readers are stale after a rebuild: the version moved.
      expect(await version()).toBeGreaterThan(versionBefore);
      // And every key has a row today, as the worker would give it.
      const [{ missing }]: { missing: string }[] = await harness.dataSource.query(
        `SELECT count(*) AS missing FROM measure_keys k
          WHERE NOT EXISTS (SELECT 1 FROM measure_totals t
                             WHERE (t.dim, t.grp, t.metric, t.sub) = (k.dim, k.grp, k.metric, k.sub) AND t.day = $1::date)`,
        [officeDate(Date.now())],
      );
      expect(Number(missing)).toBe(0);
      expect(await readModelSnapshot(harness.dataSource, caseIds)).toEqual(live);
      expect(await gridStats()).toEqual(liveStats);
      expect(await measureTotalsSnapshot(harness.dataSource, 'grid', GRID)).toEqual(liveTotals);
    });

    it('backfills cases.assisting_centers from case_assistances as the projection keeps it (migration AssistingCenters)', async () => {
      const caseIds = Object.values(ids);
      const before = await readModelSnapshot(harness.dataSource, caseIds);
      const runner = harness.dataSource.createQueryRunner();
      try {
        const migration = new AssistingCenters1796153953953();
        await migration.down(runner);
        await migration.up(runner);
      } finally {
        await runner.release();
      }
      expect(await readModelSnapshot(harness.dataSource, caseIds)).toEqual(before);
    });

    it('finds no drift between the workflows and the read model, then finds a corrupted row', async () => {
      const queryState = (caseId: string) =>
        harness.client.workflow.getHandle(disputeWorkflowId(caseId)).query(caseStateQuery);
      const caseIds = Object.values(ids);
      const clean = await checkConsistency(harness.dataSource, { queryState, caseIds, recheckAfterMs: 50 });
      expect(clean).toEqual({ checked: 5, drifted: [] });

      await harness.dataSource.query(`UPDATE cases SET stage = 'FEEDBACK', escalation_level = 0 WHERE id = $1`, [
        ids.held,
      ]);
      const drifted = await checkConsistency(harness.dataSource, { queryState, caseIds, recheckAfterMs: 50 });
      expect(drifted.checked).toBe(5);
      expect(drifted.drifted).toEqual([
        {
          caseId: ids.held,
          caseNo: expect.any(String),
          fields: [{ field: 'stage', workflow: 'HANDLING', readModel: 'FEEDBACK' }],
        },
      ]);

      await rebuildProjections(harness.dataSource);
      expect((await checkConsistency(harness.dataSource, { queryState, caseIds, recheckAfterMs: 50 })).drifted).toEqual(
        [],
      );
    });

    it('serves the timeline in order', async () => {
      const timeline = await new CaseEventRepository(harness.dataSource).timeline(ids.closed);
      expect(timeline.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
      expect(timeline[0]).toMatchObject({
        type: 'DisputeReported',
        actor: { userId: actors.clerk.userId, role: 'CLERK' },
      });
      expect(timeline.at(-1)).toMatchObject({ type: 'DisputeClosed', data: { resolution: 'RESOLVED' } });
    });
  });
});
