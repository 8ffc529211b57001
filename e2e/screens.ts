/**
 * Screenshots for looking at the app (not a test): `npx tsx e2e/screens.ts` with
 * the preview server running. Writes test-results/screens/*.png.
 */
import { base, eachScreen, out } from './screens-kit.ts';

await eachScreen(async ({ page, tag }) => {
  for (const servers of [5, 9]) {
    await page.goto(`${base}/?speed=1&servers=${servers}&seed=3`);
    await page.getByRole('button', { name: 'Next election' }).click();
    await page.waitForTimeout(300);
    await page.getByLabel('Command').fill('set x 3');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(600);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('[data-server="2"]').click();
    await page.locator('[data-link="1-4"]').click({ force: true });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${out}/${tag}-${servers}.png` });
  }
});
