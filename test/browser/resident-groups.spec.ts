import { randomUUID } from 'crypto';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { chooseOption } from './support/select';

/** 用户管理 (ADMIN): a resident group (居民小组) created on the page, then a resident reporter (民情联络员) in it, who signs in to 居民上报. */
test('an admin creates a resident group and a REPORTER account in it, who lands on 居民上报', async ({
  page,
  browser,
  baseURL,
}) => {
  await loginThroughPage(page, 'admin');
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.getByRole('button', { name: '居民小组' }).click();
  const groups = page.getByRole('dialog', { name: '居民小组管理' });
  await expect(groups.getByRole('row').filter({ hasText: '新村社区第一居民小组（演示）' })).toBeVisible();
  const code = `JF-C01-G02-R${randomUUID().slice(0, 4)}`;
  const groupName = `新村社区测试小组 ${code.slice(-4)}`;
  await groups.getByLabel('小组编码').fill(code);
  await groups.getByLabel('小组名称').fill(groupName);
  await chooseOption(page, '所在网格', '新村社区第2网格');
  await groups.getByRole('button', { name: '新建', exact: true }).click();
  await expect(groups.getByRole('row').filter({ hasText: code })).toContainText('新村社区第2网格');
  await groups.getByRole('button', { name: '关闭', exact: true }).first().click();
  await expect(groups).toBeHidden();

  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  const username = `rep-${randomUUID().slice(0, 8)}`;
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名', { exact: true }).fill('测试联络员');
  await dialog.getByLabel('初始密码', { exact: true }).fill('reporter-pass-2026');
  await dialog.locator('.el-checkbox').filter({ hasText: '民情联络员' }).click();
  await chooseOption(page, '居民小组', `${groupName}（新村社区第2网格）`);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.admin-users__table').getByRole('row').filter({ hasText: username });
  await expect(row).toContainText('民情联络员');
  await expect(row).toContainText('新村社区第2网格');

  const context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const reporter = await context.newPage();
    await loginThroughPage(reporter, username, { password: 'reporter-pass-2026' });
    await expect(reporter.getByRole('heading', { level: 1, name: '居民小组上报矛盾纠纷' })).toBeVisible();
    await expect(reporter.getByText('来源：居民上报')).toBeVisible();
  } finally {
    await context.close();
  }
});
