import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { email, goto, PASSWORD, ready, signUp } from './helpers';

async function newPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
    baseURL: testInfo.project.use.baseURL,
  });
  return context.newPage();
}

test('an invited auditor joins, reads the organisation, and cannot change settings', async ({ page, browser }, testInfo) => {
  const owner = email(testInfo, 'owner');
  const auditor = email(testInfo, 'auditor');
  await signUp(page, testInfo, owner, 'Quayside Health');

  // The owner invites a colleague as auditor and gets a link to hand over.
  await goto(page, testInfo, '/members');
  await page.getByLabel('Email address').fill(auditor);
  await page.getByLabel('Role', { exact: true }).selectOption('auditor');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const linkBox = page.getByLabel('Invitation link');
  await expect(linkBox).toBeVisible();
  const link = await linkBox.inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('cell', { name: auditor, exact: true })).toBeVisible();

  // The colleague opens the link in their own browser and creates an account.
  const colleague = await newPage(browser, testInfo);
  await colleague.goto(new URL(link).pathname);
  await ready(colleague, testInfo);
  await expect(colleague.getByRole('heading', { name: 'Join Quayside Health' })).toBeVisible();
  await colleague.getByLabel('Your name').fill('Audrey Auditor');
  await colleague.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await colleague.getByLabel('Repeat the password').fill(PASSWORD);
  await colleague.getByRole('button', { name: 'Create account and join' }).click();
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
  await goto(page, testInfo, '/members');
  await page.getByLabel('Email address').fill(editor);
  await page.getByLabel('Role', { exact: true }).selectOption('editor');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();

  const colleague = await newPage(browser, testInfo);
  await colleague.goto(new URL(link).pathname);
  await ready(colleague, testInfo);
  await colleague.getByLabel('Your name').fill('Eddie Editor');
  await colleague.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await colleague.getByLabel('Repeat the password').fill(PASSWORD);
  await colleague.getByRole('button', { name: 'Create account and join' }).click();
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
