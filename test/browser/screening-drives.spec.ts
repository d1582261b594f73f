import { randomUUID } from 'crypto';
import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/** Picks one option of a labelled multiple select (typed to filter, then clicked), then closes its list. */
async function chooseMany(page: Page, label: string, option: string, elsewhere: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  // The input of a multiple select is narrow and under its placeholder: open it by its box.
  await page.locator('.el-select').filter({ has: field }).click();
  await field.pressSequentially(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  // Closed by a click elsewhere (another field).
  await page.getByLabel(elsewhere, { exact: true }).click();
  await expect(page.getByRole('option', { name: option, exact: true })).toBeHidden();
  await expect(page.locator('.el-select').filter({ has: field }).locator('.el-tag')).toContainText(option);
}

/**
 * 大排查 (docs/screening-drives.md): supervisor2 (street level) opens a drive over 新村社区, grid1
 * records their grid's screening with a finding on a phone, and the drive's page, left open,
 * shows the coverage and the finding's case without being reloaded.
 */
test('a supervisor opens a drive, a grid worker screens on a phone, the drive page shows the coverage', async ({
  page,
  deskAs,
}) => {
  const title = `冬季大排查（浏览器测试 ${randomUUID().slice(0, 6)}）`;
  const summary = `楼道堆物引发争吵（排查发现 ${randomUUID().slice(0, 6)}）`;

  await loginThroughPage(page, 'supervisor2');
  await page.getByRole('menuitem', { name: '大排查' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '矛盾纠纷大排查' })).toBeVisible();
  await page.getByRole('button', { name: '开启大排查' }).click();
  const dialog = page.getByRole('dialog', { name: '开启大排查' });
  await dialog.getByLabel('排查名称').fill(title);
  await chooseMany(page, '覆盖社区', '新村社区', '排查名称');
  await dialog.getByRole('button', { name: '开启', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The drive's page: nothing screened yet.
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const coverage = page.getByTestId('drive-coverage');
  await expect(coverage).toContainText(/0 \/ \d+ 个网格/);
  const covered = Number((await coverage.textContent())!.match(/0 \/ (\d+) 个网格/)![1]);
  expect(covered).toBeGreaterThan(1);
  await expect(page.getByText('尚无发现。')).toBeVisible();
  await expectAccessible(page);

  // grid1 on a phone: 我的大排查 → 记录排查 → 有发现, one finding.
  const phone = await deskAs('grid1', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  await phone.goto('/grid/drives');
  await expect(phone.getByRole('heading', { level: 1, name: '我的大排查' })).toBeVisible();
  const card = phone.getByRole('listitem').filter({ hasText: title });
  await expect(card).toContainText('待排查');
  await card.getByRole('link', { name: '记录排查' }).click();
  await expect(phone.getByRole('heading', { level: 2, name: '记录排查结果' })).toBeVisible();
  await phone.getByText('有发现', { exact: true }).click();
  const category = phone.getByLabel('纠纷类别', { exact: true });
  await phone.locator('.el-select').filter({ has: category }).click();
  await phone.getByRole('option', { name: '邻里纠纷', exact: true }).click();
  await phone.getByLabel('事由摘要').fill(summary);
  await phone.getByLabel('详细情况').fill('两户因楼道堆放杂物多次争吵（浏览器测试）。');
  await phone.getByLabel('详细地址').fill('新村社区 7 幢 1 单元');
  await phone.getByLabel('申请人（反映人）姓名').fill('排查甲');
  await phone.getByLabel('对方当事人姓名').fill('排查乙');
  await phone.getByLabel('排查说明').fill('走访 40 户');
  await saveScreenshot(phone, 'grid-screening-375', { docs: true });
  await expectAccessible(phone);
  await phone.getByRole('button', { name: '提交排查结果' }).click();
  const done = phone.getByRole('status').filter({ hasText: '本网格已完成排查' });
  await expect(done).toContainText('发现 1 条');
  await expect(done).toContainText(`1 / ${covered} 个网格`);

  // The supervisor's page, left open, reads the coverage again by itself.
  await expect(coverage).toContainText(`1 / ${covered} 个网格`);
  const byCommunity = page.locator('.el-table__row').filter({ hasText: '新村社区' }).first();
  await expect(byCommunity).toContainText(`1 / ${covered}`);
  const caseRow = page.locator('.el-table__row').filter({ hasText: summary });
  await expect(caseRow).toContainText('待受理');
  await expect(caseRow).toContainText('新村社区第1网格');
  await expect(page.locator('.el-timeline')).toContainText('网格完成排查');
  await saveScreenshot(page, 'drive-1366', { docs: true });
  await expectAccessible(page);

  // The list shows the same figures.
  await page.getByRole('link', { name: '返回大排查' }).click();
  await expect(page.locator('.el-table__row').filter({ hasText: title })).toContainText(`1 / ${covered} 个网格`);
});

test('the menu offers 大排查 to supervisors and grid workers, and not to mediators', async ({ page, deskAs }) => {
  await loginThroughPage(page, 'supervisor1');
  await expect(page.getByRole('menuitem', { name: '大排查' })).toBeVisible();
  // A level-1 supervisor reads drives but does not open them.
  await page.getByRole('menuitem', { name: '大排查' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '矛盾纠纷大排查' })).toBeVisible();
  await expect(page.getByRole('button', { name: '开启大排查' })).toHaveCount(0);
  const mediator = await deskAs('mediator1');
  await expect(mediator.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(mediator.getByRole('menuitem', { name: '大排查' })).toHaveCount(0);
  const grid = await deskAs('grid1');
  await grid.getByRole('menuitem', { name: '大排查' }).click();
  await expect(grid.getByRole('heading', { level: 1, name: '我的大排查' })).toBeVisible();
  await expectAccessible(grid);
});
