import { randomUUID } from 'crypto';
import * as fs from 'fs';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@app/persistence';
import { freePort } from '@app/stack';
import {
  AppFleet,
  makeTempDir,
  OwnPostgres,
  OwnTemporal,
  requireBuiltApps,
  type AppProcess,
} from '../support/fault-stack';
import { GatewayClient } from '../support/http';
import { waitFor } from '../support/wait-for';

/**
 * The key persons' visit deadlines (docs/key-persons.md) live in Temporal timers like every stage
 * deadline: with the worker and the Temporal dev server both stopped mid-interval, a visit that
 * falls due while they are down still raises its warning and its three escalations, once each,
 * when they are back; a key person whose interval runs on past the restart is alerted on time.
 */
describe("fault: worker and Temporal stopped mid-interval of a key person's visit", () => {
  const taskQueue = `fault-key-person-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let temporal: OwnTemporal;
  let pg: OwnPostgres;
  let worker: AppProcess;
  let gateway: GatewayClient;
  let dataSource: DataSource;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-key-person');
    temporal = await OwnTemporal.start(dir);
    pg = await OwnPostgres.start(dir);
    const port = await freePort();
    const env = { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue };
    worker = await fleet.start('worker', env);
    await fleet.start('gateway', { ...env, port });
    gateway = new GatewayClient(`http://127.0.0.1:${port}`);
    dataSource = createDataSource(pg.url, 1);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await fleet.stopAll();
    await temporal?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The alerts stored for a key person (their id is the alert's case id), in level order. */
  function alertsOf(
    keyPersonId: string,
  ): Promise<{ kind: string; level: number; deadline: Date; raised_at: Date; reason: string }[]> {
    return dataSource.query(
      `SELECT kind, level, deadline, raised_at, reason FROM alerts WHERE case_id = $1 ORDER BY level, event_seq`,
      [keyPersonId],
    );
  }

  it('raises every point that fell due while they were down once each after the restart, and later points on time', async () => {
    const admin = await gateway.login('admin');
    const supervisor = await gateway.login('supervisor3');
    // Drill intervals in seconds: HIGH falls wholly due while the servers are down, LOW after they are back.
    const policy = {
      rules: [
        { riskLevel: 'HIGH', interval: 'PT20S', level2After: 'PT4S', level3After: 'PT8S' },
        { riskLevel: 'MEDIUM', interval: 'P30D', level2After: 'P1D', level3After: 'P3D' },
        { riskLevel: 'LOW', interval: 'PT90S', level2After: 'PT4S', level3After: 'PT8S' },
      ],
    };
    expect((await admin.request('PUT', '/api/admin/key-person-visit-policy', policy)).status).toBe(200);
    const register = async (riskLevel: string) => {
      const answer = await supervisor.post('/api/key-persons', {
        name: `演练对象-${riskLevel}`,
        phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        reason: 'MENTAL_HEALTH',
        riskLevel,
        gridCode: 'JF-C01-G01',
        responsibleId: '00000000-0000-4000-8000-000000001008',
      });
      expect(answer.status).toBe(201);
      return answer.body as { id: string; registeredAt: string; nextVisitDue: string };
    };
    const high = await register('HIGH');
    const low = await register('LOW');
    const highDue = Date.parse(high.nextVisitDue);
    const highWarning = Date.parse(high.registeredAt) + 16_000;
    // The drill only means something if the servers go down before the first point is due.
    expect(Date.now()).toBeLessThan(highWarning - 2000);

    await worker.stop();
    await temporal.stop();
    const downAt = Date.now();
    // Down until HIGH's level 3 (due + 8 s) has passed: a wall-clock condition, not a guess at an outcome.
    await waitFor(
      "HIGH's whole ladder to have fallen due",
      async () => (Date.now() > highDue + 9000 ? true : undefined),
      90_000,
      250,
    );
    expect(await alertsOf(high.id)).toEqual([]);
    await temporal.startAgain();
    worker = await fleet.start('worker', { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue });
    const upAt = Date.now();
    console.log(`[key-person drill] worker and Temporal down for ${upAt - downAt} ms`);
    // LOW's warning (at 72 s) is still ahead: its timers run on the restarted server.
    expect(Date.parse(low.registeredAt) + 72_000).toBeGreaterThan(upAt);

    const raised = await waitFor(
      "HIGH's four alerts",
      async () => {
        const found = await alertsOf(high.id);
        return found.length >= 4 ? found : undefined;
      },
      120_000,
      250,
    );
    expect(raised.map((a) => [a.kind, a.level, a.reason])).toEqual([
      ['WARNING', 0, 'KEY_PERSON_VISIT'],
      ['ESCALATION', 1, 'KEY_PERSON_VISIT'],
      ['ESCALATION', 2, 'KEY_PERSON_VISIT'],
      ['ESCALATION', 3, 'KEY_PERSON_VISIT'],
    ]);
    for (const alert of raised) {
      expect(new Date(alert.deadline).getTime()).toBe(highDue);
      expect(new Date(alert.raised_at).getTime()).toBeGreaterThanOrEqual(upAt - 5000);
    }

    const lowDue = Date.parse(low.nextVisitDue);
    const lowAlerts = await waitFor(
      "LOW's four alerts",
      async () => {
        const found = await alertsOf(low.id);
        return found.length >= 4 ? found : undefined;
      },
      180_000,
      500,
    );
    expect(lowAlerts.map((a) => a.level)).toEqual([0, 1, 2, 3]);
    // On time: none before its point.
    expect(new Date(lowAlerts[1].raised_at).getTime()).toBeGreaterThanOrEqual(lowDue);
    expect(new Date(lowAlerts[3].raised_at).getTime()).toBeGreaterThanOrEqual(lowDue + 8000);
    // Nothing raised twice, and the desk shows them: supervisor3 (level 3) sees all eight.
    expect(await alertsOf(high.id)).toHaveLength(4);
    const desk = await supervisor.get('/api/alerts?limit=200');
    expect(desk.body.items.filter((a: any) => a.caseId === high.id || a.caseId === low.id)).toHaveLength(8);
    expect(worker.running).toBe(true);
  });
});
