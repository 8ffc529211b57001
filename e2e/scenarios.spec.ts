import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import lz from 'lz-string';
import { events, leader, open, pause } from './helpers.ts';

/** Every data-* hook of servers, log entries, messages and the clock, as one string. */
async function snapshot(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = (sel: string) =>
      [...document.querySelectorAll(sel)].map((el) =>
        Object.entries((el as HTMLElement).dataset)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
      );
    const clock = document.querySelector('[data-testid="clock"]') as HTMLElement;
    return JSON.stringify({
      clock: [clock.dataset.now, clock.dataset.events],
      servers: attrs('[data-server]'),
      logs: attrs('[data-log-server]'),
      messages: attrs('[data-message]').sort(),
    });
  });
}

async function clock(page: Page): Promise<{ now: number; events: number }> {
  const c = page.getByTestId('clock');
  return {
    now: Number(await c.getAttribute('data-now')),
    events: Number(await c.getAttribute('data-events')),
  };
}

async function head(page: Page): Promise<{ time: number; events: number }> {
  const r = page.getByLabel('Timeline');
  return {
    time: Number(await r.getAttribute('data-head-time')),
    events: Number(await r.getAttribute('data-head-events')),
  };
}

/** Plays for a while (in virtual ms, at 1x) then pauses. */
async function playFor(page: Page, ms: number): Promise<void> {
  await pause(page);
  const start = (await clock(page)).now;
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(async () => (await clock(page)).now, { timeout: 20_000 })
    .toBeGreaterThan(start + ms);
  await pause(page);
}

async function settled(page: Page): Promise<string> {
  // Two equal snapshots in a row: no frame is still on its way.
  let prev = '';
  for (let i = 0; i < 20; i++) {
    const s = await snapshot(page);
    if (s === prev) return s;
    prev = s;
    await page.waitForTimeout(100);
  }
  return prev;
}

async function seekTo(page: Page, time: number): Promise<void> {
  await page.getByLabel('Timeline').fill(String(time));
  await expect.poll(async () => (await clock(page)).now).toBe(time);
}

test('a share link opened in a fresh browser shows the same run paused at the same moment', async ({
  page,
  browser,
}) => {
  await open(page, '?speed=1&seed=11');
  const l = await leader(page);
  await page.getByLabel('Command').fill('set colour red');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const follower = l.id === 1 ? 2 : 1;
  await page.locator(`[data-server="${follower}"]`).click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator(`[data-server="${follower}"]`)).toHaveAttribute('data-up', 'false');
  await page.waitForTimeout(400);
  await pause(page);
  const before = await settled(page);

  await page.getByRole('button', { name: 'Share' }).click();
  const box = page.getByRole('textbox', { name: 'Share link' });
  await expect(box).toHaveValue(/#s=/);
  await expect(box).toHaveAttribute('readonly', '');
  const link = await box.inputValue();

  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page2 = await other.newPage();
  await page2.goto(link);
  await expect(page2.getByTestId('clock')).toHaveAttribute(
    'data-events',
    String((await clock(page)).events),
  );
  await expect(page2.getByRole('button', { name: 'Play' })).toBeVisible();
  expect(await settled(page2)).toBe(before);
  await expect(page2.locator('.notice.error')).toHaveCount(0);
  await other.close();
});

test('the address bar holds the scenario; reloading shows the same moment', async ({ page }) => {
  await open(page, '?speed=1&seed=12');
  await leader(page);
  await page.getByRole('button', { name: 'Heal network' }).click();
  await pause(page);
  const before = await settled(page);
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5000 }).toMatch(/^#s=/);
  // The fragment follows the moment where playback paused (written at most once a second).
  await page.waitForTimeout(1200);
  const historyLength = await page.evaluate(() => history.length);
  await page.reload();
  await expect(page.getByTestId('clock')).toBeVisible();
  await expect.poll(() => settled(page)).toBe(before);
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
});

test('seeking back then forward lands on identical states', async ({ page }) => {
  await open(page, '?speed=1&seed=13');
  await leader(page);
  await pause(page);
  const a = await settled(page);
  const at = (await clock(page)).now;
  await playFor(page, 1500);
  const b = await settled(page);
  const end = await head(page);
  expect(end.time).toBe((await clock(page)).now);

  await seekTo(page, at);
  expect(await settled(page)).toBe(a);
  await page.getByLabel('Timeline').fill(String(end.time));
  await expect.poll(async () => (await clock(page)).events).toBe(end.events);
  expect(await settled(page)).toBe(b);

  // Step back three times, then Step three times: the same state again.
  for (let i = 1; i <= 3; i++) {
    await page.getByRole('button', { name: 'Step back' }).click();
    await expect.poll(() => events(page)).toBe(end.events - i);
  }
  for (let i = 2; i >= 0; i--) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => events(page)).toBe(end.events - i);
  }
  // The same state, the clock at the last event (the head had idle time after it).
  const noTime = (x: string) => JSON.stringify({ ...JSON.parse(x), clock: null });
  expect(noTime(await settled(page))).toBe(noTime(b));
});

test('clicking an event in the event log jumps to it', async ({ page }) => {
  await open(page, '?speed=1&seed=14');
  await leader(page);
  await playFor(page, 500);
  const row = page.locator('.event[data-event-n]').nth(5);
  const n = Number(await row.getAttribute('data-event-n'));
  const at = Number(await row.getAttribute('data-event-at'));
  await row.getByRole('button').click();
  await expect.poll(() => clock(page)).toEqual({ now: at, events: n });
});

test('acting in the past forks the run; Undo brings the dropped future back', async ({ page }) => {
  await open(page, '?speed=1&seed=15');
  await leader(page);
  await playFor(page, 1500);
  const end = await head(page);
  const finalState = await settled(page);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();

  await seekTo(page, 700);
  const fork = await clock(page);
  await page.locator('[data-server="3"]').click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await expect(page.locator('[data-server="3"]')).toHaveAttribute('data-up', 'false');
  await expect.poll(() => head(page)).toEqual({ time: fork.now, events: fork.events });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => head(page)).toEqual(end);
  await expect.poll(() => clock(page)).toEqual(fork);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await page.getByLabel('Timeline').fill(String(end.time));
  await expect.poll(async () => (await clock(page)).events).toBe(end.events);
  expect(await settled(page)).toBe(finalState);
});

test('the timeline shows markers for the election, the leader and a crash', async ({ page }) => {
  await open(page, '?speed=1&seed=16');
  const l = await leader(page);
  await page.locator(`[data-server="${l.id}"]`).click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await playFor(page, 200);
  for (const kind of ['election', 'leader', 'crash'])
    await expect(page.locator(`[data-marker="${kind}"]`).first()).toBeAttached();
});

test('markers are reached by Tab and by [ and ]; each takes the run to its moment', async ({
  page,
}) => {
  await open(page, '?speed=1&seed=16');
  const l = await leader(page);
  await page.locator(`[data-server="${l.id}"]`).click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await playFor(page, 300);
  await pause(page);
  const crash = page.locator('[data-marker="crash"]').first();
  await expect(crash).toBeAttached();
  const crashAt = Number(await crash.getAttribute('data-time'));

  // Tab from "Step back" lands on the first marker: markers are buttons.
  await page.getByRole('button', { name: 'Step back' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAttribute('data-marker', /^(election|leader)$/);
  // Pressed from the keyboard, a marker seeks to its moment.
  await crash.focus();
  await expect(crash).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(crashAt));

  // [ goes to the marker before (the leader's election), ] back to the crash.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('[');
  await expect
    .poll(async () => Number(await page.getByTestId('clock').getAttribute('data-now')))
    .toBeLessThan(crashAt);
  await page.keyboard.press(']');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(crashAt));
});

/** A valid fragment made by the app itself: 3 servers, a crash, paused. */
async function validFragment(page: Page): Promise<string> {
  await open(page, '?speed=1&seed=3&servers=3');
  await leader(page);
  await page.locator('[data-server="1"]').click();
  await page.getByRole('button', { name: 'Crash server' }).click();
  await pause(page);
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 5000 }).toMatch(/^#s=/);
  await page.waitForTimeout(1200); // the last write (about once a second) has landed
  return (await page.evaluate(() => location.hash)).slice('#s='.length);
}

/** The fragment's packed form (see src/scenario/codec.ts), changed by `edit`. */
function edited(fragment: string, edit: (packed: unknown[]) => void): string {
  const packed = JSON.parse(lz.decompressFromEncodedURIComponent(fragment)) as unknown[];
  edit(packed);
  return lz.compressToEncodedURIComponent(JSON.stringify(packed));
}

test('hostile fragments each get a message; the app keeps running and runs nothing', async ({
  page,
}) => {
  const good = await validFragment(page);
  const hostile: [string, RegExp][] = [
    ['%F0%9F%92%A9%00%ff random $$$ bytes !!', /damaged|not hold/],
    [good.slice(0, Math.floor(good.length / 2)), /damaged|incomplete/],
    [edited(good, (p) => (p[0] = 7)), /version/],
    [
      edited(good, (p) =>
        (p[4] as unknown[][]).push([1, 0, 11, '<script>window.__pwned=1</script>']),
      ),
      /./,
    ],
    ['A'.repeat(250_000), /too long/],
  ];
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  for (const [fragment, message] of hostile) {
    await page.goto('about:blank');
    await page.goto(`/?speed=1&seed=2#s=${fragment}`);
    const notice = page.locator('.notice.error');
    await expect(notice.first()).toBeVisible();
    await expect(notice.first()).toContainText(message);
    await expect(notice.first()).toContainText('not loaded');
    await leader(page);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    expect(await page.locator('script:not([src])').count()).toBe(0);
  }
  expect(dialogs).toBe(0);
});

test('a link that replays to another hash says it was made by a different version', async ({
  page,
}) => {
  const good = await validFragment(page);
  const other = edited(good, (p) => ((p[5] as unknown[])[2] = '0123456789abcdef'));
  await page.goto('about:blank');
  await page.goto(`/#s=${other}`);
  await expect(page.locator('.notice.error')).toContainText('different version');
  await expect(page.locator('[data-server]')).toHaveCount(3);
});

test('a preset loads paused at its start and shows its explanation', async ({ page }) => {
  await open(page, '?speed=1');
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption({ label: 'First election' });
  const ex = page.getByRole('region', { name: 'Scenario explanation' });
  await expect(ex).toContainText('Nobody leads yet');
  await expect(ex).not.toContainText('S4’s timer runs out first'); // not before it happens
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', '0');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.locator('[data-server][data-term="0"]')).toHaveCount(5);
  await page.getByRole('button', { name: 'Play' }).click();
  const l = await leader(page);
  expect(l).toEqual({ id: 4, term: 1 });
  await expect(ex).toContainText('S4’s timer runs out first');
  await page.getByRole('button', { name: 'Dismiss explanation' }).click();
  await expect(ex).toHaveCount(0);
});

test('Export then Import round-trips the run; a bad file changes nothing', async ({
  page,
}, info) => {
  await open(page, '?speed=1&seed=17');
  await leader(page);
  await page.getByLabel('Command').fill('set k 9');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForTimeout(300);
  await pause(page);
  const before = await settled(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = info.outputPath('scenario.json');
  await (await download).saveAs(file);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  expect(json.format).toBe('raftlab-scenario');
  expect(json.actions.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'New run' }).click();
  await pause(page);
  await expect.poll(() => settled(page)).not.toBe(before);

  const bad = info.outputPath('bad.json');
  writeFileSync(
    bad,
    '{"format":"raftlab-scenario","version":1,"engine":1,"options":{"servers":99}}',
  );
  const unchanged = await settled(page);
  await page.getByTestId('import-file').setInputFiles(bad);
  await expect(page.locator('.notice.error')).toContainText('Could not import bad.json');
  expect(await settled(page)).toBe(unchanged);

  await page.getByTestId('import-file').setInputFiles(file);
  await expect.poll(() => settled(page)).toBe(before);

  // Dropping the file on the page does the same.
  await page.getByRole('button', { name: 'New run' }).click();
  await pause(page);
  await expect.poll(() => settled(page)).not.toBe(before);
  const text = readFileSync(file, 'utf8');
  await page.evaluate((json) => {
    const dt = new DataTransfer();
    dt.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }));
  }, text);
  await expect.poll(() => settled(page)).toBe(before);
});

test('?embed=1 shows the cluster and the playback controls only', async ({ page }) => {
  await open(page, '?embed=1&speed=1');
  await expect(
    page
      .getByRole('button', { name: 'Play' })
      .or(page.getByRole('button', { name: 'Pause', exact: true })),
  ).toBeVisible();
  await expect(page.getByLabel('Timeline')).toBeVisible();
  await expect(page.locator('[data-server]')).toHaveCount(5);
  for (const name of ['Settings', 'Share', 'Export', 'New run'])
    await expect(page.getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Event log' })).toHaveCount(0);
});

test('the timeline works from the keyboard; ← steps back one event', async ({ page }) => {
  await open(page, '?speed=1&seed=18');
  await leader(page);
  await playFor(page, 500);
  const end = await head(page);
  const slider = page.getByRole('slider', { name: 'Timeline' });
  await slider.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => clock(page)).toEqual({ now: 0, events: 0 });
  await page.keyboard.press('End');
  await expect.poll(() => clock(page)).toEqual({ now: end.time, events: end.events });
  await slider.blur();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => events(page)).toBe(end.events - 1);
});
