/** Issue 8: shortcuts work whatever has focus, except while typing in a text field. */
import { expect, test, type Page } from '@playwright/test';
import { events, open, pause } from './helpers.ts';

async function stepped(page: Page, from: number): Promise<void> {
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(from + 1), {
    timeout: 10_000,
  });
}

test.beforeEach(async ({ page }) => {
  await open(page, '?seed=3');
  await pause(page);
});

test('→ steps after choosing a preset, and the menu keeps the preset', async ({ page }) => {
  const menu = page.getByRole('combobox', { name: 'Scenarios' });
  await menu.selectOption({ label: 'First election' });
  await menu.focus();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', '0', { timeout: 15_000 });
  await expect(menu).toBeFocused();
  const value = await menu.inputValue();
  await page.keyboard.press('ArrowRight');
  await stepped(page, 0);
  await page.keyboard.press('ArrowRight');
  await stepped(page, 1);
  await expect(menu).toHaveValue(value);
});

test('→ on Speed steps and leaves the speed alone; ↓ still changes it', async ({ page }) => {
  const speed = page.getByRole('combobox', { name: 'Speed' });
  await speed.focus();
  const before = await speed.inputValue();
  const n = await events(page);
  await page.keyboard.press('ArrowRight');
  await stepped(page, n);
  await expect(speed).toHaveValue(before);
  await page.keyboard.press('+');
  await expect(speed).not.toHaveValue(before);
  const faster = await speed.inputValue();
  expect(Number(faster)).toBeGreaterThan(Number(before));
  // A key no shortcut uses is still the menu's own.
  await page.keyboard.press('ArrowUp');
  await expect(speed).toHaveValue(before);
});

test('after ticking "heartbeats", shortcuts still work', async ({ page }) => {
  const box = page.getByRole('checkbox', { name: 'heartbeats' });
  await box.click();
  await expect(box).toBeChecked();
  await expect(box).toBeFocused();
  const n = await events(page);
  await page.keyboard.press('ArrowRight');
  await stepped(page, n);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await expect(box).toBeChecked();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('the timeline slider: → steps forward rather than seeking', async ({ page }) => {
  const n0 = await events(page);
  await page.keyboard.press('ArrowRight');
  await stepped(page, n0);
  await page.getByRole('slider', { name: 'Timeline' }).focus();
  await page.keyboard.press('ArrowRight');
  await stepped(page, n0 + 1);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('clock')).toHaveAttribute('data-events', String(n0 + 1), {
    timeout: 10_000,
  });
});

test('a button clicked with the mouse leaves Space to play/pause', async ({ page }) => {
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const n = await events(page);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await events(page)).toBeGreaterThanOrEqual(n);
});

test("Space right after Step plays even when the Step's frame arrives after it", async ({
  page,
}) => {
  // Messages from the worker can be held back, as a loaded machine delays them.
  await page.addInitScript(() => {
    const w = window as unknown as { hold: boolean; releaseFrame(): void; releaseAll(): void };
    const held: { frame: boolean; deliver(): void }[] = [];
    w.hold = false;
    w.releaseFrame = () => {
      for (let e = held.shift(); e; e = held.shift()) {
        e.deliver();
        if (e.frame) return;
      }
    };
    w.releaseAll = () => {
      w.hold = false;
      for (let e = held.shift(); e; e = held.shift()) e.deliver();
    };
    const d = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage')!;
    Object.defineProperty(Worker.prototype, 'onmessage', {
      ...d,
      set(this: Worker, fn: ((ev: MessageEvent) => void) | null) {
        d.set!.call(
          this,
          fn &&
            ((ev: MessageEvent) => {
              const deliver = () => fn.call(this, ev);
              const frame = (ev.data as { type: string }).type === 'frame';
              if (w.hold || held.length > 0) held.push({ frame, deliver });
              else deliver();
            }),
        );
      },
    });
  });
  await open(page, '?seed=3');
  await pause(page);
  const hold = (f: 'releaseFrame' | 'releaseAll' | null) =>
    page.evaluate((f) => {
      const w = window as unknown as { hold: boolean; releaseFrame(): void; releaseAll(): void };
      if (f === null) w.hold = true;
      else w[f]();
    }, f);
  await hold(null);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.keyboard.press(' ');
  // The Step's frame, made before the worker saw Play, says "paused": it is not an answer.
  await hold('releaseFrame');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await page.keyboard.press(' ');
  await hold('releaseAll');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-playing', 'false', {
    timeout: 15_000,
  });
});

test('typing in the Command box is typing, not shortcuts', async ({ page }) => {
  const box = page.getByRole('textbox', { name: 'Command' });
  await box.fill('');
  const n = await events(page);
  await box.pressSequentially('set n 9');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  await expect(box).toHaveValue('set n 9');
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  expect(await events(page)).toBe(n);
  expect(await page.locator('[aria-selected="true"][data-server]').count()).toBe(0);
});
