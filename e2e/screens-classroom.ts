/**
 * Screenshots of presenter mode (and the classroom views) for looking at them
 * (not a test): `BASE=http://127.0.0.1:4173 npx tsx e2e/screens-classroom.ts`
 * with the preview server running. Writes test-results/screens/classroom-*.png.
 */
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:4173';
const exe = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const out = 'test-results/screens';
const only = process.env.ONLY ?? '';
mkdirSync(out, { recursive: true });

const views: { name: string; query: string; zoom?: number; diagram?: boolean }[] = [
  { name: 'presenter', query: '?speed=1&seed=3&presenter=1' },
  { name: 'presenter-preset', query: '?presenter=1&preset=first-election' },
  { name: 'presenter-diagram', query: '?speed=1&seed=3&presenter=1', diagram: true },
  { name: 'normal', query: '?speed=1&seed=3' },
  { name: 'embed', query: '?embed=1&preset=first-election' },
];
const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
for (const [w, h] of [
  [1024, 768],
  [1280, 800],
  [1920, 1080],
] as const) {
  for (const theme of ['light', 'dark'] as const) {
    for (const v of views) {
      if (only && !v.name.includes(only)) continue;
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
      if (v.diagram) await page.addInitScript(() => localStorage.setItem('raftlab-diagram', '1'));
      await page.goto(`${base}/${v.query}`);
      if (!v.query.includes('preset')) {
        await page.locator('[data-role="leader"]').first().waitFor({ timeout: 20_000 });
        await page.waitForTimeout(400);
        await page.keyboard.press('b');
      } else {
        for (let i = 0; i < 12; i++) await page.keyboard.press('PageDown');
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${out}/classroom-${v.name}-${w}x${h}-${theme}.png` });
      await page.close();
    }
  }
}
await browser.close();
