import 'reflect-metadata';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../../scripts/browser-deps';
import { describeMachine, machine, numArg, projectRoot, summarize, table, writeResult } from '../lib/common';
import { startBenchStack } from '../lib/stack';

/**
 * npm run bench:desks:login [-- --rounds 20]
 *
 * Issue 12's speed targets for the desks, on a fresh stack whose gateway serves dist/desks (run
 * `npm run build` first):
 * - JavaScript shipped per route, gzip-compressed (each script the page fetched, compressed here
 *   at level 9, as a proxy or the gateway would send it): login + counter at most 250 KB;
 * - from submitting the login form to the counter being usable (its summary field editable and
 *   the territory for the grid picker loaded): p95 under 1 s, each round in a fresh browser
 *   context (empty cache), so the counter's code is fetched every time.
 * Prints tables and writes bench/results/desks-login-<time>.json.
 */

const CLERK = 'clerk1';
const PASSWORD = 'demo-pass-2026';

/** Each desk's first page, opened by its user after the login page (the login page's own scripts count). */
const ROUTES: { path: string; user: string }[] = [
  { path: '/counter', user: 'clerk1' },
  { path: '/grid/report', user: 'grid1' },
  { path: '/inbox', user: 'mediator1' },
  { path: '/supervisor', user: 'supervisor2' },
  { path: '/stats', user: 'supervisor2' },
  { path: '/admin/users', user: 'admin' },
  { path: '/p', user: '' },
];

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** The scripts a page fetched until it settled, as files of dist/desks. */
async function scriptsOf(browser: Browser, base: string, route: string, user: string): Promise<string[]> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
  });
  if (user) {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名', { exact: true }).fill(user);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByLabel('密码', { exact: true }).waitFor({ state: 'hidden' });
  }
  await page.goto(`${base}${route}`);
  await page.waitForLoadState('networkidle');
  await context.close();
  return [...scripts];
}

async function loginToCounter(browser: Browser, base: string): Promise<number> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${base}/login?redirect=/counter`);
  await page.getByLabel('用户名', { exact: true }).fill(CLERK);
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
  const territory = page.waitForResponse((r) => r.url().includes('/api/meta/territory') && r.ok(), { timeout: 30_000 });
  const started = Date.now();
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await Promise.all([
    territory,
    page.getByLabel('事由摘要', { exact: true }).waitFor({ state: 'visible', timeout: 30_000 }),
  ]);
  if (!(await page.getByLabel('事由摘要', { exact: true }).isEditable()))
    throw new Error('the summary field is not editable');
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

async function main(): Promise<void> {
  const rounds = numArg('rounds', 20);
  const root = projectRoot();
  const desks = path.join(root, 'dist', 'desks');
  if (!fs.existsSync(path.join(desks, 'index.html')))
    throw new Error(`${desks}/index.html missing: run \`npm run build\` first`);
  const beside = path.join(root, 'dist', 'bench-stack', 'desks');
  if (!fs.existsSync(beside)) fs.symlinkSync(desks, beside, 'dir');

  const stack = await startBenchStack({ backend: 'sqlite' });
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const base = stack.gatewayUrl;
    const sizes: { route: string; scripts: number; gzipKB: number }[] = [];
    for (const route of ROUTES) {
      const files = await scriptsOf(browser, base, route.path, route.user);
      const total = files.reduce((sum, f) => sum + gzipSize(path.join(desks, f)), 0);
      sizes.push({
        route: route.user ? `login + ${route.path}` : route.path,
        scripts: files.length,
        gzipKB: Math.round(total / 102.4) / 10,
      });
    }
    // One warm-up round (the gateway's first requests), then the measured ones.
    await loginToCounter(browser, base);
    const times: number[] = [];
    for (let i = 0; i < rounds; i += 1) times.push(await loginToCounter(browser, base));
    const s = summarize(times);
    const m = machine();
    console.log(`\ndesks: JavaScript per route (gzip level 9), Chromium ${browser.version()}`);
    console.log(describeMachine(m));
    console.log(
      table(
        ['route', 'scripts', 'KB gzip'],
        sizes.map((r) => [r.route, r.scripts, r.gzipKB]),
      ),
    );
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
    console.log(`\nlogin submitted → counter usable, ${rounds} rounds, fresh context each (ms)`);
    console.log(table(['p50', 'p95', 'max'], [[s.p50, p95, s.max]]));
    const file = writeResult('desks-login', 'sqlite', {
      machine: m,
      chromium: browser.version(),
      sizes,
      loginToCounterMs: times,
      p95,
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
