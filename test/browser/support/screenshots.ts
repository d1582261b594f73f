import * as fs from 'fs';
import * as path from 'path';
import type { Page } from '@playwright/test';
import { ROOT } from './built';

/**
 * Screenshots of the desks. Every run writes them to test/browser/screenshots/ (not committed);
 * those taken with `docs: true` are also copied to docs/screenshots/ (committed, shown in
 * README.md) when the run is `npm run screenshots`, which sets DOCS_SCREENSHOTS.
 */

export const SCREENSHOTS_DIR = path.join(ROOT, 'test/browser/screenshots');
export const DOCS_SCREENSHOTS_DIR = path.join(ROOT, 'docs/screenshots');

export interface ScreenshotOptions {
  /** One of the screenshots README.md shows. */
  docs?: boolean;
  fullPage?: boolean;
}

/** Saves `<name>.png` (name: lower-case words joined by '-', e.g. `counter-1366`); resolves with its path. */
export async function saveScreenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<string> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name))
    throw new Error(`screenshot name "${name}": lower-case words joined by '-'`);
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  if (options.docs && process.env.DOCS_SCREENSHOTS) {
    fs.mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS_SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}
