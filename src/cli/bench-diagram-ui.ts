/**
 * The space-time diagram's UI figure of `npm run bench`: the production build
 * in headless Chromium at 1920x1080, the diagram shown with heartbeats, 5
 * servers under 20 client commands per second played at 100x until an hour
 * of virtual time has passed. Then, from the browser's trace:
 *   - playing on at 100x, the diagram following the present (a query and a
 *     redraw every frame): frame times and the worker's share of one CPU;
 *   - paused, the whole hour shown, then 30 wheel zooms into it: frame times,
 *     and the worker's longest task (a query: nothing else runs when paused).
 */
import { chromiumPath, startPreview, stopPreview } from './preview.ts';
import { chromium, type Browser, type Page } from '@playwright/test';
import { analyse, waitForServer, type TraceEvent } from './bench-ui.ts';

const PORT = 4181;
const TARGET_MS = Number(process.env.BENCH_DIAGRAM_UI_MS ?? 3_600_000);
const WAIT_S_MAX = 300;
/** The same run with the diagram hidden: what the rest of the page costs. */
const BASELINE = process.env.BENCH_DIAGRAM_UI_BASELINE === '1';

async function traced(page: Page, browser: Browser, act: () => Promise<void>) {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', '__metadata'] });
  await act();
  const buffer = await browser.stopTracing();
  const trace = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const names = new Map<string, string>();
  for (const e of trace.traceEvents)
    if (e.ph === 'M' && e.name === 'thread_name')
      names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const tasks = (thread: string) =>
    trace.traceEvents
      .filter(
        (e) =>
          e.ph === 'X' && e.name.endsWith('::RunTask') && names.get(`${e.pid}:${e.tid}`) === thread,
      )
      .map((e) => (e.dur ?? 0) / 1000)
      .sort((a, b) => a - b);
  const worker = tasks('DedicatedWorker thread');
  const main = tasks('CrRendererMain');
  const p95 = (xs: number[]) => xs[Math.floor(xs.length * 0.95)] ?? NaN;
  let frames: ReturnType<typeof analyse> | null = null;
  try {
    frames = analyse(trace.traceEvents);
  } catch {
    // paused, the page draws only when something changes: no frame rate to speak of
  }
  return {
    frames,
    workerMax: worker[worker.length - 1] ?? NaN,
    workerP95: p95(worker),
    mainMax: main[main.length - 1] ?? NaN,
    mainP95: p95(main),
  };
}

export async function benchDiagramUi(): Promise<void> {
  const server = startPreview(PORT);
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript((shown) => {
      localStorage.setItem('raftlab-diagram', shown ? '1' : '0');
      localStorage.setItem('raftlab-tour', 'explore');
    }, !BASELINE);
    await page.goto(`http://127.0.0.1:${PORT}/?speed=100&seed=3&load=20`);
    const diagram = page.getByRole('region', { name: 'Space-time diagram' });
    await (BASELINE ? page.getByRole('region', { name: 'Event log' }) : diagram)
      .getByRole('checkbox', { name: 'heartbeats' })
      .check();
    if (await page.getByRole('button', { name: 'Play' }).isVisible())
      await page.getByRole('button', { name: 'Play' }).click();
    const clock = page.getByTestId('clock');
    const t0 = Date.now();
    let now = 0;
    while (Date.now() - t0 < WAIT_S_MAX * 1000) {
      now = Number(await clock.getAttribute('data-now'));
      if (now >= TARGET_MS) break;
      await page.waitForTimeout(1000);
    }
    const reachedS = (Date.now() - t0) / 1000;
    const playing = await traced(page, browser, () => page.waitForTimeout(8_000));
    // The pace of a lecture: 1x, the window's content changing little from frame to frame.
    await page.getByRole('combobox', { name: 'Speed' }).selectOption('1');
    await page.waitForTimeout(1000);
    const slow = await traced(page, browser, () => page.waitForTimeout(8_000));
    await page.getByRole('button', { name: 'Pause' }).click();
    if (BASELINE) {
      const f = (n: number) => n.toFixed(1);
      for (const [name, r] of [
        ['100x', playing.frames],
        ['1x', slow.frames],
      ] as const)
        console.log(
          `  baseline, the diagram hidden, ${name}: ${r ? `frame time median ${f(r.frameMs.median)} ms, p95 ${f(r.frameMs.p95)} ms; main-thread work per frame p95 ${f(r.workMs.p95)} ms; long tasks ${r.longTasks.length}` : 'too few frames'}`,
        );
      return;
    }
    await page.getByRole('button', { name: 'Whole run' }).click();
    const box = (await diagram.locator('svg.diagram-svg').boundingBox())!;
    const zooming = await traced(page, browser, async () => {
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, -240);
        await page.waitForTimeout(150);
      }
    });
    const events = await clock.getAttribute('data-events');
    const f = (n: number) => n.toFixed(1);
    const p = playing.frames;
    console.log(
      `Space-time diagram in the browser: 5 servers, 20 client commands per second at 100x, heartbeats shown, 1920x1080`,
    );
    console.log(
      `  run: ${(Number(await clock.getAttribute('data-now')) / 60_000).toFixed(1)} virtual min, ${Number(events).toLocaleString('en-US')} events (reached ${(now / 60_000).toFixed(1)} min in ${f(reachedS)} s)`,
    );
    console.log(
      p
        ? `  playing at 100x, following the present: frame time median ${f(p.frameMs.median)} ms, p95 ${f(p.frameMs.p95)} ms; main-thread work per frame p95 ${f(p.workMs.p95)} ms; worker ${f(p.workerShare * 100)} % of one CPU; long tasks ${p.longTasks.length}`
        : '  playing at 100x: too few frames traced',
    );
    const q = slow.frames;
    console.log(
      q
        ? `  then at 1x, following the present: frame time median ${f(q.frameMs.median)} ms, p95 ${f(q.frameMs.p95)} ms; main-thread work per frame p95 ${f(q.workMs.p95)} ms; worker ${f(q.workerShare * 100)} % of one CPU; long tasks ${q.longTasks.length}`
        : '  at 1x: too few frames traced',
    );
    console.log(
      `  paused, zooming into the whole hour (30 wheel steps): main-thread task p95 ${f(zooming.mainP95)} ms, longest ${f(zooming.mainMax)} ms; worker task (a query) p95 ${f(zooming.workerP95)} ms, longest ${f(zooming.workerMax)} ms`,
    );
  } finally {
    await browser.close();
    stopPreview(server);
  }
}
