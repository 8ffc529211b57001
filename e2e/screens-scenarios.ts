/**
 * Screenshots of the scenario features (not a test): `npx tsx e2e/screens-scenarios.ts`
 * with the preview server running. Writes test-results/screens/scenarios-*.png.
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
    await page.goto(`${base}/?speed=1`);
    await page.getByRole('combobox', { name: 'Scenarios' }).selectOption('leader-crash');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByLabel('Timeline').fill('900');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/scenarios-${w}x${h}-${theme}.png` });
    await page.getByRole('button', { name: 'Share' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/scenarios-share-${w}x${h}-${theme}.png` });
    await page.close();
  }
}
const embed = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await embed.goto(`${base}/?embed=1&speed=1`);
await embed.waitForTimeout(1500);
await embed.screenshot({ path: `${out}/scenarios-embed.png` });
await browser.close();
