import { randomUUID } from 'crypto';
import { expectAccessible } from './support/a11y';
import { sampleReport } from './support/api';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { chooseOption } from './support/select';

/**
 * 区域管理 (ADMIN) in a real Chromium: a new base grid created on the page takes reports at once;
 * deactivated on the page, it takes none, and stays listed with its case; a refusal of the
 * gateway (a community that still has grids) reads in Chinese.
 */
test('the admin creates a base grid, the clerk reports in it, the admin deactivates it and intake refuses it', async ({
  page,
  api,
}) => {
  const clerk = await api.as('clerk1');
  const code = `JF-C01-T${randomUUID().slice(0, 6).toUpperCase()}`;
  const name = `新村社区测试网格${code.slice(-6)}`;

  await loginThroughPage(page, 'admin');
  await page.getByRole('menuitem', { name: '区域管理' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '区域管理：网格、社区、承办单位与中心' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '新村社区第1网格', exact: true })).toBeVisible();
  await expectAccessible(page, { include: 'main' }); // the page itself (the layout's header is the other specs')

  await page.getByRole('button', { name: '新建网格' }).click();
  const dialog = page.getByRole('dialog', { name: '新建网格' });
  await dialog.getByLabel('编码').fill(code);
  await dialog.getByLabel('名称').fill(name);
  await chooseOption(page, '所属社区网格', '新村社区网格');
  await dialog.getByRole('button', { name: '创建' }).click();
  await expect(page.getByText(`已创建网格：${name}`)).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: code, exact: true }) });
  await expect(row).toContainText('新村社区');
  await expect(row).toContainText('启用');

  const reported = await clerk.send('POST', '/api/disputes', sampleReport({ gridCode: code }));
  expect(reported.status).toBe(201);

  await page.getByRole('button', { name: `停用 ${name}` }).click();
  await page.getByRole('dialog', { name: '停用确认' }).getByRole('button', { name: '停用' }).click();
  await expect(page.getByText(`已停用：${name}`)).toBeVisible();
  await expect(row).toContainText('已停用');
  await expect(row.getByRole('cell', { name: '1', exact: true })).toBeVisible(); // its case stays counted

  const refused = await clerk.send('POST', '/api/disputes', sampleReport({ gridCode: code }));
  expect(refused.status).toBe(422);
  expect(JSON.stringify(refused.body.message)).toContain('deactivated');

  // A community that still has grids is not deactivated; the refusal is read in Chinese.
  await page.getByRole('tab', { name: '村（社区）' }).click();
  await page.getByRole('button', { name: '停用 新村社区', exact: true }).click();
  await page.getByRole('dialog', { name: '停用确认' }).getByRole('button', { name: '停用' }).click();
  await expect(page.getByText(/其下还有启用中的网格（JF-C01-G01/)).toBeVisible();
  await expect(
    page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'JF-C01', exact: true }) }),
  ).toContainText('启用');
});
