import { test as base } from '@playwright/test';
import { StackApi } from './api';
import { stackAddresses, type StackAddresses } from './browser-stack';

/**
 * The browser tests' `test`: Playwright's, with the stack the global setup started.
 * - `stack`: its addresses (gateway, PostgreSQL as superuser, Temporal, task queue);
 * - `api`: the HTTP contract as the demo accounts (`await api.as('clerk1')`), for quick set-up;
 * - `baseURL`: the gateway, so `page.goto('/')` opens the desks.
 */
export const test = base.extend<{ stack: StackAddresses; api: StackApi }>({
  stack: async ({}, use) => {
    await use(stackAddresses());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.baseUrl);
  },
  api: async ({ stack }, use) => {
    await use(new StackApi(stack.baseUrl));
  },
});

export { expect } from '@playwright/test';
