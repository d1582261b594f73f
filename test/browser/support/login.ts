import { expect, type Page } from '@playwright/test';
import type { DemoUser } from './api';
import { DEMO_PASSWORD } from './browser-stack';

/**
 * Logs in through the login page as a person does: the labelled fields 用户名 and 密码, the
 * button 登录. Opens `path` first (default `/`, which leads a visitor without a session to the
 * login page) and resolves once the login form is gone, i.e. the desk has taken over.
 */
export async function loginThroughPage(
  page: Page,
  username: DemoUser | string,
  options: { password?: string; path?: string } = {},
): Promise<void> {
  await page.goto(options.path ?? '/');
  const user = page.getByLabel('用户名', { exact: true });
  const password = page.getByLabel('密码', { exact: true });
  await user.fill(username);
  await password.fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(password, `the login form of ${username} should give way to the desk`).toBeHidden();
}
