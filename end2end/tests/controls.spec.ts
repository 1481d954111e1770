import { expect, test } from '@playwright/test';
import { email, goto, ready, signUp } from './helpers';

function pdf(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

function monthsAgo(months: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

const TESTED = '164.308(a)(7)(ii)(D)';

test('HIPAA contingency evidence is offered to SOC 2 and PCI DSS, moves readiness and falls back when it expires', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Harbour Clinic');

  // Activate HIPAA and SOC 2.
  await goto(page, testInfo, '/controls');
  await page.getByLabel('HIPAA Security Rule').check();
  await page.getByLabel('SOC 2').check();
  await page.getByRole('button', { name: 'Save frameworks' }).click();
  await expect(page.getByTestId('framework').filter({ hasText: 'HIPAA' })).toBeVisible();
  await ready(page, testInfo);

  // Walk the contingency-plan controls.
  await page.getByRole('link', { name: /HIPAA Security Rule/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /HIPAA/ })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Section', { exact: true }).selectOption('164.308');
  await page.getByLabel('Continuity-related only').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByTestId('control-row').filter({ hasText: TESTED })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('link', { name: TESTED, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Testing and revision/i })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByTestId('auditor-hint')).not.toBeEmpty();

  // A renamed program is refused beside the file field, and nothing is stored.
  await page.locator('#evidence-file').setInputFiles({ name: 'restore-report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00program') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-error')).toContainText('program');
  await ready(page, testInfo);
  await expect(page.getByTestId('linked-evidence')).toHaveCount(0);

  // Upload the backup-restore report and mark the control implemented.
  await page.locator('#evidence-file').setInputFiles({ name: 'restore-report.pdf', mimeType: 'application/pdf', buffer: pdf('restore test') });
  await page.locator('#evidence-title').fill('Backup restore report Q4');
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('linked-evidence')).toContainText('Backup restore report Q4');
  await ready(page, testInfo);
  await page.getByLabel('Status').selectOption('implemented');
  await page.getByRole('button', { name: 'Save answer' }).click();
  await expect(page.getByTestId('control-status').first()).toHaveText('Implemented');
  await ready(page, testInfo);

  // Offered to the mapped SOC 2 control; linking it there moves its readiness.
  await page.getByTestId('mapped').getByRole('link', { name: 'SOC 2 A1.3' }).click();
  await expect(page.getByTestId('offered-evidence')).toContainText('Backup restore report Q4');
  await ready(page, testInfo);
  await page.getByTestId('offered-evidence').getByRole('button', { name: 'Link here' }).click();
  await expect(page.getByTestId('linked-evidence')).toContainText('Backup restore report Q4');
  await ready(page, testInfo);
  await page.getByLabel('Status').selectOption('implemented');
  await page.getByRole('button', { name: 'Save answer' }).click();
  await expect(page.getByTestId('control-status').first()).toHaveText('Implemented');
  await goto(page, testInfo, '/controls');
  const soc2 = page.getByTestId('framework').filter({ hasText: 'SOC 2' });
  await expect(soc2).toContainText('1 of 61 applicable implemented');

  // Let the evidence expire: both controls fall back, visibly.
  await goto(page, testInfo, '/evidence');
  await page.getByRole('link', { name: 'Backup restore report Q4' }).click();
  await expect(page.getByTestId('versions')).toContainText('restore-report.pdf');
  await ready(page, testInfo);
  await page.getByTestId('validity-form').getByLabel('Dated').fill(monthsAgo(13));
  await page.getByTestId('validity-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('validity')).toContainText('expired');
  await goto(page, testInfo, '/controls');
  await expect(page.getByTestId('expired-controls')).toContainText(TESTED);
  await expect(page.getByTestId('expired-controls')).toContainText('A1.3');
  await expect(soc2).toContainText('0 of 61 applicable implemented');
  await expect(soc2).toContainText('1 with expired evidence');
});
