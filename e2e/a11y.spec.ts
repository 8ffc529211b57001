import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

/** axe's serious and critical findings on the page as it is, one line each. */
async function audit(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 4)
          .join(', ')}`,
    );
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
    });

    test('the main view has no serious or critical accessibility findings', async ({ page }) => {
      await open(page, '?speed=1&seed=3');
      await leader(page);
      await pause(page);
      await page.locator('[data-server="1"]').click();
      expect(await audit(page)).toEqual([]);
    });

    test('the space-time diagram has no serious or critical accessibility findings', async ({
      page,
    }) => {
      await open(page, '?speed=1&seed=3');
      await leader(page);
      await pause(page);
      await page.getByRole('button', { name: 'Space-time diagram' }).click();
      const diagram = page.getByRole('region', { name: 'Space-time diagram' });
      await diagram.getByRole('checkbox', { name: 'heartbeats' }).check();
      await expect(diagram.locator('[data-arrow]').first()).toBeVisible();
      expect(await audit(page)).toEqual([]);
      // And in presenter mode (its larger type and thicker lines).
      await page.keyboard.press('p');
      await expect(diagram.locator('[data-arrow]').first()).toBeVisible();
      expect(await audit(page)).toEqual([]);
    });

    test('presenter mode has no serious or critical accessibility findings', async ({ page }) => {
      await open(page, '?presenter=1&preset=first-election');
      await pause(page);
      await page.keyboard.press('PageDown');
      expect(await audit(page)).toEqual([]);
    });
  });
}

test('the dialogs have no serious or critical accessibility findings', async ({ page }) => {
  await open(page, '?speed=1&seed=3');
  await pause(page);
  for (const name of ['Settings', 'Export image', 'Keyboard shortcuts']) {
    await page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await audit(page), name).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});

test('a lesson has no serious or critical accessibility findings', async ({ page }) => {
  await open(page, '?seed=1');
  await page.getByRole('button', { name: 'Lessons' }).click();
  await page
    .getByRole('dialog', { name: 'Lessons' })
    .getByRole('button', { name: /When is an entry committed/ })
    .click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
  expect(await audit(page)).toEqual([]);
});
