import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * axe-core on the page once no loading mask is left: fails on any serious or critical violation, listing each
 * with the elements concerned; the full results are attached to the test's report. Minor and
 * moderate findings are attached but do not fail.
 */
export async function expectAccessible(
  page: Page,
  options: { include?: string; exclude?: string[] } = {},
): Promise<void> {
  // The page at rest: a loading mask still fading out lies over what it covered and would be
  // measured as their background (contrast) or found inside their markup; an element in a Vue
  // transition (an el-tag zooming in) is part transparent, its contrast measured low.
  await expect(page.locator('.el-loading-mask')).toHaveCount(0);
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
  // A toast (el-message, 3 s) is not at rest either: one that begins to fade out while axe runs
  // is measured part transparent (the sign-in's welcome, 1.74:1 in one run). Measured once gone.
  await expect(page.locator('.el-message')).toHaveCount(0);
  let builder = new AxeBuilder({ page });
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  await test.info().attach(`axe ${page.url()}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map(
        (node) => `${node.target.join(' ')}: ${node.failureSummary?.split('\n').slice(1).join(' ').trim()}`,
      ),
    }));
  expect(blocking, `serious or critical accessibility violations on ${page.url()}`).toEqual([]);
}
