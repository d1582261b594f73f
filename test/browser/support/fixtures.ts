import { test as base, type BrowserContextOptions, type Page } from '@playwright/test';
import { StackApi, type DemoUser } from './api';
import { stackAddresses, type StackAddresses } from './browser-stack';
import { loginThroughPage } from './login';

/** A page of its own browser context (own cookies and storage), logged in through the login page. */
export type DeskAs = (
  username: DemoUser | string,
  options?: BrowserContextOptions & { path?: string },
) => Promise<Page>;

/**
 * The browser tests' `test`: Playwright's, with the stack the global setup started.
 * - `stack`: its addresses (gateway, PostgreSQL as superuser, Temporal, task queue);
 * - `api`: the HTTP contract as the demo accounts (`await api.as('clerk1')`), for quick set-up;
 * - `baseURL`: the gateway, so `page.goto('/')` opens the desks;
 * - `deskAs`: another person in another browser context, logged in (two mediators racing for a
 *   claim; a phone: `deskAs('grid1', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true })`).
 *   Its contexts are closed when the test ends.
 */
export const test = base.extend<{ stack: StackAddresses; api: StackApi; deskAs: DeskAs }>({
  stack: async ({}, use) => {
    await use(stackAddresses());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.baseUrl);
  },
  api: async ({ stack }, use) => {
    await use(new StackApi(stack.baseUrl));
  },
  deskAs: async ({ browser, contextOptions, baseURL }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (username, { path, ...options } = {}) => {
      const context = await browser.newContext({
        ...contextOptions,
        baseURL,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        ...options,
      });
      contexts.push(context);
      const page = await context.newPage();
      await loginThroughPage(page, username, { path });
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export { expect } from '@playwright/test';
