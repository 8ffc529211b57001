/**
 * A new deploy takes over from the service worker of the old one. The test serves
 * the build (dist/) from its own small server, then swaps in a second build: a copy
 * whose page differs, with the precache revision of the page updated as a new
 * `vite build` would write it.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { leader } from './helpers.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/** A static server for `root()`, which the test may change between requests. */
function serve(root: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root(), path.endsWith('/') ? `${path}index.html` : path));
    try {
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

test('a new build takes over: the page says to reload, and the reload shows the new build', async ({
  page,
}) => {
  // Installing a service worker twice is slow on a busy machine (tens of seconds).
  test.setTimeout(180_000);
  const dist = join(process.cwd(), 'dist');
  const tmp = mkdtempSync(join(tmpdir(), 'raftlab-update-'));
  const [v1, v2] = [join(tmp, 'v1'), join(tmp, 'v2')];
  cpSync(dist, v1, { recursive: true });
  cpSync(dist, v2, { recursive: true });
  // The second build: another page, and its service worker lists the page's new revision.
  const html = readFileSync(join(v1, 'index.html'), 'utf8');
  const html2 = html.replace('<head>', '<head>\n    <meta name="raftlab-build" content="2" />');
  expect(html2).not.toBe(html);
  writeFileSync(join(v2, 'index.html'), html2);
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const sw = readFileSync(join(v1, 'sw.js'), 'utf8');
  const sw2 = sw.replace(md5(html), md5(html2));
  expect(sw2).not.toBe(sw);
  writeFileSync(join(v2, 'sw.js'), sw2);

  let root = v1;
  const { server, url } = await serve(() => root);
  try {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${url}?speed=1&seed=31`);
    await leader(page);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''), {
        timeout: 30_000,
      })
      .toBe(`${url}sw.js`);
    // The first install is no update.
    await expect(page.getByText('A new version of Raftlab is installed')).toHaveCount(0);

    // Deploy the second build. The next visit still opens the cached first build…
    root = v2;
    await page.goto(`${url}?speed=1&seed=32`);
    await expect(page.locator('meta[name="raftlab-build"]')).toHaveCount(0);
    // …while the new service worker installs and takes over; the page says so and runs on.
    await expect(page.getByText('A new version of Raftlab is installed')).toBeVisible({
      timeout: 90_000,
    });
    await leader(page);
    // The notice does not fade like the others: it waits, with its "Reload" button.
    await page.waitForTimeout(7_000);
    const notice = page.locator('.notice', { hasText: 'A new version of Raftlab is installed' });
    await expect(notice).toBeVisible();

    // "Reload" shows the new build, served from the new cache even offline.
    await page.context().setOffline(true);
    await Promise.all([
      page.waitForEvent('load'),
      notice.getByRole('button', { name: 'Reload' }).click(),
    ]);
    await expect(page.locator('meta[name="raftlab-build"]')).toHaveAttribute('content', '2');
    await leader(page);
    await expect(page.getByText('A new version of Raftlab is installed')).toHaveCount(0);
    await page.context().setOffline(false);
    expect(errors).toEqual([]);
  } finally {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
