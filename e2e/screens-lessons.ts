/**
 * Screenshots of a lesson and of the first visit's offer (not a test): `npx tsx
 * e2e/screens-lessons.ts` with the preview server running. Writes test-results/screens/.
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
    await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
    await page.goto(`${base}/`);
    await page.getByRole('region', { name: 'Welcome' }).waitFor();
    await page.screenshot({ path: `${out}/lesson-offer-${w}x${h}-${theme}.png` });
    await page.goto(`${base}/?lesson=commit-rule&step=2`);
    const panel = page.getByRole('region', { name: 'Lesson' });
    await panel.locator('[data-busy="false"]').or(panel).waitFor();
    await page.waitForTimeout(500);
    await panel.getByRole('button', { name: 'Yes: a majority stores it' }).click();
    await panel.locator('.lesson-verdict').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/lesson-${w}x${h}-${theme}.png` });
    await page.close();
  }
}
await browser.close();
