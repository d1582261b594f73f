import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { closedCase } from './support/case-chain';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/**
 * 统计分析: the charts for a period holding the test's cases (the default, this month), and a
 * click on a bar lists the cases behind it, each linked to its case page.
 */

async function openStats(page: Page): Promise<void> {
  await page.goto('/stats');
  await expect(page.getByRole('heading', { name: '统计分析', level: 1 })).toBeVisible();
  await expect(page.getByTestId('stats-table').getByRole('row').nth(1)).toBeVisible();
}

/** Element's select: its visible box, found by the combobox's label, is what a person clicks. */
async function choose(page: Page, name: string, option: string): Promise<void> {
  await page
    .locator('.el-select')
    .filter({ has: page.getByRole('combobox', { name }) })
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(page.getByRole('listbox')).toBeHidden();
}

/**
 * Points along the middle of a chart, as a person does, until its tooltip names `category`, and
 * clicks there (the left part of the category's column: the first series).
 */
async function clickColumn(page: Page, chart: Locator, category: string): Promise<void> {
  const canvas = chart.locator('canvas').first();
  await canvas.scrollIntoViewIfNeeded();
  await expect(canvas).toBeVisible();
  const box = (await canvas.boundingBox())!;
  const tooltip = chart.locator('.stats-chart-tooltip');
  const y = box.y + box.height * 0.55;
  for (let x = box.x + 30; x < box.x + box.width - 10; x += 8) {
    await page.mouse.move(x, y);
    const text = (await tooltip.isVisible()) ? await tooltip.innerText() : '';
    if (text.trim().startsWith(category)) {
      await page.mouse.click(x + 4, y);
      return;
    }
  }
  throw new Error(`no column "${category}" found in the chart`);
}

test('the statistics page draws the three rates and the stages for this month, and a bar lists its cases', async ({
  api,
  deskAs,
}) => {
  // This month: two cases closed with a rating (rates and stage times to show), one waiting in 分流.
  await closedCase(api, 'SATISFIED');
  await closedCase(api, 'BASICALLY_SATISFIED', { category: 'LABOR', summary: `拖欠工资（浏览器测试 ${Date.now()}）` });
  const routed = await api.caseInPool();
  const page = await deskAs('supervisor2');
  await openStats(page);

  // The three rates as figures, and the charts drawn.
  const cards = page.getByTestId('rate-cards');
  for (const name of ['按期受理率', '化解率', '满意率'])
    await expect(cards.getByText(name, { exact: true })).toBeVisible();
  for (const name of ['化解率', '满意率']) {
    await expect(
      cards.locator('.rate-card').filter({ hasText: name }),
      `${name} counts the closed, rated cases`,
    ).toContainText(/\d+\.\d%/);
  }
  for (const id of ['rates-chart', 'stages-chart', 'times-chart'])
    await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('stats-table')).toContainText('矛盾纠纷调处中心');

  // The figures of a chart as a table, for the keyboard: each value opens the same list as its bar.
  const stages = page.getByTestId('stages-chart');
  await stages.getByText('以表格查看数据').click();
  await expect(stages.getByRole('button', { name: /^分流 在办 \d+件$/ })).toBeVisible();
  await stages.getByText('以表格查看数据').click();

  await saveScreenshot(page, 'stats-1366', { docs: true, fullPage: true });
  await expectAccessible(page);

  // 分流 · 在办: the routed case is among them, linked to its page.
  await clickColumn(page, page.getByTestId('stages-chart'), '分流');
  const drawer = page.getByRole('dialog', { name: /分流环节 · 在办/ });
  await expect(drawer).toBeVisible();
  const link = drawer.getByRole('link', { name: routed.caseNo, exact: true });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', `/cases/${routed.id}`);
  await expect(drawer.getByRole('row').filter({ hasText: routed.caseNo })).toContainText('分流');
  await saveScreenshot(page, 'stats-drawer-1366');
  await expectAccessible(page);
  await drawer.getByRole('button', { name: /关闭/ }).click();
  await expect(drawer).toBeHidden();

  // By community: the names come from the territory, and a group's cases are its community's.
  await choose(page, '分组方式', '按村（社区）');
  const xincun = page.getByRole('button', { name: '查看新村社区的案件' });
  await expect(xincun).toBeVisible();
  await xincun.click();
  const communityDrawer = page.getByRole('dialog', { name: '新村社区的案件' });
  await expect(communityDrawer.getByRole('link', { name: routed.caseNo, exact: true })).toBeVisible();
  await communityDrawer.getByRole('button', { name: /关闭/ }).click();

  await page.setViewportSize({ width: 1920, height: 1080 });
  await choose(page, '分组方式', '按中心');
  await expect(page.getByTestId('stats-table')).toContainText('矛盾纠纷调处中心');
  await saveScreenshot(page, 'stats-1920', { docs: true, fullPage: true });
});

test('a clerk is not let into the statistics (the API answers them 403), and the menu does not offer it', async ({
  deskAs,
}) => {
  const page = await deskAs('clerk1');
  await expect(page.getByRole('navigation', { name: '功能菜单' }).getByText('统计分析')).toHaveCount(0);
  await page.goto('/stats');
  await expect(page.getByRole('heading', { name: '统计分析', level: 1 })).toHaveCount(0);
  await expect(page.getByText('您没有权限进入该页面，已返回首页。')).toBeVisible();
});
