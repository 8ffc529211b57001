import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { leader, open, pause } from './helpers.ts';

async function save(page: Page, name: string): Promise<{ file: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  const path = await download.path();
  return { file: download.suggestedFilename(), bytes: readFileSync(path) };
}

for (const theme of ['light', 'dark'] as const)
  test(`"Export image" saves a valid SVG and PNG of the moment (${theme})`, async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript((t) => localStorage.setItem('raftlab-theme', t), theme);
    await open(page, '?speed=1&seed=5');
    await leader(page);
    await pause(page);
    const now = Number(await page.getByTestId('clock').getAttribute('data-now'));
    await page.getByRole('button', { name: 'Export image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export image' });
    await expect(dialog.getByRole('img', { name: 'Preview of the image' })).toBeVisible();

    const svg = await save(page, 'Save SVG');
    expect(svg.file).toBe(`raftlab-seed-5-${now}ms.svg`);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: root.localName,
        ns: root.namespaceURI,
        servers: doc.querySelectorAll('[data-server]').length,
        time: doc.querySelector('[data-part="time"]')?.textContent ?? null,
        logCells: doc.querySelectorAll('[data-part="logs"] [data-index]').length,
        background: doc.querySelector('[data-part="cluster"] > rect')?.getAttribute('fill'),
      };
    }, svg.bytes.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.ns).toBe('http://www.w3.org/2000/svg');
    expect(parsed.servers).toBe(5);
    expect(parsed.time).toBe(`${(now / 1000).toFixed(3)} s`);
    expect(parsed.logCells).toBeGreaterThan(0); // the logs are shown: they are in the picture
    // The theme's panel colour: light or dark.
    const [r, g, b] = (parsed.background ?? '').match(/\d+/g)!.map(Number);
    const light = r! + g! + b! > 3 * 128;
    expect(light).toBe(theme === 'light');

    const png = await save(page, 'Save PNG');
    expect(png.file).toBe(`raftlab-seed-5-${now}ms.png`);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Decodable: the page loads it as an image (the CSP allows data: images).
    const size = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      // Something is drawn: not every pixel is the same colour.
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < d.length && colours.size < 10; i += 4 * 97)
        colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      return { w: img.naturalWidth, h: img.naturalHeight, colours: colours.size };
    }, png.bytes.toString('base64'));
    expect(size.w).toBeGreaterThan(1000);
    expect(size.h).toBeGreaterThan(900);
    expect(size.colours).toBeGreaterThan(3);
    expect(pageErrors).toEqual([]);
    await expect(page.getByRole('status')).toHaveCount(0);
  });
