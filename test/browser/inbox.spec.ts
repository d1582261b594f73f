import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/**
 * 调解员工作台: two mediators of the same pools in two browser contexts. A claim race has one
 * winner and a loser who is told who won; a claim in one context takes the row out of the other's
 * pool without a reload (the task stream).
 */

async function openInbox(page: Page): Promise<void> {
  if (!new URL(page.url()).pathname.startsWith('/inbox')) await page.goto('/inbox');
  await expect(page.getByRole('heading', { name: '调解员工作台' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '实时更新中' })).toBeVisible();
}

/** The pool tab, narrowed to one case by the search box (the shared stack's pools hold other tests' cases too). */
async function showInPool(page: Page, caseNo: string): Promise<void> {
  await page.getByRole('tab', { name: /^待认领/ }).click();
  await page.getByRole('textbox', { name: '查找案件' }).fill(caseNo);
}

const claimButton = (page: Page, caseNo: string) => page.getByRole('button', { name: `认领 ${caseNo}`, exact: true });

test('a claim race between two mediators: one wins, the other is told who won and the row leaves their pool', async ({
  api,
  deskAs,
}) => {
  const routed = await api.caseInPool();
  const [first, second] = await Promise.all([deskAs('mediator1'), deskAs('mediator2')]);
  for (const page of [first, second]) {
    await openInbox(page);
    await showInPool(page, routed.caseNo);
    await expect(claimButton(page, routed.caseNo)).toBeVisible();
  }

  await Promise.all([claimButton(first, routed.caseNo).click(), claimButton(second, routed.caseNo).click()]);

  const won = (page: Page) => page.getByRole('alert').filter({ hasText: `已认领案件 ${routed.caseNo}` });
  await expect
    .poll(async () => (await won(first).isVisible()) || (await won(second).isVisible()), { timeout: 15_000 })
    .toBe(true);
  const firstWon = await won(first).isVisible();
  const [winner, loser] = firstWon ? [first, second] : [second, first];
  const winnerName = (await api.as(firstWon ? 'mediator1' : 'mediator2')).session!.user.displayName;

  await expect(
    loser.getByRole('alert').filter({ hasText: `案件 ${routed.caseNo} 已被 ${winnerName} 认领` }),
  ).toBeVisible();
  await expect(claimButton(loser, routed.caseNo)).toBeHidden();
  await expect(loser.getByText('没有符合')).toBeVisible();

  // The winner holds it: in 我的, with 办理 and 退回.
  await winner.getByRole('tab', { name: /^我的/ }).click();
  await expect(winner.getByRole('link', { name: `办理 ${routed.caseNo}` })).toBeVisible();
  expect((await api.getCase(routed.id)).assigneeId).toBe(
    (await api.as(firstWon ? 'mediator1' : 'mediator2')).session!.user.id,
  );
});

test('the pool of one mediator updates without a reload when another claims in another context, and when a case is routed', async ({
  api,
  deskAs,
}) => {
  const routed = await api.caseInPool();
  const watcher = await deskAs('mediator2');
  await openInbox(watcher);
  await showInPool(watcher, routed.caseNo);
  await expect(claimButton(watcher, routed.caseNo)).toBeVisible();
  let navigations = 0;
  watcher.on('framenavigated', (frame) => {
    if (frame === watcher.mainFrame()) navigations += 1;
  });

  const claimer = await deskAs('mediator1');
  await openInbox(claimer);
  await showInPool(claimer, routed.caseNo);
  await claimButton(claimer, routed.caseNo).click();
  await expect(claimer.getByRole('alert').filter({ hasText: `已认领案件 ${routed.caseNo}` })).toBeVisible();

  await expect(claimButton(watcher, routed.caseNo)).toBeHidden();

  // A case routed to the pool appears, still without a reload.
  const fresh = await api.caseInPool();
  await showInPool(watcher, fresh.caseNo);
  await expect(claimButton(watcher, fresh.caseNo)).toBeVisible();
  expect(navigations).toBe(0);
});

test('the inbox: tabs with counts, countdowns on the SLA ladder, release back to the pool; no serious accessibility violations; screenshots', async ({
  api,
  deskAs,
}) => {
  const mediator = await api.as('mediator1');
  const mine = await api.caseInPool();
  await mediator.post(`/api/tasks/${mine.id}/claim`);
  await api.caseInPool();
  const handled = await api.caseInPool();
  await mediator.post(`/api/tasks/${handled.id}/claim`);
  await mediator.post(`/api/disputes/${handled.id}/complete-handling`, {
    outcome: 'RESOLVED_ON_SITE',
    summary: '当场化解',
  });

  const page = await deskAs('mediator1');
  await openInbox(page);
  for (const tab of ['待认领', '我的', '已超时', '已办结'])
    await expect(page.getByRole('tab', { name: new RegExp(`^${tab}（\\d+）$`) })).toBeVisible();
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: /剩余 \d+(天\d+)?小时|剩余 \d+分钟/ })
      .first(),
  ).toBeVisible();
  await expectAccessible(page);
  await expect(page.locator('.el-message')).toHaveCount(0);
  await saveScreenshot(page, 'inbox-1366', { docs: true });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await saveScreenshot(page, 'inbox-1920');

  // Handled: in 已办结, with the stage it is in now.
  await page.getByRole('tab', { name: /^已办结/ }).click();
  await page.getByRole('textbox', { name: '查找案件' }).fill(handled.caseNo);
  await expect(page.getByRole('row').filter({ hasText: handled.caseNo })).toContainText('督办');

  await page.getByRole('tab', { name: /^我的/ }).click();
  await page.getByRole('textbox', { name: '查找案件' }).fill(mine.caseNo);
  await page.getByRole('button', { name: `将 ${mine.caseNo} 退回任务池` }).click();
  await page.getByRole('dialog').getByRole('button', { name: '退回', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: `案件 ${mine.caseNo} 已退回任务池` })).toBeVisible();
  await showInPool(page, mine.caseNo);
  await expect(claimButton(page, mine.caseNo)).toBeVisible();
  await expectAccessible(page);
});
