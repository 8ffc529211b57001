/**
 * The build for a sub-path (`BASE=/raftlab/ npm run build`, README: Deploy), served
 * at /raftlab/ by the second web server of playwright.config.ts. Nothing may load
 * from the server's root.
 */
import { expect, test } from '@playwright/test';
import { leader } from './helpers.ts';

test('built with BASE=/raftlab/, the app, its worker and service worker load from there', async ({
  page,
  baseURL,
}) => {
  const base = new URL(baseURL!);
  expect(base.pathname).toBe('/raftlab/');
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text()))
      errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const requested: string[] = [];
  const failed: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));

  await page.goto('./?speed=1&seed=5');
  await expect(page.getByTestId('clock')).toBeVisible();
  const l = await leader(page);
  expect(l.term).toBeGreaterThan(0);

  // The simulation runs in a module worker loaded from the sub-path.
  expect(
    workers.some((u) => /^\/raftlab\/assets\/worker-[\w-]+\.js$/.test(new URL(u).pathname)),
  ).toBe(true);

  // The service worker is scoped to the sub-path.
  const reg = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    return { scope: r.scope, script: r.active?.scriptURL ?? '' };
  });
  expect(reg.scope).toBe(base.href);
  expect(reg.script).toBe(new URL('sw.js', base).href);

  // The manifest, the icons and the preview image are there, under the sub-path.
  const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestHref).toBe('/raftlab/manifest.webmanifest');
  const manifest = (await (await page.request.get(new URL(manifestHref!, base).href)).json()) as {
    start_url: string;
    scope: string;
    icons: { src: string; sizes: string; type: string }[];
  };
  expect(manifest.start_url).toBe('/raftlab/');
  expect(manifest.scope).toBe('/raftlab/');
  expect(manifest.icons.map((i) => i.sizes)).toEqual(
    expect.arrayContaining(['192x192', '512x512']),
  );
  const manifestUrl = new URL(manifestHref!, base);
  for (const icon of manifest.icons) {
    const res = await page.request.get(new URL(icon.src, manifestUrl).href);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toContain(icon.type);
  }
  for (const rel of ['icon', 'apple-touch-icon']) {
    for (const href of await page
      .locator(`link[rel="${rel}"]`)
      .evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).href))) {
      expect(new URL(href).pathname.startsWith('/raftlab/'), href).toBe(true);
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
  }
  // Built with SITE_URL, the preview image's address is absolute (chat apps need that).
  for (const sel of ['meta[property="og:image"]', 'meta[name="twitter:image"]']) {
    const image = await page.locator(sel).getAttribute('content');
    expect(image).toBe(new URL('og-image.png', base).href);
    const res = await page.request.get(image!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('image/png');
    const png = await res.body();
    // PNG header: width and height at bytes 16..23.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  }
  expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(base.href);

  // Every request stayed under the sub-path, and none failed.
  const outside = requested.filter(
    (u) => u.startsWith(base.origin) && !new URL(u).pathname.startsWith('/raftlab/'),
  );
  expect(outside).toEqual([]);
  expect(failed).toEqual([]);
  expect(errors).toEqual([]);
});
