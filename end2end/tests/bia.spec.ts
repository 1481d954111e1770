import { expect, Page, test, TestInfo } from '@playwright/test';
import { accept, email, goto, invite, ready, signUp } from './helpers';

async function addProcess(page: Page, testInfo: TestInfo, name: string, department: string) {
  await goto(page, testInfo, '/bia');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Department or business unit').fill(department);
  await page.getByRole('button', { name: 'Add process' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await ready(page, testInfo);
}

test('a new user rates a process, sees the MTPD explained, and finds a gap in the graph', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Tideway Freight');
  await addProcess(page, testInfo, 'Order intake', 'Operations');

  // Customer impact reaches the threshold (4) at 24 hours.
  await page.locator('[data-cell="customer@60"]').selectOption('1');
  await page.locator('[data-cell="customer@240"]').selectOption('2');
  await page.locator('[data-cell="customer@1440"]').selectOption('4');
  // A falling rating is refused before saving, with the reason beside the row.
  await page.locator('[data-cell="customer@2880"]').selectOption('3');
  await expect(page.getByText('Customer impact drops from 4 at 24 h to 3 at 48 h')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save assessment' })).toBeDisabled();
  await page.locator('[data-cell="customer@2880"]').selectOption('5');
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(page.getByTestId('mtpd')).toHaveText('24 h');
  await expect(page.getByTestId('mtpd-reason')).toHaveText('MTPD 24 h because customer impact reaches 4 at 24 h (threshold 4).');

  // An RTO at the MTPD is an error with its explanation; a shorter one is kept.
  await page.getByLabel('Adopted RTO').fill('24h');
  await page.getByRole('button', { name: 'Save objectives' }).click();
  await expect(page.getByText('The RTO of 24 h is not shorter than the MTPD of 24 h')).toBeVisible();
  await page.getByLabel('Adopted RTO').fill('4h');
  await page.getByLabel('Work-recovery time').fill('2h');
  await page.getByRole('button', { name: 'Save objectives' }).click();
  await expect(page.locator('form:has(button:text("Save objectives")) .saved')).toBeVisible();

  // A system that takes 12 hours to recover cannot serve a 4-hour RTO.
  await goto(page, testInfo, '/bia/resources');
  await page.getByLabel('Kind').selectOption('system');
  await page.getByLabel('Name').fill('Order database');
  await page.getByLabel('RTO or SLA').fill('12h');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Order database' })).toBeVisible();

  await goto(page, testInfo, '/bia');
  await page.getByRole('link', { name: 'Order intake' }).click();
  await ready(page, testInfo);
  await page.getByLabel('Add a dependency').selectOption({ label: 'Order database' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('RTO 12 h is longer than the 4 h required')).toBeVisible();

  await goto(page, testInfo, '/bia/graph');
  await expect(page.locator('.graph-node-gap[data-node="Order database"]')).toBeVisible();
  await expect(page.getByTestId('gap')).toContainText('Order intake → Order database');

  // Fixing the system's RTO closes the gap.
  await page.locator('[data-node="Order database"]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Order database' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Target RTO').fill('2h');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  await goto(page, testInfo, '/bia/graph');
  await expect(page.getByRole('heading', { name: 'Gaps (0)' })).toBeVisible();
});

test('two participants see each other\'s proposals live and the facilitator records the agreement', async ({ page, browser }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'facilitator'), 'Pier Nine Logistics', 'Fay Facilitator');
  const link = await invite(page, testInfo, email(testInfo, 'contributor'), 'contributor');
  const colleague = await accept(browser, testInfo, link, 'Colin Contributor');
  await expect(colleague.getByRole('heading', { level: 1, name: 'Pier Nine Logistics' })).toBeVisible();

  await addProcess(page, testInfo, 'Dispatch', 'Operations');
  await goto(page, testInfo, '/workshops');
  await page.getByLabel('Title').fill('Operations BIA');
  await page.getByRole('button', { name: 'Operations' }).click();
  await page.getByRole('button', { name: 'Open workshop' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Operations BIA' })).toBeVisible();
  await ready(page, testInfo);
  const room = new URL(page.url()).pathname;

  await goto(colleague, testInfo, room);
  for (const p of [page, colleague]) {
    await expect(p.getByText('● live')).toBeVisible();
    await expect(p.getByTestId('step-title')).toHaveText('Dispatch · Financial');
  }
  await expect(page.getByTestId('participants')).toContainText('Colin Contributor');

  // The contributor proposes; the facilitator sees it without reloading.
  await colleague.getByLabel('Your proposal at 1 h').selectOption('1');
  await colleague.getByLabel('Your proposal at 4 h').selectOption('2');
  await colleague.getByLabel('Your proposal at 24 h').selectOption('4');
  await colleague.getByLabel('Comment').fill('Month-end is worse');
  await colleague.getByRole('button', { name: 'Submit my proposal' }).click();
  await expect(page.locator('tr[data-proposal="Colin Contributor"]')).toContainText('Month-end is worse');

  // And the other way round.
  await page.getByLabel('Your proposal at 1 h').selectOption('2');
  await page.getByLabel('Your proposal at 24 h').selectOption('3');
  await page.getByRole('button', { name: 'Submit my proposal' }).click();
  await expect(colleague.locator('tr[data-proposal="Fay Facilitator"]')).toBeVisible();
  await expect(page.locator('.spread-row')).toContainText('1–2');

  // The facilitator agrees values; both move on to the next category.
  await page.getByLabel('Agreed at 1 h').selectOption('1');
  await page.getByLabel('Agreed at 4 h').selectOption('2');
  await page.getByLabel('Agreed at 24 h').selectOption('4');
  await page.getByRole('button', { name: 'Record agreed values' }).click();
  for (const p of [page, colleague]) {
    await expect(p.getByTestId('step-title')).toHaveText('Dispatch · Operational');
  }

  // The agreed ratings are the process's assessment now, with the MTPD derived.
  await goto(page, testInfo, '/workshops');
  await expect(page.getByRole('cell', { name: 'Operations BIA' })).toBeVisible();
  await goto(page, testInfo, `${room}/summary`);
  await expect(page.getByRole('cell', { name: 'Financial', exact: true })).toBeVisible();
  await goto(page, testInfo, '/bia');
  await page.getByRole('link', { name: 'Dispatch' }).click();
  await expect(page.getByTestId('mtpd-reason')).toHaveText('MTPD 24 h because financial impact reaches 4 at 24 h (threshold 4).');
});
