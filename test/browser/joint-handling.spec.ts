import { DEMO_UNIT_IDS } from '@app/domain/territory';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';
import { chooseOption } from './support/select';

/**
 * 协办 (docs/joint-handling.md): mediator1, who holds a case of 新村社区's committee in 处置, asks
 * 晓塘社区's committee for assistance from the case page; handling cannot complete while it is
 * open; mediator3 of 晓塘 claims it from the 协办任务 tab of their desk and answers with a report;
 * mediator1 sees the answer and completes handling. The history shows every step.
 */
test('a mediator requests assistance, the assisting mediator answers from their pool, the first completes handling', async ({
  api,
  deskAs,
}) => {
  const routed = await api.caseInPool({ category: 'FAMILY', summary: '家庭纠纷（协办测试）' });
  const holder = await api.as('mediator1');
  await holder.post(`/api/tasks/${routed.id}/claim`);
  expect(routed.unitId).toBe(DEMO_UNIT_IDS.XINCUN_MEDIATION_COMMITTEE);

  await test.step('mediator1 requests assistance from the case page', async () => {
    const mediator = await deskAs('mediator1');
    await mediator.goto(`/cases/${routed.id}`);
    await expect(mediator.getByRole('heading', { level: 1, name: routed.caseNo })).toBeVisible();
    const panel = mediator.getByRole('region', { name: '协办' });
    await expect(panel.getByText('本案暂无协办。')).toBeVisible();
    await panel.getByRole('button', { name: '请求协办' }).click();
    const dialog = mediator.getByRole('dialog', { name: '请求协办' });
    await expect(dialog).toBeVisible();
    await chooseOption(mediator, '协办单位', '矛盾纠纷调处中心 · 晓塘社区人民调解委员会');
    await dialog.getByLabel('协办事项').fill('请协助联系居住在晓塘社区的被申请人，了解其意见');
    await dialog.getByLabel('协办期限（工作日）').fill('2');
    await saveScreenshot(mediator, 'case-assistance-request-1366');
    await dialog.getByRole('button', { name: '请求协办' }).click();
    await expect(dialog).toBeHidden();
    const item = panel.getByTestId('assistance-item');
    await expect(item).toHaveCount(1);
    await expect(item.getByText('晓塘社区人民调解委员会')).toBeVisible();
    await expect(item.getByText('待认领')).toBeVisible();
    await expect(
      mediator.getByRole('region', { name: '办理记录' }).getByText(/^请晓塘社区人民调解委员会协办/),
    ).toBeVisible();
    await expectAccessible(mediator);
  });

  // While it is open, handling cannot complete (the API's 409 names the assistance).
  const refused = await holder.send('POST', `/api/disputes/${routed.id}/complete-handling`, {
    outcome: 'RESOLVED_ON_SITE',
    summary: '当场化解',
  });
  expect(refused.status).toBe(409);

  await test.step('mediator3 claims it from the 协办任务 tab and answers it', async () => {
    const helper = await deskAs('mediator3');
    await helper.goto('/inbox');
    await helper.getByRole('tab', { name: /^协办任务/ }).click();
    const tasks = helper.getByTestId('assistance-tasks');
    await expect(tasks.getByText('请协助联系居住在晓塘社区的被申请人，了解其意见')).toBeVisible();
    await tasks.getByRole('button', { name: `认领 ${routed.caseNo} 的协办` }).click();
    await expect(helper.getByText(`已认领案件 ${routed.caseNo} 的协办，请在期限内答复。`)).toBeVisible();
    await tasks.getByRole('button', { name: `答复 ${routed.caseNo} 的协办` }).click();
    const dialog = helper.getByRole('dialog', { name: `答复协办：${routed.caseNo}` });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('协办报告').fill('已联系被申请人，其同意到新村社区参加调解。');
    await saveScreenshot(helper, 'inbox-assistance-answer-1366');
    await dialog.getByRole('button', { name: '答复' }).click();
    await expect(dialog).toBeHidden();
    await expect(helper.getByText(`已答复案件 ${routed.caseNo} 的协办。`)).toBeVisible();
    await expect(tasks.getByText('没有待认领或在办的协办任务。')).toBeVisible();
    await expectAccessible(helper);
  });

  await test.step('mediator1 sees the answer and completes handling', async () => {
    const login = await deskAs('mediator1');
    await login.goto(`/cases/${routed.id}`);
    const panel = login.getByRole('region', { name: '协办' });
    await expect(panel.getByText('已答复')).toBeVisible();
    await expect(panel.getByText('协办报告：已联系被申请人，其同意到新村社区参加调解。')).toBeVisible();
    const history = login.getByRole('region', { name: '办理记录' });
    await expect(history.getByText(/^晓塘社区人民调解委员会按期答复：/)).toBeVisible();
    await expect(history.getByText('晓塘社区人民调解委员会已认领协办')).toBeVisible();
    await saveScreenshot(login, 'case-assistance-answered-1366');

    await login
      .getByRole('region', { name: '可办理事项' })
      .getByRole('button', { name: '处置完成', exact: true })
      .click();
    const dialog = login.getByRole('dialog', { name: '处置完成' });
    await dialog.getByRole('radio', { name: '当场化解' }).check({ force: true });
    await dialog.getByLabel('处置情况').fill('经晓塘社区协助，双方当场和解');
    await dialog.getByRole('button', { name: '处置完成', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(login.getByText(/^“处置完成”已办理，案件当前环节：/)).toBeVisible();
  });
  const after = await api.getCase(routed.id);
  expect(after.stage).toBe('SUPERVISION');
});
