import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { createGateway } from '../../apps/gateway/src/gateway.factory';
import { GatewayClient, sampleReport } from '../support/http';
import { pdfText } from '../support/pdf-text';
import { PDF_ROWS_PER_PAGE } from '../../apps/gateway/src/briefings/briefing-pdf';
import { startWorker, testConfig, type WorkerHarness } from '../support/test-stack';

const XINCUN = DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE;

interface Rate {
  total: number;
  count: number;
  rate: number | null;
}
interface StatsGroup {
  group: string | null;
  timelyAcceptance: Rate;
  resolution: Rate;
  satisfaction: Rate;
  openByStage: Record<string, number>;
  overdueByStage: Record<string, number>;
  escalationsByLevel: Record<string, number>;
}
interface BriefingRow {
  group: string | null;
  name: string;
  timelyAcceptance: Rate;
  resolution: Rate;
  satisfaction: Rate;
  open: number;
  overdue: number;
  overdueByStage: Record<string, number>;
  escalations: number;
  escalationsByLevel: Record<string, number>;
  assistanceOnTime: Rate | null;
  screeningCoverage: Rate | null;
  score: number | null;
  rank: number | null;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const SECTIONS = ['center', 'unit', 'community'] as const;

/**
 * Issue 18 part 5, "the briefing's figures equal those of /api/stats for the same period": cases
 * made through the gateway, a briefing generated for a period, and every figure of every group of
 * every section compared with GET /api/stats for the same period and grouping.
 */
describe('the briefing (通报) on the real stack', () => {
  const config = testConfig();
  let harness: WorkerHarness;
  let app: INestApplication;
  let clerk: GatewayClient;
  let mediator: GatewayClient;
  let supervisor: GatewayClient;
  let admin: GatewayClient;
  let anonymous: GatewayClient;
  const start = new Date(Date.now() - 60 * 60_000);
  const PARTY_ADDRESS = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;

  beforeAll(async () => {
    harness = await startWorker(config);
    // The party's evaluation comes from an address of its own (below): wrong receipt codes other
    // suites send from 127.0.0.1 to the same database must not get this one refused with 429.
    app = await createGateway({ ...config, trustProxy: 'loopback' });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    anonymous = new GatewayClient(url);
    [clerk, mediator, supervisor, admin] = await Promise.all(
      ['clerk1', 'mediator1', 'supervisor1', 'admin'].map((u) => anonymous.login(u)),
    );
  });
  afterAll(async () => {
    await app?.close();
    await harness?.stop();
  });

  /** A case taken from the counter to `until`. */
  async function makeCase(until: 'reported' | 'routed' | 'closed', category = 'NEIGHBOR'): Promise<string> {
    const created = await clerk.post('/api/disputes', sampleReport({ category, acceptNow: until !== 'reported' }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    if (until === 'reported') return id;
    const routed = await clerk.post(`/api/disputes/${id}/route`, {
      centerCode: 'TJ',
      unitId: XINCUN,
      severity: 'NORMAL',
    });
    expect(routed.status).toBe(200);
    if (until === 'routed') return id;
    expect((await mediator.post(`/api/tasks/${id}/claim`)).status).toBe(200);
    expect(
      (
        await mediator.post(`/api/disputes/${id}/complete-handling`, {
          outcome: 'RESOLVED_ON_SITE',
          summary: '当场化解',
        })
      ).status,
    ).toBe(200);
    const approved = await supervisor.post(`/api/disputes/${id}/supervision/approve`);
    expect(approved.status).toBe(200);
    expect(
      (await mediator.post(`/api/disputes/${id}/feedback`, { channel: 'PHONE', content: '已电话告知' })).body.stage,
    ).toBe('EVALUATION');
    const rated = await anonymous.post(
      `/api/public/cases/${routed.body.receiptCode}/evaluation`,
      { rating: 'SATISFIED' },
      { 'x-forwarded-for': PARTY_ADDRESS },
    );
    expect(rated.body).toMatchObject({ stage: 'CLOSED' });
    return id;
  }

  let url: string;
  /** A file download with the supervisor's token: status, headers and bytes. */
  const file = async (path: string, token = supervisor.token) => {
    const response = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  const statsOf = async (from: string, to: string, groupBy: string): Promise<StatsGroup[]> => {
    const res = await supervisor.get(
      `/api/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=${groupBy}`,
    );
    expect(res.status).toBe(200);
    return res.body.groups;
  };
  const allStats = async (from: string, to: string) =>
    Object.fromEntries(await Promise.all(SECTIONS.map(async (s) => [s, await statsOf(from, to, s)] as const)));

  it('has the figures of /api/stats for the same period, every group of every section', async () => {
    await makeCase('closed');
    await makeCase('closed', 'FAMILY');
    await makeCase('routed');
    await makeCase('reported');
    const to = new Date().toISOString();
    const from = start.toISOString();

    // Other suites run cases on the same database at the same time, and open/overdue are "as of
    // now": the comparison counts when /api/stats read the same before and after the briefing.
    let compared = false;
    for (let attempt = 0; attempt < 10 && !compared; attempt++) {
      const before = await allStats(from, to);
      const created = await supervisor.post('/api/briefings', { from, to });
      expect(created.status).toBe(201);
      const after = await allStats(from, to);
      if (JSON.stringify(before) !== JSON.stringify(after)) continue;
      compared = true;
      const figures = created.body.figures;
      expect(figures).toMatchObject({ from, to, month: null });
      expect(figures.sections.map((s: { key: string }) => s.key)).toEqual([...SECTIONS]);
      for (const section of figures.sections as { key: (typeof SECTIONS)[number]; rows: BriefingRow[] }[]) {
        const groups = after[section.key];
        expect(section.rows.map((r) => r.group).sort()).toEqual(groups.map((g) => g.group).sort());
        for (const g of groups) {
          const row = section.rows.find((r) => r.group === g.group)!;
          expect({
            group: row.group,
            timelyAcceptance: row.timelyAcceptance,
            resolution: row.resolution,
            satisfaction: row.satisfaction,
            overdueByStage: row.overdueByStage,
            overdue: row.overdue,
            open: row.open,
            escalationsByLevel: row.escalationsByLevel,
            escalations: row.escalations,
          }).toEqual({
            group: g.group,
            timelyAcceptance: g.timelyAcceptance,
            resolution: g.resolution,
            satisfaction: g.satisfaction,
            overdueByStage: g.overdueByStage,
            overdue: sum(g.overdueByStage),
            open: sum(g.openByStage),
            escalationsByLevel: g.escalationsByLevel,
            escalations: sum(g.escalationsByLevel),
          });
          // 协办 and 排查 (test/integration/briefing-extras.spec.ts): a rate of its own counts, or 暂无数据.
          for (const extra of [row.assistanceOnTime, row.screeningCoverage]) {
            if (extra) expect(extra.rate).toBe(extra.total === 0 ? null : extra.count / extra.total);
          }
        }
        expect(section.rows.length).toBeGreaterThan(0);
      }
      // The cases made here are in the figures: two closed RESOLVED and satisfied at 新村's committee.
      const xincun = (figures.sections[1].rows as BriefingRow[]).find((r) => r.group === XINCUN)!;
      expect(xincun.resolution.count).toBeGreaterThanOrEqual(2);
      expect(xincun.satisfaction.count).toBeGreaterThanOrEqual(2);
      expect(xincun.name).toBe('新村社区人民调解委员会');
      // The street's total is the center section added up.
      const centers = figures.sections[0].rows as BriefingRow[];
      expect(figures.total.timelyAcceptance.total).toBe(centers.reduce((n, r) => n + r.timelyAcceptance.total, 0));
      expect(figures.total.resolution.count).toBe(centers.reduce((n, r) => n + r.resolution.count, 0));

      // Kept: listed, and read again with the same figures.
      const again = await admin.get(`/api/briefings/${created.body.id}`);
      expect(again.status).toBe(200);
      expect(again.body.figures).toEqual(figures);
      const list = await supervisor.get('/api/briefings?limit=200');
      expect(list.body.items.map((b: { id: string }) => b.id)).toContain(created.body.id);
      expect(list.body.items[0]).not.toHaveProperty('figures');
    }
    expect(compared).toBe(true);
  });

  it("keeps a month's briefing once: a second request for it is a new reading, the kept one stays", async () => {
    type Listed = { id: string; kind: string; month: string | null; generatedAt: string };
    const keptOctober = async () =>
      ((await supervisor.get('/api/briefings?limit=200')).body.items as Listed[]).filter(
        (b) => b.kind === 'MONTHLY' && b.month === '2026-10',
      );
    const first = await supervisor.post('/api/briefings', { month: '2026-10' });
    expect(first.status).toBe(201);
    // The first is the month's briefing unless another suite's run kept it before: one is kept now.
    const kept = await keptOctober();
    expect(kept).toHaveLength(1);
    const second = await supervisor.post('/api/briefings', { month: '2026-10' });
    expect(second.status).toBe(201);
    expect([second.body.kind, second.body.month]).toEqual(['ON_DEMAND', '2026-10']);
    expect(second.body.id).not.toBe(kept[0].id);
    // The kept one stays as it was.
    expect(await keptOctober()).toEqual(kept);
    expect(second.body).toMatchObject({
      from: '2026-09-30T16:00:00.000Z',
      to: '2026-10-31T16:00:00.000Z',
      figures: { month: '2026-10' },
    });
  });

  it('is downloadable as an Excel workbook that holds its figures and charts, and as a PDF with its text', async () => {
    await makeCase('closed');
    const created = await supervisor.post('/api/briefings', {
      from: start.toISOString(),
      to: new Date().toISOString(),
    });
    expect(created.status).toBe(201);
    const { id, figures } = created.body;

    const xlsx = await file(`/api/briefings/${id}.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(
      /^attachment; filename="briefing.xlsx"; filename\*=UTF-8''/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '各中心', '各承办单位', '各村（社区）']);
    const summary = book.getWorksheet('概况')!;
    expect(String(summary.getCell('A1').value)).toContain('矛盾纠纷多元化解工作通报');
    type Extras = { assistanceOnTime: boolean; screeningCoverage: boolean };
    for (const [i, section] of (figures.sections as { rows: BriefingRow[]; extras: Extras }[]).entries()) {
      const sheet = book.worksheets[i + 1];
      // An extra column holds the rate where its data exist (empty for a group without any), else 暂无数据.
      const extra = (row: BriefingRow, key: keyof Extras) =>
        section.extras[key] ? (row[key]?.rate ?? null) : '暂无数据';
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        '排名',
        ['中心', '承办单位', '村（社区）'][i],
        '综合得分',
        '按期受理率',
        '化解率',
        '满意率',
        '在办',
        '逾期',
        '升级',
        '协办按时率',
        '排查覆盖率',
      ]);
      section.rows.forEach((row, r) => {
        const cells = sheet.getRow(r + 2).values as unknown[];
        expect(cells.slice(1, 12)).toEqual(
          [
            row.rank ?? '未参评',
            row.name,
            row.score ?? null,
            row.timelyAcceptance.rate,
            row.resolution.rate,
            row.satisfaction.rate,
            row.open,
            row.overdue,
            row.escalations,
            extra(row, 'assistanceOnTime'),
            extra(row, 'screeningCoverage'),
          ].map((v) => (v === null ? undefined : v)),
        );
      });
    }
    // The two charts of each section that has a ranked group, as pictures.
    const ranked = (figures.sections as { rows: BriefingRow[] }[]).filter((s) => s.rows.some((r) => r.rank !== null));
    expect(book.worksheets.slice(1).reduce((n, w) => n + w.getImages().length, 0)).toBe(2 * ranked.length);

    const pdf = await file(`/api/briefings/${id}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, texts } = await pdfText(pdf.body);
    const expected =
      1 +
      (figures.sections as { rows: BriefingRow[] }[]).reduce(
        (n, s) =>
          n + (s.rows.some((r) => r.rank !== null) ? 1 : 0) + Math.max(1, Math.ceil(s.rows.length / PDF_ROWS_PER_PAGE)),
        0,
      );
    expect(pages).toBe(expected);
    const all = texts.join('\n');
    expect(texts[0]).toContain('矛盾纠纷多元化解工作通报');
    expect(texts[0]).toContain('全街道合计');
    for (const heading of ['各中心', '各承办单位', '各村（社区）', '三率对比', '逾期与升级', '协办按时率', '暂无数据'])
      expect(all).toContain(heading);
    const xincun = (figures.sections[1].rows as BriefingRow[]).find((r) => r.group === XINCUN)!;
    expect(all).toContain(xincun.name);
    expect(all).toContain(`(${xincun.resolution.count}/${xincun.resolution.total})`);

    expect((await file(`/api/briefings/${id}.pdf`, (await anonymous.login('mediator1')).token)).status).toBe(403);
    expect((await file('/api/briefings/00000000-0000-4000-8000-000000000000.xlsx')).status).toBe(404);
  });

  it('refuses what is not a period that has ended, naming it, and lets only SUPERVISOR and ADMIN in', async () => {
    const refuse = async (body: unknown, status: number, message: RegExp) => {
      const res = await supervisor.post('/api/briefings', body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    };
    await refuse({}, 422, /give month, or from and to/);
    await refuse({ month: '2026-10', from: '2026-10-01T00:00:00+08:00' }, 422, /not both/);
    await refuse({ to: '2026-10-01T00:00:00+08:00' }, 422, /from: required with to/);
    await refuse(
      { from: '2026-10-02T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' },
      422,
      /from: must be before to/,
    );
    await refuse(
      { from: '2026-10-01T00:00:00+08:00', to: '2999-01-01T00:00:00+08:00' },
      422,
      /to: must not be in the future/,
    );
    await refuse({ month: '2999-01' }, 422, /has not ended yet/);
    await refuse({ month: '2026-13' }, 400, /month must be YYYY-MM/);
    await refuse({ month: '2026-10', extra: 1 }, 400, /extra/);
    expect((await supervisor.get('/api/briefings/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await supervisor.get('/api/briefings/not-a-uuid')).status).toBe(400);
    expect((await clerk.get('/api/briefings')).status).toBe(403);
    expect((await mediator.post('/api/briefings', { month: '2026-10' })).status).toBe(403);
    expect((await anonymous.get('/api/briefings')).status).toBe(401);
  });
});
