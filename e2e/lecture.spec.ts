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

test('the partition tool cuts every link between the groups picked, at once', async ({ page }) => {
  await open(page, '?seed=3');
  await pause(page);
  await page.getByRole('button', { name: 'Partition…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Partition the network' });
  // One group cuts nothing: said, and nothing changes.
  for (let id = 1; id <= 5; id++) await dialog.getByLabel(`S${id} in group A`).check();
  await dialog.getByRole('button', { name: 'Cut between groups' }).click();
  await expect(dialog.getByRole('alert')).toContainText('at least two groups');
  await expect(page.locator('[data-link][data-up="none"]')).toHaveCount(0);
  // {S1, S2} | {S3, S4} | {S5}
  await dialog.getByLabel('S3 in group B').check();
  await dialog.getByLabel('S4 in group B').check();
  await dialog.getByLabel('S5 in group C').check();
  await expect(dialog.getByTestId('partition-preview')).toHaveText('{S1, S2} | {S3, S4} | {S5}');
  await dialog.getByRole('button', { name: 'Cut between groups' }).click();
  await expect(dialog).toBeHidden();
  const cut = ['1-3', '1-4', '1-5', '2-3', '2-4', '2-5', '3-5', '4-5'];
  for (const key of cut)
    await expect(page.locator(`[data-link="${key}"]`)).toHaveAttribute('data-up', 'none');
  for (const key of ['1-2', '3-4'])
    await expect(page.locator(`[data-link="${key}"]`)).toHaveAttribute('data-up', 'both');
  await expect(page.locator('.event.action').first()).toContainText(/partition/i);
  await page.getByRole('button', { name: 'Heal network' }).click();
  await expect(page.locator('[data-link][data-up="none"]')).toHaveCount(0);
});
