import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Playwright's own browser download cannot work on our machines: use Debian's
// Chromium when it is there (PLAYWRIGHT_CHROMIUM overrides), Playwright's elsewhere.
const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const executablePath = existsSync(chromiumPath) ? chromiumPath : undefined;
// E2E_PORT lets several checkouts run their e2e suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
// A second build, for a sub-path (README, Deploy), is served beside it.
const subPort = Number(process.env.E2E_SUBPATH_PORT ?? port + 100);
const subBase = '/raftlab/';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'app', testIgnore: '**/subpath.spec.ts' },
    {
      name: 'subpath',
      testMatch: ['**/subpath.spec.ts', '**/offline.spec.ts'],
      use: { baseURL: `http://127.0.0.1:${subPort}${subBase}` },
    },
  ],
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Built here, not by `npm run build`, so the suite tests what the README says to run.
      command:
        'npx vite build --outDir dist-subpath --emptyOutDir --logLevel warn && ' +
        `npx vite preview --outDir dist-subpath --host 127.0.0.1 --port ${subPort} --strictPort`,
      env: { BASE: subBase, SITE_URL: `http://127.0.0.1:${subPort}${subBase}` },
      url: `http://127.0.0.1:${subPort}${subBase}`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
