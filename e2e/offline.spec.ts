/**
 * Offline after the first visit: the service worker precaches the build. Runs in both
 * projects: the build served at the root and the one built for a sub-path (BASE).
 */
import { expect, test, type Page } from '@playwright/test';
import { leader, pause } from './helpers.ts';

const PROBE = 'not-precached';

/** Console errors, uncaught exceptions and CSP violations seen by the page. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    // The probe below fails on purpose, to show the page is really offline.
    if (m.location().url.includes(PROBE)) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
      errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Waits until the service worker is active and controls this page. */
async function controlled(page: Page): Promise<string> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''), {
      timeout: 30_000,
    })
    .toMatch(/\/sw\.js$/);
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

async function clockNow(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-now'));
}

test('after one visit the app runs offline, and a share link still opens', async ({
  page,
  context,
  baseURL,
}) => {
  const errors = watchErrors(page);
  await page.goto('./?speed=1&seed=21');
  await expect(page.getByTestId('clock')).toBeVisible();
  await leader(page);
  const sw = await controlled(page);
  expect(new URL(sw).pathname).toBe(`${new URL(baseURL!).pathname}sw.js`);

  // A link to this moment, from the Share dialog.
  await page.getByLabel('Command').fill('set colour red');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await pause(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/#s=/);
  const link = await box.inputValue();
  const sharedEvents = await page.getByTestId('clock').getAttribute('data-events');
  await page.keyboard.press('Escape');

  await context.setOffline(true);
  // Really offline: what the service worker did not precache cannot be fetched.
  expect(
    await page.evaluate(() =>
      fetch(`not-precached-${Date.now()}.txt`).then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');

  // Reload: the page, its script, styles and the simulation worker come from the cache.
  await page.reload();
  await expect(page.getByTestId('clock')).toBeVisible();
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const t0 = await clockNow(page);
  await expect.poll(() => clockNow(page), { timeout: 20_000 }).toBeGreaterThan(t0);

  // A fresh run from another address (not cached as such: the page serves every navigation).
  await page.goto('./?speed=1&seed=22');
  const l = await leader(page);
  expect(l.term).toBeGreaterThan(0);

  // The share link opens offline, at the shared moment, paused.
  await page.goto(link);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', sharedEvents!);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.locator('.notice.error')).toHaveCount(0);

  expect(errors).toEqual([]);
  await context.setOffline(false);
});
