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
 * A screening drive's deadlines (docs/screening-drives.md) live in Temporal timers: with the worker
 * and the Temporal dev server both stopped across the drive's 80 % point, the warning to each
 * unscreened grid is raised once when they are back (none lost, none doubled), the escalation
 * follows at the end, and the screened grid is never alerted.
 */
describe('fault: worker and Temporal stopped across the 80 % point of a screening drive', () => {
  const taskQueue = `fault-drive-${randomUUID()}`;
  const fleet = new AppFleet();
  let dir: string;
  let temporal: OwnTemporal;
  let pg: OwnPostgres;
  let worker: AppProcess;
  let gateway: GatewayClient;
  let dataSource: DataSource;

  beforeAll(async () => {
    requireBuiltApps();
    dir = makeTempDir('fault-drive');
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

  /** The alerts stored for the drive (its id is the alerts' case id), grid by grid. */
  function alertsOf(
    driveId: string,
  ): Promise<
    { kind: string; level: number; event_seq: number; raised_at: Date; reason: string; center_code: string }[]
  > {
    return dataSource.query(
      `SELECT kind, level, event_seq, raised_at, reason, center_code FROM alerts WHERE case_id = $1 ORDER BY event_seq`,
      [driveId],
    );
  }

  it('raises the warning of each unscreened grid once after the restart, then the escalation at the end', async () => {
    const supervisor2 = await gateway.login('supervisor2');
    const supervisor1 = await gateway.login('supervisor1');
    const grid1 = await gateway.login('grid1');
    // Two minutes: the warning falls due at 96 s, while the servers are down.
    const opened = await supervisor2.post('/api/screening-drives', {
      title: '演练：大排查',
      endsAt: new Date(Date.now() + 120_000).toISOString(),
      gridCodes: ['JF-C01-G01', 'JF-C01-G02', 'JF-C01-G03'],
    });
    expect(opened.status).toBe(201);
    const drive = opened.body as { id: string; warningAt: string; endsAt: string };
    const warningAt = Date.parse(drive.warningAt);
    const endsAt = Date.parse(drive.endsAt);
    expect((await grid1.post(`/api/screening-drives/${drive.id}/screenings`, { nothingFound: true })).status).toBe(201);
    // The drill only means something if the servers go down before the warning is due.
    expect(Date.now()).toBeLessThan(warningAt - 5000);

    await worker.stop();
    await temporal.stop();
    const downAt = Date.now();
    // Down until the 80 % point has passed: a wall-clock condition, not a guess at an outcome.
    await waitFor(
      'the 80 % point to pass',
      async () => (Date.now() > warningAt + 2000 ? true : undefined),
      150_000,
      250,
    );
    expect(await alertsOf(drive.id)).toEqual([]);
    await temporal.startAgain();
    worker = await fleet.start('worker', { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue });
    const upAt = Date.now();
    console.log(`[drive drill] worker and Temporal down for ${upAt - downAt} ms`);

    const warnings = await waitFor(
      'the two warnings',
      async () => {
        const found = (await alertsOf(drive.id)).filter((a) => a.kind === 'WARNING');
        return found.length >= 2 ? found : undefined;
      },
      120_000,
      250,
    );
    // JF-C01-G02 and G03 are positions 1 and 2: warnings are seqs 2 and 4; the screened G01 (position 0) has none.
    expect(warnings.map((a) => [a.event_seq, a.level, a.reason, a.center_code])).toEqual([
      [2, 0, 'SCREENING_DRIVE', 'TJ'],
      [4, 0, 'SCREENING_DRIVE', 'TJ'],
    ]);
    for (const alert of warnings) expect(new Date(alert.raised_at).getTime()).toBeGreaterThanOrEqual(upAt - 5000);

    // The end: the escalations, then the drive's record closes.
    await waitFor(
      'the drive to close',
      async () => {
        const [row] = await dataSource.query('SELECT closed_at FROM screening_drives WHERE id = $1', [drive.id]);
        return row.closed_at ? true : undefined;
      },
      180_000,
      500,
    );
    const all = await alertsOf(drive.id);
    expect(all.map((a) => [a.event_seq, a.kind, a.level])).toEqual([
      [2, 'WARNING', 0],
      [3, 'ESCALATION', 1],
      [4, 'WARNING', 0],
      [5, 'ESCALATION', 1],
    ]);
    for (const alert of all.filter((a) => a.kind === 'ESCALATION'))
      expect(new Date(alert.raised_at).getTime()).toBeGreaterThanOrEqual(endsAt);
    const events = (await supervisor2.get(`/api/screening-drives/${drive.id}`)).body.events;
    expect(events.map((e: any) => e.type)).toEqual([
      'DriveOpened',
      'GridScreened',
      'DriveWarningRaised',
      'DriveEscalated',
      'DriveClosed',
    ]);
    expect(events[2].payload).toEqual({ level: 0, gridCodes: ['JF-C01-G02', 'JF-C01-G03'] });
    // The desk: supervisor1 (level 1, center TJ, the community committee's) sees all four.
    const desk = await supervisor1.get('/api/alerts?limit=200');
    expect(desk.body.items.filter((a: any) => a.caseId === drive.id)).toHaveLength(4);
    expect(worker.running).toBe(true);
  });
});
