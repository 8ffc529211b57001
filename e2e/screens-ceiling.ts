/**
 * The run's ceiling (RUN_RECORDS_MAX): the warning when a run stops there. Reaching
 * 2,000,000 requests takes minutes: look at a build with a small ceiling (edit the
 * constant, `npx vite build --outDir <dir>`, serve that dir and set BASE).
 */
import { base, eachScreen, out } from './screens-kit.ts';

await eachScreen(
  async ({ page, tag }) => {
    await page.goto(`${base}/?servers=9&speed=100&load=200&seed=21`);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.locator('.notice.warning').waitFor({ timeout: 120_000 });
    await page.screenshot({ path: `${out}/ceiling-${tag}.png` });
  },
  { skipTour: true },
);
