import { expect, test } from '@playwright/test';
import { email, goto, ready, signUp } from './helpers';

test('a new user adds a system, sees the requirement roll up, takes the recommended tier and closes the gaps', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Quayside Cargo');

  // A process that must be back within 4 h and may lose at most 1 h of data.
  await goto(page, testInfo, '/bia');
  await page.getByLabel('Name').fill('Order intake');
  await page.getByRole('button', { name: 'Add process' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Order intake' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Adopted RTO').fill('4h');
  await page.getByLabel('RPO', { exact: true }).fill('1h');
  await page.getByRole('button', { name: 'Save objectives' }).click();
  await expect(page.locator('form:has(button:text("Save objectives")) .saved')).toBeVisible();
  const processUrl = page.url();

  // The system its owner thinks can take 8 hours.
  await goto(page, testInfo, '/systems');
  await page.getByLabel('Name').fill('Order database');
  await page.getByLabel('Kind').selectOption('database');
  await page.getByLabel('Target RTO').fill('8h');
  await page.getByLabel('Target RPO').fill('1h');
  await page.getByRole('button', { name: 'Add system' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Order database' })).toBeVisible();
  const systemUrl = page.url();

  // Bad input is refused beside the field.
  await ready(page, testInfo);
  await page.getByLabel('Target RTO').fill('-4h');
  await page.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('is not a duration')).toBeVisible();

  // Link the process to the system: the requirement rolls down to it.
  await page.goto(processUrl);
  await ready(page, testInfo);
  await page.getByLabel('Add a dependency').selectOption({ label: 'Order database' });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText('RTO 8 h is longer than the 4 h required')).toBeVisible();

  await page.goto(systemUrl);
  await ready(page, testInfo);
  await expect(page.getByTestId('rto-row')).toContainText('RTO 4 h');
  await expect(page.getByTestId('rto-row')).toContainText('Gap');
  await expect(page.getByTestId('finding').first()).toContainText('Critical');
  await expect(page.getByTestId('recommendation')).toContainText('Recommended: Tier 6');

  // Take the recommended tier: the RTO is met; the RPO still is not.
  await page.getByTestId('take-recommended').click();
  await expect(page.getByTestId('current-tier')).toHaveText('Tier 6');
  await expect(page.getByTestId('rto-row')).toContainText('Meets');
  await expect(page.getByTestId('rpo-row')).toContainText('Gap');

  // Asynchronous replication with a 5-minute lag closes the RPO gap.
  await page.getByLabel('Replication', { exact: true }).selectOption('async');
  await page.getByLabel('Expected lag (asynchronous)').fill('5 min');
  await page.getByRole('button', { name: 'Save backup design' }).click();
  await expect(page.getByTestId('rpo-row')).toContainText('Meets');
  await expect(page.getByTestId('rpo-row')).toContainText('5 min');

  // The strategy comparison shows every tier with its costs.
  await expect(page.getByTestId('option-total')).toHaveCount(7);

  // The gap analysis still lists the weak target and the missing backups.
  await goto(page, testInfo, '/systems/gaps');
  const row = page.getByTestId('gap-system').filter({ hasText: 'Order database' });
  await expect(row).toContainText('The target RTO of 8 h is longer than the 4 h');
  await expect(row).toContainText('3-2-1-1-0');
  await expect(page.getByTestId('findings-tile')).toContainText('0 critical');
});
