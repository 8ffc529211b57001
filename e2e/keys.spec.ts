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
