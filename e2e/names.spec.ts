/**
 * Issue 8 on issue 3's contract: a control's accessible name is its words alone
 * ("Play", not "▶ Play"); icons are aria-hidden.
 */
import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

/** Glyphs that must never be part of a name (arrows in words like "Shift+→" are text). */
const GLYPH = /[\p{So}✕⊗●▲▼◀▶❚⏸⏵⏭☀☾]|(?<!\d)×/u;

/** Every named control in the page's accessibility tree, as "role: name". */
async function controls(page: Page): Promise<string[]> {
  const yaml = await page.locator('body').ariaSnapshot();
  const out: string[] = [];
  const re =
    /^\s*- (button|checkbox|combobox|slider|textbox|link|option|menuitem|radio|spinbutton|switch|tab) "((?:[^"\\]|\\.)*)"/gm;
  for (const m of yaml.matchAll(re)) out.push(`${m[1]}: ${m[2]}`);
  return out;
}

function expectNoGlyphs(names: string[]): void {
  const bad = names.filter((n) => GLYPH.test(n) || /: \s|\s$/.test(n));
  expect(bad, 'control names with a glyph or stray space').toEqual([]);
}

test("every name of issue 3's list, exactly", async ({ page }) => {
  await open(page, '?seed=3&speed=1');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await pause(page);
  const exact = (name: string) => page.getByRole('button', { name, exact: true });
  await expect(exact('Play')).toBeVisible();
  for (const name of ['Step', 'Next election', 'Heal network', 'Send'])
    await expect(exact(name)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Command', exact: true })).toBeVisible();
  const speed = page.getByRole('combobox', { name: 'Speed', exact: true });
  await expect(speed).toHaveValue('1');
  await expect(page.getByRole('combobox', { name: 'Scenarios', exact: true })).toBeVisible();

  await exact('Next election').click();
  const { id } = await leader(page);
  await page.locator(`[data-server="${id}"]`).click();
  for (const name of ['Crash server', 'Restart server', 'Force timeout', 'Send request here'])
    await expect(exact(name)).toBeVisible();

  // A message in flight, selected: "Drop message".
  await exact('Play').click();
  await expect(page.locator('[data-message]').first()).toBeVisible({ timeout: 30_000 });
  await pause(page);
  // The one seen may have arrived before the pause took effect: step to the next send.
  for (let i = 0; i < 60 && (await page.locator('[data-message]').count()) === 0; i++)
    await exact('Step').click();
  // Messages may overlap: click this one itself, not whatever lies on top of it.
  await page.locator('[data-message]').first().dispatchEvent('click');
  await expect(exact('Drop message')).toBeVisible();

  await exact('Play').click();
  await expect(exact('Pause')).toBeVisible();
  expectNoGlyphs(await controls(page));
});

test('no control anywhere carries a glyph in its name', async ({ page }) => {
  await open(page, '?seed=3&speed=1');
  await pause(page);
  await page.getByRole('button', { name: 'Next election', exact: true }).click();
  await leader(page);
  const names = await controls(page);
  // The toolbar's icon buttons are named by their words.
  expect(names).toContain('button: Dark theme');
  expect(names).toContain('button: Keyboard shortcuts');
  expect(names).toContain('button: Play');
  expectNoGlyphs(names);
  for (const dialog of ['Settings', 'Share', 'Keyboard shortcuts']) {
    await page.getByRole('button', { name: dialog, exact: true }).click();
    const d = page.getByRole('dialog');
    await expect(d).toBeVisible();
    expectNoGlyphs(await controls(page));
    await d.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(d).toBeHidden();
  }
});
