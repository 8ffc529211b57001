/**
 * Screenshots for looking at the app (not a test): `npx tsx e2e/screens.ts` with
 * the preview server running. Writes test-results/screens/*.png.
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
    for (const servers of [5, 9]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      page.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
      await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
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
      await page.screenshot({ path: `${out}/${w}x${h}-${theme}-${servers}.png` });
      await page.close();
    }
  }
}
await browser.close();
