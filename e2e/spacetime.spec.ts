import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { clock, leader, open, pause } from './helpers.ts';

/** The diagram shown (remembered), the tour declined. */
async function withDiagram(page: Page): Promise<void> {
  await page.addInitScript(() => {
    localStorage.setItem('raftlab-diagram', '1');
    localStorage.setItem('raftlab-tour', 'explore');
  });
}

const diagram = (page: Page) => page.getByRole('region', { name: 'Space-time diagram' });

/** The messages in flight on the cluster now: id, sender and receiver. */
async function inFlight(page: Page): Promise<{ id: string; from: string; to: string }[]> {
  return page.locator('[data-message]').evaluateAll((els) =>
    els.map((el) => {
      const d = (el as HTMLElement).dataset;
      return { id: d.message!, from: d.from!, to: d.to! };
    }),
  );
}

async function span(page: Page): Promise<{ from: number; to: number; follow: string }> {
  const d = diagram(page);
  return {
    from: Number(await d.getAttribute('data-from')),
    to: Number(await d.getAttribute('data-to')),
    follow: (await d.getAttribute('data-follow')) ?? '',
  };
}

test('the toggle shows the diagram and the choice is remembered', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('raftlab-tour', 'explore'));
  await open(page, '?speed=1&seed=3');
  const toggle = page.getByRole('button', { name: 'Space-time diagram' });
  // Off by default.
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(diagram(page)).toHaveCount(0);
  // Reachable by keyboard: focus it and press Enter.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(diagram(page)).toBeVisible();
  await page.reload();
  await expect(diagram(page)).toBeVisible();
  await page.getByRole('button', { name: 'Space-time diagram' }).click();
  await expect(diagram(page)).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('clock')).toBeVisible();
  await expect(diagram(page)).toHaveCount(0);
});

test('every delivered message is an arrow from its sender to its receiver', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  await leader(page);
  await pause(page);
  // Heartbeats too (the same switch as the event log's).
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  // Paused between a delivery and the next send, maybe: step to a message in flight.
  for (let i = 0; i < 60 && (await inFlight(page)).length === 0; i++)
    await page.getByRole('button', { name: 'Step', exact: true }).click();
  const flying = await inFlight(page);
  expect(flying.length).toBeGreaterThan(0);
  // Step until every one of them has arrived.
  for (let i = 0; i < 60; i++) {
    const still = await inFlight(page);
    if (!still.some((m) => flying.some((f) => f.id === m.id))) break;
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  }
  await expect
    .poll(async () => (await inFlight(page)).filter((m) => flying.some((f) => f.id === m.id)))
    .toEqual([]);
  for (const m of flying) {
    const arrow = diagram(page).locator(`[data-arrow="${m.id}"]`);
    await expect(arrow).toHaveCount(1);
    await expect(arrow).toHaveAttribute('data-from', m.from);
    await expect(arrow).toHaveAttribute('data-to', m.to);
  }
  // Every arrow joins two different lanes among S1..S5 and the client (0).
  const ends = await diagram(page)
    .locator('[data-arrow]')
    .evaluateAll((els) =>
      els.map((el) => [Number(el.getAttribute('data-from')), Number(el.getAttribute('data-to'))]),
    );
  expect(ends.length).toBeGreaterThanOrEqual(flying.length);
  for (const [a, b] of ends) {
    expect(a).not.toBe(b);
    expect([0, 1, 2, 3, 4, 5]).toContain(a);
    expect([0, 1, 2, 3, 4, 5]).toContain(b);
  }
});

test('a click on an arrow goes to the moment right after its delivery', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  await leader(page);
  await pause(page);
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  const now = (await clock(page)).now;
  // An arrow delivered a while before the moment shown, and the point halfway along it.
  const target = await diagram(page)
    .locator('[data-arrow]')
    .evaluateAll((els, t) => {
      for (const el of els.reverse()) {
        const at = Number(el.getAttribute('data-at'));
        if (at >= t - 40) continue;
        const box = el.querySelector('.st-line')!.getBoundingClientRect();
        if (box.width < 6) continue;
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        // Whichever arrow is on top there is the one clicked.
        const hit = document.elementFromPoint(x, y)?.closest('[data-arrow]');
        if (!hit) continue;
        return {
          x,
          y,
          at: Number(hit.getAttribute('data-at')),
          n: Number(hit.getAttribute('data-n')),
        };
      }
      return null;
    }, now);
  expect(target).not.toBeNull();
  await page.mouse.click(target!.x, target!.y);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', String(target!.at));
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(target!.n));
  // A mark (an election, a vote, a leader) jumps too.
  await page.getByRole('button', { name: 'Whole run' }).click();
  const dot = diagram(page).locator('[data-dot="leader"]').first();
  await expect(dot).toBeVisible();
  const at = await dot.getAttribute('data-at');
  // Marks may overlap (a leader and its first commit): click this one itself.
  await dot.dispatchEvent('click');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', at!);
});

test('the diagram is one tab stop; arrow keys move between its marks, Enter goes to one', async ({
  page,
}) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  await leader(page);
  await pause(page);
  await page.getByRole('button', { name: 'Whole run' }).click();
  const marks = diagram(page).locator('[data-mark]');
  await expect(marks.first()).toBeVisible();
  // One of the marks takes the tab stop; Tab from the diagram's tools reaches it.
  const stop = diagram(page).locator('[data-mark][tabindex="0"]');
  await expect(stop).toHaveCount(1);
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).focus();
  await page.keyboard.press('Tab');
  const focused = () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-mark') ?? null);
  await expect.poll(focused).not.toBeNull();
  const first = (await focused())!;
  // Every mark has a name in words.
  const focusedEl = diagram(page).locator(`[data-mark="${first}"]`);
  await expect(focusedEl).toHaveAttribute('role', 'button');
  await expect(focusedEl).toHaveAccessibleName(/\d+ ms/);
  // Arrow keys move among the marks (not the run: the clock stays).
  const before = await clock(page);
  await page.keyboard.press('Home');
  const home = (await focused())!;
  await page.keyboard.press('ArrowRight');
  const second = (await focused())!;
  expect(second).not.toBe(home);
  await page.keyboard.press('ArrowLeft');
  expect(await focused()).toBe(home);
  await page.keyboard.press('ArrowRight');
  expect(await clock(page)).toEqual(before);
  // Enter goes to the mark's moment.
  const el = diagram(page).locator(`[data-mark="${second}"]`);
  const at = (await el.getAttribute('data-at'))!;
  const n = (await el.getAttribute('data-n'))!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-now', at);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', n);
  // Tab leaves the diagram in one press.
  await page.keyboard.press('Tab');
  expect(await focused()).toBeNull();
});

test('a message lost at a crashed server ends in a cross', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  const l = await leader(page);
  await pause(page);
  const follower = l.id === 1 ? 2 : 1;
  await page.locator(`[data-server="${follower}"]`).click();
  await page.keyboard.press('c');
  await expect(page.locator(`[data-server="${follower}"]`)).toHaveAttribute('data-up', 'false');
  // The leader's next heartbeats to it are lost.
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  const lost = diagram(page).locator(`[data-arrow][data-lost][data-to="${follower}"]`);
  await expect(lost.first()).toBeVisible();
  await expect(lost.first().locator('[data-cross]')).toHaveCount(1);
  await expect(lost.first()).toHaveAttribute('data-from', String(l.id));
  // The crash is a mark on its lane, and the lane is hatched while it is down.
  await expect(diagram(page).locator(`[data-dot="crash"][data-lane="${follower}"]`)).toHaveCount(1);
  await expect(diagram(page).locator(`[data-down="${follower}"]`)).toHaveCount(1);
});

test('a message sent over or flying on a cut link ends in a cross', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  const l = await leader(page);
  await pause(page);
  const follower = l.id === 1 ? 2 : 1;
  const key = `${Math.min(l.id, follower)}-${Math.max(l.id, follower)}`;
  const link = page.locator(`[data-link="${key}"]`);
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('data-up', 'none');
  // The leader's next heartbeats to it go over the cut link (lost heartbeats are shown with them).
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  await page.locator('body').focus();
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  const lost = diagram(page).locator(
    `[data-arrow][data-lost="cut"][data-from="${l.id}"][data-to="${follower}"]`,
  );
  await expect(lost.first()).toBeVisible();
  await expect(lost.first().locator('[data-cross]')).toHaveCount(1);
  await expect(lost.first().locator('title')).toContainText('cut');
});

test('a message dropped by the drop rate ends in a cross', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  await leader(page);
  await pause(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Drop rate').fill('0.5');
  await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(dialog).toBeHidden();
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  await page.locator('body').focus();
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowRight');
  const lost = diagram(page).locator('[data-arrow][data-lost="drop"]');
  await expect(lost.first()).toBeVisible();
  await expect(lost.first().locator('[data-cross]')).toHaveCount(1);
  const from = Number(await lost.first().getAttribute('data-from'));
  const to = Number(await lost.first().getAttribute('data-to'));
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(0);
  expect(from).not.toBe(to);
});

test('zoom and pan change the window of time shown', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=3');
  await leader(page);
  await pause(page);
  const a = await span(page);
  expect(a.follow).toBe('true');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect
    .poll(async () => {
      const s = await span(page);
      return s.to - s.from;
    })
    .toBeLessThan((a.to - a.from) * 0.6);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await expect
    .poll(async () => {
      const s = await span(page);
      return s.to - s.from;
    })
    .toBeGreaterThan((a.to - a.from) * 1.5);
  // The mouse wheel (d3-zoom) zooms in around the pointer.
  const svg = diagram(page).locator('svg.diagram-svg');
  const box = (await svg.boundingBox())!;
  const b = await span(page);
  // Zoom in about the right edge (the present): the window keeps clear of the run's
  // start, so there is room to pan back below.
  await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await expect
    .poll(async () => {
      const s = await span(page);
      return s.to - s.from;
    })
    .toBeLessThan((b.to - b.from) * 0.9);
  // Dragging pans back in time: the window no longer follows the present. First zoom in
  // until the window starts after the run's start (panning stops there), and let the
  // zoom settle: the wheel's steps may still be arriving.
  let last = '';
  await expect
    .poll(async () => {
      const s = await span(page);
      if (s.from < 20) await page.mouse.wheel(0, -400);
      const now = JSON.stringify(s);
      const same = now === last && s.from >= 20;
      last = now;
      return same;
    })
    .toBe(true);
  const c = await span(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await span(page)).from).toBeLessThan(c.from);
  expect((await span(page)).follow).toBe('false');
  await page.getByRole('button', { name: 'Follow' }).click();
  await expect.poll(async () => (await span(page)).follow).toBe('true');
});

test('the whole of a long run is drawn as counts per bucket', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=100&seed=3&load=20');
  await expect
    .poll(async () => (await clock(page)).now, { timeout: 20_000 })
    .toBeGreaterThan(60_000);
  await pause(page);
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  await page.getByRole('button', { name: 'Whole run' }).click();
  await expect(diagram(page).locator('[data-bucket="heartbeats"]').first()).toBeVisible();
  // Few arrows drawn one by one (the rest as counts).
  expect(await diagram(page).locator('[data-arrow]').count()).toBeLessThanOrEqual(1200);
});

test('"Export image" includes the diagram when it is shown', async ({ page }) => {
  await withDiagram(page);
  await open(page, '?speed=1&seed=5');
  await leader(page);
  await pause(page);
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  await expect(diagram(page).locator('[data-arrow]').first()).toBeVisible();
  await page.getByRole('button', { name: 'Export image' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export image' });
  await expect(dialog.getByRole('img', { name: 'Preview of the image' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save SVG' }).click(),
  ]);
  const text = readFileSync(await download.path(), 'utf8');
  const parsed = await page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const part = doc.querySelector('[data-part="diagram"]');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      diagram: part !== null,
      arrows: part?.querySelectorAll('[data-arrow]').length ?? 0,
      lanes: part?.querySelectorAll('[data-lane]').length ?? 0,
    };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed.diagram).toBe(true);
  expect(parsed.arrows).toBeGreaterThan(0);
  expect(parsed.lanes).toBeGreaterThanOrEqual(6);
});

for (const [w, h] of [
  [1024, 768],
  [1920, 1080],
] as const)
  test(`presenter mode at ${w}x${h}: the diagram beside the cluster, clear of it, large labels`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await withDiagram(page);
    await open(page, '?speed=1&seed=3&presenter=1');
    await leader(page);
    await pause(page);
    const d = await diagram(page).boundingBox();
    const c = await page.getByRole('region', { name: 'Cluster' }).boundingBox();
    expect(d!.height).toBeGreaterThan(150);
    expect(d!.width).toBeGreaterThan(w * 0.45);
    // No overlap between the cluster and the diagram (beside it or under it).
    const apart =
      c!.x + c!.width <= d!.x + 1 ||
      d!.x + d!.width <= c!.x + 1 ||
      c!.y + c!.height <= d!.y + 1 ||
      d!.y + d!.height <= c!.y + 1;
    expect(apart).toBe(true);
    // Every lane label inside the diagram, none cut off at its left edge.
    const labels = await diagram(page)
      .locator('.st-lane-label')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().left));
    for (const left of labels) expect(left).toBeGreaterThanOrEqual(d!.x);
    // Clear of the timeline and the caption too.
    for (const name of ['Time travel']) {
      const t = (await page.getByRole('region', { name }).boundingBox())!;
      expect(d!.y + d!.height <= t.y + 1 || t.y + t.height <= d!.y + 1, name).toBe(true);
    }
    // Nothing a student reads in it under 20 px: lanes, axis, terms, marks, legend, tools.
    await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
    const sizes = await diagram(page)
      .locator('text, .st-legend span, .st-tools button, .st-tools label, h2')
      .evaluateAll((els) =>
        els
          .filter((el) => (el as HTMLElement).getClientRects().length > 0)
          .map((el) => parseFloat(getComputedStyle(el).fontSize)),
      );
    expect(sizes.length).toBeGreaterThan(8);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(20);
  });

test('zoomed into the far past of a long run (before the last 5 virtual minutes kept in detail), messages are arrows again', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await withDiagram(page);
  await open(page, '?speed=100&seed=3');
  // Past 11 virtual minutes, the index keeps in detail only what came after about 6.
  await expect
    .poll(async () => (await clock(page)).now, { timeout: 45_000 })
    .toBeGreaterThan(660_000);
  await pause(page);
  // Without client load, the leader's messages are heartbeats and their acknowledgements.
  await diagram(page).getByRole('checkbox', { name: 'heartbeats' }).check();
  await page.getByRole('button', { name: 'Whole run' }).click();
  await expect.poll(async () => (await span(page)).to).toBeGreaterThan(660_000);
  // The wheel zooms in about the pointer: near the run's start, until a couple of seconds are shown.
  const svg = diagram(page).locator('svg.diagram-svg');
  const box = (await svg.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height / 2);
  await expect
    .poll(
      async () => {
        const s = await span(page);
        if (s.to - s.from > 3_000) await page.mouse.wheel(0, -600);
        return s.to - s.from <= 3_000 && s.to < 300_000;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(diagram(page).locator('[data-arrow]').first()).toBeVisible();
  await expect(diagram(page).locator('[data-bucket="messages"]')).toHaveCount(0);
  await expect(diagram(page).locator('[data-bucket="heartbeats"]')).toHaveCount(0);
  // Each an arrow from its sender to its receiver, as in the recent part.
  const arrow = diagram(page).locator('[data-arrow]').first();
  expect(Number(await arrow.getAttribute('data-from'))).toBeGreaterThan(0);
  expect(Number(await arrow.getAttribute('data-to'))).toBeGreaterThan(0);
});

/** How many lines the diagram's legend takes: its height over its line's height. */
async function legendLines(page: Page): Promise<number> {
  return diagram(page)
    .getByLabel('Diagram legend')
    .evaluate((el) => {
      const s = getComputedStyle(el);
      const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2;
      return Math.round(el.getBoundingClientRect().height / line);
    });
}

for (const [w, h, most] of [
  [1024, 768, 2],
  [1280, 800, 2],
  [1920, 1080, 1],
] as const)
  test(`presenter mode at ${w}x${h}: the diagram's legend takes ${most === 1 ? 'one line' : `${most} lines at most`}`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await withDiagram(page);
    await open(page, '?speed=1&seed=3&presenter=1');
    await leader(page);
    await pause(page);
    const legend = diagram(page).getByLabel('Diagram legend');
    // Every word of it still there: the kinds, replies, lost messages and the marks.
    for (const word of [
      'vote',
      'append',
      'client',
      'reply',
      'lost',
      'election',
      'leader',
      'commit',
    ])
      await expect(legend).toContainText(word);
    await expect(async () => expect(await legendLines(page)).toBeLessThanOrEqual(most)).toPass({
      timeout: 5_000,
    });
    // Where it takes two, the messages' lines first, the servers' marks on the second.
    if (most === 2) {
      const tops = await legend.locator('span:not(:has(span))').evaluateAll((els) =>
        els.map((el) => ({
          text: el.textContent ?? '',
          top: Math.round(el.getBoundingClientRect().top),
        })),
      );
      const top = (word: string) => tops.find((t) => t.text.includes(word))!.top;
      expect(top('append')).toBe(top('lost'));
      expect(top('election')).toBe(top('commit'));
    }
  });
