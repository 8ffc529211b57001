import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause, settledPicture } from './helpers.ts';

/** The highest index drawn for server `id`. */
async function newestIndex(page: Page, id: number): Promise<number> {
  const xs = await page
    .locator(`[data-log-server="${id}"]`)
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
  return Math.max(0, ...xs);
}

/** Whether the log cell under the scroller's left and right edges, in server `id`'s row, is drawn. */
async function edgesDrawn(page: Page, id: number): Promise<[boolean, boolean]> {
  return page.evaluate((id) => {
    const scroller = document.querySelector('.log-scroll')!.getBoundingClientRect();
    const row = document.querySelector(`[data-log-server="${id}"]`)!.getBoundingClientRect();
    const y = row.top + row.height / 2;
    const at = (x: number) =>
      document.elementFromPoint(x, y)?.closest(`[data-log-server="${id}"]`) !== null;
    return [at(scroller.left + 8), at(scroller.right - 8 - 3 * 60)];
  }, id);
}

for (const [w, h] of [
  [1280, 800],
  [2560, 1200],
] as const) {
  test(`at ${w}x${h} the log grid keeps the newest entries in view; scrolling back stops following; "Newest →" returns`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await open(page, '?speed=2&load=40&seed=3');
    const l = await leader(page);
    // Enough entries to need scrolling at this width.
    await expect.poll(() => newestIndex(page, l.id), { timeout: 30_000 }).toBeGreaterThan(w / 25);
    await pause(page);
    // Frames sent before the pause may still arrive: read the grid once it is still.
    await settledPicture(page);
    const newest = await newestIndex(page, l.id);
    await expect(
      page.locator(`[data-log-server="${l.id}"][data-index="${newest}"]`),
    ).toBeInViewport();
    // The view is filled from edge to edge (the grid measured its real width).
    expect(await edgesDrawn(page, l.id)).toEqual([true, true]);

    // Scroll to the start: following stops, the first entries are drawn and stay put.
    await page.locator('.log-scroll').evaluate((el) => {
      el.scrollLeft = 0;
    });
    const back = page.getByRole('button', { name: 'Newest →' });
    await expect(back).toBeVisible();
    const first = page.locator(`[data-log-server="${l.id}"][data-index="1"]`);
    await expect(first).toBeInViewport();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByTestId('clock').getAttribute('data-now')).not.toBe('0');
    await page.waitForTimeout(800);
    await pause(page);
    await expect(first).toBeInViewport();

    // Back to the newest: following again.
    await back.click();
    await expect(back).toBeHidden();
    const now = await newestIndex(page, l.id);
    expect(now).toBeGreaterThan(newest);
    await expect(page.locator(`[data-log-server="${l.id}"][data-index="${now}"]`)).toBeInViewport();
  });
}

test('the event log draws the newest rows while playing fast and the whole list when paused', async ({
  page,
}) => {
  await open(page, '?speed=1&load=20&seed=5');
  await leader(page);
  const rows = page.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
  await expect.poll(() => rows.count()).toBeGreaterThan(5);
  for (let i = 0; i < 3; i++) {
    expect(await rows.count()).toBeLessThanOrEqual(12);
    await page.waitForTimeout(150);
  }
  await pause(page);
  await expect.poll(() => rows.count()).toBeGreaterThan(12);
  // Newest first: the times never increase down the list.
  const times = await page
    .locator('[data-event-at]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-event-at'))));
  for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThanOrEqual(times[i - 1]!);
});
