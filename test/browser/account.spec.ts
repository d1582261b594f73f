import { randomUUID } from 'crypto';
import { expectAccessible } from './support/a11y';
import { ApiClient } from './support/api';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/**
 * One's own account in the desks: the user menu's 修改密码 (a dialog: current password, the new
 * one twice) and 退出登录, which signs the token out on the gateway. An account of its own, so
 * that no other test's password changes.
 */
test("changes one's own password from the user menu, then 退出登录 signs the token out on the gateway", async ({
  page,
  api,
  baseURL,
}) => {
  const username = `browser-pw-${randomUUID().slice(0, 8)}`;
  const admin = await api.as('admin');
  await admin.post('/api/admin/users', {
    username,
    displayName: '改密测试',
    password: 'first-pass-2026',
    roles: ['CLERK'],
  });

  await loginThroughPage(page, username, { password: 'first-pass-2026' });
  await page.getByRole('button', { name: '账号菜单' }).click();
  await page.getByRole('menuitem', { name: '修改密码' }).click();
  const dialog = page.getByRole('dialog', { name: '修改密码' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, { include: '.el-dialog' });

  // Too short, and the two new ones differ: told before asking the gateway.
  await dialog.getByLabel('当前密码', { exact: true }).fill('first-pass-2026');
  await dialog.getByLabel('新密码', { exact: true }).fill('short-pass');
  await dialog.getByLabel('再次输入新密码', { exact: true }).fill('other-pass');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('新密码至少需要 12 位')).toBeVisible();
  await expect(dialog.getByText('两次输入的新密码不一致')).toBeVisible();

  // A wrong current password: the gateway's 422, beside the field, in Chinese.
  await dialog.getByLabel('当前密码', { exact: true }).fill('not-my-password');
  await dialog.getByLabel('新密码', { exact: true }).fill('second-pass-2026');
  await dialog.getByLabel('再次输入新密码', { exact: true }).fill('second-pass-2026');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByText('当前密码不正确')).toBeVisible();
  await saveScreenshot(page, 'account-change-password');

  await dialog.getByLabel('当前密码', { exact: true }).fill('first-pass-2026');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('密码已修改')).toBeVisible();
  await expect(dialog).toBeHidden();

  // 退出登录: the session's token is refused by the gateway from now on.
  const token = await page.evaluate<string | undefined>(
    "JSON.parse(localStorage.getItem('desks.session') ?? '{}').token",
  );
  expect(token).toBeTruthy();
  const signedIn = new ApiClient(baseURL!, { accessToken: token!, user: {} } as never);
  expect((await signedIn.send('GET', '/api/meta/territory')).status).toBe(200);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByLabel('用户名', { exact: true })).toBeVisible();
  expect((await signedIn.send('GET', '/api/meta/territory')).status).toBe(401);

  // The old password no longer signs in; the new one does.
  expect((await api.public.send('POST', '/api/auth/login', { username, password: 'first-pass-2026' })).status).toBe(
    401,
  );
  await loginThroughPage(page, username, { password: 'second-pass-2026' });
});
