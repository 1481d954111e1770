import { Browser, expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = 'tidal-harbour-42';

/** A unique address per test and project, so runs never collide. */
export function email(testInfo: TestInfo, who: string): string {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  return `${who}.${testInfo.project.name}.${stamp}@example.com`;
}

/** With JavaScript on, waits until the page is hydrated so clicks reach the app. */
export async function ready(page: Page, testInfo: TestInfo) {
  await page.waitForLoadState('load');
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 20_000 });
  }
}

export async function goto(page: Page, testInfo: TestInfo, path: string) {
  await page.goto(path);
  await ready(page, testInfo);
}

export async function signUp(page: Page, testInfo: TestInfo, address: string, organisation: string, name = 'Test Owner') {
  await goto(page, testInfo, '/signup');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Work email').fill(address);
  await page.getByLabel('Organisation').fill(organisation);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: organisation })).toBeVisible();
  await ready(page, testInfo);
}

export async function signOut(page: Page, testInfo: TestInfo) {
  await page.locator('.usermenu summary').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await ready(page, testInfo);
}

export async function signIn(page: Page, testInfo: TestInfo, address: string, password = PASSWORD) {
  await goto(page, testInfo, '/login');
  await page.getByLabel('Email address').fill(address);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function newPage(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: testInfo.project.use.javaScriptEnabled,
    baseURL: testInfo.project.use.baseURL,
  });
  return context.newPage();
}

/** The owner's page creates an invitation; returns the link it shows. */
export async function invite(page: Page, testInfo: TestInfo, address: string, role: string): Promise<string> {
  await goto(page, testInfo, '/members');
  await page.getByLabel('Email address').fill(address);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const linkBox = page.getByLabel('Invitation link');
  await expect(linkBox).toBeVisible();
  return linkBox.inputValue();
}

/** Opens the link in a separate browser and creates the invitee's account. */
export async function accept(browser: Browser, testInfo: TestInfo, link: string, name: string): Promise<Page> {
  const colleague = await newPage(browser, testInfo);
  await colleague.goto(new URL(link).pathname);
  await ready(colleague, testInfo);
  await colleague.getByLabel('Your name').fill(name);
  await colleague.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await colleague.getByLabel('Repeat the password').fill(PASSWORD);
  await colleague.getByRole('button', { name: 'Create account and join' }).click();
  return colleague;
}
