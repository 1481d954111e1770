import { expect, test } from '@playwright/test';
import { email, goto, PASSWORD, ready, signIn, signOut, signUp } from './helpers';

test('sign up, sign out and sign in again', async ({ page }, testInfo) => {
  const address = email(testInfo, 'owner');
  await signUp(page, testInfo, address, 'Tidewater Freight');
  await expect(page.getByText('You are an owner of this organisation.')).toBeVisible();
  await expect(page.locator('.orgmenu-name')).toHaveText('Tidewater Freight');

  await signOut(page, testInfo);
  await signIn(page, testInfo, address, 'not-the-password');
  await expect(page.getByRole('alert')).toContainText('The email address or password is incorrect.');

  await signIn(page, testInfo, address);
  await expect(page.getByRole('heading', { level: 1, name: 'Tidewater Freight' })).toBeVisible();
});

test('sign-up explains what is wrong beside each field', async ({ page }, testInfo) => {
  await goto(page, testInfo, '/signup');
  await page.getByLabel('Your name').fill('Ada');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Organisation').fill('Engines');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#email-error')).toContainText('Enter an email address like name@example.com.');
  await expect(page.locator('#password-error')).toContainText('at least 12 characters');
  await ready(page, testInfo);

  await page.getByLabel('Work email').fill(email(testInfo, 'ada'));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill('tidal-harbour-43');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#password-error')).toContainText('The two passwords do not match.');
});

test('pages need a signed-in user and unknown pages say so', async ({ page }, testInfo) => {
  await page.goto('/members');
  await expect(page).toHaveURL(/\/login\?next=\/members$/);
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await ready(page, testInfo);
});
