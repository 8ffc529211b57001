import { expect, test, type Page } from '@playwright/test';
import { events, leader, open, pause, settledPicture } from './helpers.ts';

/** The size in CSS pixels at which an element's text is drawn (SVG text scaled by its view box). */
async function drawnSizes(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => (el as HTMLElement).getClientRects().length > 0)
      .map((el) => {
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (el instanceof SVGGraphicsElement) {
          const m = el.getScreenCTM();
          return m ? px * Math.hypot(m.a, m.b) : px;
        }
        return px;
      }),
  );
}

/** What a student reads in presenter mode, the story and its pause point control when shown. */
const READ = [
  '.caption .cap-text',
  '.caption .cap-time',
  '.caption .sec',
  '.clock-time',
  '.clock-events',
  '.cluster-status',
  '.legend > span',
  '.timeline-head',
  '.server-label .sid',
  '.server-label .sterm',
  '.server-label .srole',
  '.server-label .svote',
  '.client-node text',
  '.explanation h2',
  '.explanation p',
  '.pause-nav button',
  '.pause-nav .hint',
];

/** Nothing in READ is drawn under 20 px on the screen (CSS pixels times the browser zoom). */
async function expectReadable(page: Page, zoom = 1): Promise<void> {
  let seen = 0;
  for (const s of READ) {
    const sizes = await drawnSizes(page, s);
    seen += sizes.length;
    for (const px of sizes) expect(px * zoom, s).toBeGreaterThanOrEqual(20);
  }
  expect(seen).toBeGreaterThan(10);
}

/** The main regions' boxes: none may meet another, all inside the viewport. */
async function expectNoOverlap(page: Page): Promise<void> {
  const boxes = await page.evaluate(() => {
    const sel = ['.toolbar', '.caption', '.explanation', '.cluster', '.timeline'];
    return sel.flatMap((s) =>
      [...document.querySelectorAll(s)].map((el) => {
        const r = el.getBoundingClientRect();
        return { s, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
      }),
    );
  });
  const vw = page.viewportSize()!;
  expect(boxes.length).toBeGreaterThanOrEqual(4);
  for (const b of boxes) {
    expect(b.x1 - b.x0, `${b.s} has a width`).toBeGreaterThan(50);
    expect(b.y1 - b.y0, `${b.s} has a height`).toBeGreaterThan(20);
    expect(b.x0, `${b.s} inside`).toBeGreaterThanOrEqual(0);
    expect(b.y0, `${b.s} inside`).toBeGreaterThanOrEqual(0);
    expect(b.x1, `${b.s} inside`).toBeLessThanOrEqual(vw.width + 0.5);
    expect(b.y1, `${b.s} inside`).toBeLessThanOrEqual(vw.height + 0.5);
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const meet = a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
      expect(meet, `${a.s} and ${b.s} overlap`).toBe(false);
    }
  // On the ring, the clients' box meets no server's labels nor any server.
  const ring = await page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    };
    const client = document.querySelector('.client-node rect');
    return {
      client: client ? box(client) : null,
      others: [
        ...[...document.querySelectorAll('.server-label .slabel')].map((el) => ({
          s: `label of ${el.closest('[class*="server-label"]')?.previousElementSibling?.getAttribute('data-server') ?? '?'}`,
          ...box(el),
        })),
        ...[...document.querySelectorAll('[data-server] .body')].map((el) => ({
          s: `S${el.closest('[data-server]')!.getAttribute('data-server')}`,
          ...box(el),
        })),
      ],
    };
  });
  expect(ring.client, 'the clients are drawn').not.toBeNull();
  expect(ring.others.length).toBeGreaterThan(4);
  for (const o of ring.others) {
    const c = ring.client!;
    const meet = c.x0 < o.x1 - 0.5 && o.x0 < c.x1 - 0.5 && c.y0 < o.y1 - 0.5 && o.y0 < c.y1 - 0.5;
    expect(meet, `the clients' box and ${o.s} overlap`).toBe(false);
  }
  // The side panels are folded away.
  await expect(page.getByRole('region', { name: 'Inspector' })).toBeHidden();
}

/**
 * On the ring: no two servers' circles (timer ring included) meet, no label meets a
 * server or another label, and every server, label and the clients' box lies inside
 * the canvas (which clips).
 */
async function expectRingClear(page: Page): Promise<void> {
  const r = await page.evaluate(() => {
    const box = (el: Element) => {
      const b = el.getBoundingClientRect();
      return { x0: b.left, y0: b.top, x1: b.right, y1: b.bottom };
    };
    const servers = [...document.querySelectorAll('.cluster [data-server]')].map((g) => {
      const t = box(g.querySelector('.timer-track')!);
      return {
        id: g.getAttribute('data-server')!,
        x: (t.x0 + t.x1) / 2,
        y: (t.y0 + t.y1) / 2,
        r: (t.x1 - t.x0) / 2,
        box: t,
      };
    });
    const labels = [...document.querySelectorAll('.cluster .server-label .slabel')].map(
      (el, i) => ({ id: servers[i]!.id, box: box(el) }),
    );
    const client = document.querySelector('.cluster .client-node rect');
    return {
      canvas: box(document.querySelector('.cluster-canvas')!),
      servers,
      labels,
      client: client ? box(client) : null,
    };
  });
  type B = { x0: number; y0: number; x1: number; y1: number };
  const meet = (a: B, b: B) =>
    a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
  const inside = (a: B) =>
    a.x0 >= r.canvas.x0 - 0.5 &&
    a.y0 >= r.canvas.y0 - 0.5 &&
    a.x1 <= r.canvas.x1 + 0.5 &&
    a.y1 <= r.canvas.y1 + 0.5;
  expect(r.servers.length).toBe(5);
  expect(r.labels.length).toBe(5);
  for (let i = 0; i < r.servers.length; i++) {
    const a = r.servers[i]!;
    expect(a.r, `S${a.id} is drawn`).toBeGreaterThan(10);
    expect(inside(a.box), `S${a.id} inside the canvas`).toBe(true);
    for (let j = i + 1; j < r.servers.length; j++) {
      const b = r.servers[j]!;
      expect(Math.hypot(a.x - b.x, a.y - b.y), `S${a.id} and S${b.id} overlap`).toBeGreaterThan(
        a.r + b.r,
      );
    }
  }
  for (let i = 0; i < r.labels.length; i++) {
    const l = r.labels[i]!;
    expect(inside(l.box), `S${l.id}'s label inside the canvas`).toBe(true);
    // Another server's circle: never (its own it stands beside).
    for (const s of r.servers)
      if (s.id !== l.id)
        expect(meet(l.box, s.box), `S${l.id}'s label and S${s.id} overlap`).toBe(false);
    for (let j = i + 1; j < r.labels.length; j++)
      expect(
        meet(l.box, r.labels[j]!.box),
        `S${l.id}'s and S${r.labels[j]!.id}'s labels overlap`,
      ).toBe(false);
  }
  expect(r.client, 'the clients are drawn').not.toBeNull();
  expect(inside(r.client!), 'the clients inside the canvas').toBe(true);
}

/** At each size, after `setUp`: no server meets another, labels clear and inside the canvas, text readable. */
function ringClear(
  what: string,
  sizes: readonly (readonly [number, number])[],
  setUp: (page: Page) => Promise<void>,
) {
  for (const [w, h] of sizes)
    test(`presenter mode with ${what} at ${w}x${h}: no server meets another, labels clear and inside the canvas`, async ({
      page,
    }) => {
      await page.setViewportSize({ width: w, height: h });
      await setUp(page);
      // The ring is laid out for the canvas once it has its size: read it settled.
      await expect(() => expectRingClear(page)).toPass({ timeout: 5_000 });
      await expectReadable(page);
    });
}

const SIZES = [
  [1024, 768],
  [1280, 800],
  [1920, 1080],
] as const;

/** A preset's story open, a part of it told (S4 the leader): the ring beside it stays clear. */
ringClear('a preset', SIZES, async (page) => {
  await open(page, '?presenter=1&preset=first-election');
  const story = page.getByRole('region', { name: 'Scenario explanation' });
  await expect(story).toHaveAttribute('data-reached', '0');
  await page.keyboard.press('j');
  await expect(story).toHaveAttribute('data-reached', '1');
  await page.keyboard.press('j');
  await expect(story).toHaveAttribute('data-reached', '2');
  await expect(page.locator('[data-server][data-role="leader"]')).toHaveCount(1);
});

/** The space-time diagram open beside the cluster. */
ringClear('the diagram', SIZES, async (page) => {
  await page.addInitScript(() => localStorage.setItem('raftlab-diagram', '1'));
  await open(page, '?presenter=1&speed=1&seed=3');
  await leader(page);
  await pause(page);
  await expect(page.getByRole('region', { name: 'Space-time diagram' })).toBeVisible();
});

test('presenter mode without a preset at 1024x768 and 1920x1080: the ring stays clear', async ({
  page,
}) => {
  for (const [w, h] of [
    [1024, 768],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await open(page, '?presenter=1&speed=1&seed=4');
    await leader(page);
    await pause(page);
    await expect(() => expectRingClear(page)).toPass({ timeout: 5_000 });
  }
});

test.describe('at 1920x1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('presenter mode is readable from the back: caption >= 28 px, nothing read under 20 px', async ({
    page,
  }) => {
    await open(page, '?speed=1&seed=4');
    await leader(page);
    await pause(page);
    // Normal mode, as measured in the issue: the caption is under 28 px.
    const normal = (await drawnSizes(page, '.caption .cap-text'))[0]!;
    expect(normal).toBeLessThan(28);
    await page.keyboard.press('p');
    await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const caption = await drawnSizes(page, '.caption .cap-text');
    expect(caption[0]).toBeGreaterThanOrEqual(28);
    await expectReadable(page);
    await expectNoOverlap(page);
  });

  test('presenter mode with a preset: the story beside the cluster, no overlap', async ({
    page,
  }) => {
    await open(page, '?presenter=1&preset=first-election');
    await expect(page.locator('.explanation[data-reached="0"]')).toBeVisible();
    await page.keyboard.press('j'); // a part of the story told, S4 a candidate
    await expect(page.locator('.explanation .story-part')).toHaveCount(1);
    await expectReadable(page);
    await expectNoOverlap(page);
  });
});

test.describe('at 1024x768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });
  test('presenter mode fits without overlap and reads at 20 px or more, with and without a preset', async ({
    page,
  }) => {
    await open(page, '?presenter=1&speed=1&seed=4');
    await leader(page);
    await pause(page);
    await expectReadable(page);
    await expectNoOverlap(page);
    await open(page, '?presenter=1&preset=first-election');
    const story = page.getByRole('region', { name: 'Scenario explanation' });
    await expect(story).toHaveAttribute('data-reached', '0');
    await page.keyboard.press('j');
    await expect(story).toHaveAttribute('data-reached', '1');
    await page.keyboard.press('j');
    await expect(story).toHaveAttribute('data-reached', '2');
    await expect(page.locator('.explanation .story-part')).toHaveCount(2);
    await expectReadable(page);
    await expectNoOverlap(page);
  });
});

test.describe('at 150% browser zoom (1920x1080 screen)', () => {
  test.use({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1.5 });
  test('presenter mode fits without overlap and reads at 20 px or more', async ({ page }) => {
    await open(page, '?presenter=1&speed=1&seed=4');
    await leader(page);
    await pause(page);
    await expectReadable(page, 1.5);
    await expectNoOverlap(page);
    await open(page, '?presenter=1&preset=first-election');
    await expect(page.locator('.explanation[data-reached="0"]')).toBeVisible();
    await page.keyboard.press('j');
    await expect(page.locator('.explanation .story-part')).toHaveCount(1);
    await expectReadable(page, 1.5);
    await expectNoOverlap(page);
    const caption = await drawnSizes(page, '.caption .cap-text');
    // 28 px on the screen: CSS pixels times the zoom.
    expect(caption[0]! * 1.5).toBeGreaterThanOrEqual(28);
  });
});

/** The toolbar's controls, each with the row it sits on (rows told apart by their middles). */
async function toolbarRows(page: Page): Promise<{ name: string; row: number }[]> {
  const items = await page.getByRole('toolbar', { name: 'Playback' }).evaluate((tb) =>
    [...tb.querySelectorAll('button, select')]
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          name: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '',
          mid: r.top + r.height / 2,
          shown: r.width > 0,
        };
      })
      .filter((x) => x.shown),
  );
  const mids = [...new Set(items.map((x) => Math.round(x.mid)))].sort((a, b) => a - b);
  const rows: number[] = [];
  for (const m of mids) if (rows.length === 0 || m - rows[rows.length - 1]! > 12) rows.push(m);
  return items.map((x) => ({
    name: x.name,
    row: rows.findLastIndex((r) => Math.round(x.mid) >= r - 0.5),
  }));
}

for (const [w, h] of [
  [1024, 768],
  [1280, 800],
] as const)
  test(`presenter mode at ${w}x${h}: the toolbar wraps tidily, the lessons, files and page settings together on the second row`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await open(page, '?presenter=1&speed=1&seed=3');
    await leader(page);
    await pause(page);
    // Every control still shown (none hidden to make room).
    for (const name of [
      'Play',
      'Step',
      'Next notable event',
      'Next election',
      'Heal network',
      'Partition…',
      'Lessons',
      'Export image',
      'Presenter mode',
      'Side panels',
      'Keyboard shortcuts',
    ])
      await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Speed' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Scenarios' })).toBeVisible();
    const rows = await toolbarRows(page);
    const row = (name: string) => rows.find((r) => r.name === name)!.row;
    expect(Math.max(...rows.map((r) => r.row))).toBeLessThanOrEqual(1);
    // The playback controls on the first row; the right-hand group whole on the second,
    // not "Lessons" alone at the first row's end.
    for (const name of ['Step', 'Next election', 'Speed', 'Partition…'])
      expect(row(name), name).toBe(0);
    for (const name of [
      'Lessons',
      'Scenarios',
      'Export image',
      'Presenter mode',
      'Keyboard shortcuts',
    ])
      expect(row(name), name).toBe(1);
  });

/**
 * Every message label drawn on the cluster keeps clear of every server's circle (timer
 * ring included): the nearest point of its box to a server's centre lies outside it.
 * Returns how many labels were drawn and how many heartbeats were in flight.
 */
async function expectLabelsClear(page: Page): Promise<{ labels: number; heartbeats: number }> {
  const r = await page.evaluate(() => {
    const circles = [...document.querySelectorAll('.cluster [data-server]')].map((g) => {
      const b = g.querySelector('.timer-track')!.getBoundingClientRect();
      return {
        id: g.getAttribute('data-server')!,
        x: (b.left + b.right) / 2,
        y: (b.top + b.bottom) / 2,
        r: b.width / 2,
      };
    });
    const meets: string[] = [];
    let labels = 0;
    let heartbeats = 0;
    for (const m of document.querySelectorAll('.cluster [data-message]')) {
      if (m.getAttribute('aria-label')!.startsWith('Message HB')) heartbeats++;
      const text = m.querySelector('.msg-label')!;
      if (getComputedStyle(text).visibility === 'hidden') continue;
      labels++;
      const b = text.getBoundingClientRect();
      for (const c of circles) {
        const nx = Math.max(b.left, Math.min(c.x, b.right));
        const ny = Math.max(b.top, Math.min(c.y, b.bottom));
        if (Math.hypot(nx - c.x, ny - c.y) < c.r)
          meets.push(`${m.getAttribute('aria-label')} meets S${c.id}`);
      }
    }
    return { meets, labels, heartbeats };
  });
  expect(r.meets).toEqual([]);
  return { labels: r.labels, heartbeats: r.heartbeats };
}

for (const diagram of [false, true])
  test(`presenter mode at 1280x800${diagram ? ' with the diagram' : ''}: no message's label meets a server's circle, event by event with heartbeats in flight`, async ({
    page,
  }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    if (diagram)
      await page.addInitScript(() => {
        localStorage.setItem('raftlab-diagram', '1');
        localStorage.setItem('raftlab-tour', 'explore');
      });
    await open(page, '?presenter=1&speed=1&seed=3');
    await leader(page);
    await pause(page);
    let labels = 0;
    let heartbeats = 0;
    for (let i = 0; i < 24; i++) {
      await page.keyboard.press('PageDown');
      await settledPicture(page);
      const seen = await expectLabelsClear(page);
      labels += seen.labels;
      heartbeats += seen.heartbeats;
    }
    // Heartbeats flew meanwhile, and labels were drawn (not all hidden).
    expect(heartbeats).toBeGreaterThan(8);
    expect(labels).toBeGreaterThan(8);
  });

test('clicker keys: Page Down steps one event, Page Up steps back, "." and "b" play or pause', async ({
  page,
}) => {
  await open(page, '?presenter=1&speed=1&seed=4');
  await pause(page);
  for (let i = 0; i < 2; i++) {
    const before = await events(page);
    await page.keyboard.press('PageDown');
    await expect.poll(() => events(page)).toBe(before + 1);
  }
  const before = await events(page);
  await page.keyboard.press('PageUp');
  await expect.poll(() => events(page)).toBe(before - 1);
  await page.keyboard.press('.');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await page.keyboard.press('b');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
});

test('the side panels are folded away in presenter mode and one key (S) away', async ({ page }) => {
  await open(page, '?speed=1&seed=4');
  const inspector = page.getByRole('region', { name: 'Inspector' });
  await expect(inspector).toBeVisible();
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect(inspector).toBeHidden();
  await page.keyboard.press('s');
  await expect(inspector).toBeVisible();
  await page.getByRole('button', { name: 'Side panels' }).click();
  await expect(inspector).toBeHidden();
  await page.keyboard.press('p');
  await expect(inspector).toBeVisible();
  await expect(page.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('the text size setting applies to normal mode and is remembered', async ({ page }) => {
  await open(page, '?speed=1&seed=4');
  const before = (await drawnSizes(page, '.caption'))[0]!;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Text size').selectOption({ label: 'Largest (150%)' });
  await page.getByRole('button', { name: 'Close' }).click();
  await expect.poll(async () => (await drawnSizes(page, '.caption'))[0]).toBeCloseTo(before * 1.5);
  await page.reload();
  await expect(page.getByTestId('clock')).toBeVisible();
  await expect.poll(async () => (await drawnSizes(page, '.caption'))[0]).toBeCloseTo(before * 1.5);
});

test('?embed=1 keeps the caption and shows a preset’s explanation (?preset=)', async ({ page }) => {
  await open(page, '?embed=1&preset=first-election');
  await expect(page.getByRole('region', { name: 'Scenario explanation' })).toContainText(
    'First election',
  );
  await pause(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.getByLabel('Latest event')).not.toContainText('Press Play');
  await expect(page.getByRole('region', { name: 'Inspector' })).toHaveCount(0);
});

test('an unknown ?preset= says so and opens a new run', async ({ page }) => {
  await open(page, '?preset=nope');
  await expect(page.getByRole('status')).toContainText('There is no scenario "nope"');
});
