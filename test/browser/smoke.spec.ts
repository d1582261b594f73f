import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/** The stack is up and the gateway serves the desks, in Chinese, to a real Chromium. */

test('the gateway answers /health with the database and Temporal up', async ({ request }) => {
  const response = await request.get('/health');
  expect(response.status()).toBe(200);
});

test('`/` serves the desks in Chinese: html lang zh-CN and the login form', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByLabel('用户名', { exact: true })).toBeVisible();
  await expect(page.getByLabel('密码', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: '登录', exact: true })).toBeVisible();
  await saveScreenshot(page, 'login', { docs: true });
});

test('the login page has no serious or critical accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('用户名', { exact: true })).toBeVisible();
  await expectAccessible(page);
});

test('a demo account logs in through the login page and leaves it', async ({ page }) => {
  await loginThroughPage(page, 'clerk1');
  expect(new URL(page.url()).pathname).not.toMatch(/login/);
});

test('two people at once, each in a browser context of their own (one on a phone)', async ({ deskAs }) => {
  const mediator = await deskAs('mediator1');
  const grid = await deskAs('grid1', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  expect(mediator.context()).not.toBe(grid.context());
  expect(grid.viewportSize()).toEqual({ width: 375, height: 812 });
  await saveScreenshot(grid, 'smoke-grid1-phone');
});
