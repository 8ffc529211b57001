/** Issue 8, the smaller items: who leads, notices that close, a toolbar that keeps still, hit areas. */
import { expect, test } from '@playwright/test';
import { open, pause } from './helpers.ts';

test('the header names the leader of the highest term; an old one only believes it leads', async ({
  page,
}) => {
  await open(page, '?speed=0.1&seed=3');
  await pause(page);
  // "Partitioned leader": S1 of term 1 cut off with S2, S4 elected in term 2 by the majority.
  await page
    .getByRole('combobox', { name: 'Scenarios' })
    .selectOption({ label: 'Partitioned leader' });
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '0', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const leaders = page.locator('[data-server][data-role="leader"][data-up="true"]');
  await expect(leaders).toHaveCount(2, { timeout: 30_000 });
  await pause(page);
  await expect(leaders).toHaveCount(2);
  const both = await leaders.evaluateAll((els) =>
    els.map((e) => ({
      id: Number(e.getAttribute('data-server')),
      term: Number(e.getAttribute('data-term')),
    })),
  );
  both.sort((x, y) => x.term - y.term);
  const [old, cur] = both as [(typeof both)[0], (typeof both)[0]];
  expect(cur.term).toBeGreaterThan(old.term);
  const status = page.locator('.cluster-status');
  await expect(status).toContainText(`Leader: S${cur.id} (term ${cur.term})`);
  await expect(status).toContainText(`S${old.id} believes it leads (term ${old.term})`);
  await expect(page.locator(`[data-server="${old.id}"]`)).toHaveAttribute(
    'aria-label',
    new RegExp(`believes it leads \\(term ${old.term}\\)`),
  );
  await expect(page.locator(`[data-server="${cur.id}"]`)).not.toHaveAttribute(
    'aria-label',
    /believes/,
  );
});

test('information fades; an error stays until its close button is pressed', async ({ page }) => {
  await page.goto('/?speed=abc&seed=3#hello');
  const info = page.locator('.notice.info');
  const error = page.locator('.notice.error');
  await expect(info).toContainText('Speed "abc"');
  await expect(error).toContainText('not a Raftlab scenario');
  await expect(info).toHaveCount(0, { timeout: 30_000 });
  await expect(error).toBeVisible();
  await error.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(error).toHaveCount(0);
});

for (const [width, mode] of [
  [1280, ''],
  [1920, ''],
  [1920, '&presenter=1'],
] as const) {
  test(`at ${width} wide${mode ? ' in presenter mode' : ''} the toolbar is one row, playing or paused, and Play keeps its width`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: mode ? 1080 : 800 });
    await open(page, `?seed=3${mode}`);
    const toolbar = page.getByRole('toolbar', { name: 'Playback' });
    const rows = () =>
      toolbar.evaluate((tb) => {
        const tops = new Set<number>();
        for (const el of tb.querySelectorAll('button, select, .clock, .brand')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0) tops.add(Math.round(r.top + r.height / 2));
        }
        const mids = [...tops];
        return Math.max(...mids) - Math.min(...mids);
      });
    const measure = async (name: 'Play' | 'Pause') => {
      const button = page.getByRole('button', { name, exact: true });
      await expect(button).toBeVisible();
      return {
        height: (await toolbar.boundingBox())!.height,
        play: (await button.boundingBox())!.width,
        spread: await rows(),
      };
    };
    const playing = await measure('Pause');
    await pause(page);
    const paused = await measure('Play');
    // Every control's middle on one line (a second row would be 30 px or more below).
    expect(playing.spread).toBeLessThan(12);
    expect(paused.spread).toBeLessThan(12);
    expect(paused.height).toBe(playing.height);
    expect(paused.play).toBe(playing.play);
  });
}

test('at 9 servers a click between neighbours never lands on the far one', async ({ page }) => {
  await open(page, '?servers=9&seed=3');
  await pause(page);
  const wrong = await page.evaluate(() => {
    const centre = (id: number) => {
      const r = document.querySelector(`[data-server="${id}"] .body`)!.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    };
    const out: string[] = [];
    for (let id = 1; id <= 9; id++) {
      const next = (id % 9) + 1;
      const a = centre(id);
      const b = centre(next);
      for (let f = 0.05; f < 0.96; f += 0.05) {
        const hit = document
          .elementFromPoint(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f)
          ?.closest('[data-server]')
          ?.getAttribute('data-server');
        // Nearer to a, a click may land on a or on nothing (a link), never on b; and the other way.
        if (hit !== undefined && hit !== null && hit !== String(f < 0.5 ? id : next))
          out.push(`${id}-${next} at ${f.toFixed(2)}: S${hit}`);
      }
    }
    return out;
  });
  expect(wrong).toEqual([]);
});

test('before the first event, the event log and the caption say the run is playing or say to press Play', async ({
  page,
}) => {
  // The default speed (1/100x) leaves well over a second before the first timer runs out.
  await open(page, '?seed=1');
  const log = page.getByRole('list', { name: 'Events, newest first' });
  const caption = page.getByLabel('Latest event');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(log).toContainText('Nothing yet: the first event is on its way.');
  await expect(caption).toContainText('Running: the first event is on its way.');
  await expect(log).not.toContainText('press Play');
  await pause(page);
  if ((await page.getByTestId('clock').getAttribute('data-events')) === '0') {
    await expect(log).toContainText('Nothing yet: press Play or Step.');
    await expect(caption).toContainText('Press Play');
  }
});
