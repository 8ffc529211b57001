/**
 * What the screenshot scripts (e2e/screens*.ts, not tests) share: where the
 * preview server is, where images go, and one page per size and theme with the
 * page's errors printed. Run a script with `npx tsx e2e/screens-<name>.ts` while
 * `npm run preview` serves the build (BASE overrides the address).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

export const base = process.env.BASE ?? 'http://127.0.0.1:4173';
export const out = 'test-results/screens';
/** ONLY=name: run only the parts whose name contains it. */
export const only = process.env.ONLY ?? '';

/** The desktop and the projector, the sizes every UI change is looked at. */
export const SIZES: readonly (readonly [number, number])[] = [
  [1280, 800],
  [1920, 1080],
];

export interface Shot {
  page: Page;
  w: number;
  h: number;
  theme: 'light' | 'dark';
  /** `${w}x${h}-${theme}`, for file names. */
  tag: string;
}

/** Opens a browser (Debian's Chromium when there). */
export async function launch(): Promise<Browser> {
  mkdirSync(out, { recursive: true });
  const exe = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
  return chromium.launch({ executablePath: exe, args: ['--no-sandbox'] });
}

/**
 * Runs `body` on a fresh page for every size and theme, the theme (and, with
 * `skipTour`, the first visit's offer) set before the app loads; closes the page
 * after, and the browser at the end.
 */
export async function eachScreen(
  body: (shot: Shot) => Promise<void>,
  { sizes = SIZES, skipTour = false }: { sizes?: typeof SIZES; skipTour?: boolean } = {},
): Promise<void> {
  const browser = await launch();
  for (const [w, h] of sizes) {
    for (const theme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      page.on('pageerror', (e) => console.error('pageerror', e.message));
      page.on('console', (m) => m.type() === 'error' && console.error('console', m.text()));
      await page.addInitScript(
        ([t, skip]) => {
          localStorage.setItem('raftlab-theme', t);
          if (skip) localStorage.setItem('raftlab-tour', 'explore');
        },
        [theme, skipTour] as const,
      );
      await body({ page, w, h, theme, tag: `${w}x${h}-${theme}` });
      await page.close();
    }
  }
  await browser.close();
}
