import { expect, Page, test, TestInfo } from '@playwright/test';
import { email, goto, ready, signUp } from './helpers';

/** A date `days` days from today (negative: ago), as date inputs take it. */
function day(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function addSystem(page: Page, testInfo: TestInfo, name: string, rto: string, rpo: string) {
  await goto(page, testInfo, '/systems');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Kind').selectOption('database');
  await page.getByLabel('Target RTO').fill(rto);
  await page.getByLabel('Target RPO').fill(rpo);
  await page.getByRole('button', { name: 'Add system' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('a quarterly restore test misses one RTO, fails with its margin, and is followed up', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Quayside Drills');
  await addSystem(page, testInfo, 'Orders DB', '4h', '15 min');
  await addSystem(page, testInfo, 'Ledger DB', '4h', '1h');

  // Schedule it quarterly, first due 40 days ago: that date is overdue.
  await goto(page, testInfo, '/drills');
  await page.getByLabel('Title').fill('Quarterly restore test');
  await page.getByLabel('Kind of exercise').selectOption('backup_restore');
  await page.getByLabel('First date').fill(day(-40));
  await page.getByLabel('Time', { exact: true }).fill('09:00');
  await page.getByLabel('Time zone').fill('Europe/London');
  await page.getByLabel('Repeats').selectOption('quarterly');
  await page.getByRole('button', { name: 'Schedule drill' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Quarterly restore test/ })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByTestId('schedule')).toContainText('Quarterly from');
  await expect(page.getByTestId('upcoming')).toContainText('Overdue');

  for (const name of ['Orders DB', 'Ledger DB']) {
    await page.getByLabel('Add to scope').selectOption({ label: `${name} (System)` });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByTestId('scope-item').filter({ hasText: name })).toContainText('RTO 4 h');
    await ready(page, testInfo);
  }

  // Record the run, two days ago from 09:00 to 16:00.
  await page.getByLabel('Started').fill(`${day(-2)}T09:00`);
  await page.getByLabel('Ended').fill(`${day(-2)}T16:00`);
  await page.getByRole('button', { name: 'Record run' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Results against RTO and RPO' })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByTestId('verdict').first()).toHaveText('Not measured');

  const measure = async (system: string, recovery: string, loss: string) => {
    const form = page.getByTestId('measure-form').filter({ hasText: system });
    await form.getByLabel('Recovery time').fill(recovery);
    await form.getByLabel('Data loss').fill(loss);
    await form.getByRole('button', { name: 'Save' }).click();
  };

  // A negative data loss is refused beside the field, and nothing is saved.
  await measure('Orders DB', '6 h 30 min', '-5 min');
  await expect(page.getByText('The data loss cannot be negative.').first()).toBeVisible();
  await ready(page, testInfo);

  await measure('Ledger DB', '3 h 10 min', '20 min');
  await expect(page.getByTestId('result-row').filter({ hasText: 'Ledger DB' })).toContainText('50 min inside the 4 h RTO');
  await ready(page, testInfo);
  await measure('Orders DB', '6 h 30 min', '0');
  const orders = page.getByTestId('result-row').filter({ hasText: 'Orders DB' });
  await expect(orders).toContainText('2 h 30 min over the 4 h RTO');
  await expect(orders.getByTestId('verdict')).toHaveText('Fail');
  await expect(page.getByTestId('verdict').first()).toHaveText('Fail');
  await expect(page.getByTestId('failed-count')).toContainText('1 system failed');
  await ready(page, testInfo);

  // A follow-up action for the failure.
  await page.getByLabel('What needs doing').fill('Move Orders DB to a warm standby');
  await page.getByLabel('Due').fill(day(30));
  await page.getByRole('button', { name: 'Add action' }).click();
  await expect(page.getByTestId('action-item')).toContainText('Move Orders DB to a warm standby');

  // The dashboard counts the drill and the action.
  await goto(page, testInfo, '/');
  // Two days ago, counted in whole days since the run ended.
  await expect(page.getByTestId('since-tile')).toContainText(/^(1 day|2 days)/);
  await expect(page.getByTestId('success-tile')).toContainText('0%');
  await expect(page.getByTestId('restore-tile')).toContainText('4 h 50 min');
  await expect(page.getByTestId('actions-tile')).toContainText('1');

  // The calendar lists the next quarter's date; the feed is valid iCalendar.
  await goto(page, testInfo, '/drills/calendar');
  await expect(page.getByTestId('agenda-item').first()).toContainText('Quarterly restore test');
  await goto(page, testInfo, '/drills');
  await page.getByRole('button', { name: 'Create a feed address' }).click();
  const url = (await page.getByTestId('feed-url').locator('code').textContent()) ?? '';
  expect(url).toMatch(/\/drills\/feed\/[A-Za-z0-9_-]+\.ics$/);
  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const text = await feed.text();
  expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(text).toContain('SUMMARY:Quarterly restore test');
  expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
});

test('a schedule that would never fire is refused beside its field', async ({ page }, testInfo) => {
  await signUp(page, testInfo, email(testInfo, 'owner'), 'Quayside Schedules');
  await goto(page, testInfo, '/drills');
  await page.getByLabel('Title').fill('Annual failover');
  await page.getByLabel('First date').fill(day(60));
  await page.getByLabel('Last date (optional)').fill(day(30));
  await page.getByRole('button', { name: 'Schedule drill' }).click();
  await expect(page.getByText('so it would never happen')).toBeVisible();
  await expect(page.getByTestId('plan-row')).toHaveCount(0);
});
