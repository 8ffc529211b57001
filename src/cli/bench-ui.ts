/**
 * The UI figure of `npm run bench`: the production build in headless Chromium,
 * 9 servers at 1x with a steady client load of 20 commands per second, traced
 * for 60 seconds. From the browser's own trace (no cooperation from the app):
 *   - frame times: intervals between animation frames fired on the main thread;
 *   - main-thread work per frame: the main thread's task time between frames;
 *   - long tasks: main-thread tasks over 50 ms;
 *   - the worker's share of one CPU: its task time over the wall time;
 *   - drift: the first ten seconds against the last ten.
 */
import { chromiumPath, startPreview, stopPreview } from './preview.ts';
import { chromium } from '@playwright/test';

const PORT = 4179;
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 60);
const URL_PATH = '/?servers=9&speed=1&load=20';
/** Animation callbacks closer than this (µs) ran in one display frame. */
const SAME_FRAME_US = 4000;

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The preview server did not start at ${url}.`);
}

export function analyse(events: TraceEvent[]) {
  const threadNames = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name')
      threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  }
  // One display frame runs every animation callback asked for before it, each
  // traced as its own FireAnimationFrame: those within a few ms are one frame.
  const frames: TraceEvent[] = [];
  for (const e of events
    .filter((x) => x.name === 'FireAnimationFrame')
    .sort((a, b) => a.ts - b.ts)) {
    const prev = frames[frames.length - 1];
    if (prev === undefined || e.ts - prev.ts > SAME_FRAME_US) frames.push(e);
  }
  if (frames.length < 10)
    throw new Error('Too few animation frames in the trace: is the page drawing?');
  const main = `${frames[0]!.pid}:${frames[0]!.tid}`;
  const tasks = events.filter(
    (e) => e.ph === 'X' && e.name.endsWith('::RunTask') && e.dur !== undefined,
  );
  const mainTasks = tasks.filter((e) => `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
  const thread = (e: TraceEvent) => threadNames.get(`${e.pid}:${e.tid}`) ?? '';
  const workerTasks = tasks.filter((e) => thread(e) === 'DedicatedWorker thread');
  // Raster and compositing run on other threads: what the page costs to draw.
  const rasterTasks = tasks.filter((e) =>
    /^(ThreadPoolForegroundWorker|Compositor|VizCompositorThread)$/.test(thread(e)),
  );

  const start = frames[0]!.ts;
  const end = frames[frames.length - 1]!.ts;
  const intervals: { at: number; ms: number; workMs: number }[] = [];
  let t = 0;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1]!.ts;
    const b = frames[i]!.ts;
    let work = 0;
    while (t < mainTasks.length && mainTasks[t]!.ts < b) {
      if (mainTasks[t]!.ts >= a) work += mainTasks[t]!.dur!;
      t++;
    }
    intervals.push({ at: (a - start) / 1e6, ms: (b - a) / 1000, workMs: work / 1000 });
  }
  const longTasks = mainTasks.filter((e) => e.dur! > 50_000).map((e) => e.dur! / 1000);
  const rasterBusy = rasterTasks
    .filter((e) => e.ts >= start && e.ts <= end)
    .reduce((s, e) => s + e.dur!, 0);
  const workerBusy = workerTasks
    .filter((e) => e.ts >= start && e.ts <= end)
    .reduce((s, e) => s + e.dur!, 0);
  const window = (from: number, to: number) =>
    intervals.filter((x) => x.at >= from && x.at < to).map((x) => x.ms);
  const seconds = (end - start) / 1e6;
  return {
    seconds,
    frames: intervals.length,
    frameMs: {
      median: percentile(
        intervals.map((x) => x.ms),
        50,
      ),
      p95: percentile(
        intervals.map((x) => x.ms),
        95,
      ),
    },
    workMs: {
      median: percentile(
        intervals.map((x) => x.workMs),
        50,
      ),
      p95: percentile(
        intervals.map((x) => x.workMs),
        95,
      ),
    },
    longTasks,
    workerShare: workerBusy / (end - start),
    rasterShare: rasterBusy / (end - start),
    workerThreadFound: workerTasks.length > 0,
    first10: { median: percentile(window(0, 10), 50), p95: percentile(window(0, 10), 95) },
    last10: {
      median: percentile(window(seconds - 10, seconds + 1), 50),
      p95: percentile(window(seconds - 10, seconds + 1), 95),
    },
  };
}

export async function benchUi(): Promise<void> {
  const server = startPreview(PORT);
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`http://127.0.0.1:${PORT}${URL_PATH}`);
    if (process.env.BENCH_UI_HIDE)
      await page.addStyleTag({
        content: `${process.env.BENCH_UI_HIDE} { display: none !important; }`,
      });
    // The app may start playing on its own; press Play only if it did not.
    await page
      .getByRole('button', { name: /Play|Pause/ })
      .first()
      .waitFor();
    if (await page.getByRole('button', { name: 'Play' }).isVisible()) {
      await page.getByRole('button', { name: 'Play' }).click();
    }
    await page.waitForTimeout(2000); // let the first election happen before measuring
    await browser.startTracing(page, {
      categories: ['toplevel', 'devtools.timeline', '__metadata'],
    });
    await page.waitForTimeout(SECONDS * 1000);
    const buffer = await browser.stopTracing();
    const now = await page.getByTestId('clock').getAttribute('data-now');
    const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
    if (process.env.BENCH_UI_TRACE)
      (await import('node:fs')).writeFileSync(process.env.BENCH_UI_TRACE, buffer);
    const r = analyse(trace.traceEvents);
    const f = (n: number) => n.toFixed(1);
    console.log(
      `UI benchmark: 9 servers at 1x, 20 client commands per second, ${f(r.seconds)} s traced in headless Chromium at 1920x1080`,
    );
    console.log(
      `  frames: ${r.frames}; frame time median ${f(r.frameMs.median)} ms, p95 ${f(r.frameMs.p95)} ms (target p95 < 20 ms)`,
    );
    console.log(
      `  main-thread work per frame: median ${f(r.workMs.median)} ms, p95 ${f(r.workMs.p95)} ms`,
    );
    console.log(
      `  long tasks over 50 ms: ${r.longTasks.length}${r.longTasks.length ? ` (longest ${f(Math.max(...r.longTasks))} ms)` : ''} (target none)`,
    );
    console.log(
      `  worker: ${r.workerThreadFound ? `${f(r.workerShare * 100)} % of one CPU` : 'thread not found in the trace'}`,
    );
    console.log(
      `  drift: first 10 s p95 ${f(r.first10.p95)} ms, last 10 s p95 ${f(r.last10.p95)} ms; virtual clock at ${now} ms`,
    );
  } finally {
    await browser.close();
    stopPreview(server);
  }
}
