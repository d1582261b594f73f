import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
import { caseStateQuery } from '@app/contracts';
import {
  CHAIN,
  driveChain,
  historyProblems,
  inPool,
  workflowProblems,
  type ChainProgress,
  type PlannedCase,
} from '../support/chain-load';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  OwnPostgres,
  requireBuiltApps,
  type AppProcess,
  type ClientSide,
} from '../support/fault-stack';

const CASES = 200;
/**
 * The first worker kills itself (FAULT_KILL_AFTER_APPEND, apps/worker/src/fault-injection.ts)
 * right after this many TaskClaimed appends committed: then one claim at least is in the record
 * while the workflow task that decided it never completed, and every other update in flight is
 * cut wherever it stood. 7 of 8 cases claim, so about a third of the claims come before the kill.
 */
const KILL_AFTER_CLAIMS = 60;
const KILLED_LINE = /fault: killed after appending (\w+) seq (\d+) of case ([0-9a-f-]{36})/;

describe('fault: the worker process SIGKILLed while cases are mid-chain (real processes)', () => {
  const fleet = new AppFleet();
  let dir: string;
  let pg: OwnPostgres;
  const sides: ClientSide[] = [];

  beforeAll(async () => {
    requireBuiltApps();
    // A database of its own: 200 cases in the shared one would crowd the other tests' pools and lists.
    dir = makeTempDir('fault-worker');
    pg = await OwnPostgres.start(dir);
  });
  afterAll(async () => {
    await fleet.stopAll();
    await Promise.all(sides.map((side) => side.close()));
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A task queue of the test's own, and a client and database connection on it. */
  const connect = async () => {
    const taskQueue = `fault-worker-kill-${randomUUID()}`;
    const side = await connectClientSide(process.env.TEMPORAL_ADDRESS!, pg.url, taskQueue);
    sides.push(side);
    return { side, env: { databaseUrl: pg.url, temporalAddress: process.env.TEMPORAL_ADDRESS!, taskQueue } };
  };

  /** Where the first worker died: the event it had just appended, as it said before dying. */
  const killedAt = async (worker: AppProcess) => {
    await worker.exited;
    const match = KILLED_LINE.exec(worker.output());
    if (!match)
      throw new Error(`the worker exited without the fault line; its output:\n${worker.output().slice(-3000)}`);
    return { type: match[1], seq: Number(match[2]), caseId: match[3] };
  };

  it('a claim appended just before the worker died: the retried task acts on what was recorded, not on a new deadline', async () => {
    const { side, env } = await connect();
    const first = await fleet.start('worker', env, { FAULT_KILL_AFTER_APPEND: 'TaskClaimed:1' });
    const { caseId } = await side.cases.register({
      acceptNow: true,
      report: { summary: 'fault worker kill in the append window' },
    });
    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const driving = driveChain(side.cases, { caseId, steps: 2 }, progress, Date.now() + 120_000);

    const killed = await killedAt(first);
    expect(killed).toEqual({ type: 'TaskClaimed', seq: 4, caseId });
    const second = await fleet.start('worker', env);
    await driving;
    expect(progress.errors).toEqual([]);

    // The retried workflow task ran seconds later than the first: before the fix it computed a
    // later HANDLING deadline than the one recorded, and the record kept the first.
    const state = await side.cases.handle(caseId).query(caseStateQuery);
    const claimed = (await side.cases.events(caseId)).find((e) => e.seq === 4)!;
    expect(claimed.type).toBe('TaskClaimed');
    expect(state.stage).toBe('HANDLING');
    expect(state.stageDeadline).toBe(claimed.payload.stageDeadline);
    expect(state.stageEnteredAt).toBe(claimed.at.toISOString());
    expect(state.lastSeq).toBe(4);
    const report = await checkConsistency(side.dataSource, {
      caseIds: [caseId],
      queryState: (id) => side.cases.handle(id).query(caseStateQuery),
    });
    expect(report.drifted.map(describeDrift)).toEqual([]);
    expect(report.checked).toBe(1);
    await second.stop();
  });

  it(`${CASES} cases: after a new worker starts, every case reaches its stage with each event once, seq gap-free, read models in step`, async () => {
    const { side, env } = await connect();
    const first = await fleet.start('worker', env, { FAULT_KILL_AFTER_APPEND: `TaskClaimed:${KILL_AFTER_CLAIMS}` });

    // Case i goes 1..8 steps along the chain: every stage from ROUTING to CLOSED is a target.
    const planned: PlannedCase[] = [];
    await inPool(
      Array.from({ length: CASES }, (_, i) => i),
      20,
      async (i) => {
        const { caseId } = await side.cases.register({
          acceptNow: true,
          report: { summary: `fault worker kill ${i}` },
        });
        planned.push({ caseId, steps: 1 + (i % CHAIN.length) });
      },
    );
    const total = planned.reduce((sum, p) => sum + p.steps, 0);

    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const deadline = Date.now() + 300_000;
    const driving = Promise.all(planned.map((p) => driveChain(side.cases, p, progress, deadline)));

    const killed = await killedAt(first);
    const inFlight = progress.started - progress.finished;
    const answeredAtKill = progress.finished;
    const killedAtMs = Date.now();
    await fleet.start('worker', env);

    await driving;
    const recoveredMs = Date.now() - killedAtMs;
    console.log(
      `[worker kill] ${CASES} cases, ${total} updates; killed after appending ${killed.type} seq ${killed.seq}, ` +
        `${answeredAtKill} answered, ${inFlight} in flight; ${progress.retried} client retries; all answered ${recoveredMs} ms after the kill`,
    );
    expect(planned.map((p) => p.caseId)).toContain(killed.caseId);
    expect(inFlight).toBeGreaterThan(0);
    expect(progress.errors).toEqual([]);

    expect(await historyProblems(side.dataSource, planned)).toEqual([]);
    expect(await workflowProblems(side.cases, planned)).toEqual([]);
    const report = await checkConsistency(side.dataSource, {
      caseIds: planned.map((p) => p.caseId),
      queryState: (caseId) => side.cases.handle(caseId).query(caseStateQuery),
    });
    expect(report.drifted.map(describeDrift)).toEqual([]);
    expect(report.checked).toBe(planned.filter((p) => p.steps < CHAIN.length).length);
  });
});
