import { randomUUID } from 'crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { CaseEventRepository, type PayloadEnricher } from '@app/persistence/repositories/case-event.repository';
import { allocateCaseSequence } from '@app/persistence/repositories/case-number.repository';
import { testConfig } from '../support/test-stack';

const reported = (caseId: string) => ({
  caseId,
  seq: 1,
  type: 'DisputeReported' as const,
  at: '2026-11-28T02:00:00.000Z',
  actor: { userId: '00000000-0000-4000-8000-000000001001', role: 'CLERK' as const },
  payload: {
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: 's',
    description: 'd',
    gridCode: 'JF-C01-G01',
    address: 'a',
    urgent: false,
    parties: [{ role: 'APPLICANT', name: 'n' }],
    severity: 'NORMAL',
    slaClass: 'SIMPLE',
  },
});

describe('case event store (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let events: CaseEventRepository;

  beforeAll(async () => {
    dataSource = createDataSource(testConfig().databaseUrl!, 8);
    await dataSource.initialize();
    events = new CaseEventRepository(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('appends an event and builds the case row from it in the same transaction', async () => {
    const caseId = randomUUID();
    await events.append(reported(caseId));
    const [row] = await dataSource.query('SELECT stage, community_code, last_seq FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ stage: 'DISCOVERY', community_code: 'JF-C01', last_seq: 1 });
  });

  it('treats a retried append of the same (case, seq) as done: one row, the first payload', async () => {
    const caseId = randomUUID();
    await events.append(reported(caseId));
    let enrichCalls = 0;
    const accepted = {
      ...reported(caseId),
      seq: 2,
      type: 'DisputeAccepted' as const,
      payload: { stage: 'ACCEPTANCE' },
    };
    const enrich = async () => ({ caseNo: `TEST-${++enrichCalls}`, receiptCode: 'ABCDEFGH' });
    const first = await events.append(accepted, enrich);
    const retry = await events.append(accepted, enrich);
    expect(retry).toEqual(first);
    expect(enrichCalls).toBe(1);
    const rows = await dataSource.query('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
    const [row] = await dataSource.query('SELECT stage, case_no FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ stage: 'ACCEPTANCE', case_no: 'TEST-1' });
  });

  it('lets two racing appends of the same (case, seq) both succeed with one row and one case update', async () => {
    const caseId = randomUUID();
    await events.append(reported(caseId));
    const warning = {
      ...reported(caseId),
      seq: 2,
      type: 'WarningRaised' as const,
      payload: { level: 0, stage: 'DISCOVERY', deadline: '2026-11-28T04:00:00.000Z' },
    };
    const results = await Promise.all([events.append(warning), events.append(warning), events.append(warning)]);
    expect(results.map((r) => r.seq)).toEqual([2, 2, 2]);
    const rows = await dataSource.query('SELECT seq, type FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(rows).toEqual([
      { seq: 1, type: 'DisputeReported' },
      { seq: 2, type: 'WarningRaised' },
    ]);
    const [row] = await dataSource.query('SELECT last_seq FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ last_seq: 2 });
    const alerts = await dataSource.query('SELECT kind FROM alerts WHERE case_id = $1', [caseId]);
    expect(alerts).toEqual([{ kind: 'WARNING' }]);
  });

  it('gives back the case number a racing duplicate of an acceptance took: the sequence stays gap-free', async () => {
    const street = `R${randomUUID()
      .slice(0, 6)
      .replace(/[^A-Z]/gi, 'X')
      .toUpperCase()}`;
    const caseId = randomUUID();
    await events.append(reported(caseId));
    const accepted = {
      ...reported(caseId),
      seq: 2,
      type: 'DisputeAccepted' as const,
      payload: { stage: 'ACCEPTANCE' },
    };
    const receiptCode = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
    const enrich: PayloadEnricher = async (tx) => ({
      caseNo: `${street}-${await allocateCaseSequence(tx, street, 2026)}`,
      receiptCode,
    });
    const results = await Promise.all([
      events.append(accepted, enrich),
      events.append(accepted, enrich),
      events.append(accepted, enrich),
    ]);
    expect(new Set(results.map((r) => r.payload.caseNo)).size).toBe(1);
    const rows = await dataSource.query('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
    // Whatever number the stored acceptance got, the next one follows it with no gap.
    const used = Number(String(results[0].payload.caseNo).split('-').pop());
    await expect(dataSource.transaction((tx) => allocateCaseSequence(tx, street, 2026))).resolves.toBe(used + 1);
  });

  describe('the events of one decision appended together (appendAll, issue 16)', () => {
    const at = (minutes: number) => new Date(Date.parse('2026-11-28T02:00:00.000Z') + minutes * 60_000).toISOString();
    /** Reported, accepted, routed, claimed: four stage changes, so visits, the row and the measures all move. */
    const chain = (caseId: string) => {
      const base = reported(caseId);
      const actor = base.actor;
      const deadline = (m: number) => at(m + 600);
      return [
        { ...base, payload: { ...base.payload, stage: 'DISCOVERY', stageDeadline: deadline(0) } },
        {
          caseId,
          seq: 2,
          type: 'DisputeAccepted' as const,
          at: at(1),
          actor,
          payload: { stage: 'ACCEPTANCE', stageDeadline: deadline(1) },
        },
        {
          caseId,
          seq: 3,
          type: 'DisputeRouted' as const,
          at: at(2),
          actor,
          payload: {
            centerCode: 'TJ',
            unitId: null,
            severity: 'NORMAL',
            slaClass: 'SIMPLE',
            stage: 'HANDLING',
            stageDeadline: deadline(2),
          },
        },
        {
          caseId,
          seq: 4,
          type: 'WarningRaised' as const,
          at: at(3),
          actor: { userId: 'system', role: 'SYSTEM' as const },
          payload: { level: 0, stage: 'HANDLING', deadline: deadline(2), escalationLevel: 0, overdue: false },
        },
      ];
    };
    const enrichFor = (calls: { n: number }) => (draft: { type: string; caseId: string }) =>
      draft.type === 'DisputeAccepted'
        ? async () => ({
            caseNo: `B-${draft.caseId.slice(0, 8)}-${++calls.n}`,
            receiptCode: draft.caseId.slice(0, 8).toUpperCase(),
          })
        : undefined;
    const readModels = async (caseId: string) => ({
      row: (
        await dataSource.query(
          `SELECT stage, status, case_no, center_code, stage_entered_at, stage_deadline, last_seq, escalation_level FROM cases WHERE id = $1`,
          [caseId],
        )
      )[0],
      visits: await dataSource.query(
        `SELECT entered_seq, stage, entered_at, deadline, left_at, left_seq, next_stage FROM case_stage_visits WHERE case_id = $1 ORDER BY entered_seq`,
        [caseId],
      ),
      alerts: await dataSource.query(
        `SELECT event_seq, kind, level, stage, deadline FROM alerts WHERE case_id = $1 ORDER BY event_seq`,
        [caseId],
      ),
      facts: await dataSource.query(
        `SELECT metric, sub, hits, extra, ms, bucket FROM measure_facts WHERE case_id = $1 ORDER BY metric, sub, at`,
        [caseId],
      ),
    });

    it('writes the same events and read models as appending them one by one, the case number included', async () => {
      const one = randomUUID();
      const together = randomUUID();
      const calls = { n: 0 };
      for (const draft of chain(one)) await events.append(draft, enrichFor(calls)(draft));
      const stored = await events.appendAll(chain(together), enrichFor(calls));
      expect(stored.map((e) => [e.seq, e.type])).toEqual(chain(together).map((d) => [d.seq, d.type]));
      expect(stored[1].payload).toMatchObject({ stage: 'ACCEPTANCE', caseNo: `B-${together.slice(0, 8)}-2` });
      const expected = await readModels(one);
      const actual = await readModels(together);
      expect(actual).toEqual({ ...expected, row: { ...expected.row, case_no: `B-${together.slice(0, 8)}-2` } });
      expect(actual.visits).toHaveLength(3);
      expect(actual.alerts).toHaveLength(1);
      expect(await timelineTypes(together)).toEqual([
        'DisputeReported',
        'DisputeAccepted',
        'DisputeRouted',
        'WarningRaised',
      ]);
    });

    it('a retried batch appends nothing, takes no second number and answers what is stored', async () => {
      const caseId = randomUUID();
      const calls = { n: 0 };
      const first = await events.appendAll(chain(caseId).slice(0, 2), enrichFor(calls));
      const later = chain(caseId)
        .slice(0, 2)
        .map((d) => ({ ...d, at: at(30) }));
      const retry = await events.appendAll(later, enrichFor(calls));
      expect(retry).toEqual(first);
      expect(calls.n).toBe(1);
      // Part stored, part new (a decision cut between two single appends): the new part is appended.
      const rest = await events.appendAll(chain(caseId), enrichFor(calls));
      expect(rest.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(calls.n).toBe(1);
      expect((await readModels(caseId)).row).toMatchObject({ stage: 'HANDLING', last_seq: 4 });
    });
  });

  const timelineTypes = async (caseId: string) => (await events.timeline(caseId)).map((e) => e.type);

  it('refuses UPDATE and DELETE on the event table', async () => {
    const caseId = randomUUID();
    await events.append(reported(caseId));
    await expect(dataSource.query(`UPDATE case_events SET type = 'X' WHERE case_id = $1`, [caseId])).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    await expect(dataSource.query('DELETE FROM case_events WHERE case_id = $1', [caseId])).rejects.toThrow(
      /append-only: DELETE refused/,
    );
  });

  it('hands out gap-free case sequences under concurrent acceptances, and gives back a rolled-back one', async () => {
    const street = `T${randomUUID()
      .slice(0, 6)
      .replace(/[^A-Z]/gi, 'X')
      .toUpperCase()}`;
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => dataSource.transaction((tx) => allocateCaseSequence(tx, street, 2026))),
    );
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

    await expect(
      dataSource.transaction(async (tx) => {
        await allocateCaseSequence(tx, street, 2026);
        throw new Error('acceptance failed');
      }),
    ).rejects.toThrow('acceptance failed');
    await expect(dataSource.transaction((tx) => allocateCaseSequence(tx, street, 2026))).resolves.toBe(21);
    await expect(dataSource.transaction((tx) => allocateCaseSequence(tx, street, 2027))).resolves.toBe(1);
  });
});
