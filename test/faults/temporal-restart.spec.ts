import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { claimTaskUpdate, routeDisputeUpdate, type CaseState } from '@app/contracts';
import { actors, XINCUN_COMMITTEE } from '../support/case-driver';
import { inPool } from '../support/chain-load';
import { drillLadder, drillPolicy } from '../support/drill-policy';
import {
  AppFleet,
  connectClientSide,
  makeTempDir,
  OwnPostgres,
  OwnTemporal,
  requireBuiltApps,
  type AppProcess,
  type ClientSide,
} from '../support/fault-stack';
import { waitFor } from '../support/wait-for';

const ALERT_TYPES = ['WarningRaised', 'EscalationRaised'];
/** Cases whose whole ladder falls due while the server is down, and cases whose ladder is still ahead when it is back. */
const DUE_WHILE_DOWN = 12;
const DUE_AFTER = 8;

describe('fault: the Temporal dev server stopped and started again mid-run (own server, persistent SQLite)', () => {
  const taskQueue = `fault-temporal-restart-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let temporal: OwnTemporal;
  let pg: OwnPostgres;
  let side: ClientSide;
  let worker: AppProcess;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-temporal');
    temporal = await OwnTemporal.start(dir);
    // Its own database too: its overdue cases must not show up on the other tests' desks.
    pg = await OwnPostgres.start(dir);
    side = await connectClientSide(temporal.address, pg.url, taskQueue);
    worker = await fleet.start('worker', { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue });
  });
  afterAll(async () => {
    await fleet.stopAll();
    await side?.close();
    await temporal?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const alertsOf = async (caseId: string) =>
    (await side.cases.events(caseId))
      .filter((e) => ALERT_TYPES.includes(e.type))
      .map((e) => ({ type: e.type, level: e.payload.level, at: new Date(e.at).getTime() }));

  it('resumes the cases and their timers: escalations that fell due while it was down fire once each, later ones on time', async () => {
    const shortPolicy = await side.cases.policy(drillPolicy({ ROUTING: 'PT15S' }));
    const longPolicy = await side.cases.policy(drillPolicy({ ROUTING: 'PT40S' }));
    const plan = [
      ...Array.from({ length: DUE_WHILE_DOWN }, () => shortPolicy),
      ...Array.from({ length: DUE_AFTER }, () => longPolicy),
    ];
    // Registered first, then routed in one burst: the ROUTING clocks all start within a moment of each other.
    const registered: { caseId: string; whileDown: boolean }[] = [];
    await inPool(plan, 10, async (policy) => {
      const { caseId } = await side.cases.register({ slaPolicyName: policy });
      registered.push({ caseId, whileDown: policy === shortPolicy });
    });
    const routed = await Promise.all(
      registered.map(async ({ caseId, whileDown }) => {
        const state: CaseState = await side.cases.act(caseId, routeDisputeUpdate, {
          actor: actors.clerk,
          centerCode: 'TJ',
          unitId: XINCUN_COMMITTEE,
          severity: 'NORMAL',
          slaClass: 'GENERAL',
        });
        return { caseId, state, whileDown };
      }),
    );
    const ladders = new Map(routed.map((r) => [r.caseId, drillLadder(r.state.stageEnteredAt, r.state.stageDeadline!)]));
    const firstDue = Math.min(...[...ladders.values()].map((l) => l[0].dueAt));
    // The drill only means something if the server goes down before the first warning is due.
    expect(Date.now()).toBeLessThan(firstDue - 1000);

    await temporal.stop();
    const downAt = Date.now();
    const lastDueWhileDown = Math.max(...routed.filter((r) => r.whileDown).map((r) => ladders.get(r.caseId)![3].dueAt));
    // Down until every rung of the short ladders is past (a wall-clock condition, not a guess at an outcome).
    await waitFor(
      'the short ladders to have fallen due',
      async () => (Date.now() > lastDueWhileDown + 1000 ? true : undefined),
      60_000,
      200,
    );
    expect(await Promise.all(routed.map((r) => alertsOf(r.caseId)))).toEqual(routed.map(() => []));
    await temporal.startAgain();
    const upAt = Date.now();
    console.log(
      `[temporal restart] server down for ${upAt - downAt} ms; worker ${worker.running ? 'still running' : `exited: ${worker.output()}`}`,
    );
    // The long ladders are still wholly ahead: their timers run on the restarted server.
    for (const r of routed.filter((c) => !c.whileDown)) expect(ladders.get(r.caseId)![0].dueAt).toBeGreaterThan(upAt);

    for (const { caseId, whileDown } of routed) {
      const raised = await waitFor(
        `the four alerts of ${caseId}`,
        async () => {
          const found = await alertsOf(caseId);
          return found.length >= 4 ? found : undefined;
        },
        120_000,
        250,
      );
      const ladder = ladders.get(caseId)!;
      expect(raised.map((a) => [a.type, a.level])).toEqual(ladder.map((rung) => [rung.type, rung.level]));
      raised.forEach((alert, i) => expect(alert.at).toBeGreaterThanOrEqual(Math.floor(ladder[i].dueAt)));
      if (whileDown) raised.forEach((alert) => expect(alert.at).toBeGreaterThanOrEqual(upAt - 5000));
    }
    expect(worker.running).toBe(true);

    // The cases take actions again, each recorded once after the alerts; nothing was raised twice.
    for (const { caseId } of routed) {
      expect(await side.cases.act(caseId, claimTaskUpdate, { actor: actors.mediator1 })).toMatchObject({
        stage: 'HANDLING',
        escalationLevel: 0,
      });
      const types = await side.cases.eventTypes(caseId);
      expect(types).toEqual([
        'DisputeReported',
        'DisputeAccepted',
        'DisputeRouted',
        'WarningRaised',
        'EscalationRaised',
        'EscalationRaised',
        'EscalationRaised',
        'TaskClaimed',
      ]);
      expect((await side.cases.row(caseId)).last_seq).toBe(types.length);
    }
  });
});
