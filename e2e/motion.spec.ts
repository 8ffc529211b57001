import { expect, test, type Page } from '@playwright/test';
import { leader, open } from './helpers.ts';

async function runningAnimations(page: Page): Promise<number> {
  return page.evaluate(() => document.getAnimations().length);
}

/** A message's place on two frames, with the clock of each. */
async function twoPlaces(page: Page) {
  const msg = page.locator('[data-message]').first();
  await expect(msg).toBeVisible({ timeout: 20_000 });
  const id = await msg.getAttribute('data-message');
  const read = () =>
    page.evaluate((mid) => {
      const el = document.querySelector(`[data-message="${mid}"]`);
      const clock = Number(
        document.querySelector('[data-testid="clock"]')!.getAttribute('data-now'),
      );
      if (!el) return null;
      return {
        transform: el.getAttribute('transform'),
        transition: getComputedStyle(el).transitionDuration,
        clock,
      };
    }, id);
  return { first: await read(), read };
}

test('with reduced motion nothing is animated; messages move frame by frame without easing', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // A bad parameter gives an information notice (which otherwise fades).
  await open(page, '?speed=1&seed=4&servers=oops');
  await expect(page.getByRole('status')).toContainText('Servers');
  expect(await runningAnimations(page)).toBe(0);
  await leader(page);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '1/200×' });
  const { first, read } = await twoPlaces(page);
  expect(first?.transition).toBe('0s');
  // The message moves: its place is updated per frame.
  await expect
    .poll(async () => (await read())?.transform ?? first?.transform)
    .not.toBe(first?.transform);
});

test('without reduced motion the notice fades (the check above is not empty)', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await open(page, '?speed=1&seed=4&servers=oops');
  await expect(page.getByRole('status')).toContainText('Servers');
  expect(await runningAnimations(page)).toBeGreaterThan(0);
});
