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
  const pauseButton = page.getByRole('button', { name: 'Pause' });
  if (await pauseButton.isVisible()) await pauseButton.click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
}
