/**
 * Log compaction (§7) in the app: a run with snapshots opens from a version 3
 * link, plays, and the log grid draws logs that start after a snapshot without
 * an error (the snapshot's own drawing is the UI's later work).
 */
import { expect, test } from '@playwright/test';
import lz from 'lz-string';
import { pause } from './helpers.ts';

test('a link with snapshotThreshold plays; the log grid scrolled to index 1 draws no compacted entry and no error', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // [version, engine, options, initial, actions, moment]: no actions, shown from the start.
  const packed = [
    3,
    2,
    { seed: 3, servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 8 },
    0,
    [],
    0,
  ];
  await page.goto(`/?speed=4#s=${lz.compressToEncodedURIComponent(JSON.stringify(packed))}`);
  await expect(page.getByTestId('clock')).toBeVisible();
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const indices = () =>
    page
      .locator('[data-log-server="1"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))));
  await expect
    .poll(async () => Math.max(0, ...(await indices())), { timeout: 30_000 })
    .toBeGreaterThan(60);
  await pause(page);
  // Back to the start of the logs: index 1 and the rest of the snapshot are gone from S1's log.
  await page.locator('.log-scroll').evaluate((el) => {
    el.scrollLeft = 0;
  });
  await expect(page.getByRole('button', { name: 'Newest →' })).toBeVisible();
  await expect(page.locator('.log-idx').first()).toHaveText('1');
  await expect(page.locator('[data-log-server="1"][data-index="1"]')).toHaveCount(0);
  // Newest again: the entries after the snapshot are drawn, each at its own index.
  await page.getByRole('button', { name: 'Newest →' }).click();
  // (A server that has just snapshotted holds only what it has not applied yet.)
  await expect.poll(async () => (await indices()).length).toBeGreaterThan(0);
  const drawn = await indices();
  expect(drawn.length).toBeLessThanOrEqual(8 + 10);
  const sorted = drawn.slice().sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]).toBe(sorted[i - 1]! + 1);
  await page.screenshot({ path: 'test-results/snapshots-grid.png' });
  // And the run goes on.
  await page.getByRole('button', { name: 'Play' }).click();
  const now = Number(await page.getByTestId('clock').getAttribute('data-now'));
  await expect
    .poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now')))
    .toBeGreaterThan(now);
  expect(errors).toEqual([]);
});
