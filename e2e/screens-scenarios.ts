/**
 * Screenshots of the scenario features (not a test): `npx tsx e2e/screens-scenarios.ts`
 * with the preview server running. Writes test-results/screens/scenarios-*.png.
 */
import { base, eachScreen, launch, out } from './screens-kit.ts';

await eachScreen(async ({ page, tag }) => {
  await page.goto(`${base}/?speed=1`);
  await page.getByRole('combobox', { name: 'Scenarios' }).selectOption('leader-crash');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByLabel('Timeline').fill('900');
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/scenarios-${tag}.png` });
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/scenarios-share-${tag}.png` });
});
const browser = await launch();
const embed = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await embed.goto(`${base}/?embed=1&speed=1`);
await embed.waitForTimeout(1500);
await embed.screenshot({ path: `${out}/scenarios-embed.png` });
await browser.close();
