import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { chooseOption } from './support/select';

/** 窗口受理: what the clerk sees when the input is wrong, and when the dispute may already be known. */

/** The form items (within `scope`) of a labelled field: where its message appears. */
const itemOf = (page: Page, scope: Page | Locator, label: string) =>
  scope.locator('.el-form-item').filter({ has: page.getByLabel(label, { exact: true }) });

const freshPhone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

test("bad input on the counter form: the API's messages appear in Chinese beside the fields, and nothing is registered", async ({
  deskAs,
}) => {
  const clerk = await deskAs('clerk1');
  await expect(clerk).toHaveURL(/\/counter$/);
  await chooseOption(clerk, '纠纷类别', '邻里纠纷');
  await clerk.getByLabel('事由摘要', { exact: true }).fill('楼道堆物（错误输入演示）');
  // 详细情况 left empty.
  await chooseOption(clerk, '所属社区', '新村社区');
  await chooseOption(clerk, '所属网格', '新村社区第3网格');
  await clerk.getByLabel('详细地址', { exact: true }).fill('新村社区 3 幢');
  const parties = clerk.getByRole('group', { name: '当事人' });
  await parties.getByLabel('姓名', { exact: true }).nth(0).fill('赵六');
  await parties.getByLabel('联系电话', { exact: true }).nth(0).fill('12ab');
  await parties.getByLabel('身份证号', { exact: true }).nth(0).fill('1234');
  await clerk.getByRole('button', { name: /^(登记|仍然登记)$/ }).click();

  await expect(clerk.getByRole('alert').filter({ hasText: '登记未成功' })).toBeVisible();
  await expect(itemOf(clerk, parties, '联系电话').nth(0)).toContainText('电话号码应为 6 至 20 位数字（可带 + 和 -）');
  await expect(itemOf(clerk, parties, '身份证号').nth(0)).toContainText('身份证号应为 18 位（最后一位可为 X）');
  await expect(itemOf(clerk, clerk, '详细情况')).toContainText('此项不能为空');
  // No English, no codes where the clerk looks.
  await expect(clerk.locator('.el-form-item__error').filter({ hasText: /[A-Za-z_]{4,}/ })).toHaveCount(0);
  await expect(clerk.getByRole('region', { name: '登记结果' })).toHaveCount(0);
  await expectAccessible(clerk);

  // Mended, the same form registers.
  await parties.getByLabel('联系电话', { exact: true }).nth(0).fill(freshPhone());
  await parties.getByLabel('身份证号', { exact: true }).nth(0).fill('');
  await clerk.getByLabel('详细情况', { exact: true }).fill('楼道长期堆放杂物，存在消防隐患。');
  await clerk.getByRole('button', { name: /^(登记|仍然登记)$/ }).click();
  await expect(clerk.getByRole('region', { name: '登记结果' })).toBeVisible();
});

test('a party already in an open case: the possible duplicate appears while the clerk types, and the report can be merged into it', async ({
  deskAs,
  api,
}) => {
  const phone = freshPhone();
  const known = await api.registerCase({ parties: [{ role: 'APPLICANT', name: '钱七', phone }] });
  const clerk = await deskAs('clerk1');
  await chooseOption(clerk, '纠纷类别', '邻里纠纷');
  await clerk.getByLabel('事由摘要', { exact: true }).fill('再次来访：楼上漏水');
  await clerk.getByLabel('详细情况', { exact: true }).fill('同一当事人再次反映漏水问题。');
  await chooseOption(clerk, '所属社区', '新村社区');
  await chooseOption(clerk, '所属网格', '新村社区第3网格');
  await clerk.getByLabel('详细地址', { exact: true }).fill('新村社区 5 幢');
  const parties = clerk.getByRole('group', { name: '当事人' });
  await parties.getByLabel('姓名', { exact: true }).nth(0).fill('钱七');
  await parties.getByLabel('联系电话', { exact: true }).nth(0).fill(phone);

  // Debounced look-up while typing: the known case, why it matches, and the party's open cases.
  const panel = clerk.getByRole('region', { name: '可能重复的案件' });
  await expect(panel.getByText(known.caseNo)).toBeVisible();
  await expect(panel.getByText('同一电话')).toBeVisible();
  await expect(parties.getByText('该当事人已有 1 件在办案件')).toBeVisible();
  await expect(clerk.getByRole('button', { name: '仍然登记', exact: true })).toBeVisible();

  await panel.getByRole('button', { name: '并入此案' }).first().click();
  await clerk
    .getByRole('dialog', { name: '并入已有案件' })
    .getByRole('button', { name: '并入此案', exact: true })
    .click();
  await expect(clerk.getByText(`本次登记已并入案件 ${known.caseNo}，请向当事人出具该案件的回执。`)).toBeVisible();
});
