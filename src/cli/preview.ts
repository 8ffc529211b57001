/**
 * What the browser benchmarks share: the production build served by `vite preview`
 * on a port of their own, and the Chromium to drive it (Debian's when there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Serves dist/ on `port` (in its own process group, so that stopPreview ends it whole). */
export function startPreview(port: number): ChildProcess {
  if (!existsSync('dist/index.html'))
    throw new Error('No production build: run `npm run build` first.');
  return spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
}

export function stopPreview(server: ChildProcess): void {
  try {
    if (server.pid) process.kill(-server.pid);
  } catch {
    // Already gone (it could not take the port, say): nothing to stop.
  }
}

/** PLAYWRIGHT_CHROMIUM, else Debian's Chromium, else Playwright's own. */
export function chromiumPath(): string | undefined {
  return (
    process.env.PLAYWRIGHT_CHROMIUM ??
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
  );
}
