/**
 * A long run at 100x (issue 8: memory grew with the square of a run's length, so
 * a tab left playing died). The short version for the suite: 9 servers under a
 * client load, played at 100x for 20 virtual minutes; the app stays without an
 * error, Step back still answers with the event before, and Step returns.
 * Memory and frame times are measured by `npm run bench`, not asserted here.
 */
import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

const VIRTUAL_MS = 20 * 60_000;

async function clock(page: Page): Promise<{ now: number; events: number }> {
  const c = page.getByTestId('clock');
  return {
    now: Number(await c.getAttribute('data-now')),
    events: Number(await c.getAttribute('data-events')),
  };
}

test('20 virtual minutes at 100x with 9 servers under load: no error, Step back still answers', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await open(page, '?speed=100&servers=9&load=20&seed=21');
  await expect(page.locator('[data-server]')).toHaveCount(9);
  await leader(page, 30_000);
  await expect
    .poll(async () => (await clock(page)).now, { timeout: 200_000, intervals: [1000] })
    .toBeGreaterThanOrEqual(VIRTUAL_MS);
  await pause(page);
  // Frames sent before the worker took the pause may still be on their way: read the
  // clock once it has stopped moving.
  let at = await clock(page);
  await expect
    .poll(
      async () => {
        const prev = at;
        at = await clock(page);
        return at.events === prev.events && at.now === prev.now;
      },
      { timeout: 15_000, intervals: [500] },
    )
    .toBe(true);
  expect(at.events).toBeGreaterThan(100_000);
  await expect(page.locator('.notice.error')).toHaveCount(0);

  await page.getByRole('button', { name: 'Step back' }).click();
  await expect
    .poll(async () => (await clock(page)).events, { timeout: 15_000 })
    .toBe(at.events - 1);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(async () => (await clock(page)).events, { timeout: 15_000 }).toBe(at.events);
  // A jump far back answers too, and lands where asked.
  await page.getByLabel('Timeline').fill(String(Math.floor(at.now / 3)));
  await expect
    .poll(async () => (await clock(page)).now, { timeout: 15_000 })
    .toBe(Math.floor(at.now / 3));
  await expect(page.locator('.notice.error')).toHaveCount(0);
  const heap = await page.evaluate(
    () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize,
  );
  if (heap !== undefined)
    test
      .info()
      .annotations.push({ type: 'page heap', description: `${(heap / 1e6).toFixed(1)} MB` });
});
