import { randomUUID } from 'crypto';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';
import { chooseOption } from './support/select';

/**
 * 管理 · 审计日志 in a real Chromium at 1366×768: the admin finds a refused sign-in (the name that
 * was tried, the reason) by filtering the trail, and sees their own sign-in; no CSP violation.
 */
test('the admin reads the audit trail: a refused sign-in found by its kind and the name tried', async ({
  page,
  stack,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const tried = `nobody-${randomUUID().slice(0, 8)}`;
  const refused = await fetch(`${stack.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: tried, password: 'not-a-password' }),
  });
  expect(refused.status).toBe(401);

  await loginThroughPage(page, 'admin');
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();
  // Newest first: the admin's own sign-in is on the first page.
  await expect(
    page.getByRole('row').filter({ hasText: '登录成功' }).filter({ hasText: 'admin' }).first(),
  ).toBeVisible();

  await chooseOption(page, '事件类型', '登录失败');
  await page.getByLabel('操作人').fill(tried);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByRole('row').filter({ hasText: tried });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('登录失败');
  await expect(row).toContainText('原因：用户名不存在或账号已停用');
  await expect(page.getByRole('row').filter({ hasText: '登录成功' })).toHaveCount(0);

  await saveScreenshot(page, 'admin-audit-1366');
  // The page's own part (the layout around it is every desk's, checked by their tests).
  await expectAccessible(page, { include: 'main' });
  expect(violations).toEqual([]);
});
