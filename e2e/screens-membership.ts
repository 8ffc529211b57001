/**
 * Screenshots of membership changes (not a test): `npx tsx e2e/screens-membership.ts`
 * with the preview server running (BASE). A joint-consensus moment of "Replace a
 * majority", and "Why two phases" at its end. Writes test-results/screens/*.png.
 */
import { base, eachScreen, out } from './screens-kit.ts';

await eachScreen(async ({ page, w, tag }) => {
  await page.goto(`${base}/?speed=4`);
  const menu = page.getByRole('combobox', { name: 'Scenarios' });
  for (const [id, at, file] of [
    ['replace-majority', '660', 'joint'],
    ['figure-10', '554', 'figure10'],
  ] as const) {
    await menu.selectOption(id);
    await page.waitForTimeout(500);
    // Play past the moment (the recorded run is played live), then go back to it.
    await page.getByRole('button', { name: 'Play' }).click();
    for (let i = 0; i < 100; i++) {
      const now = Number(await page.getByTestId('clock').getAttribute('data-now'));
      if (now >= Number(at)) break;
      await page.waitForTimeout(100);
    }
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByLabel('Timeline').fill(at);
    await page.waitForTimeout(500);
    await page.locator('[data-server="1"]').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/membership-${file}-${tag}.png` });
  }
  if (w === 1280) {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/membership-settings-${tag}.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Change membership…' }).first().click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/membership-dialog-${tag}.png` });
  }
});
