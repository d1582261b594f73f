import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/**
 * 上交 (DOMAIN.md "Routing"): a case that 新村社区's mediation committee completed as UNRESOLVED
 * waits in 督办; the supervisor opens 转办, finds it explained and filled in for the street-level
 * committee of the same center, sends it, and the history says it went up a level.
 */
test("a supervisor sends a community committee's unresolved case up to the street (上交)", async ({ api, deskAs }) => {
  const routed = await api.caseInPool({ category: 'FAMILY', summary: '家庭纠纷（上交测试）' });
  const mediator = await api.as('mediator1');
  await mediator.post(`/api/tasks/${routed.id}/claim`);
  await mediator.post(`/api/disputes/${routed.id}/complete-handling`, {
    outcome: 'UNRESOLVED',
    summary: '社区调解未果',
  });
  const suggestion = await (
    await api.as('supervisor1')
  ).get<{ unitId: string; upALevel: boolean }>(`/api/disputes/${routed.id}/routing-suggestion`);
  expect(suggestion.upALevel).toBe(true);

  const page = await deskAs('supervisor1');
  await page.goto(`/cases/${routed.id}`);
  await expect(page.getByRole('heading', { level: 1, name: routed.caseNo })).toBeVisible();
  await page.getByRole('region', { name: '可办理事项' }).getByRole('button', { name: '转办' }).click();
  const dialog = page.getByRole('dialog', { name: '转办' });
  await expect(dialog.getByText('社区层级调解组织未能化解本案')).toBeVisible();
  await expect(dialog.getByLabel('转办理由')).toHaveValue(/调解未能化解，上交街道层级处置$/);
  await saveScreenshot(page, 'case-up-a-level-1366');
  await dialog.getByRole('button', { name: '转办' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('region', { name: '办理记录' }).getByText(/^上交至.*（街道层级）；理由：/)).toBeVisible();
  const after = await api.getCase(routed.id);
  expect({ stage: after.stage, unitId: after.unitId }).toEqual({ stage: 'ROUTING', unitId: suggestion.unitId });
  await expect(page.locator('.el-message')).toHaveCount(0);
  await expectAccessible(page);
});
