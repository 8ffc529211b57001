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
  await page2.getByRole('combobox', { name: 'Speed' }).selectOption('1');
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

test('after a jump into a stretch never shown, the event log and the caption tell that moment', async ({
  page,
}) => {
  await open(page, '?speed=1');
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption({ label: 'Leader crash' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  const end = await head(page);
  expect(end.events).toBeGreaterThan(100);
  await seekTo(page, Math.floor(end.time / 2));
  const log = page.getByRole('list', { name: 'Events, newest first' });
  await expect(log).not.toContainText('Nothing yet');
  await expect(log).toContainText('wins the election');
  const caption = page.getByLabel('Latest event');
  await expect(caption).not.toContainText('Press Play');
  // The caption tells the last event processed, at or before the moment shown.
  const at = Number((await caption.locator('.cap-time').textContent())!.replace(' ms', ''));
  expect(at).toBeLessThanOrEqual(Math.floor(end.time / 2));
  // Back to the start: nothing has happened yet.
  await seekTo(page, 0);
  await expect(log).toContainText('Nothing yet');
  await expect(caption).toContainText('Press Play');
});

test('at 100x, long after the election, the event log still shows it with heartbeats hidden', async ({
  page,
}) => {
  await open(page, '?speed=100&seed=24');
  await expect
    .poll(async () => (await clock(page)).events, { timeout: 30_000 })
    .toBeGreaterThan(6000);
  const log = page.getByRole('list', { name: 'Events, newest first' });
  await expect(log).toContainText('wins the election');
  await pause(page);
  await expect(log).toContainText('wins the election');
  await expect(log.locator('li.minor')).toHaveCount(0);
});

test('the caption tells all an event did: at the Disruptive rejoin pause, S1 steps down and refuses S5', async ({
  page,
}) => {
  await open(page, '?speed=1');
  await page
    .getByRole('combobox', { name: 'Scenarios' })
    .selectOption({ label: 'Disruptive rejoin' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  await playPast(page, 1360);
  await seekTo(page, 1353);
  const caption = page.getByLabel('Latest event');
  await expect(caption).not.toContainText('Press Play');
  const step = page.getByRole('button', { name: 'Step', exact: true });
  await step.click();
  await expect.poll(() => clock(page)).toEqual({ now: 1354, events: 212 });
  await expect(caption).toContainText('S1 receives a vote request from S5 for term 5');
  await expect(caption).toContainText('steps down as leader');
  await expect(caption).toContainText('S1 refuses S5');
  // A Step that processes a heartbeat says so: the previous text does not stay up.
  for (let i = 0; i < 40; i++) {
    await step.click();
    await expect.poll(async () => (await clock(page)).events).toBe(213 + i);
    const text = (await caption.textContent()) ?? '';
    if (/heartbeat/i.test(text)) break;
    expect(text).not.toContain('S1 refuses S5');
  }
  await expect(caption).toContainText(/heartbeat/i);
  // While the run plays, the caption never asks to press Play.
  await page.getByRole('button', { name: /Play$/ }).click();
  await expect(page.getByRole('button', { name: /Pause$/ })).toBeVisible();
  await expect(caption).not.toContainText('Press Play');
});

test('after a jump the client panel lists the requests made by then, as many as it counts', async ({
  page,
}) => {
  await open(page, '?speed=1');
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption({ label: 'Leader crash' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  // The scrubber reaches the story's end once the preset's first panel frame is in.
  await expect.poll(async () => (await head(page)).time).toBeGreaterThan(500);
  const end = await head(page);
  await seekTo(page, end.time);
  const client = page.getByRole('region', { name: 'Client' });
  const mine = client.getByRole('list', { name: 'Your requests, newest first' });
  await expect(page.getByTestId('op-count')).toHaveText('3 requests in all');
  await expect(mine.locator('li.op')).toHaveCount(3);
  await seekTo(page, 0);
  await expect(page.getByTestId('op-count')).toHaveText('0 requests in all');
  await expect(mine).toContainText('No requests yet');
});

test('acting in the past says the recorded future is set aside, and that Undo brings it back', async ({
  page,
}) => {
  await open(page, '?speed=1');
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption({ label: 'Leader crash' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  const end = await head(page);
  await seekTo(page, Math.floor(end.time / 2));
  await page.locator('[data-server="2"]').click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator('.notice')).toContainText('set aside');
  await expect(page.locator('.notice')).toContainText('Undo');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => head(page)).toEqual(end);
});
