import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
import { caseStateQuery } from '@app/contracts';
import { CHAIN, driveChain, historyProblems, inPool, workflowProblems, type ChainProgress, type PlannedCase } from '../support/chain-load';
import { AppFleet, connectClientSide, makeTempDir, OwnPostgres, requireBuiltApps, type AppProcess, type ClientSide } from '../support/fault-stack';
import { waitFor } from '../support/wait-for';

const CASES = 200;
/** The worker is killed once this share of all updates has been answered: the rest is in flight or still to come. */
const KILL_AT_SHARE = 1 / 3;

describe('fault: the worker process SIGKILLed while 200 cases are mid-chain (real processes)', () => {
  const taskQueue = `fault-worker-kill-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let pg: OwnPostgres;
  let side: ClientSide;

  beforeAll(async () => {
    requireBuiltApps();
    // A database of its own: 200 cases in the shared one would crowd the other tests' pools and lists.
    dir = makeTempDir('fault-worker');
    pg = await OwnPostgres.start(dir);
    side = await connectClientSide(process.env.TEMPORAL_ADDRESS!, pg.url, taskQueue);
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('after a new worker starts, every case reaches its stage with each event once, seq gap-free, read models in step', async () => {
    const env = { databaseUrl: pg.url, temporalAddress: process.env.TEMPORAL_ADDRESS!, taskQueue };
    const first: AppProcess = await fleet.start('worker', env);

    // Case i goes 1..8 steps along the chain: every stage from ROUTING to CLOSED is a target.
    const planned: PlannedCase[] = [];
    await inPool(
      Array.from({ length: CASES }, (_, i) => i),
      20,
      async (i) => {
        const { caseId } = await side.cases.register({ acceptNow: true, report: { summary: `fault worker kill ${i}` } });
        planned.push({ caseId, steps: 1 + (i % CHAIN.length) });
      },
    );
    const total = planned.reduce((sum, p) => sum + p.steps, 0);

    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const deadline = Date.now() + 300_000;
    const driving = Promise.all(planned.map((p) => driveChain(side.cases, p, progress, deadline)));

    await waitFor('a third of the updates answered', async () => (progress.finished >= total * KILL_AT_SHARE ? true : undefined), 120_000, 20);
    await first.kill();
    const inFlight = progress.started - progress.finished;
    const answeredAtKill = progress.finished;
    const killedAt = Date.now();
    await fleet.start('worker', env);

    await driving;
    const recoveredMs = Date.now() - killedAt;
    console.log(
      `[worker kill] ${CASES} cases, ${total} updates; killed after ${answeredAtKill} answered with ${inFlight} in flight; ` +
        `${progress.retried} client retries; all answered ${recoveredMs} ms after the kill`,
    );
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
