import { expect, Page, TestInfo, test } from '@playwright/test';
import * as fs from 'fs';
import { email, goto, ready, signUp } from './helpers';

/** Waits for the newest document to be ready: with JavaScript the page polls by itself. */
async function waitReady(page: Page, testInfo: TestInfo, title: RegExp) {
  const row = page.getByTestId('documents').locator('tbody tr').filter({ hasText: title }).first();
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  } else {
    await expect(async () => {
      await page.reload();
      await expect(row).toHaveAttribute('data-status', 'ready', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  }
  await ready(page, testInfo);
  return row;
}

test('generate the continuity plan and an evidence pack, and download them', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Harbour Reports');
  await goto(page, testInfo, '/reports');
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();

  // A period that ends before it starts is refused beside the field.
  const pack = page.getByTestId('generate-pack');
  await pack.getByLabel('Framework').selectOption('pci');
  await pack.locator('#from').fill('2026-06-01');
  await pack.locator('#to').fill('2026-05-01');
  await pack.getByRole('button', { name: 'Generate the pack' }).click();
  await expect(page.locator('#to-error')).toContainText('before its start');
  await ready(page, testInfo);

  await page.getByTestId('generate-plan').getByRole('button', { name: 'Generate the plan' }).click();
  const plan = await waitReady(page, testInfo, /Business continuity plan/);
  await expect(plan).toContainText('v1');
  await expect(plan).toContainText(/\d+ pages/);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    plan.getByRole('link', { name: 'Download PDF' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('business-continuity-plan-v1.pdf');
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

  await pack.getByLabel('Framework').selectOption('pci');
  await pack.locator('#from').fill('');
  await pack.locator('#to').fill('');
  await pack.getByRole('button', { name: 'Generate the pack' }).click();
  const row = await waitReady(page, testInfo, /Auditor evidence pack: PCI DSS/);
  await expect(row.locator('code')).toHaveText(/^[0-9a-f]{12}$/);
});
