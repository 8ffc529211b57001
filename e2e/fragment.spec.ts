/** Issue 8: a fragment that is not a readable scenario gets a clear message; the app still runs. */
import { expect, test } from '@playwright/test';
import { events, leader, pause } from './helpers.ts';

for (const fragment of ['#hello', '#%%%x%%%', '#x=1']) {
  test(`"${fragment}" says it is not a scenario, and a fresh run plays`, async ({ page }) => {
    await page.goto(`/?speed=1&seed=4${fragment}`);
    const notice = page.locator('.notice.error');
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText('not loaded');
    await expect(notice).toContainText(`"${fragment}"`);
    await expect(notice).toContainText('not a Raftlab scenario');
    await leader(page);
    await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  });
}

test('no fragment, or an empty one, says nothing', async ({ page }) => {
  for (const url of ['/?speed=1&seed=4', '/?speed=1&seed=4#']) {
    await page.goto('about:blank');
    await page.goto(url);
    await leader(page);
    await expect(page.locator('.notice')).toHaveCount(0);
  }
});

test('a scenario link still opens, and pasting "#hello" later leaves the run as it was', async ({
  page,
}) => {
  await page.goto('/?speed=1&seed=4');
  await leader(page);
  await pause(page);
  // The app wrote the scenario into the fragment when it paused.
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 10_000 }).toMatch(/^#s=/);
  const link = await page.evaluate(() => location.href);
  const n = await events(page);

  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(n), {
    timeout: 15_000,
  });
  await expect(page.locator('.notice.error')).toHaveCount(0);

  await page.evaluate(() => (location.hash = '#hello'));
  await expect(page.locator('.notice.error')).toContainText('"#hello"');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(n));
});
