import { expect, test } from '@playwright/test';
import { accept, email, goto, invite, newPage, PASSWORD, ready, signUp } from './helpers';

test('an invited auditor joins, reads the organisation, and cannot change settings', async ({ page, browser }, testInfo) => {
  const owner = email(testInfo, 'owner');
  const auditor = email(testInfo, 'auditor');
  await signUp(page, testInfo, owner, 'Quayside Health');

  // The owner invites a colleague as auditor and gets a link to hand over.
  const link = await invite(page, testInfo, auditor, 'auditor');
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('cell', { name: auditor, exact: true })).toBeVisible();

  // The colleague sees what they are invited to, then opens the link in
  // their own browser and creates an account.
  const preview = await newPage(browser, testInfo);
  await preview.goto(new URL(link).pathname);
  await expect(preview.getByRole('heading', { name: 'Join Quayside Health' })).toBeVisible();
  await preview.context().close();
  const colleague = await accept(browser, testInfo, link, 'Audrey Auditor');
  await expect(colleague.getByRole('heading', { level: 1, name: 'Quayside Health' })).toBeVisible();
  await expect(colleague.getByText('You are an auditor of this organisation.')).toBeVisible();
  await ready(colleague, testInfo);

  // Read-only: members are visible without controls; settings are refused.
  await expect(colleague.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await goto(colleague, testInfo, '/members');
  await expect(colleague.getByRole('cell', { name: owner, exact: true })).toBeVisible();
  await expect(colleague.getByRole('button', { name: 'Create invitation link' })).toHaveCount(0);
  await expect(colleague.getByRole('button', { name: 'Change' })).toHaveCount(0);
  await goto(colleague, testInfo, '/settings');
  await expect(colleague.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
  await expect(colleague.getByText('Only owners and admins can change the organisation')).toBeVisible();

  // The link works once.
  const stranger = await newPage(browser, testInfo);
  await stranger.goto(new URL(link).pathname);
  await expect(stranger.getByText('This invitation has already been used.')).toBeVisible();

  // The owner sees both steps in the audit log.
  await goto(page, testInfo, '/settings/audit');
  await expect(page.locator('.audit-table').getByText('Invitation created').first()).toBeVisible();
  await expect(page.locator('.audit-table').getByText('Invitation accepted').first()).toBeVisible();
  await page.getByLabel('Action').selectOption('invite.accepted');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=invite.accepted/);
  await expect(page.locator('.audit-table tbody tr')).toHaveCount(1);
  await expect(page.locator('.audit-table tbody')).toContainText(auditor);
});

test('an owner changes a member role and renames the organisation', async ({ page, browser }, testInfo) => {
  const owner = email(testInfo, 'owner');
  const editor = email(testInfo, 'editor');
  await signUp(page, testInfo, owner, 'Pier Nine');
  const link = await invite(page, testInfo, editor, 'editor');
  const colleague = await accept(browser, testInfo, link, 'Eddie Editor');
  await expect(colleague.getByText('You are an editor of this organisation.')).toBeVisible();

  await goto(page, testInfo, '/members');
  await page.getByLabel('Role of Eddie Editor').selectOption('contributor');
  await page.getByRole('button', { name: 'Change' }).click();
  await expect(page.getByLabel('Role of Eddie Editor')).toHaveValue('contributor');

  await goto(page, testInfo, '/settings');
  await page.getByLabel('Name').fill('Pier Ten');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Pier Ten');
  await goto(page, testInfo, '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Pier Ten' })).toBeVisible();
});
