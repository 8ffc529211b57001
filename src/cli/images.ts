/**
 * Draws the app's icons and link-preview image into public/ (`npm run images`):
 * SVG designs below, rasterized by headless Chromium. The PNGs are committed;
 * run this again only after changing a design.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';

const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));

// The app's palette (src/ui/styles.css): accent, leader gold, dark panels, term colours.
const ACCENT = '#0b5fff';
const GOLD = '#ffc233';
const DARK_BG = '#0f1217';
const DARK_PANEL = '#181c23';
const DARK_INK = '#eef1f5';
const DARK_MUTED = '#9aa4b2';
const DARK_LINE = '#343b47';
const TERMS = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f'];

/** Centre of server k of n on a ring, the first at the top. */
function onRing(k: number, n: number, cx: number, cy: number, r: number): [number, number] {
  const a = -Math.PI / 2 + (2 * Math.PI * k) / n;
  return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
}

const f = (x: number) => x.toFixed(2);

/** The mark in a 64x64 box: five servers in a ring, the gold leader at the top, linked to the rest. */
function mark(): string {
  const pts = [0, 1, 2, 3, 4].map((k) => onRing(k, 5, 32, 34, 19));
  const [lx, ly] = pts[0]!;
  const links = pts
    .slice(1)
    .map(
      ([x, y]) =>
        `<line x1="${f(lx)}" y1="${f(ly)}" x2="${f(x)}" y2="${f(y)}" stroke="#fff" stroke-opacity="0.6" stroke-width="2.4"/>`,
    )
    .join('');
  const followers = pts
    .slice(1)
    .map(([x, y]) => `<circle cx="${f(x)}" cy="${f(y)}" r="6.5" fill="#fff"/>`)
    .join('');
  return `${links}${followers}<circle cx="${f(lx)}" cy="${f(ly)}" r="8.5" fill="${GOLD}" stroke="#fff" stroke-width="2"/>`;
}

/** The favicon and app icon: the mark on a rounded accent square. */
export function iconSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" rx="14" fill="${ACCENT}"/>${mark()}</svg>\n`;
}

/** The maskable icon: full-bleed background, the mark inside the central safe zone. */
function maskableSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" fill="${ACCENT}"/><g transform="translate(32 32) scale(0.72) translate(-32 -32)">${mark()}</g></svg>`;
}

/** A crown above (x, y): the leader's sign in the app. */
function crown(x: number, y: number, w: number): string {
  const h = w * 0.62;
  const l = x - w / 2;
  const p = [
    [l, y],
    [l, y - h],
    [l + w * 0.27, y - h * 0.45],
    [x, y - h * 1.05],
    [l + w * 0.73, y - h * 0.45],
    [l + w, y - h],
    [l + w, y],
  ];
  return `<polygon points="${p.map(([a, b]) => `${f(a!)},${f(b!)}`).join(' ')}" fill="${GOLD}" stroke="${DARK_BG}" stroke-width="3" stroke-linejoin="round"/>`;
}

/** The 1200x630 link preview: name and promise on the left, a cluster at work on the right. */
function previewSvg(): string {
  const font = `font-family="'DejaVu Sans', 'Segoe UI', Arial, sans-serif"`;
  const mono = `font-family="'DejaVu Sans Mono', ui-monospace, monospace"`;
  const [cx, cy, r] = [905, 300, 185];
  const pts = [0, 1, 2, 3, 4].map((k) => onRing(k, 5, cx, cy, r));
  const links: string[] = [];
  for (let i = 0; i < 5; i++)
    for (let j = i + 1; j < 5; j++) {
      const [a, b] = [pts[i]!, pts[j]!];
      links.push(
        `<line x1="${f(a[0])}" y1="${f(a[1])}" x2="${f(b[0])}" y2="${f(b[1])}" stroke="${DARK_LINE}" stroke-width="3"/>`,
      );
    }
  // Appends from the leader (squares), one reply on its way back (hollow).
  const along = (j: number, t: number) => {
    const [a, b] = [pts[0]!, pts[j]!];
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t] as const;
  };
  const msgs = [
    [1, 0.42, true],
    [2, 0.66, true],
    [3, 0.3, true],
    [4, 0.55, false],
  ] as const;
  const messages = msgs
    .map(([j, t, req]) => {
      const [x, y] = along(j, t);
      const s = 22;
      return req
        ? `<rect x="${f(x - s / 2)}" y="${f(y - s / 2)}" width="${s}" height="${s}" rx="3" fill="${TERMS[2]}"/>`
        : `<rect x="${f(x - s / 2)}" y="${f(y - s / 2)}" width="${s}" height="${s}" rx="3" fill="${DARK_BG}" stroke="${TERMS[2]}" stroke-width="4"/>`;
    })
    .join('');
  const servers = pts
    .map(([x, y], k) => {
      const leader = k === 0;
      const rr = leader ? 50 : 44;
      const stroke = leader ? GOLD : '#5b9bff';
      return `<circle cx="${f(x)}" cy="${f(y)}" r="${rr}" fill="${DARK_PANEL}" stroke="${stroke}" stroke-width="${leader ? 7 : 5}"/><text x="${f(x)}" y="${f(y + 11)}" ${font} font-size="30" font-weight="bold" fill="${DARK_INK}" text-anchor="middle">S${k + 1}</text>`;
    })
    .join('');
  const [lx, ly] = pts[0]!;
  // The leader's log: terms 1 1 2 3 3 3, the last two not yet committed.
  const log = [1, 1, 2, 3, 3, 3]
    .map((term, i) => {
      const x = 80 + i * 62;
      const committed = i < 4;
      return `<rect x="${x}" y="470" width="54" height="54" rx="6" fill="${TERMS[term - 1]}" fill-opacity="${committed ? 1 : 0.3}" stroke="${TERMS[term - 1]}" stroke-width="3"/><text x="${x + 27}" y="506" ${mono} font-size="26" font-weight="bold" fill="${committed ? DARK_BG : DARK_INK}" text-anchor="middle">${term}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630" width="1200" height="630">
<rect width="1200" height="630" fill="${DARK_BG}"/>
<rect x="0" y="0" width="1200" height="10" fill="${ACCENT}"/>
<g transform="translate(80 78) scale(1.25)"><rect width="64" height="64" rx="14" fill="${ACCENT}"/>${mark()}</g>
<text x="190" y="148" ${font} font-size="92" font-weight="bold" fill="${DARK_INK}">Raftlab</text>
<text x="80" y="250" ${font} font-size="44" fill="${DARK_INK}">Raft, step by step,</text>
<text x="80" y="304" ${font} font-size="44" fill="${DARK_INK}">in your browser.</text>
<text x="80" y="372" ${font} font-size="25" fill="${DARK_MUTED}">Elect leaders, replicate logs, crash servers,</text>
<text x="80" y="408" ${font} font-size="25" fill="${DARK_MUTED}">cut links. Replay any run; share it as a link.</text>
${log}
<text x="80" y="572" ${mono} font-size="22" fill="${DARK_MUTED}">commitIndex 4 · term 3 · leader S1</text>
${links.join('')}
${messages}
${servers}
${crown(lx, ly - 58, 56)}
</svg>`;
}

async function rasterize(
  browser: Browser,
  svg: string,
  width: number,
  height: number,
  file: string,
): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const sized = svg.replace(/width="\d+" height="\d+"/, `width="${width}" height="${height}"`);
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
  );
  writeFileSync(
    `${PUBLIC}${file}`,
    await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width, height } }),
  );
  await page.close();
  console.log(`public/${file} ${width}x${height}`);
}

async function main(): Promise<void> {
  const icon = iconSvg();
  writeFileSync(`${PUBLIC}favicon.svg`, icon);
  console.log('public/favicon.svg');
  const path = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: existsSync(path) ? path : undefined,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    await rasterize(browser, icon, 32, 32, 'favicon-32.png');
    await rasterize(browser, icon, 192, 192, 'icon-192.png');
    await rasterize(browser, icon, 512, 512, 'icon-512.png');
    // iOS draws its own rounded corners over an opaque square.
    await rasterize(browser, maskableSvg(), 180, 180, 'apple-touch-icon.png');
    await rasterize(browser, maskableSvg(), 512, 512, 'icon-maskable-512.png');
    await rasterize(browser, previewSvg(), 1200, 630, 'og-image.png');
  } finally {
    await browser.close();
  }
}

await main();
