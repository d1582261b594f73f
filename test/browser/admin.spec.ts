import { randomUUID } from 'crypto';
import { Client } from 'pg';
import type { Page } from '@playwright/test';
import { expectAccessible as axeCheck } from './support/a11y';
import type { ApiCase, ApiClient } from './support/api';
import { expect, test } from './support/fixtures';
import { loginThroughPage } from './support/login';
import { saveScreenshot } from './support/screenshots';

/**
 * 管理 (ADMIN) in a real Chromium at 1366×768: the holiday calendar moves a new case's deadline,
 * and the gateway's validation messages appear beside the field, cell or row they name.
 */

const DAY_MS = 86_400_000;
const OFFICE_OFFSET_MS = 8 * 3_600_000;

/** The Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
const officeDate = (ms: number) => new Date(ms + OFFICE_OFFSET_MS).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const yearOf = (date: string) => Number(date.slice(0, 4));

interface CalendarYear {
  holidays: string[];
  workdays: string[];
}

/** The calendar years a test changes, put back as they were found (a year that was not loaded is removed again). */
class CalendarRestorer {
  private readonly originals = new Map<number, CalendarYear | null>();

  constructor(
    private readonly admin: ApiClient,
    private readonly databaseUrl: string,
  ) {}

  async read(year: number): Promise<CalendarYear> {
    const answer = await this.admin.send('GET', `/api/admin/calendar/${year}`);
    const found = answer.status === 200 ? (answer.body as CalendarYear) : null;
    if (answer.status !== 200 && answer.status !== 404) throw new Error(`GET calendar ${year}: ${answer.status}`);
    if (!this.originals.has(year)) this.originals.set(year, found);
    return found ?? { holidays: [], workdays: [] };
  }

  async restore(): Promise<void> {
    for (const [year, original] of this.originals) {
      if (original) {
        await this.admin.put(`/api/admin/calendar/${year}`, original);
      } else {
        // No route unloads a year: the one this test loaded goes the way it came.
        const db = new Client({ connectionString: this.databaseUrl });
        await db.connect();
        try {
          await db.query('DELETE FROM calendar_years WHERE year = $1', [year]);
        } finally {
          await db.end();
        }
      }
    }
  }
}

async function registerAccepted(clerk: ApiClient, label: string): Promise<ApiCase> {
  return clerk.post<ApiCase>('/api/disputes', {
    channel: 'WALK_IN',
    category: 'NEIGHBOR',
    summary: `${label}（日历测试 ${randomUUID().slice(0, 8)}）`,
    description: '调休上班日对受理时限的影响',
    gridCode: 'JF-C01-G03',
    address: '新村社区 8 幢',
    urgent: false,
    acceptNow: true,
    parties: [
      { role: 'APPLICANT', name: '王五', phone: `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    ],
  });
}

/** The page at rest for a screenshot: no passing message (the welcome, 已保存), the pointer off the buttons. */
async function settle(page: Page): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0);
  await page.mouse.move(0, 0);
}

/** axe on the page as it rests: the pointer off the buttons (a hovered button shows its lighter hover colour). */
async function expectAccessible(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await axeCheck(page);
}

/** An Element Plus select by its accessible name: the box that shows the chosen option. */
const selectShowing = (page: Page, name: string) =>
  page.locator('.el-select').filter({ has: page.getByRole('combobox', { name }) });

test('the admin marks the coming Saturday as a make-up working day (调休) in the calendar view; a newly accepted case is due on it', async ({
  page,
  api,
  stack,
}) => {
  const admin = await api.as('admin');
  const clerk = await api.as('clerk1');
  const restorer = new CalendarRestorer(admin, stack.databaseUrl);
  // Today and the next Saturday after it. Every day in between becomes a holiday and today a
  // working day, so one working day from an acceptance today ends on that Saturday if it works,
  // and on a later day if it does not: the effect of the one click is certain on any weekday.
  const today = officeDate(Date.now());
  const saturday = addDays(today, (6 - weekday(today) + 7) % 7 || 7);
  const between = Array.from({ length: (Date.parse(saturday) - Date.parse(today)) / DAY_MS - 1 }, (_, i) =>
    addDays(today, i + 1),
  );
  const cases: ApiCase[] = [];

  try {
    for (const year of new Set([yearOf(today), yearOf(saturday)])) {
      const calendar = await restorer.read(year);
      const inYear = (date: string) => yearOf(date) === year;
      const holidays = new Set(calendar.holidays);
      const workdays = new Set(calendar.workdays);
      for (const date of [today, saturday, ...between].filter(inYear)) {
        holidays.delete(date);
        workdays.delete(date);
      }
      between.filter(inYear).forEach((date) => holidays.add(date));
      if (inYear(today) && [0, 6].includes(weekday(today))) workdays.add(today);
      await admin.put(`/api/admin/calendar/${year}`, {
        holidays: [...holidays].sort(),
        workdays: [...workdays].sort(),
      });
    }

    // Before the click: the Saturday is a day off, and one working day from now ends after it.
    const before = await registerAccepted(clerk, '调休前受理');
    cases.push(before);
    expect(before.stage).toBe('ACCEPTANCE');
    expect(
      officeDate(Date.parse(before.stageDeadline!)) > saturday,
      `deadline ${before.stageDeadline} skips ${saturday}`,
    ).toBe(true);

    await loginThroughPage(page, 'admin');
    await page.getByRole('menuitem', { name: '节假日日历' }).click();
    const [y, m, d] = saturday.split('-').map(Number);
    await expect(page.getByRole('heading', { level: 1, name: `${yearOf(today)} 年节假日与调休安排` })).toBeVisible();
    if (y !== yearOf(today)) {
      await page.getByRole('button', { name: '下一年' }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${y} 年节假日与调休安排` })).toBeVisible();
    }
    const day = page.getByRole('button', { name: new RegExp(`^${y}年${m}月${d}日 星期六，`) });
    await expect(day).toHaveAccessibleName(/周末休息$/);
    await day.click();
    await expect(day).toHaveAccessibleName(/调休上班$/);
    await expect(day).toHaveAttribute('data-mark', '班');
    await expect(page.getByText('有未保存的修改')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect(page.getByText('已保存', { exact: true })).toBeVisible();
    await expect(page.getByText('有未保存的修改')).toBeHidden();
    await settle(page);
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'admin-calendar-1366', { docs: true });
    expect((await admin.get<CalendarYear>(`/api/admin/calendar/${y}`)).workdays).toContain(saturday);

    // After the click: a case accepted now is due on the Saturday, at the time of day it was accepted.
    const after = await registerAccepted(clerk, '调休后受理');
    cases.push(after);
    expect(after.stage).toBe('ACCEPTANCE');
    const deadline = Date.parse(after.stageDeadline!);
    expect(officeDate(deadline)).toBe(saturday);
    const workingDaySpan =
      (Date.parse(saturday) - Date.parse(officeDate(Date.parse(after.createdAt as string)))) / DAY_MS;
    expect(Math.abs(deadline - (Date.parse(after.createdAt as string) + workingDaySpan * DAY_MS))).toBeLessThan(60_000);

    // A year nobody loaded says so (its deadlines fall back to Monday–Friday).
    const later = y + 2;
    if ((await admin.send('GET', `/api/admin/calendar/${later}`)).status === 404) {
      for (let shown = y; shown < later; shown++) await page.getByRole('button', { name: '下一年' }).click();
      await expect(page.getByRole('heading', { level: 1, name: `${later} 年节假日与调休安排` })).toBeVisible();
      await expect(page.getByText(`${later} 年的日历尚未载入`)).toBeVisible();
      await expect(page.getByText('节假日 0 天，调休上班 0 天')).toBeVisible();
    }
  } finally {
    await restorer.restore();
    for (const item of cases)
      await clerk.send(
        'POST',
        `/api/disputes/${item.id}/withdraw`,
        { reason: '浏览器测试结束，撤回' },
        { 'idempotency-key': randomUUID() },
      );
  }
});

test.describe('validation messages beside their field', () => {
  test.beforeEach(async ({ page }) => {
    await loginThroughPage(page, 'admin');
    await expect(page.getByRole('heading', { level: 1, name: '工作人员账号' })).toBeVisible();
  });

  test('users: the list by name, and a password too short is refused beside the password field', async ({ page }) => {
    const table = page.locator('.admin-users__table');
    const mediatorRow = table.getByRole('row').filter({ hasText: 'mediator1' });
    await expect(mediatorRow).toContainText('调解员');
    await expect(mediatorRow).toContainText('新村社区人民调解委员会');
    await expect(table.getByRole('row').filter({ hasText: 'supervisor1' })).toContainText('矛盾纠纷调处中心');
    await expect(table.getByRole('row').filter({ hasText: 'grid1' })).toContainText('新村社区第1网格');
    await settle(page);
    await saveScreenshot(page, 'admin-users-1366', { docs: true });
    await expectAccessible(page);

    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    const username = `web-${randomUUID().slice(0, 8)}`;
    await dialog.getByLabel('用户名', { exact: true }).fill(username);
    await dialog.getByLabel('姓名', { exact: true }).fill('测试受理员');
    await dialog.getByLabel('初始密码', { exact: true }).fill('short');
    await dialog.locator('.el-checkbox').filter({ hasText: '受理员' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    const passwordItem = dialog.locator('.el-form-item').filter({ has: page.getByLabel('初始密码', { exact: true }) });
    await expect(passwordItem.locator('.el-form-item__error')).toHaveText('密码至少需要 12 位');
    await expect(dialog.getByRole('alert').first()).toContainText('填写的内容有误');
    await settle(page);
    await saveScreenshot(page, 'admin-users-error-1366');
    await expectAccessible(page);

    // Corrected, the account is created and listed.
    await dialog.getByLabel('初始密码', { exact: true }).fill('long-enough-1');
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    const row = table.getByRole('row').filter({ hasText: username });
    await expect(row).toContainText('受理员');

    // Edited (only what changed is sent), then deactivated.
    await row.getByRole('button', { name: `编辑 ${username}` }).click();
    const edit = page.getByRole('dialog', { name: '编辑用户：测试受理员' });
    await edit.getByLabel('姓名', { exact: true }).fill('测试受理员乙');
    await edit.getByRole('button', { name: '保存' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('测试受理员乙');
    await row.getByRole('button', { name: `停用 ${username}` }).click();
    await page.getByRole('dialog', { name: '停用账号' }).getByRole('button', { name: '停用' }).click();
    await expect(row).toContainText('已停用');
    await expect(row.getByRole('button', { name: `启用 ${username}` })).toBeVisible();
  });

  test('SLA policy: a rule left with neither working days nor a duration is refused in its cell', async ({
    page,
    api,
  }) => {
    const admin = await api.as('admin');
    const policyBefore = await admin.get('/api/admin/sla-policy');
    await page.getByRole('menuitem', { name: '办理时限' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '各环节办理时限' })).toBeVisible();
    const amount = page.getByRole('spinbutton', { name: '受理 · 简易 时限数值' });
    await expect(amount).toHaveValue('1');
    await expect(page.getByRole('combobox', { name: '处置 · 一般 时限单位' })).toBeVisible();
    await expect(page.getByRole('spinbutton', { name: '处置 · 一般 时限数值' })).toHaveValue('15');
    await settle(page);
    await saveScreenshot(page, 'admin-sla-1366');
    await expectAccessible(page);

    await amount.fill('');
    await amount.blur();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const cell = page.locator('td').filter({ has: amount });
    await expect(cell.getByRole('alert')).toHaveText('未设时限：请填写时限数值');
    await expect(page.getByRole('alert').filter({ hasText: '填写的内容有误' })).toBeVisible();
    await settle(page);
    await saveScreenshot(page, 'admin-sla-error-1366', { docs: true });
    await expectAccessible(page);
    expect(await admin.get('/api/admin/sla-policy')).toEqual(policyBefore);

    await page.getByRole('button', { name: '撤销修改' }).click();
    await expect(amount).toHaveValue('1');
    await expect(cell.getByRole('alert')).toBeHidden();
  });

  test('routing table: a MAJOR row to a community unit is refused under its row; an uncovered combination above the table', async ({
    page,
    api,
  }) => {
    const admin = await api.as('admin');
    const rulesBefore = await admin.get('/api/admin/routing-rules');
    await page.getByRole('menuitem', { name: '分流规则' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '分流规则表' })).toBeVisible();
    await expect(selectShowing(page, '第 1 行 纠纷类别')).toContainText('邻里纠纷');
    await expect(selectShowing(page, '第 6 行 承办中心')).toContainText('信访接待中心');
    await settle(page);
    await saveScreenshot(page, 'admin-routing-1366', { docs: true });
    await expectAccessible(page);

    await selectShowing(page, '第 1 行 严重程度').click();
    await page.getByRole('option', { name: '重大' }).click();
    await expect(page.getByRole('listbox')).toBeHidden();
    await expect(selectShowing(page, '第 1 行 严重程度')).toContainText('重大');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const rowError = page.getByRole('alert').filter({ hasText: '第 1 行：' });
    await expect(rowError).toContainText('严重程度为“重大”的案件只能交街道级单位');
    await expect(page.getByRole('alert').filter({ hasText: '填写的内容有误' })).toContainText(
      '没有规则覆盖：类别“邻里纠纷”',
    );
    await settle(page);
    await saveScreenshot(page, 'admin-routing-error-1366');
    await expectAccessible(page);
    expect(await admin.get('/api/admin/routing-rules')).toEqual(rulesBefore);

    await page.getByRole('button', { name: '撤销修改' }).click();
    await expect(rowError).toBeHidden();
  });
});
