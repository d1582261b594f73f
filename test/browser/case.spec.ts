import type { Page } from '@playwright/test';
import { expectAccessible } from './support/a11y';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

/**
 * 案件详情: the case as each person may see it, with only the actions they may take now. A
 * mediator records a session and completes handling with an agreement from the page.
 */

async function openCase(page: Page, caseId: string, caseNo: string): Promise<void> {
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1, name: caseNo })).toBeVisible();
}

const actionButtons = (page: Page) => page.getByRole('region', { name: '可办理事项' }).getByRole('button');

async function waitForToastsToGo(page: Page): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0);
}

test('a mediator records a session and completes handling with an agreement from the case page', async ({
  api,
  deskAs,
}) => {
  const routed = await api.caseInPool();
  await (await api.as('mediator1')).post(`/api/tasks/${routed.id}/claim`);
  const page = await deskAs('mediator1');
  await openCase(page, routed.id, routed.caseNo);
  await expect(page.getByText('张华（演示）', { exact: true }).first()).toBeVisible();
  await expect(actionButtons(page)).toHaveText(['退回任务池', '记录调解', '处置完成', '申请延期', '转办', '撤回']);

  // A session: an empty note is refused by the API, and the message stands beside the field.
  await page.getByRole('button', { name: '记录调解' }).click();
  const session = page.getByRole('dialog', { name: '记录调解' });
  await expect(session.getByLabel('调解时间')).toBeVisible();
  await session.getByRole('button', { name: '记录调解' }).click();
  await expect(session.getByText('此项不能为空')).toBeVisible();
  await session.getByLabel('调解记录').fill('双方到场，楼上同意上门查看漏水点');
  await session.getByRole('button', { name: '记录调解' }).click();
  await expect(session).toBeHidden();
  const history = page.getByRole('region', { name: '办理记录' });
  await expect(history.getByText('记录：双方到场，楼上同意上门查看漏水点')).toBeVisible();
  await expect(history.getByText('张华（演示）（调解员）').first()).toBeVisible();

  // Completion with an agreement: its terms and the day it is to be fulfilled.
  await page.getByRole('button', { name: '处置完成' }).click();
  const complete = page.getByRole('dialog', { name: '处置完成' });
  await expect(complete.getByRole('radio', { name: '达成协议' })).toBeChecked();
  await complete.getByLabel('处置情况').fill('经调解双方达成协议');
  await complete.getByLabel('协议内容').fill('楼上住户负责维修防水层并赔偿 800 元');
  const fulfilBy = complete.getByLabel('履行期限');
  await fulfilBy.fill('2026-12-31');
  await fulfilBy.press('Enter');
  await saveScreenshot(page, 'case-complete-dialog-1366');
  await complete.getByRole('button', { name: '处置完成' }).click();
  await expect(complete).toBeHidden();

  await expect(page.getByText('“处置完成”已办理，案件当前环节：跟踪。')).toBeVisible();
  await expect(history.getByText('协议内容：楼上住户负责维修防水层并赔偿 800 元（履行期限 2026-12-31）')).toBeVisible();
  await expect(actionButtons(page)).toHaveText(['退回任务池', '跟踪回访', '转办']);
  const after = await api.getCase(routed.id);
  expect(after.stage).toBe('TRACKING');
  await expectAccessible(page);
});

test('each person sees only what they may do now; a grid worker reads; screenshots of the case page', async ({
  api,
  deskAs,
}) => {
  // In SUPERVISION: the supervisor approves or returns; the mediator who handled it has nothing to do.
  const routed = await api.caseInPool();
  const mediator = await api.as('mediator1');
  await mediator.post(`/api/tasks/${routed.id}/claim`);
  await mediator.post(`/api/disputes/${routed.id}/handling-records`, {
    note: '电话联系双方',
    sessionAt: new Date().toISOString(),
    participants: ['张三'],
  });
  await mediator.post(`/api/disputes/${routed.id}/complete-handling`, {
    outcome: 'RESOLVED_ON_SITE',
    summary: '当场化解',
  });

  const supervisor = await deskAs('supervisor1');
  await openCase(supervisor, routed.id, routed.caseNo);
  await expect(actionButtons(supervisor)).toHaveText(['审核通过', '退回重办', '下达督办单', '中止办理']);
  const progress = supervisor.getByRole('region', { name: '办理进度' });
  for (const stage of ['发现', '受理', '分流', '处置', '跟踪', '督办', '反馈', '评价'])
    await expect(progress.getByText(stage, { exact: true })).toBeVisible();
  await waitForToastsToGo(supervisor);
  await expectAccessible(supervisor);
  await saveScreenshot(supervisor, 'case-1366');
  await supervisor.setViewportSize({ width: 1920, height: 1080 });
  await saveScreenshot(supervisor, 'case-1920');

  await supervisor.getByRole('button', { name: '审核通过' }).click();
  const approve = supervisor.getByRole('dialog', { name: '审核通过' });
  await approve.getByRole('button', { name: '审核通过' }).click();
  await expect(approve).toBeHidden();
  await expect(supervisor.getByText('“审核通过”已办理，案件当前环节：反馈。')).toBeVisible();
  await expect(actionButtons(supervisor)).toHaveText(['下达督办单', '中止办理']);

  const mediatorPage = await deskAs('mediator1');
  await openCase(mediatorPage, routed.id, routed.caseNo);
  await expect(actionButtons(mediatorPage)).toHaveText(['反馈当事人']);

  // A grid worker's own report: read only, parties masked.
  const report = await api.registerCase(
    { channel: 'GRID_PATROL', parties: [{ role: 'APPLICANT', name: '王五', phone: '13912345678' }] },
    'grid1',
  );
  const grid = await deskAs('grid1');
  await grid.goto(`/cases/${report.id}`);
  await expect(grid.getByRole('heading', { level: 1, name: '尚未受理（无案件编号）' })).toBeVisible();
  await expect(grid.getByText('您可查看本案，无需办理。')).toBeVisible();
  await expect(grid.getByText('139****5678')).toBeVisible();
  await expect(actionButtons(grid)).toHaveCount(0);
});

test('a refusal reads in Chinese: a claim another mediator won while the page was open', async ({ api, deskAs }) => {
  const routed = await api.caseInPool();
  const page = await deskAs('mediator2');
  await openCase(page, routed.id, routed.caseNo);
  await (await api.as('mediator1')).post(`/api/tasks/${routed.id}/claim`);
  await page.getByRole('button', { name: '认领' }).click();
  const claim = page.getByRole('dialog', { name: '认领' });
  await claim.getByRole('button', { name: '认领' }).click();
  await expect(claim.getByRole('alert').filter({ hasText: '认领未成功：本案已被 张华（演示） 认领。' })).toBeVisible();
  await claim.getByRole('button', { name: '取消' }).click();
  await expect(actionButtons(page)).toHaveCount(0);
  await expect(page.getByText('当前没有需要您办理的事项。')).toBeVisible();
});

test("at the window: a clerk accepts a grid worker's report and routes it as suggested from the case page", async ({
  api,
  deskAs,
}) => {
  const report = await api.registerCase({ channel: 'GRID_PATROL' }, 'grid1');
  const page = await deskAs('clerk1');
  await page.goto(`/cases/${report.id}`);
  await expect(page.getByRole('heading', { level: 1, name: '尚未受理（无案件编号）' })).toBeVisible();
  await expect(actionButtons(page)).toHaveText(['受理', '不予受理', '撤回']);

  await page.getByRole('button', { name: '受理', exact: true }).click();
  const accept = page.getByRole('dialog', { name: '受理' });
  await accept.getByRole('button', { name: '受理', exact: true }).click();
  await expect(accept).toBeHidden();
  const accepted = await api.getCase(report.id);
  await expect(page.getByRole('heading', { level: 1, name: accepted.caseNo })).toBeVisible();
  await expect(actionButtons(page)).toHaveText(['分流', '撤回']);

  await page.getByRole('button', { name: '分流' }).click();
  const routing = page.getByRole('dialog', { name: '分流' });
  await expect(routing.getByText('建议依据')).toBeVisible();
  await routing.getByRole('button', { name: '确认分流' }).click();
  await expect(routing).toBeHidden();
  await expect(page.locator('.case-head__stage')).toHaveText('分流');
  await expect(
    page.getByRole('region', { name: '办理记录' }).getByText(/^交矛盾纠纷调处中心 · 新村社区/),
  ).toBeVisible();
  expect((await api.getCase(report.id)).stage).toBe('ROUTING');
});

test('a supervisor decides an extension and reassigns the case to another mediator of its pool, picked by name', async ({
  api,
  deskAs,
}) => {
  const routed = await api.caseInPool();
  const mediator = await api.as('mediator1');
  await mediator.post(`/api/tasks/${routed.id}/claim`);
  await mediator.post(`/api/disputes/${routed.id}/extensions`, { days: 5, reason: '当事人外出，需延后调解' });

  const page = await deskAs('supervisor1');
  await openCase(page, routed.id, routed.caseNo);
  await expect(page.getByRole('region', { name: '延期申请' }).getByText('待审批')).toBeVisible();
  await page.getByRole('button', { name: '审批延期' }).click();
  const decide = page.getByRole('dialog', { name: '审批延期' });
  await expect(decide.getByText('调解员申请延期 5 个工作日；理由：当事人外出，需延后调解')).toBeVisible();
  await decide.getByLabel('说明').fill('同意延期');
  await decide.getByRole('button', { name: '审批延期' }).click();
  await expect(decide).toBeHidden();
  await expect(page.getByRole('region', { name: '延期申请' }).getByText('已批准')).toBeVisible();
  await expect(page.getByRole('region', { name: '办理记录' }).getByText('批准延期 5 个工作日')).toBeVisible();

  await page.getByRole('button', { name: '改派' }).click();
  const reassign = page.getByRole('dialog', { name: '改派' });
  await reassign.getByLabel('改派给').click();
  await page.getByRole('option', { name: '刘芳（演示）' }).click();
  await reassign.getByRole('button', { name: '改派' }).click();
  await expect(reassign).toBeHidden();
  await expect(page.getByRole('region', { name: '办理记录' }).getByText('改派给 刘芳（演示）')).toBeVisible();
  expect((await api.getCase(routed.id)).assigneeId).toBe((await api.as('mediator2')).session!.user.id);
});
