/**
 * Part of `npm run bench`: the worker's seek, what the user feels. The engine (narration
 * on, as in the app) is played at 100x (50 ms frames) under the time-travel bench's load
 * (5 servers, 20 client commands per virtual second) to 10 and 60 virtual minutes
 * (BENCH_ENGINE_MINUTES=10,60), then seeks to random moments, each timed from the command
 * to the frame that shows the moment (the narration rebuilt from its snapshot at or before
 * it): wall time and this process's CPU time (process.cpuUsage), beside the load average.
 */
import { availableParallelism, loadavg } from 'node:os';

import { mix } from '../sim/random.ts';
import { resolveRunOptions } from '../model/options.ts';
import type { Frame, WorkerMessage } from '../protocol/index.ts';
import { Engine, RUN_RECORDS_MAX, SPEED_MAX } from './engine.ts';

const MINUTE_MS = 60_000;
const MINUTES = (process.env.BENCH_ENGINE_MINUTES ?? '10,60')
  .split(',')
  .map(Number)
  .filter((m) => m > 0)
  .sort((a, b) => a - b);

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function pct(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

const load = () =>
  `load average ${loadavg()[0]!.toFixed(1)} on ${String(availableParallelism())} cores`;

const ENGINE_SEEKS = 41;

interface Played {
  e: Engine;
  /** The frame of a pull (the messages it posted stay in `out` until the next). */
  frame: () => Frame;
  out: WorkerMessage[];
  wall: { t: number };
}

/** An engine at 100x on a wall clock the bench moves by hand. */
function engineAt100x(options: Parameters<typeof resolveRunOptions>[0]): Played {
  const out: WorkerMessage[] = [];
  const wall = { t: 0 };
  const e = new Engine(
    (m) => out.push(m),
    () => wall.t,
    resolveRunOptions(options),
    SPEED_MAX,
  );
  const frame = (): Frame => {
    out.length = 0;
    e.handle({ type: 'pull' });
    return out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
  };
  return { e, frame, out, wall };
}

let engine: Played | null = null;

function engineSeeks(minutes: number): void {
  const length = minutes * MINUTE_MS;
  engine ??= engineAt100x({ seed: 11, servers: 5, clientLoadPerSecond: 20 });
  const { e, frame, wall } = engine;
  const t0 = performance.now();
  e.handle({ type: 'play' });
  let f = frame();
  while (f.simNow < length) {
    wall.t += 50;
    f = frame();
  }
  e.handle({ type: 'pause' });
  const built = performance.now() - t0;
  const head = { time: f.simNow, events: f.events };
  const w: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ENGINE_SEEKS; i++) {
    const time = mix(13, minutes, i) % length;
    const c0 = process.cpuUsage();
    const s = performance.now();
    e.handle({ type: 'seek', to: { time, events: Number.MAX_SAFE_INTEGER } });
    frame();
    w.push(performance.now() - s);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  e.handle({ type: 'seek', to: head });
  frame();
  console.log(
    `  ${String(minutes).padStart(3)} virtual min: engine (narration on), ${fmt(f.events)} events, played in ${fmt(built)} ms so far; seek to frame (${ENGINE_SEEKS}): ` +
      `wall median ${ms(pct(w, 0.5))}, p95 ${ms(pct(w, 0.95))}; CPU median ${ms(pct(cpu, 0.5))}, p95 ${ms(pct(cpu, 0.95))} (${load()})`,
  );
}

console.log(
  `Worker seek: the engine with narration, 5 servers, 20 client commands per virtual second, played at 100x (${load()})`,
);
for (const m of MINUTES) engineSeeks(m);

// Opt-in (BENCH_ENGINE_CEILING=1, a few minutes): the engine at 9 servers under a heavy
// load played at 100x until the run's ceiling (RUN_RECORDS_MAX) stops it: the heap it
// holds (forced GC) as requests accumulate, where it stopped, and seeks at the end.
function ceiling(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('Run ceiling: not measured (node --expose-gc)');
    return;
  }
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const { e, frame, out, wall } = engineAt100x({ seed: 21, servers: 9, clientLoadPerSecond: 200 });
  console.log(
    `Run ceiling: 9 servers, a client load of 200 a second (about 50 answered), at 100x until the run stops at ${fmt(RUN_RECORDS_MAX)} (${load()})`,
  );
  const t0 = performance.now();
  e.handle({ type: 'play' });
  let f = frame();
  let next = 250_000;
  let warned = '';
  while (f.playing) {
    wall.t += 50;
    f = frame();
    for (const m of out) if (m.type === 'notice' && m.level === 'warning') warned = m.text;
    if (f.opCount >= next || !f.playing) {
      gc();
      console.log(
        `  ${fmt(f.opCount)} requests, ${(f.simNow / 3_600_000).toFixed(1)} virtual h, ${fmt(f.events)} events: ` +
          `${((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1)} MB held (node without pointer compression), ${fmt(performance.now() - t0)} ms so far`,
      );
      next += 250_000;
    }
  }
  console.log(`  stopped: ${warned === '' ? 'NO WARNING' : `"${warned.slice(0, 80)}…"`}`);
  const w: number[] = [];
  for (let i = 0; i < 21; i++) {
    const time = mix(17, 1, i) % f.simNow;
    const s = performance.now();
    e.handle({ type: 'seek', to: { time, events: Number.MAX_SAFE_INTEGER } });
    frame();
    w.push(performance.now() - s);
  }
  console.log(
    `  21 seeks at the end: median ${ms(pct(w, 0.5))}, p95 ${ms(pct(w, 0.95))} (${load()})`,
  );
}
if (process.env.BENCH_ENGINE_CEILING === '1') ceiling();
