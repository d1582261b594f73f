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
    expect(rows).toEqual([{ seq: 1, type: 'DisputeReported' }, { seq: 2, type: 'WarningRaised' }]);
    const [row] = await dataSource.query('SELECT last_seq FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ last_seq: 2 });
    const alerts = await dataSource.query('SELECT kind FROM alerts WHERE case_id = $1', [caseId]);
    expect(alerts).toEqual([{ kind: 'WARNING' }]);
  });

  it('gives back the case number a racing duplicate of an acceptance took: the sequence stays gap-free', async () => {
    const street = `R${randomUUID().slice(0, 6).replace(/[^A-Z]/gi, 'X').toUpperCase()}`;
    const caseId = randomUUID();
    await events.append(reported(caseId));
    const accepted = { ...reported(caseId), seq: 2, type: 'DisputeAccepted' as const, payload: { stage: 'ACCEPTANCE' } };
    const receiptCode = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
    const enrich: PayloadEnricher = async (tx) => ({ caseNo: `${street}-${await allocateCaseSequence(tx, street, 2026)}`, receiptCode });
    const results = await Promise.all([events.append(accepted, enrich), events.append(accepted, enrich), events.append(accepted, enrich)]);
    expect(new Set(results.map((r) => r.payload.caseNo)).size).toBe(1);
    const rows = await dataSource.query('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
    expect(rows).toEqual([{ seq: 1 }, { seq: 2 }]);
    // Whatever number the stored acceptance got, the next one follows it with no gap.
    const used = Number(String(results[0].payload.caseNo).split('-').pop());
    await expect(dataSource.transaction((tx) => allocateCaseSequence(tx, street, 2026))).resolves.toBe(used + 1);
  });

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
    const street = `T${randomUUID().slice(0, 6).replace(/[^A-Z]/gi, 'X').toUpperCase()}`;
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
