import { randomUUID } from 'crypto';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/** 居民上报 on a phone: a resident reporter (民情联络员, reporter1) reports from their resident group's grid. */
test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test('reporter1 submits a report through 居民上报 and finds it among their own reports', async ({ page }) => {
  await loginThroughPage(page, 'reporter1');
  await expect(page).toHaveURL(/\/reporter\/report$/);
  await expect(page.getByRole('heading', { level: 1, name: '居民小组上报矛盾纠纷' })).toBeVisible();
  await expect(page.getByText('来源：居民上报')).toBeVisible();
  await expect(page.locator('.el-select').filter({ has: page.getByLabel('所在网格') })).toContainText(
    '新村社区第1网格（本居民小组所在网格）',
  );

  const summary = `小区停车位争执（居民上报测试 ${randomUUID().slice(0, 8)}）`;
  await page.locator('.chip').filter({ hasText: '邻里纠纷' }).click();
  await page.getByLabel('事由摘要').fill(summary);
  await page.getByLabel('详细情况').fill('两户居民因车位归属争执，已劝开。');
  await page.getByLabel('详细地址').fill('新村社区 7 幢门前');
  await page.getByLabel('姓名').fill('钱七');
  await page.getByLabel('联系电话').fill(`137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  await expect(page.locator('.el-message')).toBeHidden();
  await saveScreenshot(page, 'reporter-report-375', { docs: true });
  await page.getByRole('button', { name: '提交上报' }).click();

  const done = page.getByRole('status');
  await expect(done.getByRole('heading', { name: '上报成功' })).toBeVisible();
  await expect(done).toContainText(summary);
  await expectAccessible(page);

  await page.getByRole('link', { name: '查看我的上报' }).click();
  await expect(page).toHaveURL(/\/reporter\/mine$/);
  await expect(page.getByRole('listitem').filter({ hasText: summary })).toContainText('待受理');
  await expectAccessible(page);
});
