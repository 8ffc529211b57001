/**
 * Opt-in figure of `npm run bench` (BENCH_BROWSER_MINUTES=10): a student leaves
 * the app playing. The production build in headless Chromium, 9 servers at
 * 100x with a client load of 20 commands per second, for that many real
 * minutes; every minute: the virtual clock and events, the page's JS heap
 * (performance.memory, precise), the worker's JS heap (Runtime.getHeapUsage
 * through the browser's DevTools protocol), the renderer process's resident
 * memory (page and worker together, from /proc), and frame times over 3 s.
 * At the end: Step back, and seeks to random moments, each timed from the
 * command to the moment shown (worker and page together).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { chromiumPath, startPreview, stopPreview } from './preview.ts';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';

const PORT = Number(process.env.BENCH_BROWSER_PORT ?? 4180);
// BENCH_BROWSER_LOAD=200: a heavier load, to reach the run's ceiling (RUN_RECORDS_MAX) sooner.
const LOAD = Number(process.env.BENCH_BROWSER_LOAD ?? 20);
const URL_PATH = `/?servers=9&speed=100&load=${String(LOAD)}&seed=21`;
const SEEKS = 21;

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The preview server did not start at ${url}.`);
}

/** The processes under `root` (itself included), from /proc. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++)
    for (const [pid, ppid] of parent) if (ppid === out[i]) out.push(pid);
  return out;
}

/** Resident memory (MB) of the renderer processes under the browser. */
function rendererRssMb(browserPid: number): number {
  let kb = 0;
  for (const pid of descendants(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

const UNKNOWN = { used: NaN, total: NaN };

/** The worker's JS heap (MB: used, and held by the heap) through the browser's protocol session. */
async function workerHeapMb(cdp: CDPSession): Promise<{ used: number; total: number }> {
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string }[];
    };
    const worker = targetInfos.find((t) => t.type === 'worker');
    if (!worker) return UNKNOWN;
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    })) as { sessionId: string };
    // One protocol call inside the worker, answered by id (null: no answer within 30 s).
    let ids = 0;
    const ask = async (method: string): Promise<{ result?: unknown; error?: unknown } | null> => {
      const id = ++ids;
      const reply = new Promise<{ result?: unknown; error?: unknown }>((resolve) => {
        const on = (e: { sessionId: string; message: string }) => {
          if (e.sessionId !== sessionId) return;
          const msg = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
          if (msg.id !== id) return;
          cdp.off('Target.receivedMessageFromTarget', on);
          resolve(msg);
        };
        cdp.on('Target.receivedMessageFromTarget', on);
      });
      await cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
      return Promise.race([reply, new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
    };
    // A full collection first, waited for: what the worker holds, not the garbage of the
    // last frames (without it, the used size swings by hundreds of MB with the GC's timing).
    await ask('HeapProfiler.enable');
    const gc = await ask('HeapProfiler.collectGarbage');
    const usage = (await ask('Runtime.getHeapUsage'))?.result as
      { usedSize: number; totalSize: number } | undefined;
    const mb =
      gc === null || gc.error !== undefined || usage === undefined
        ? UNKNOWN
        : { used: usage.usedSize / 1e6, total: usage.totalSize / 1e6 };
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    return mb;
  } catch {
    return UNKNOWN;
  }
}

async function clock(page: Page): Promise<{ now: number; events: number }> {
  const c = page.getByTestId('clock');
  return {
    now: Number(await c.getAttribute('data-now')),
    events: Number(await c.getAttribute('data-events')),
  };
}

/** Intervals between animation frames over `ms` of the page's time: median and p95. */
async function frameTimes(page: Page, ms: number): Promise<{ median: number; p95: number }> {
  const xs = await page.evaluate(
    (span) =>
      new Promise<number[]>((resolve) => {
        const out: number[] = [];
        let last = performance.now();
        const end = last + span;
        const tick = (t: number) => {
          out.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick);
          else resolve(out.slice(1));
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
  xs.sort((a, b) => a - b);
  return { median: xs[xs.length >> 1] ?? NaN, p95: xs[Math.floor(xs.length * 0.95)] ?? NaN };
}

/** Wall ms until `done` holds, polling the page every 5 ms. */
async function timeUntil(page: Page, act: () => Promise<void>, done: () => Promise<boolean>) {
  const t0 = performance.now();
  await act();
  for (;;) {
    if (await done()) return performance.now() - t0;
    if (performance.now() - t0 > 60_000) return NaN;
    await page.waitForTimeout(5);
  }
}

async function run(browser: Browser, browserPid: number, minutes: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await browser.newBrowserCDPSession();
  await page.goto(`http://127.0.0.1:${PORT}${URL_PATH}`);
  await page.getByRole('button', { name: /^(Play|Pause)$/ }).waitFor();
  if (await page.getByRole('button', { name: 'Play' }).isVisible())
    await page.getByRole('button', { name: 'Play' }).click();
  console.log(
    `Browser benchmark: 9 servers at 100x, ${String(LOAD)} client commands per second, ${minutes} real minutes in headless Chromium`,
  );
  const f = (n: number) => n.toFixed(1);
  const start = Date.now();
  for (let minute = 1; minute <= minutes; minute++) {
    await page.waitForTimeout(Math.max(0, start + minute * 60_000 - Date.now() - 3000));
    const frames = await frameTimes(page, 3000);
    const c = await clock(page);
    const [pageHeap, pageHeapTotal, domNodes] = await page.evaluate(() => {
      const m = (performance as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } })
        .memory;
      return [
        m?.usedJSHeapSize ?? NaN,
        m?.totalJSHeapSize ?? NaN,
        document.querySelectorAll('*').length,
      ];
    });
    const worker = await workerHeapMb(cdp);
    const errors = await page.locator('.notice.error').count();
    // The run's ceiling (RUN_RECORDS_MAX): the run stopped there, with a warning.
    const stopped = await page.locator('.notice.warning').count();
    console.log(
      `  ${String(minute).padStart(2)} min: virtual ${f(c.now / 60_000)} min, ${c.events.toLocaleString('en-US')} events; ` +
        `heap page ${f(pageHeap / 1e6)} MB (of ${f(pageHeapTotal / 1e6)}), worker ${f(worker.used)} MB (of ${f(worker.total)}); ` +
        `renderer RSS ${f(rendererRssMb(browserPid))} MB; ${domNodes} elements; ` +
        `frames median ${f(frames.median)} ms, p95 ${f(frames.p95)} ms${errors ? `; ${errors} error notices` : ''}${stopped ? '; stopped at the ceiling' : ''}`,
    );
  }
  if (process.env.BENCH_BROWSER_PROFILE === '1') await profilePage(page);
  if (await page.getByRole('button', { name: 'Pause' }).isVisible())
    await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Play' }).waitFor();
  // Frames posted before the pause may still arrive: wait for one the worker made paused
  // (a loaded machine can show a frame made while playing well after the click), then
  // for the clock to stop.
  await page.locator('[data-testid="clock"][data-playing="false"]').waitFor({ timeout: 60_000 });
  let at = await clock(page);
  for (;;) {
    await page.waitForTimeout(500);
    const next = await clock(page);
    if (next.events === at.events && next.now === at.now) break;
    at = next;
  }
  const back = await timeUntil(
    page,
    () => page.getByRole('button', { name: 'Step back' }).click(),
    async () => (await clock(page)).events !== at.events,
  );
  const landed = await clock(page);
  const seeks: number[] = [];
  let x = 7;
  for (let i = 0; i < SEEKS; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    const time = x % at.now;
    seeks.push(
      await timeUntil(
        page,
        () => page.getByLabel('Timeline').fill(String(time)),
        async () => (await clock(page)).now === time,
      ),
    );
  }
  seeks.sort((a, b) => a - b);
  console.log(
    `  paused at ${at.events.toLocaleString('en-US')} events: Step back answered in ${f(back)} ms${landed.events === at.events - 1 ? '' : ` (WRONG: at ${landed.events.toLocaleString('en-US')} events)`}; ` +
      `${SEEKS} seeks to random moments, command to picture: median ${f(seeks[SEEKS >> 1]!)} ms, p95 ${f(seeks[Math.floor(SEEKS * 0.95)]!)} ms`,
  );
}

/**
 * BENCH_BROWSER_PROFILE=1: where the page's main thread spends 5 s of the running app
 * (the JS profiler's self time by function, the 12 largest), to find work that grows
 * with the run's length.
 */
async function profilePage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await page.waitForTimeout(5000);
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
      timeDeltas: number[];
    };
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log('  page profile over 5 s, self time:');
  for (const [name, ms] of top) console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
  await cdp.detach();
}

export async function benchBrowser(minutes: number): Promise<void> {
  const server = startPreview(PORT);
  const executablePath = chromiumPath();
  const launched = await chromium.launchServer({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--no-first-run'],
  });
  const browser = await chromium.connect(launched.wsEndpoint());
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    await run(browser, launched.process().pid!, minutes);
  } finally {
    await browser.close();
    await launched.close();
    stopPreview(server);
  }
}
