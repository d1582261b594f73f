import { expect, type Page } from '@playwright/test';

/**
 * Picks an option of a labelled, filterable Element Plus select from the keyboard: type it, wait
 * until the list marks it, Enter, and check the field shows it. Clicking the option instead can
 * select nothing on a busy machine while the list is still moving into place (it opens above the
 * field when there is no room below).
 */
export async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.pressSequentially(option);
  await expect(page.getByRole('option', { name: option, exact: true })).toHaveClass(/is-hovering/);
  await field.press('Enter');
  // The choice as the field shows it once the list has closed (Element's placeholder slot holds the chosen label).
  await expect(
    page.locator('.el-select').filter({ has: field }).locator('.el-select__placeholder:not(.is-transparent)'),
  ).toHaveText(option);
}
