import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// The production build gets a strict Content-Security-Policy (shared links are
// untrusted input); the dev server keeps none, since its HMR client is inline.
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Where the app is served from (README, Deploy). SITE_URL is the public address of
 * the app, e.g. https://example.org/raftlab/; it makes the preview image's address
 * absolute, as chat apps want. BASE is the path the app lives under (/raftlab/);
 * it defaults to SITE_URL's path, else the root.
 */
function deployment(env: NodeJS.ProcessEnv): { base: string; siteUrl: string | null } {
  let siteUrl: string | null = null;
  if (env.SITE_URL) {
    const url = new URL(env.SITE_URL); // throws on a malformed address: the build stops
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    siteUrl = url.href;
  }
  const raw = env.BASE || (siteUrl ? new URL(siteUrl).pathname : '/');
  const base = `/${raw}/`.replace(/\/+/g, '/');
  return { base, siteUrl };
}

const { base, siteUrl } = deployment(process.env);

export default defineConfig(({ command }) => ({
  base,
  plugins: [
    react(),
    {
      name: 'raftlab-head',
      transformIndexHtml(html: string) {
        if (command !== 'build') return html;
        let out = html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
        );
        // Link previews need absolute addresses; without SITE_URL they stay relative to BASE.
        if (siteUrl) {
          out = out
            .replaceAll(`content="${base}og-image.png"`, `content="${siteUrl}og-image.png"`)
            .replace(
              '<meta property="og:type"',
              `<meta property="og:url" content="${siteUrl}" />\n    <meta property="og:type"`,
            );
        }
        return out;
      },
    },
    // Works offline after the first visit: the service worker precaches the build.
    // A new build takes over at once (skipWaiting, clientsClaim) but never reloads
    // the page: src/ui/serviceWorker.ts tells the user to reload when convenient.
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false, // registered by src/ui/serviceWorker.ts (no inline script: CSP)
      manifest: {
        id: base,
        name: 'Raftlab — Raft, step by step',
        short_name: 'Raftlab',
        description: 'An interactive, deterministic Raft laboratory in the browser',
        lang: 'en',
        display: 'standalone',
        background_color: '#f4f5f7',
        theme_color: '#0b5fff',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['og-image.png'], // for link previews only
        skipWaiting: true,
        clientsClaim: true,
        // ?seed=, ?speed=… and #s=… links all open the one page.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    // Timeouts guard against hangs, not speed: a busy 2-core machine runs the
    // seed sweeps and property runs several times slower than an idle one.
    testTimeout: 120_000,
  },
}));
