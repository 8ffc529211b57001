/**
 * Screenshots of the space-time diagram for looking at them (not a test):
 * `BASE=http://127.0.0.1:4350 npx tsx e2e/screens-spacetime.ts` with the
 * preview server running. Writes test-results/screens/spacetime-*.png.
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:4173';
const exe = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const out = 'test-results/screens';
const only = process.env.ONLY ?? '';
const sizes = (process.env.SIZES ?? '1280x800,1920x1080,1024x768')
  .split(',')
  .map((s) => s.split('x').map(Number) as [number, number]);
const themes = (process.env.THEMES ?? 'light,dark').split(',');
mkdirSync(out, { recursive: true });

const views: { name: string; query: string }[] = [
  { name: 'normal', query: '?speed=1&seed=3' },
  { name: 'presenter', query: '?speed=1&seed=3&presenter=1' },
  { name: 'crash', query: '?speed=1&seed=3' },
  { name: 'long', query: '?speed=100&seed=3&load=20' },
];
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
for (const [w, h] of sizes) {
  for (const theme of themes) {
    for (const v of views) {
      if (only && !v.name.includes(only)) continue;
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      await page.addInitScript((t) => {
        localStorage.setItem('raftlab-theme', t);
        localStorage.setItem('raftlab-diagram', '1');
        localStorage.setItem('raftlab-tour', 'explore');
      }, theme);
      await page.goto(`${base}/${v.query}`);
      await page.locator('[data-role="leader"]').first().waitFor({ timeout: 20_000 });
      if (v.name === 'long') {
        await page.waitForTimeout(12_000);
        await page.keyboard.press('b');
        const d = page.getByRole('region', { name: 'Space-time diagram' });
        await d.getByRole('checkbox', { name: 'heartbeats' }).check();
        await d.getByRole('button', { name: 'Whole run' }).click();
        await page.waitForTimeout(500);
        await page.screenshot({ path: `${out}/spacetime-${v.name}-${w}x${h}-${theme}.png` });
        await page.close();
        continue;
      }
      if (v.name === 'crash') {
        const id = await page.locator('[data-role="leader"]').first().getAttribute('data-server');
        await page.waitForTimeout(150);
        await page.keyboard.press(id!);
        await page.keyboard.press('c');
        await page.waitForTimeout(500);
        await page.keyboard.press('r');
        await page.waitForTimeout(200);
      } else await page.waitForTimeout(300);
      await page.keyboard.press('b');
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${out}/spacetime-${v.name}-${w}x${h}-${theme}.png` });
      await page.close();
    }
  }
}
await browser.close();
