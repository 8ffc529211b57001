/** Helpers that drive the app the way a user would, through names and data-* hooks. */
import { expect, type Page } from '@playwright/test';

export async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('clock')).toBeVisible();
}

export async function leader(page: Page, timeout = 15_000): Promise<{ id: number; term: number }> {
  const el = page.locator('[data-server][data-role="leader"][data-up="true"]');
  await expect(el.first()).toBeVisible({ timeout });
  const id = Number(await el.first().getAttribute('data-server'));
  const term = Number(await el.first().getAttribute('data-term'));
  return { id, term };
}

export async function events(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-events'));
}

export async function pause(page: Page): Promise<void> {
  const pauseButton = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pauseButton.isVisible()) await pauseButton.click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-playing', 'false', {
    timeout: 15_000,
  });
  // Frames sent before the pause may still arrive: wait for one the worker made paused,
  // then return once the clock is still.
  let last = await clock(page);
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(100);
    const now = await clock(page);
    if (now.now === last.now && now.events === last.events) return;
    last = now;
  }
}

export async function clock(page: Page): Promise<{ now: number; events: number }> {
  const c = page.getByTestId('clock');
  return {
    now: Number(await c.getAttribute('data-now')),
    events: Number(await c.getAttribute('data-events')),
  };
}

/**
 * The whole picture of the moment shown, as one string: the clock, every data-*
 * hook of servers, logs and messages, the timer arcs, where each message is
 * drawn, the caption and the event log's rows.
 */
export async function picture(page: Page): Promise<string> {
  return page.evaluate(() => {
    const data = (el: Element) =>
      Object.entries((el as HTMLElement).dataset)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    const all = (sel: string) => [...document.querySelectorAll(sel)];
    const clockEl = document.querySelector('[data-testid="clock"]') as HTMLElement;
    return JSON.stringify({
      clock: [clockEl.dataset.now, clockEl.dataset.events],
      servers: all('[data-server]').map(
        (el) => `${data(el)} timer=${el.querySelector('path.timer')?.getAttribute('d') ?? '-'}`,
      ),
      logs: all('[data-log-server]').map((el) => `${data(el)} ${el.textContent}`),
      messages: all('[data-message]')
        .map((el) => `${data(el)} at=${el.getAttribute('transform') ?? ''}`)
        .sort(),
      caption: document.querySelector('[aria-label="Latest event"]')?.textContent ?? '',
      events: all('.event-list > li')
        .slice(0, 8)
        .map((el) => el.textContent),
      ops: document.querySelector('.panel.client')?.textContent ?? '',
    });
  });
}

/** The picture once two reads in a row agree (no frame still on its way). */
export async function settledPicture(page: Page): Promise<string> {
  let prev = '';
  for (let i = 0; i < 30; i++) {
    const s = await picture(page);
    if (s === prev) return s;
    prev = s;
    await page.waitForTimeout(100);
  }
  return prev;
}
