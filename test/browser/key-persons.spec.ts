import { randomUUID } from 'crypto';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';
import { chooseOption } from './support/select';

const uniquePhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** 重点人员 (docs/key-persons.md): the register for the intake center and supervisors; a visit recorded from the person's page. */
test('a clerk opens 重点人员, registers a person, opens their page and records a visit', async ({ page, api }) => {
  const phone = uniquePhone();
  const name = `钱某（浏览器测试 ${randomUUID().slice(0, 4)}）`;
  // A key person registered through the API by a supervisor, to be found in the clerk's list.
  const supervisor = await api.as('supervisor2');
  const listed = await supervisor.post<{ id: string }>('/api/key-persons', {
    name: `孙某（浏览器测试 ${randomUUID().slice(0, 4)}）`,
    phone: uniquePhone(),
    reason: 'MENTAL_HEALTH',
    riskLevel: 'HIGH',
    gridCode: 'JF-C01-G01',
    responsibleId: '00000000-0000-4000-8000-000000001007',
  });

  await loginThroughPage(page, 'clerk1');
  await page.getByRole('menuitem', { name: '重点人员' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '重点人员名册' })).toBeVisible();
  const listedRow = page
    .locator('.el-table__row')
    .filter({ has: page.locator(`a[href="/key-persons/${listed.id}"]`) })
    .first();
  await expect(listedRow).toContainText('高风险');
  // The list masks phone numbers.
  await expect(listedRow).toContainText(/139\*{4}\d{4}/);

  await page.getByRole('button', { name: '登记重点人员' }).click();
  const dialog = page.getByRole('dialog', { name: '登记重点人员' });
  await dialog.getByLabel('姓名').fill(name);
  await dialog.getByLabel('联系电话').fill(phone);
  await chooseOption(page, '关注原因', '家庭矛盾未化解');
  await dialog.getByText('中风险', { exact: true }).click();
  await chooseOption(page, '所在网格', '新村社区第1网格');
  await dialog.getByRole('button', { name: '登记', exact: true }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('.el-table__row').filter({ hasText: name });
  await expect(row).toContainText('中风险');
  await expect(row).toContainText('尚未走访');
  await saveScreenshot(page, 'key-persons-1366', { docs: true });
  await expectAccessible(page);

  await row.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  // Whole on the person's own page.
  await expect(page.getByText(phone)).toBeVisible();
  await expect(page.getByText('还没有走访记录。')).toBeVisible();

  await page.getByRole('button', { name: '记录走访' }).click();
  const visit = page.getByRole('dialog', { name: /记录走访/ });
  await visit.getByLabel('走访情况').fill('上门走访，本人情绪稳定，家属配合（浏览器测试）');
  await visit.getByRole('button', { name: '保存' }).click();
  await expect(visit).toBeHidden();
  // The message of the registration before may still be fading out: look for this one by its words.
  await expect(page.locator('.el-message--success').filter({ hasText: '走访已记录' })).toBeVisible();
  const visits = page.locator('.visits');
  await expect(visits).toContainText('上门走访，本人情绪稳定，家属配合（浏览器测试）');
  await expect(visits).toContainText('王敏（演示）');
  await expect(page.locator('.el-descriptions')).toContainText('走访次数');
  await saveScreenshot(page, 'key-person-1366', { docs: true });
  await expectAccessible(page);
});

test('the menu offers 重点人员 to supervisors and not to mediators', async ({ page, deskAs }) => {
  await loginThroughPage(page, 'supervisor1');
  await expect(page.getByRole('menuitem', { name: '重点人员' })).toBeVisible();
  const mediator = await deskAs('mediator1');
  await expect(mediator.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(mediator.getByRole('menuitem', { name: '重点人员' })).toHaveCount(0);
  await mediator.goto('/key-persons');
  await expect(mediator.getByRole('heading', { level: 1, name: '重点人员名册' })).toHaveCount(0);
});
