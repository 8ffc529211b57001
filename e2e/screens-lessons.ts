/**
 * Screenshots of a lesson and of the first visit's offer (not a test): `npx tsx
 * e2e/screens-lessons.ts` with the preview server running. Writes test-results/screens/.
 */
import { base, eachScreen, out } from './screens-kit.ts';

await eachScreen(async ({ page, tag }) => {
  await page.goto(`${base}/`);
  await page.getByRole('region', { name: 'Welcome' }).waitFor();
  await page.screenshot({ path: `${out}/lesson-offer-${tag}.png` });
  await page.goto(`${base}/?lesson=commit-rule&step=2`);
  const panel = page.getByRole('region', { name: 'Lesson' });
  await panel.locator('[data-busy="false"]').or(panel).waitFor();
  await page.waitForTimeout(500);
  await panel.getByRole('button', { name: 'Yes: a majority stores it' }).click();
  await panel.locator('.lesson-verdict').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/lesson-${tag}.png` });
});
