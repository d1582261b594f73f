import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { caseInSupervision } from './support/case-chain';
import { registerDrillCase } from './support/drill';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/**
 * 督办台: a supervisor's page is open when a case under a drill SLA policy falls due; its alert
 * appears on the page without a reload (the alert stream), and acknowledging it takes it off the
 * list of unacknowledged alerts.
 */

async function openDesk(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/supervisor')) await page.goto('/supervisor');
  await expect(page.getByRole('heading', { name: '督办台', level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '实时推送已连接' })).toBeVisible();
}

const alertRows = (page: Page, caseNo: string) =>
  page.getByTestId('alerts-table').getByRole('row').filter({ hasText: caseNo });

test('a case falls due under a drill policy: its alert appears on the open desk without a reload, and 确认 takes it off the list', async ({
  api,
  deskAs,
}) => {
  // A case handled and waiting for review: the supervision queue links it to its case page.
  const review = await caseInSupervision(api);
  // supervisor1: level 1, center TJ, where the drill case is routed (新村社区人民调解委员会).
  const page = await deskAs('supervisor1');
  expect(new URL(page.url()).pathname, "a supervisor's home is the 督办台").toBe('/supervisor');
  await openDesk(page);
  // Marks this document: a reload would lose the mark.
  await page.evaluate("window.deskMark = 'no-reload'");
  const bell = page.getByRole('link', { name: /未确认预警|暂无未确认预警/ });
  await expect(bell).toBeVisible();
  const queued = page.getByTestId('supervision-queue').getByRole('row').filter({ hasText: review.caseNo });
  await expect(queued.getByRole('link', { name: `审核案件 ${review.caseNo}` })).toHaveAttribute(
    'href',
    `/cases/${review.id}`,
  );

  // ROUTING runs 10 s under the drill policy: the warning at 8 s, level 1 at 10 s (level 2 and 3 go to others).
  const drill = await registerDrillCase(api);
  const caseNo = drill.case.caseNo;

  const escalation = alertRows(page, caseNo).filter({ hasText: '一级督办' });
  await expect(escalation, 'the level-1 alert arrives on the open page').toBeVisible({ timeout: 60_000 });
  await expect(escalation).toContainText('分流');
  await expect(escalation).toContainText('督办');
  await expect(escalation.getByText('新', { exact: true }), 'a new alert is marked').toBeVisible();
  await expect(escalation.getByRole('link', { name: caseNo, exact: true })).toHaveAttribute(
    'href',
    `/cases/${drill.case.id}`,
  );
  await expect(alertRows(page, caseNo).filter({ hasText: '预警' }).first()).toBeVisible();
  expect(await page.evaluate('window.deskMark'), 'the page was not reloaded').toBe('no-reload');
  await expect(bell).toHaveAccessibleName(/^未确认预警 \d+ 条/);

  // The overdue panel reads itself again after the alert: the case is overdue in 分流 at TJ, and its count lists it.
  const overdue = page
    .getByTestId('overdue-table')
    .getByRole('button', { name: /^矛盾纠纷调处中心在分流环节超时 \d+ 件/ });
  await expect(overdue).toBeVisible();
  await overdue.click();
  const drawer = page.getByRole('dialog', { name: '超时案件：矛盾纠纷调处中心 · 分流' });
  await expect(drawer.getByRole('link', { name: caseNo, exact: true })).toHaveAttribute(
    'href',
    `/cases/${drill.case.id}`,
  );
  await expect(drawer.getByRole('row').filter({ hasText: caseNo })).toContainText('已超时');
  await drawer.getByRole('button', { name: /关闭/ }).click();
  await expect(drawer).toBeHidden();
  await saveScreenshot(page, 'supervisor-1366', { docs: true });
  await expectAccessible(page);

  // 确认: the row leaves the page and the API's list of unacknowledged alerts.
  const before = await alertRows(page, caseNo).count();
  await escalation.getByRole('button', { name: `确认预警：案件 ${caseNo}` }).click();
  await expect(page.getByRole('alert').filter({ hasText: `已确认案件 ${caseNo} 的预警` })).toBeVisible();
  await expect(escalation).toHaveCount(0);
  await expect(alertRows(page, caseNo)).toHaveCount(before - 1);
  const supervisor = await api.as('supervisor1');
  const open = await supervisor.get<{ items: { caseId: string; level: number }[] }>(
    '/api/alerts?acknowledged=false&limit=200',
  );
  expect(open.items.filter((alert) => alert.caseId === drill.case.id && alert.level === 1)).toEqual([]);

  // Entering the desk again loads the unacknowledged alerts: the acknowledged one stays away.
  await page.reload();
  await openDesk(page);
  await expect(alertRows(page, caseNo).filter({ hasText: '预警' }).first()).toBeVisible();
  await expect(alertRows(page, caseNo).filter({ hasText: '一级督办' })).toHaveCount(0);

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(page.getByTestId('supervision-queue')).toBeVisible();
  await saveScreenshot(page, 'supervisor-1920', { docs: true });
});

test('after a break the stream reopens with a new ticket and lastEventId: what was raised meanwhile arrives, nothing twice', async ({
  api,
  deskAs,
}) => {
  const page = await deskAs('supervisor1');
  // An established stream outlives the browser's offline mode, so the break is made by hand: the
  // page's EventSources are kept where the test can close one and tell the page it failed, as a
  // dropped connection does. Tickets, the stream and the catch-up are the gateway's, for real.
  // (Scripts as text: they run in the page, whose types the tests' compiler does not load.)
  await page.addInitScript({
    content: `{
      const Native = window.EventSource;
      window.alertStreams = [];
      window.EventSource = class extends Native {
        constructor(url, init) {
          super(url, init);
          window.alertStreams.push(this);
        }
      };
    }`,
  });
  const streams: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/alerts/stream?')) streams.push(request.url());
  });
  await page.goto('/supervisor');
  await openDesk(page);
  const before = await registerDrillCase(api);
  await expect(alertRows(page, before.case.caseNo).filter({ hasText: '一级督办' })).toBeVisible({ timeout: 60_000 });

  // Offline, and the stream drops: reopening fails until the network is back; a case falls due meanwhile.
  await page.context().setOffline(true);
  await page.evaluate(`(() => {
    const stream = window.alertStreams.at(-1);
    stream.close();
    stream.dispatchEvent(new Event('error'));
  })()`);
  await expect(page.getByRole('status').filter({ hasText: '实时推送中断，正在重新连接' })).toBeVisible();
  await expect(
    page.getByRole('alert').filter({ hasText: '无法连接到服务器' }),
    'the banner of a lost connection',
  ).toBeVisible({ timeout: 30_000 });
  const opened = streams.length;
  const during = await registerDrillCase(api);
  const supervisor = await api.as('supervisor1');
  await expect
    .poll(
      async () =>
        (
          await supervisor.get<{ items: { caseId: string; level: number }[] }>(
            '/api/alerts?acknowledged=false&limit=200',
          )
        ).items.some((alert) => alert.caseId === during.case.id && alert.level === 1),
      { message: 'the level-1 alert of the case that fell due while the page was offline', timeout: 60_000 },
    )
    .toBe(true);

  await page.context().setOffline(false);
  await expect(page.getByRole('status').filter({ hasText: '实时推送已连接' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('alert').filter({ hasText: '无法连接到服务器' }), 'the banner goes by itself').toBeHidden(
    { timeout: 30_000 },
  );
  await expect(alertRows(page, during.case.caseNo).filter({ hasText: '一级督办' })).toHaveCount(1, { timeout: 30_000 });
  await expect(alertRows(page, before.case.caseNo).filter({ hasText: '一级督办' })).toHaveCount(1);
  // The panels that failed while offline read themselves again.
  await expect(page.getByRole('region', { name: '超时案件分布' }).getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('region', { name: '督办审核队列' }).getByRole('alert')).toHaveCount(0);
  const reopened = streams.slice(opened);
  expect(reopened.length, 'the stream was opened again').toBeGreaterThan(0);
  for (const url of reopened)
    expect(new URL(url).searchParams.get('lastEventId'), 'a reopening names the last alert received').toMatch(/^\d+$/);
  const tickets = streams.map((url) => new URL(url).searchParams.get('ticket'));
  expect(new Set(tickets).size, 'a new ticket each time').toBe(tickets.length);
});

test('the sound switch is off by default, labelled, and remembered after a reload', async ({ deskAs }) => {
  const page = await deskAs('supervisor2');
  await openDesk(page);
  // Element's switch keeps its state in aria-checked; its checkbox stays hidden under the visible part.
  const sound = () => page.getByRole('switch', { name: '新预警提示音' });
  await expect(sound()).toHaveAttribute('aria-checked', 'false');
  // Its label, as a person clicks it.
  await page.getByText('新预警提示音', { exact: true }).click();
  await expect(sound()).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await openDesk(page);
  await expect(sound()).toHaveAttribute('aria-checked', 'true');
  await page.getByText('新预警提示音', { exact: true }).click();
  await expect(sound()).toHaveAttribute('aria-checked', 'false');
});
