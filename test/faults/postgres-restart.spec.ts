import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { caseStateQuery } from '@app/contracts';
import { checkConsistency, describeDrift } from '@app/persistence/consistency-check';
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
  type ClientSide,
} from '../support/fault-stack';
import { waitFor } from '../support/wait-for';

const CASES = 48;
/** How long PostgreSQL stays down: long enough for activities (and their local settings reads) to fail and back off. */
const OUTAGE_MS = 8000;

describe('fault: PostgreSQL stopped and started again mid-run (own embedded server)', () => {
  const taskQueue = `fault-postgres-restart-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let pg: OwnPostgres;
  let side: ClientSide;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-postgres');
    pg = await OwnPostgres.start(dir);
    side = await connectClientSide(process.env.TEMPORAL_ADDRESS!, pg.url, taskQueue);
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close().catch(() => undefined);
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('retries the activities; the event store and read models catch up and the consistency check finds no drift', async () => {
    const worker = await fleet.start('worker', {
      databaseUrl: pg.url,
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      taskQueue,
    });
    const planned: PlannedCase[] = [];
    await inPool(
      Array.from({ length: CASES }, (_, i) => i),
      12,
      async (i) => {
        const { caseId } = await side.cases.register({
          acceptNow: true,
          report: { summary: `fault postgres restart ${i}` },
        });
        planned.push({ caseId, steps: 1 + (i % CHAIN.length) });
      },
    );
    const total = planned.reduce((sum, p) => sum + p.steps, 0);
    const progress: ChainProgress = { started: 0, finished: 0, retried: 0, errors: [] };
    const driving = Promise.all(planned.map((p) => driveChain(side.cases, p, progress, Date.now() + 300_000)));

    await waitFor(
      'a fifth of the updates answered',
      async () => (progress.finished >= total / 5 ? true : undefined),
      120_000,
      20,
    );
    await pg.stop();
    const stoppedAt = Date.now();
    const answeredAtStop = progress.finished;
    await waitFor(
      'the outage to have lasted',
      async () => (Date.now() - stoppedAt >= OUTAGE_MS ? true : undefined),
      OUTAGE_MS + 5000,
      100,
    );
    const answeredWhileDown = progress.finished - answeredAtStop;
    await pg.startAgain();
    const restartedAt = Date.now();

    await driving;
    console.log(
      `[postgres restart] ${CASES} cases, ${total} updates; stopped after ${answeredAtStop} answered, ` +
        `${answeredWhileDown} answered while down (${restartedAt - stoppedAt} ms), all answered ${Date.now() - restartedAt} ms after the restart`,
    );
    expect(progress.errors).toEqual([]);
    expect(worker.running).toBe(true);
    // The outage did hit the appends: some ran again (attempt > 1) once PostgreSQL was back. They
    // are local activities, whose attempts are in their markers (older histories: activity tasks).
    let retriedActivities = 0;
    let localActivities = 0;
    await inPool(planned, 8, async ({ caseId }) => {
      const history = await side.cases.handle(caseId).fetchHistory();
      for (const event of history.events ?? []) {
        const marker = event.markerRecordedEventAttributes;
        if (marker?.markerName === 'core_local_activity') localActivities += 1;
        const attempt =
          marker?.markerName === 'core_local_activity'
            ? localActivityAttempt(marker)
            : event.activityTaskStartedEventAttributes?.attempt;
        if ((attempt ?? 1) > 1) retriedActivities += 1;
      }
    });
    expect(localActivities).toBeGreaterThan(0);
    console.log(`[postgres restart] ${retriedActivities} of ${localActivities} local activities were retried`);
    expect(retriedActivities).toBeGreaterThan(0);

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

/** The attempt count Temporal's core SDK writes in a local activity's marker (LocalActivityMarkerData). */
function localActivityAttempt(marker: {
  details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null;
}): number {
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) throw new Error('a local activity marker without data');
  const attempt = JSON.parse(Buffer.from(data).toString('utf8')).attempt;
  if (typeof attempt !== 'number')
    throw new Error(`no attempt in local activity marker data ${Buffer.from(data).toString('utf8')}`);
  return attempt;
}
