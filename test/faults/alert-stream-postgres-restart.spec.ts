import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { Client } from 'pg';
import { freePort } from '@app/stack';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { AppFleet, makeTempDir, OwnPostgres, requireBuiltApps, type AppEnv } from '../support/fault-stack';
import { GatewayClient, sampleReport } from '../support/http';
import { SseClient } from '../support/sse';
import { waitFor } from '../support/wait-for';

/** How long PostgreSQL stays down: the gateway's listener loses its connection and backs off. */
const OUTAGE_MS = 8000;
const CASES_PER_PHASE = 3;

/**
 * ASVS-minded promise of the supervisors' desk: an alert is never lost to a connected supervisor.
 * The gateway's LISTEN connection dies with PostgreSQL; alerts fall due before, during and after
 * the outage (those due during it are stored once the worker's appends get through again).
 */
describe('fault: PostgreSQL restarted while a supervisor is connected to the alert stream (real processes)', () => {
  const fleet = new AppFleet();
  let dir: string;
  let pg: OwnPostgres;
  let env: AppEnv;
  let stream: SseClient | undefined;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-alert-stream');
    pg = await OwnPostgres.start(dir);
    env = {
      databaseUrl: pg.url,
      temporalAddress: process.env.TEMPORAL_ADDRESS!,
      taskQueue: `fault-alert-stream-${randomUUID()}`,
      port: await freePort(),
    };
    await fleet.start('worker', env);
    await fleet.start('gateway', env);
  });
  afterAll(async () => {
    await stream?.close();
    await fleet.stopAll();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every alert raised before, during and after the restart arrives exactly once', async () => {
    const base = `http://127.0.0.1:${env.port}`;
    const anonymous = new GatewayClient(base);
    const clerk = await anonymous.login('clerk1');
    const supervisor = await anonymous.login('supervisor2');

    /** Cases routed now, each with a supervision order falling due `inMs` from now: a warning and a level-1 escalation follow. */
    const casesDueIn = async (inMs: number) => {
      const ids: string[] = [];
      for (let i = 0; i < CASES_PER_PHASE; i += 1) {
        const created = await clerk.post('/api/disputes', sampleReport({ acceptNow: true }));
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        expect(
          (
            await clerk.post(`/api/disputes/${id}/route`, {
              centerCode: 'TJ',
              unitId: DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
              severity: 'NORMAL',
            })
          ).status,
        ).toBe(200);
        const order = await supervisor.post(`/api/disputes/${id}/supervision-orders`, {
          instruction: '演练',
          deadline: new Date(Date.now() + inMs).toISOString(),
        });
        expect(order.status).toBe(200);
        ids.push(id);
      }
      return ids;
    };
    const storedAlerts = async (caseIds: string[]) => {
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: string }>(
          'SELECT id FROM alerts WHERE case_id = ANY($1) AND level <= 2',
          [caseIds],
        );
        return rows.map((r) => r.id).sort();
      } finally {
        await client.end();
      }
    };
    const received = (caseIds: string[]) =>
      stream!.events
        .filter((e) => e.event === 'alert' && caseIds.includes(e.data.caseId))
        .map((e) => e.data.id as string)
        .sort();

    stream = new SseClient(`${base}/api/alerts/stream`, supervisor.token);
    expect(await stream.open()).toBe(200);

    const before = await casesDueIn(1000);
    await waitFor(
      'the alerts raised before the outage',
      async () => (received(before).length >= 2 * CASES_PER_PHASE ? true : undefined),
      60_000,
    );

    // Due while PostgreSQL is down: the worker's appends wait it out.
    const during = await casesDueIn(3000);
    await pg.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await pg.startAgain();

    const after = await casesDueIn(1000);
    const all = [...before, ...during, ...after];
    await waitFor(
      'every alert of the three phases on the stream',
      async () => {
        const stored = await storedAlerts(all).catch(() => []);
        return stored.length >= 6 * CASES_PER_PHASE && received(all).length >= stored.length ? stored : undefined;
      },
      120_000,
      250,
    );
    // Settle: a doubled alert would arrive right behind the first copy.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stored = await storedAlerts(all);
    console.log(
      `[alert stream] ${stored.length} alerts stored for ${all.length} cases; ${received(all).length} received on the stream`,
    );
    expect(received(all)).toEqual(stored);
    expect(received(during).length).toBeGreaterThanOrEqual(2 * CASES_PER_PHASE);
  });
});
