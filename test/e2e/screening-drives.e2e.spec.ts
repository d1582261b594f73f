import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { restoreScreeningAlerts } from '@app/persistence/repositories/screening-drive.repository';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, uniquePhone } from '../support/http';
import { SseClient } from '../support/sse';
import { startWorker, testConfig, WorkerHarness } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Screening drives (矛盾纠纷大排查, docs/screening-drives.md), over HTTP into the gateway with a
 * real worker, Temporal and PostgreSQL. The database is the run's: each test opens its own drive.
 */
describe('screening drives (gateway + worker + real servers)', () => {
  const config = testConfig();
  const run = randomUUID().slice(0, 8);
  let harness: WorkerHarness;
  let app: INestApplication;
  let baseUrl: string;
  let anonymous: GatewayClient;
  let admin: GatewayClient;
  let supervisor1: GatewayClient;
  let supervisor2: GatewayClient;
  let clerk: GatewayClient;
  let mediator: GatewayClient;
  let grid1: GatewayClient;
  let grid2: GatewayClient;
  let outsider: GatewayClient;

  /** A grid worker of its own, in the grid given (the demo has grid1 only). */
  async function gridWorker(name: string, gridCode: string): Promise<GatewayClient> {
    const created = await admin.post('/api/admin/users', {
      username: `drive-${run}-${name}`,
      displayName: `排查网格员${name}（测试）`,
      password: 'grid-pass-2026',
      roles: ['GRID_WORKER'],
      gridCode,
    });
    expect(created.status).toBe(201);
    return anonymous.login(`drive-${run}-${name}`, 'grid-pass-2026');
  }

  beforeAll(async () => {
    harness = await startWorker(config);
    app = await createGateway(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    anonymous = new GatewayClient(baseUrl);
    [admin, supervisor1, supervisor2, clerk, mediator, grid1] = await Promise.all(
      ['admin', 'supervisor1', 'supervisor2', 'clerk1', 'mediator1', 'grid1'].map((name) => anonymous.login(name)),
    );
    grid2 = await gridWorker('g2', 'JF-C01-G02');
    outsider = await gridWorker('out', 'JF-C05-G01');
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  const inADay = () => new Date(Date.now() + 24 * 3600_000).toISOString();
  const finding = () => ({
    category: 'NEIGHBOR',
    summary: '排查发现：楼道堆物纠纷（测试）',
    description: '排查中发现两户因楼道堆放杂物多次争吵。',
    address: '新村社区 7 幢 1 单元',
    parties: [
      { role: 'APPLICANT', name: '排查甲', phone: uniquePhone() },
      { role: 'RESPONDENT', name: '排查乙' },
    ],
  });

  it('opens a drive, takes two screenings (nothing found; a finding that becomes a GRID_PATROL report in 发现) and counts coverage', async () => {
    const opened = await supervisor2.post('/api/screening-drives', {
      title: `冬季矛盾纠纷大排查 ${run}`,
      endsAt: inADay(),
      communityCodes: ['JF-C01'],
      gridCodes: ['JF-C02-G01'],
    });
    expect(opened.status).toBe(201);
    const drive = opened.body;
    expect(drive).toMatchObject({ status: 'OPEN', screened: 0, findings: 0, communityCodes: ['JF-C01'] });
    const c01 = drive.coverage.find((c: any) => c.communityCode === 'JF-C01');
    expect(c01).toMatchObject({ screened: 0, communityName: '新村社区' });
    expect(drive.coverage.find((c: any) => c.communityCode === 'JF-C02')).toMatchObject({ covered: 1, screened: 0 });
    expect(drive.covered).toBe(c01.covered + 1);
    expect(drive.grids.map((g: any) => g.gridCode)).toEqual(expect.arrayContaining(['JF-C01-G01', 'JF-C01-G02']));
    expect(drive.events.map((e: any) => e.type)).toEqual(['DriveOpened']);

    // grid1's desk lists the drive with its own grid unscreened.
    const mine = await grid1.get('/api/screening-drives/mine');
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((d: any) => d.id === drive.id)).toMatchObject({
      myGrid: { gridCode: 'JF-C01-G01', screened: false },
    });

    const none = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, {
      nothingFound: true,
      note: '逐户走访',
    });
    expect(none.status).toBe(201);
    expect(none.body).toMatchObject({ screened: 1, findings: 0, myGrid: { screened: true, nothingFound: true } });

    const found = await grid2.post(`/api/screening-drives/${drive.id}/screenings`, { findings: [finding()] });
    expect(found.status).toBe(201);
    expect(found.body).toMatchObject({
      screened: 2,
      findings: 1,
      myGrid: { gridCode: 'JF-C01-G02', nothingFound: false, findingCount: 1 },
    });

    // A grid is screened once.
    const again = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, { nothingFound: true });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });

    const page = await supervisor1.get(`/api/screening-drives/${drive.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ covered: drive.covered, screened: 2, findings: 1 });
    expect(page.body.coverage.find((c: any) => c.communityCode === 'JF-C01')).toMatchObject({
      covered: c01.covered,
      screened: 2,
      withFindings: 1,
      findings: 1,
    });
    expect(page.body.coverage.find((c: any) => c.communityCode === 'JF-C02')).toMatchObject({
      covered: 1,
      screened: 0,
    });
    expect(page.body.cases).toHaveLength(1);
    const [{ caseId }] = page.body.cases;
    expect(page.body.cases[0]).toMatchObject({ gridCode: 'JF-C01-G02', stage: 'DISCOVERY', caseNo: null });
    expect(page.body.events.map((e: any) => e.type)).toEqual(['DriveOpened', 'GridScreened', 'GridScreened']);
    expect(page.body.events[2].payload).toMatchObject({ gridCode: 'JF-C01-G02', caseIds: [caseId] });

    // The finding is a report in 发现 with one action: reported through GRID_PATROL, carrying the drive.
    const theCase = await clerk.get(`/api/disputes/${caseId}`);
    expect(theCase.status).toBe(200);
    expect(theCase.body).toMatchObject({
      stage: 'DISCOVERY',
      gridCode: 'JF-C01-G02',
      summary: '排查发现：楼道堆物纠纷（测试）',
    });
    const [{ payload, type }, ...more] = (
      await harness.dataSource.query('SELECT type, payload FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId])
    ).map((e: any) => e);
    expect(more).toEqual([]);
    expect(type).toBe('DisputeReported');
    expect(payload).toMatchObject({ channel: 'GRID_PATROL', screeningDriveId: drive.id });

    // The list shows the same figures.
    const list = await supervisor2.get('/api/screening-drives?limit=50');
    expect(list.body.items.find((d: any) => d.id === drive.id)).toMatchObject({ screened: 2, findings: 1 });
  });

  it('refuses the wrong roles with 403', async () => {
    const body = { title: `无权开启 ${run}`, endsAt: inADay(), communityCodes: ['JF-C01'] };
    for (const client of [supervisor1, clerk, mediator, grid1, admin]) {
      expect(await client.post('/api/screening-drives', body)).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
    }
    const drive = (await supervisor2.post('/api/screening-drives', body)).body;
    for (const client of [clerk, mediator, grid1, admin]) {
      expect((await client.get(`/api/screening-drives/${drive.id}`)).status).toBe(403);
      expect((await client.get('/api/screening-drives')).status).toBe(403);
    }
    for (const client of [supervisor2, clerk, mediator]) {
      expect((await client.post(`/api/screening-drives/${drive.id}/screenings`, { nothingFound: true })).status).toBe(
        403,
      );
    }
    // A grid worker whose grid the drive does not cover.
    expect(await outsider.post(`/api/screening-drives/${drive.id}/screenings`, { nothingFound: true })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect((await anonymous.get('/api/screening-drives')).status).toBe(401);
  });

  it('answers bad input with 400 naming the field, and broken rules with 422, storing nothing', async () => {
    const missing = await supervisor2.post('/api/screening-drives', { communityCodes: ['JF-C01'] });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.message.join(' ')).toMatch(/title/);
    expect(missing.body.message.join(' ')).toMatch(/endsAt/);

    const badDate = await supervisor2.post('/api/screening-drives', { title: 't', endsAt: 'next week' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.message.join(' ')).toMatch(/endsAt/);

    const unknown = await supervisor2.post('/api/screening-drives', {
      title: `未知社区 ${run}`,
      endsAt: inADay(),
      communityCodes: ['JF-C99'],
    });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
    expect(unknown.body.message).toEqual(['communityCodes: unknown or deactivated community "JF-C99"']);
    const over = await supervisor2.post('/api/screening-drives', {
      title: `已结束 ${run}`,
      startsAt: new Date(Date.now() - 3600_000).toISOString(),
      endsAt: new Date(Date.now() - 60_000).toISOString(),
      communityCodes: ['JF-C01'],
    });
    expect(over.status).toBe(422);
    expect(over.body.message).toContain('endsAt: the period is over already');
    const titles = (await supervisor2.get('/api/screening-drives?limit=200')).body.items.map((d: any) => d.title);
    expect(titles).not.toContain(`未知社区 ${run}`);
    expect(titles).not.toContain(`已结束 ${run}`);

    const drive = (
      await supervisor2.post('/api/screening-drives', {
        title: `表单校验 ${run}`,
        endsAt: inADay(),
        gridCodes: ['JF-C01-G01'],
      })
    ).body;
    const badFinding = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, {
      findings: [{ ...finding(), summary: '' }],
    });
    expect(badFinding.status).toBe(400);
    expect(badFinding.body.message.join(' ')).toMatch(/findings\.0\.summary/);
    const neither = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, {});
    expect(neither).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATION' } });
    expect(neither.body.message[0]).toMatch(/^findings: /);
    const both = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, {
      nothingFound: true,
      findings: [finding()],
    });
    expect(both.status).toBe(422);
    expect(both.body.message[0]).toMatch(/^findings: /);
    // The second finding has no APPLICANT: refused before the first is reported, so no report is left behind.
    const noApplicant = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, {
      findings: [finding(), { ...finding(), parties: [{ role: 'RESPONDENT', name: '排查乙' }] }],
    });
    expect(noApplicant.status).toBe(422);
    expect(noApplicant.body.message).toEqual(['findings.1.parties: at least one party must have the role APPLICANT']);
    const [{ n }] = await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM case_events WHERE type = 'DisputeReported' AND payload->>'screeningDriveId' = $1`,
      [drive.id],
    );
    expect(n).toBe(0);
    expect((await supervisor2.get(`/api/screening-drives/${drive.id}`)).body).toMatchObject({ screened: 0, cases: [] });
    expect((await supervisor2.get(`/api/screening-drives/${randomUUID()}`)).status).toBe(404);
    expect((await supervisor2.get('/api/screening-drives/not-a-uuid')).status).toBe(400);
  });

  it("warns and escalates each unscreened grid on the supervisors' live stream, closes the drive, and takes a late screening", async () => {
    const ticket = (await supervisor1.post('/api/alerts/stream-ticket')).body.ticket;
    const stream = new SseClient(`${baseUrl}/api/alerts/stream?ticket=${ticket}`);
    expect(await stream.open()).toBe(200);
    try {
      // A period that began 40 s ago and ends in 20 s: the 80 % point comes in about 8 s.
      const now = Date.now();
      const opened = await supervisor2.post('/api/screening-drives', {
        title: `预警演示 ${run}`,
        startsAt: new Date(now - 40_000).toISOString(),
        endsAt: new Date(now + 20_000).toISOString(),
        gridCodes: ['JF-C01-G01', 'JF-C01-G02'],
      });
      expect(opened.status).toBe(201);
      const drive = opened.body;
      const closed = await waitFor(
        'the drive to close',
        async () => {
          const page = await supervisor2.get(`/api/screening-drives/${drive.id}`);
          return page.body.closedAt ? page.body : undefined;
        },
        120_000,
        500,
      );
      expect(closed.events.map((e: any) => e.type)).toEqual([
        'DriveOpened',
        'DriveWarningRaised',
        'DriveEscalated',
        'DriveClosed',
      ]);
      expect(closed.events[1].payload).toEqual({ level: 0, gridCodes: ['JF-C01-G01', 'JF-C01-G02'] });
      const alerts = (await supervisor1.get('/api/alerts?limit=200')).body.items.filter(
        (a: any) => a.caseId === drive.id,
      );
      expect(alerts.map((a: any) => [a.kind, a.level]).sort()).toEqual([
        ['ESCALATION', 1],
        ['ESCALATION', 1],
        ['WARNING', 0],
        ['WARNING', 0],
      ]);
      for (const alert of alerts) {
        expect(alert).toMatchObject({ stage: 'SCREENING_DRIVE', reason: 'SCREENING_DRIVE', caseNo: null });
        expect(Date.parse(alert.deadline)).toBe(Date.parse(drive.endsAt));
        if (alert.level === 1) expect(Date.parse(alert.raisedAt)).toBeGreaterThanOrEqual(Date.parse(drive.endsAt));
        else expect(Date.parse(alert.raisedAt)).toBeGreaterThanOrEqual(Date.parse(drive.warningAt));
      }
      // Pushed live to the lead of TJ, whose committee 新村社区 has.
      const pushed = await waitFor('the live alerts', async () => {
        const mine = stream.events.filter((e) => e.event === 'alert' && e.data.caseId === drive.id);
        return mine.length >= 4 ? mine : undefined;
      });
      expect(pushed.map((e) => e.data.level).sort()).toEqual([0, 0, 1, 1]);

      // A projection rebuild empties the alerts table: the drive's alerts come back from their log, same ids.
      await harness.dataSource.query('DELETE FROM alerts WHERE case_id = $1', [drive.id]);
      await restoreScreeningAlerts({
        query: (sql: string, params?: unknown[]) => harness.dataSource.query(sql, params),
      });
      const restored = (await supervisor1.get('/api/alerts?limit=200')).body.items.filter(
        (a: any) => a.caseId === drive.id,
      );
      expect(restored.map((a: any) => a.id).sort()).toEqual(alerts.map((a: any) => a.id).sort());

      // After the end a screening is still recorded, marked late; the escalation stays.
      const late = await grid1.post(`/api/screening-drives/${drive.id}/screenings`, { nothingFound: true });
      expect(late.status).toBe(201);
      expect(late.body).toMatchObject({ status: 'CLOSED', myGrid: { screened: true, late: true } });
    } finally {
      await stream.close();
    }
  });
});
