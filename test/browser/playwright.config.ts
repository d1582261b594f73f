import { defineConfig } from '@playwright/test';
import { chromiumPath } from '../../scripts/browser-deps';

/**
 * The browser tests (`npm run test:browser`, the last step of `npm test`): Debian's chromium
 * (CHROMIUM_PATH to use another) driven by Playwright against the real stack, which the global
 * setup starts once on free ports. One worker: the machine has two cores, and the stack shares them.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'results',
  globalSetup: './support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 120_000,
  globalTimeout: 30 * 60_000,
  expect: { timeout: 15_000 },
  use: {
    browserName: 'chromium',
    // Set by the global setup before the workers start (they load this file again).
    baseURL: process.env.BROWSER_BASE_URL,
    launchOptions: { executablePath: chromiumPath() },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
