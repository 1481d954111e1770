import { expect, Page, TestInfo, test } from '@playwright/test';
import * as fs from 'fs';
import { accept, email, goto, invite, ready, signUp } from './helpers';

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

test('submit the plan for sign-off, approve it as an executive, and verify the signed copy', async ({ page, browser }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Harbour Sign-off');
  const link = await invite(page, testInfo, email(testInfo, 'executive'), 'executive');
  const executive = await accept(browser, testInfo, link, 'Erin Executive');
  await expect(executive.getByRole('heading', { level: 1, name: 'Harbour Sign-off' })).toBeVisible();

  await goto(page, testInfo, '/reports');
  await page.getByTestId('generate-plan').getByRole('button', { name: 'Generate the plan' }).click();
  const plan = await waitReady(page, testInfo, /Business continuity plan/);
  await plan.getByRole('link', { name: 'Business continuity plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Business continuity plan, version 1' })).toBeVisible();
  await ready(page, testInfo);
  const reviewed = (await page.getByTestId('document-sha256').textContent())!.trim();
  expect(reviewed).toMatch(/^[0-9a-f]{64}$/);

  // Nobody chosen: the reason is given beside the list of executives.
  const form = page.getByTestId('submit-review');
  await form.getByRole('button', { name: 'Submit for sign-off' }).click();
  await expect(page.locator('#signers-error')).toContainText('at least one executive');
  await ready(page, testInfo);
  await page.getByTestId('submit-review').getByLabel('Erin Executive').check();
  await page.getByTestId('submit-review').getByLabel('Message to the executives (optional)').fill('For the December board.');
  await page.getByTestId('submit-review').getByRole('button', { name: 'Submit for sign-off' }).click();
  await expect(page.getByTestId('review-status')).toHaveText('Awaiting sign-off · 0 of 1');
  await ready(page, testInfo);

  // The executive finds it waiting, sees the file's hash, and must say why to reject.
  await goto(executive, testInfo, '/reports');
  await executive.getByTestId('awaiting').getByRole('link', { name: /Business continuity plan, version 1/ }).click();
  const decide = executive.getByTestId('decide');
  await expect(decide).toBeVisible();
  await ready(executive, testInfo);
  await expect(executive.getByLabel('Your decision')).toContainText(reviewed);
  await expect(executive.getByLabel('Your decision')).toContainText('For the December board.');
  await executive.getByTestId('decide').getByRole('button', { name: 'Reject' }).click();
  await expect(executive.locator('#comment-error')).toContainText('Say why');
  await ready(executive, testInfo);
  await executive.getByTestId('decide').getByLabel('Comment').fill('Agreed for 2027.');
  await executive.getByTestId('decide').getByRole('button', { name: 'Approve and sign' }).click();
  await expect(executive.getByTestId('review-status')).toHaveText('Signed');
  await ready(executive, testInfo);

  const [download] = await Promise.all([
    executive.waitForEvent('download'),
    executive.getByTestId('signed-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('business-continuity-plan-v1-signed.pdf');
  const signed = fs.readFileSync(await download.path());

  // Verify: the signed copy matches, naming its signer; a changed copy does not.
  await goto(executive, testInfo, '/reports/verify');
  await executive.getByLabel('PDF').setInputFiles({ name: 'plan-signed.pdf', mimeType: 'application/pdf', buffer: signed });
  await executive.getByTestId('verify-upload').getByRole('button', { name: 'Verify' }).click();
  const result = executive.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-match', 'signed');
  await expect(result).toContainText('signed copy of Business continuity plan, version 1');
  await expect(result).toContainText('Erin Executive');
  await ready(executive, testInfo);
  const tampered = Buffer.from(signed);
  tampered[Math.floor(tampered.length / 2)] ^= 0x20;
  await executive.getByLabel('PDF').setInputFiles({ name: 'plan-edited.pdf', mimeType: 'application/pdf', buffer: tampered });
  await executive.getByTestId('verify-upload').getByRole('button', { name: 'Verify' }).click();
  await expect(executive.getByTestId('verify-result')).toHaveAttribute('data-match', 'none');
  await expect(executive.getByTestId('verify-result')).toContainText('does not match');

  // The owner's list shows the sign-off.
  await goto(page, testInfo, '/reports');
  await expect(page.getByTestId('documents').getByTestId('sign-off').first()).toHaveText('Signed');
});
