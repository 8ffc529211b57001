/** Every moment true: share links from the past, Step back, narration after a jump, the caption. */
import { expect, test, type Page } from '@playwright/test';
import { clock, leader, open, pause, settledPicture } from './helpers.ts';

async function seekTo(page: Page, time: number): Promise<void> {
  await page.getByLabel('Timeline').fill(String(time));
  await expect.poll(async () => (await clock(page)).now).toBe(time);
}

async function head(page: Page): Promise<{ time: number; events: number }> {
  const r = page.getByLabel('Timeline');
  return {
    time: Number(await r.getAttribute('data-head-time')),
    events: Number(await r.getAttribute('data-head-events')),
  };
}

/** Plays (at the page's speed) until the clock passes `ms`, then pauses. */
async function playPast(page: Page, ms: number): Promise<void> {
  await page.getByRole('button', { name: /Play$/ }).click();
  await expect.poll(async () => (await clock(page)).now, { timeout: 30_000 }).toBeGreaterThan(ms);
  await pause(page);
}

test('a share link made at an earlier moment opens at that moment, with the later actions as its future', async ({
  page,
  browser,
}) => {
  await open(page, '?speed=1&seed=21');
  const l = await leader(page);
  const follower = l.id === 1 ? 2 : 1;
  await pause(page);
  const early = await clock(page);
  await playPast(page, early.now + 300);
  await page.locator(`[data-server="${follower}"]`).click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator(`[data-server="${follower}"]`)).toHaveAttribute('data-up', 'false');
  const crashed = await clock(page);
  await playPast(page, crashed.now + 300);

  await seekTo(page, early.now);
  await expect(page.locator(`[data-server="${follower}"]`)).toHaveAttribute('data-up', 'true');
  const before = await settledPicture(page);
  const at = await clock(page);

  await page.getByRole('button', { name: 'Share' }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/#s=/);
  const link = await box.inputValue();

  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page2 = await other.newPage();
  await page2.goto(link);
  await expect.poll(() => clock(page2), { timeout: 15_000 }).toEqual(at);
  await expect(page2.getByRole('button', { name: /Play$/ })).toBeVisible();
  await expect.poll(() => settledPicture(page2)).toBe(before);
  // No "lies before the last action", no "different version": the trace hash matched.
  await expect(page2.locator('.notice')).toHaveCount(0);
  // The crash is still ahead, as recorded: the scrubber reaches it, Play goes through it.
  expect((await head(page2)).events).toBeGreaterThanOrEqual(crashed.events);
  await playPast(page2, crashed.now + 50);
  await expect(page2.locator(`[data-server="${follower}"]`)).toHaveAttribute('data-up', 'false');
  await other.close();
});

test('Step ×5 then Step back ×5 shows each moment again, the clock and the whole picture', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=22');
  await leader(page);
  await pause(page);
  const forward: string[] = [await settledPicture(page)];
  const start = await clock(page);
  for (let i = 1; i <= 5; i++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(async () => (await clock(page)).events).toBe(start.events + i);
    forward.push(await settledPicture(page));
  }
  for (let i = 4; i >= 0; i--) {
    await page.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(async () => (await clock(page)).events).toBe(start.events + i);
    expect(await settledPicture(page)).toBe(forward[i]);
  }
  expect(await clock(page)).toEqual(start);
});
