import { expect, test } from '@playwright/test';
import { events, open, pause } from './helpers.ts';

test('"Next notable event" stops at an election timer, then a vote; Shift+← goes back the same way', async ({
  page,
}) => {
  // At the default 1/100x the first election is 15 s of wall time away.
  await open(page, '?seed=4');
  await pause(page);
  expect(await events(page)).toBeLessThan(3);
  await page.getByRole('button', { name: 'Next notable event' }).click();
  await expect(page.locator('[data-server][data-role="candidate"]')).toHaveCount(1);
  const first = await events(page);
  expect(first).toBeGreaterThan(0);
  await expect(page.locator('.caption')).toContainText(/election timer|timeout|candidate/i);

  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => events(page)).toBeGreaterThan(first);
  const second = await events(page);
  await expect(page.locator('.caption')).toContainText(/vote/i);

  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => events(page)).toBe(first);
  await expect(page.locator('[data-server][data-role="candidate"]')).toHaveCount(1);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => events(page)).toBe(0);
  await expect(page.locator('[data-server][data-role="candidate"]')).toHaveCount(0);
  await expect(page.getByText('Nothing notable happened before')).toBeVisible();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect.poll(() => events(page)).toBe(second);
});
