import { expect, test } from './support/fixtures';

/** The gateway's content security policy (apps/gateway/src/common/security-headers.ts) lets every desk work: Chromium reports no violation. */
test('no desk page breaks the content security policy', async ({ deskAs, page }) => {
  const violations: string[] = [];
  const watch = (where: string, p: typeof page) =>
    p.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${where}: ${message.text()}`);
    });
  for (const [user, path] of [
    ['clerk1', '/counter'],
    ['grid1', '/grid/report'],
    ['mediator1', '/inbox'],
    ['supervisor1', '/supervisor'],
    ['supervisor2', '/stats'],
    ['admin', '/admin/calendar'],
  ] as const) {
    const desk = await deskAs(user);
    watch(path, desk);
    await desk.goto(path);
    await desk.waitForLoadState('networkidle');
  }
  watch('/p', page);
  await page.goto('/p');
  await page.waitForLoadState('networkidle');
  const response = await page.request.get('/');
  expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(violations).toEqual([]);
});
