import 'reflect-metadata';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { chromium, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_UNIT_IDS } from '@app/domain/territory';
import { chromiumPath } from '../../scripts/browser-deps';
import { arg, describeMachine, machine, numArg, projectRoot, summarize, table, writeResult } from '../lib/common';
import { startBenchStack } from '../lib/stack';

/**
 * npm run bench:desks:inbox [-- --tasks 500 --rounds 5 --scope pool|mine --viewport 1366x768 --screenshot file.png]
 *
 * The mediator inbox with many open tasks, in Chromium (issue 12: "rendered and scrollable in
 * under 300 ms"). A fresh stack (lib/stack.ts, its gateway serving dist/desks: run `npm run
 * build` first); `--tasks` open cases written straight into the cases read model (the inbox
 * reads nothing else) in mediator1's pool, or held by mediator1 (`--scope mine`), their deadlines
 * spread from two days overdue to ten days ahead. Then, `--rounds` times, in a fresh page:
 * - load: from navigation to the tab's rows on screen (page, scripts, three task lists, render);
 * - render: from the last task list's answer to the rows on screen (the desk's own work);
 * - scroll: the table scrolled from top to bottom, one wheel notch (120 px) per animation frame
 *   (a fast fling): the time until the last row is on screen, and the frames painted meanwhile
 *   (requestAnimationFrame intervals: the longest, and how many took over 50 ms; 16.7 ms is
 *   60 frames a second).
 * Prints a table and writes bench/results/desks-inbox-<tasks>-<scope>-<time>.json; `--screenshot
 * x.png` also saves x-top.png and x-bottom.png of the first round.
 */

const MEDIATOR = 'mediator1';
const PASSWORD = 'demo-pass-2026';

async function seedTasks(databaseUrl: string, count: number, scope: 'pool' | 'mine'): Promise<void> {
  const mediatorId = DEMO_ACCOUNTS.find((a) => a.username === MEDIATOR)!.id;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One statement: the task trigger announces it as one bulk change.
    await client.query(
      `INSERT INTO cases (id, case_no, receipt_code, stage, status, channel, category, summary, description, grid_code, community_code,
                          address, urgent, parties, center_code, unit_id, assignee_id, severity, sla_class, stage_entered_at, stage_deadline,
                          escalation_level, reopen_count, last_seq, created_at, updated_at)
       SELECT gen_random_uuid(), 'JF-2026-9' || lpad(i::text, 5, '0'), 'BENCH' || lpad(i::text, 5, '0'), $4, 'OPEN', 'WALK_IN',
              (ARRAY['NEIGHBOR', 'FAMILY', 'PROPERTY_MGMT', 'LABOR'])[1 + i % 4], '压测任务 ' || i || '：楼上卫生间漏水，协商未果', '压测数据',
              'JF-C01-G01', 'JF-C01', '新村社区 5 幢', false, '[{"role": "APPLICANT", "name": "压测"}]'::jsonb, 'TJ', $1::uuid, $2::uuid,
              CASE WHEN i % 17 = 0 THEN 'MAJOR' ELSE 'NORMAL' END, 'GENERAL',
              now() - interval '5 days' + i * (interval '12 days' / $3::int), now() - interval '2 days' + i * (interval '12 days' / $3::int),
              0, 0, 1, now(), now()
         FROM generate_series(1, $3::int) i`,
      [
        DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE,
        scope === 'mine' ? mediatorId : null,
        count,
        scope === 'mine' ? 'HANDLING' : 'ROUTING',
      ],
    );
  } finally {
    await client.end();
  }
}

interface Round {
  /** Renderer time while scrolling, by kind (ms). */
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
  loadMs: number;
  renderMs: number;
  scrollMs: number;
  scrollSteps: number;
  frames: number;
  longestFrameMs: number;
  framesOver50Ms: number;
  rowsInDom: number;
}

const TAB = { pool: '待认领', mine: '我的' } as const;

/** The little of the page's globals the scroll uses. */
interface PageElement {
  textContent: string | null;
  getBoundingClientRect(): { bottom: number; top: number; left: number; width: number; height: number };
  dispatchEvent(event: unknown): boolean;
}
interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement>;
    elementFromPoint(x: number, y: number): PageElement | null;
  };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  WheelEvent: new (type: string, init: { deltaY: number; bubbles: boolean; cancelable: boolean }) => unknown;
}

async function measure(
  page: Page,
  baseUrl: string,
  count: number,
  scope: 'pool' | 'mine',
  screenshot?: string,
): Promise<Round> {
  const listsDone: number[] = [];
  page.on('requestfinished', (request) => {
    if (request.url().includes('/api/tasks?')) listsDone.push(Date.now());
  });
  const started = Date.now();
  await page.goto(`${baseUrl}/inbox`);
  if (scope === 'mine') await page.getByRole('tab', { name: /^我的/ }).click();
  await page.getByRole('tab', { name: `${TAB[scope]}（${count}）` }).waitFor();
  await page.locator('.el-table-v2__row').first().waitFor();
  const shown = Date.now();
  const lastList = Math.max(...listsDone.filter((at) => at <= shown));
  if (screenshot) await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-top.png') });

  // In the page (this file is compiled without the DOM's types): one wheel notch (120 px) per
  // animation frame on the table until its last row is on screen, every frame's interval kept.
  const lastCase = `JF-2026-9${String(count).padStart(5, '0')}`;
  // Where the renderer's time goes while scrolling: script, style, layout (Chrome's own counters).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const counters = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await counters();
  const scroll = await page.evaluate(
    ({ lastCase, limit }) =>
      new Promise<{ ms: number; steps: number; frames: number[] }>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals;
        const body = g.document.querySelector('.el-table-v2__body');
        if (!body) return reject(new Error('no table body'));
        const box = body.getBoundingClientRect();
        const bottom = box.bottom;
        // A wheel turns where the pointer is: on a cell in the middle of the table.
        const target = () => g.document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) ?? body;
        const lastRowShown = () => {
          const link = [...g.document.querySelectorAll('.el-table-v2__row a')].find(
            (a) => a.textContent?.trim() === lastCase,
          );
          return link !== undefined && link.getBoundingClientRect().bottom <= bottom;
        };
        const frames: number[] = [];
        const begin = g.performance.now();
        let last = begin;
        let steps = 0;
        const tick = (t: number) => {
          frames.push(t - last);
          last = t;
          if (lastRowShown()) return resolve({ ms: t - begin, steps, frames });
          if (steps >= limit) return reject(new Error('the last row never came into view'));
          target().dispatchEvent(new g.WheelEvent('wheel', { deltaY: 120, bubbles: true, cancelable: true }));
          steps += 1;
          g.requestAnimationFrame(tick);
        };
        g.requestAnimationFrame(tick);
      }),
    { lastCase, limit: count * 2 },
  );
  const after = await counters();
  const spent = (name: string) => Math.round((after[name] - before[name]) * 1000);
  const frames = scroll.frames.slice(1);
  return {
    scriptMs: spent('ScriptDuration'),
    styleMs: spent('RecalcStyleDuration'),
    layoutMs: spent('LayoutDuration'),
    loadMs: shown - started,
    renderMs: shown - lastList,
    scrollMs: scroll.ms,
    scrollSteps: scroll.steps,
    frames: frames.length,
    longestFrameMs: Math.max(...frames),
    framesOver50Ms: frames.filter((f) => f > 50).length,
    rowsInDom: await page.locator('.el-table-v2__row').count(),
  };
}

async function main(): Promise<void> {
  const count = numArg('tasks', 500);
  const rounds = numArg('rounds', 5);
  const scope = arg('scope', 'pool') as 'pool' | 'mine';
  const [width, height] = arg('viewport', '1366x768').split('x').map(Number);
  const root = projectRoot();
  const desks = path.join(root, 'dist', 'desks');
  if (!fs.existsSync(path.join(desks, 'index.html')))
    throw new Error(`${desks}/index.html missing: run \`npm run build\` first`);
  // The bench stack's gateway runs from dist/bench-stack and looks for the desks beside it.
  const beside = path.join(root, 'dist', 'bench-stack', 'desks');
  if (!fs.existsSync(beside)) fs.symlinkSync(desks, beside, 'dir');

  const stack = await startBenchStack({ backend: 'sqlite' });
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    await seedTasks(stack.adminDatabaseUrl, count, scope);
    const context = await browser.newContext({
      viewport: { width, height },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const login = await context.newPage();
    await login.goto(`${stack.gatewayUrl}/login`);
    await login.getByLabel('用户名', { exact: true }).fill(MEDIATOR);
    await login.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await login.getByRole('button', { name: '登录', exact: true }).click();
    await login.getByLabel('密码', { exact: true }).waitFor({ state: 'hidden' });
    await login.close();

    const results: Round[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const page = await context.newPage();
      const shot = round === 0 ? arg('screenshot') : undefined;
      results.push(await measure(page, stack.gatewayUrl, count, scope, shot && path.resolve(shot)));
      if (shot) await page.screenshot({ path: path.resolve(shot).replace(/(\.png)?$/, '-bottom.png') });
      await page.close();
    }
    const m = machine();
    const s = (pick: (r: Round) => number) => summarize(results.map(pick));
    const rows = (
      [
        ['load: navigation → rows on screen (ms)', s((r) => r.loadMs)],
        ['render: last list answer → rows on screen (ms)', s((r) => r.renderMs)],
        ['scroll: top → last row on screen (ms)', s((r) => r.scrollMs)],
        ['longest frame while scrolling (ms)', s((r) => r.longestFrameMs)],
        ['frames over 50 ms while scrolling', s((r) => r.framesOver50Ms)],
        ['  script while scrolling (ms)', s((r) => r.scriptMs)],
        ['  style while scrolling (ms)', s((r) => r.styleMs)],
        ['  layout while scrolling (ms)', s((r) => r.layoutMs)],
      ] as const
    ).map(([name, v]) => [name, v.p50, v.p90, v.max]);
    console.log(
      `\nmediator inbox, ${count} open tasks (${scope}), ${width}×${height}, ${rounds} rounds, Chromium ${browser.version()}`,
    );
    console.log(describeMachine(m));
    console.log(table(['measure', 'p50', 'p90', 'max'], rows));
    console.log(
      `rows in the page at the bottom: ${results[0].rowsInDom} (of ${count}); wheel steps to the bottom: ${results[0].scrollSteps}`,
    );
    const file = writeResult('desks-inbox', `${count}-${scope}`, {
      count,
      scope,
      viewport: { width, height },
      machine: m,
      chromium: browser.version(),
      rounds: results,
    });
    console.log(`written: ${path.relative(root, file)}`);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
