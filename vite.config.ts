import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    {
      name: 'raftlab-csp',
      transformIndexHtml(html: string) {
        if (command !== 'build') return html;
        return html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
        );
      },
    },
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
