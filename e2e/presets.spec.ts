/**
 * Every preset of the Scenarios menu loads in the app and plays to the end of
 * its story with no error notice (issue 8: "Partitioned leader" could not be
 * replayed once loaded, though the headless preset tests passed).
 */
import { expect, test, type Page } from '@playwright/test';
import { PRESETS } from '../src/scenario/presets.ts';
import { open } from './helpers.ts';

async function clockNow(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-now'));
}

test('every preset loads from the Scenarios menu and plays to its end without an error', async ({
  page,
}) => {
  test.setTimeout(30_000 + PRESETS.length * 25_000);
  expect(PRESETS.length).toBeGreaterThan(5);
  await open(page, '?speed=10');
  const menu = page.getByRole('combobox', { name: 'Scenarios' });
  const labels = await menu.locator('option').allTextContents();
  for (const p of PRESETS) {
    expect(labels).toContain(p.title);
    await menu.selectOption({ label: p.title });
    await expect(page.getByRole('region', { name: 'Scenario explanation' })).toBeVisible();
    await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await page.getByRole('button', { name: 'Play' }).click();
    // Play on (again, if the app stops on the way) until the story's end is shown.
    await expect
      .poll(
        async () => {
          const play = page.getByRole('button', { name: 'Play' });
          if (await play.isVisible()) await play.click();
          return clockNow(page);
        },
        // Short intervals: each pause point on the way waits for the next click.
        { timeout: 20_000, intervals: [100, 200], message: `${p.title} plays to ${p.end.time} ms` },
      )
      .toBeGreaterThanOrEqual(p.end.time);
    await expect(page.locator('.notice.error'), `${p.title}: no error notice`).toHaveCount(0);
    // The recorded run is intact: going back to the story's end shows its events.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // The scrubber's range follows the panels' (slower) frames: wait until it
    // reaches the story's end, or the browser clamps the value to an older head.
    await expect
      .poll(async () => Number(await page.getByLabel('Timeline').getAttribute('data-head-time')))
      .toBeGreaterThanOrEqual(p.end.time);
    await page.getByLabel('Timeline').fill(String(p.end.time));
    await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(p.end.time));
    expect(
      Number(await page.getByTestId('clock').getAttribute('data-events')),
    ).toBeGreaterThanOrEqual(p.end.events);
    await expect(page.locator('.notice.error'), `${p.title}: no error notice`).toHaveCount(0);
  }
});
