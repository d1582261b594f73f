import { randomUUID } from 'crypto';
import type { Locator } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/** 网格上报 on a phone (375×812): a grid worker reports what they found and follows it in 我的上报. */
test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

/** Touch targets: at least 44 px high. */
async function expectTouchTarget(locator: Locator): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, 'the target is laid out').not.toBeNull();
  expect(box!.height, `height of ${locator}`).toBeGreaterThanOrEqual(44);
}

test('a grid worker reports a dispute on a phone and sees it in 我的上报 at stage 发现', async ({ page }) => {
  await loginThroughPage(page, 'grid1');
  await expect(page).toHaveURL(/\/grid\/report$/);
  await expect(page.getByRole('heading', { level: 1, name: '上报矛盾纠纷' })).toBeVisible();
  // The worker's own grid is chosen already; the channel is fixed.
  await expect(page.locator('.el-select').filter({ has: page.getByLabel('所在网格') })).toContainText(
    '新村社区第1网格（我的网格）',
  );
  await expect(page.getByText('来源：网格巡查')).toBeVisible();
  await expect(page.locator('.el-message')).toBeHidden(); // the welcome toast, before the screenshot
  await saveScreenshot(page, 'grid-report-375', { docs: true });
  await expectAccessible(page);

  const summary = `楼道堆物引发争吵（网格测试 ${randomUUID().slice(0, 8)}）`;
  await page.locator('.chip').filter({ hasText: '邻里纠纷' }).click();
  await expect(page.getByRole('radio', { name: '邻里纠纷' })).toBeChecked();
  await page.getByLabel('事由摘要').fill(summary);
  await page.getByLabel('详细情况').fill('3 幢 2 单元楼道堆放杂物，两户居民发生口角，现场已劝离。');
  await page.getByLabel('详细地址').fill('新村社区 3 幢 2 单元');
  await page.getByLabel('姓名').fill('赵六');
  await page.getByLabel('联系电话').fill(`135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  const submit = page.getByRole('button', { name: '提交上报' });
  for (const target of [
    submit,
    page.getByRole('button', { name: '添加当事人' }),
    page.getByLabel('事由摘要'),
    page.locator('.chip').first(),
  ]) {
    await expectTouchTarget(target);
  }
  await submit.click();

  const done = page.getByRole('status');
  await expect(done.getByRole('heading', { name: '上报成功' })).toBeVisible();
  await expect(done).toContainText('发现（等待窗口受理）');
  await expect(done).toContainText(summary);
  await saveScreenshot(page, 'grid-done-375');
  await expectAccessible(page);

  await page.getByRole('link', { name: '查看我的上报' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的上报' })).toBeVisible();
  const report = page.getByRole('listitem').filter({ hasText: summary });
  await expect(report).toContainText('发现');
  await expect(report).toContainText('待受理');
  await expect(report).toContainText('邻里纠纷');
  await saveScreenshot(page, 'grid-mine-375', { docs: true });
  await expectAccessible(page);
});

test('on a phone, an empty report shows the API messages beside the fields', async ({ page }) => {
  await loginThroughPage(page, 'grid1');
  await expect(page.locator('.el-message')).toBeHidden();
  await page.getByRole('button', { name: '提交上报' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '上报未成功' })).toBeVisible();
  const errorOf = (label: string) =>
    page
      .locator('.el-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.el-form-item__error');
  await expect(errorOf('事由摘要')).toHaveText('此项不能为空');
  await expect(errorOf('详细地址')).toHaveText('此项不能为空');
  await expect(errorOf('姓名')).toHaveText('此项不能为空');
  await expect(
    page
      .locator('.el-form-item')
      .filter({ has: page.getByRole('radiogroup', { name: '纠纷类别' }) })
      .locator('.el-form-item__error'),
  ).toHaveText('请从列表中选择');
  await saveScreenshot(page, 'grid-report-error-375', { fullPage: true });
  await expectAccessible(page);
});

test('a page whose code was replaced by a new build (an update while the desk is open) loads afresh instead of staying put', async ({
  page,
}) => {
  await loginThroughPage(page, 'grid1');
  await expect(page.getByRole('heading', { level: 1, name: '上报矛盾纠纷' })).toBeVisible();
  // The first request for 我的上报's code fails, as it does when a new build has replaced the file.
  let refused = 0;
  await page.route(/\/assets\/mine-[\w-]+\.js$/, async (route) => {
    if (refused++ === 0) await route.fulfill({ status: 404, body: 'gone' });
    else await route.continue();
  });
  await page.getByRole('menuitem', { name: '我的上报' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的上报' })).toBeVisible();
  await expect(page).toHaveURL(/\/grid\/mine$/);
  expect(refused).toBeGreaterThanOrEqual(2);
});
