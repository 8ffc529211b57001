/**
 * Screenshots of membership changes (not a test): `npx tsx e2e/screens-membership.ts`
 * with the preview server running (BASE). A joint-consensus moment of "Replace a
 * majority", and "Why two phases" at its end. Writes test-results/screens/*.png.
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:4173';
const exe = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const out = 'test-results/screens';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    page.on('pageerror', (e) => console.error('pageerror', e.message));
    page.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
    await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
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
      await page.screenshot({ path: `${out}/membership-${file}-${w}x${h}-${theme}.png` });
    }
    if (w === 1280) {
      await page.getByRole('button', { name: 'Settings' }).click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/membership-settings-${w}x${h}-${theme}.png` });
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Change membership…' }).first().click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/membership-dialog-${w}x${h}-${theme}.png` });
    }
    await page.close();
  }
}
await browser.close();
