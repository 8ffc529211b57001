/**
 * Screenshots (not a test): `npx tsx e2e/screens-memlesson.ts` with the preview
 * server running (BASE). Labels on a 6-server ring and on a 9-server ring in a
 * joint change ({S1..S9} → {S1..S5}), the membership lesson at its joint moment,
 * and Figure 10's two configurations. Writes test-results/screens/*.png.
 */
import type { Page } from '@playwright/test';
import { base, eachScreen, only, out } from './screens-kit.ts';

async function untilLeader(page: Page): Promise<number> {
  await page.waitForTimeout(500);
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const l = page.locator('[data-server][data-role="leader"][data-up="true"]').first();
  await l.waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Pause' }).click();
  return Number(await l.getAttribute('data-server'));
}

await eachScreen(
  async ({ page, tag }) => {
    if (!only || only.includes('six')) {
      await page.goto(`${base}/?speed=4&servers=6&seed=1`);
      await untilLeader(page);
      await page.screenshot({ path: `${out}/ring6-${tag}.png` });
      await page.getByRole('button', { name: 'Change membership…' }).first().click();
      const d6 = page.getByRole('dialog', { name: 'Change membership' });
      await d6.getByRole('checkbox', { name: 'S4' }).uncheck();
      await d6.getByRole('button', { name: 'Start the change' }).click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${out}/ring6-joint-${tag}.png` });
    }
    if (!only || only.includes('nine')) {
      await page.goto(`${base}/?speed=4&servers=9&seed=1`);
      await untilLeader(page);
      await page.getByRole('button', { name: 'Change membership…' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Change membership' });
      for (const id of [6, 7, 8, 9])
        await dialog.getByRole('checkbox', { name: `S${id}` }).uncheck();
      await dialog.getByRole('button', { name: 'Start the change' }).click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${out}/ring9-joint-${tag}.png` });
    }
    if (!only || only.includes('lesson')) {
      await page.goto(`${base}/?lesson=membership&step=1`);
      const panel = page.getByRole('region', { name: 'Lesson' });
      await panel
        .locator('[data-busy="false"]')
        .or(panel.and(page.locator('[data-busy="false"]')))
        .first()
        .waitFor();
      await page.waitForTimeout(800);
      await page.locator('[data-server="4"]').click();
      await page
        .getByRole('region', { name: 'Inspector' })
        .getByRole('button', { name: 'Add to cluster' })
        .click();
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${out}/lesson-membership-1-${tag}.png` });
      await panel.getByRole('button', { name: 'Next' }).click();
      await page.waitForTimeout(800);
      await panel.getByRole('button', { name: 'Yes, at once' }).click();
      await page.locator('.lesson-question[data-answer]').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${out}/lesson-membership-2-${tag}.png` });
    }
    if (!only || only.includes('fig10')) {
      await page.goto(`${base}/?speed=4`);
      await page.getByRole('combobox', { name: 'Scenarios' }).selectOption('figure-10');
      await page.waitForTimeout(500);
      await page.getByLabel('Timeline').fill('554');
      await page.waitForTimeout(800);
      await page.screenshot({ path: `${out}/figure10-${tag}.png` });
    }
  },
  { skipTour: true },
);
