/**
 * `npm run bench`: the simulator's throughput. A 5-server cluster under a steady
 * client load of 50 commands per virtual second (spread over several clients),
 * checkers on, for 10 virtual minutes: events per wall-clock second and the
 * ratio of virtual to wall time, for the whole run and for its last minute
 * alone (a cost that grows with the log would show there). Then the same with
 * log compaction on (§7), in slices of a longer run, and the time-travel curve.
 */
import { availableParallelism, loadavg } from 'node:os';

import { Sim, Timeline } from '../sim/index.ts';
import { healAll, injectFaults } from '../sim/faults.ts';
import { checkHistoryLive, type HistoryOp } from '../sim/linearizability.ts';
import { mix } from '../sim/random.ts';
import { benchBrowser } from './bench-browser.ts';
import { benchUi } from './bench-ui.ts';
import { benchDiagramUi } from './bench-diagram-ui.ts';

const VIRTUAL_MS = 10 * 60_000;
const MINUTE_MS = 60_000;

function run(seed: number): {
  all: Figures;
  last: Figures;
  events: number;
  violations: number;
  logLength: number;
} {
  const sim = new Sim({ seed, servers: 5, clientLoadPerSecond: 50 });
  const t0 = performance.now();
  sim.advance(VIRTUAL_MS - MINUTE_MS);
  const t1 = performance.now();
  const e1 = sim.stats().events;
  sim.advance(MINUTE_MS);
  const t2 = performance.now();
  const events = sim.stats().events;
  return {
    all: figures(events, t2 - t0, VIRTUAL_MS),
    last: figures(events - e1, t2 - t1, MINUTE_MS),
    events,
    violations: sim.violations().length,
    logLength: sim.server(sim.leader() ?? 1).log.length,
  };
}

interface Figures {
  eventsPerSecond: number;
  virtualPerWall: number;
  wallMs: number;
}

function figures(events: number, wallMs: number, virtualMs: number): Figures {
  return { eventsPerSecond: (events / wallMs) * 1000, virtualPerWall: virtualMs / wallMs, wallMs };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function simulatorBench(): void {
  // Two warm-up runs let the JIT settle; then five measured runs, reported by median.
  run(98);
  run(99);
  const runs = [1, 2, 3, 4, 5].map(run);
  const r = runs[0]!;
  console.log('Simulator benchmark: 5 servers, 50 client commands per virtual second, checkers on');
  console.log(
    `  run: ${fmt(VIRTUAL_MS / 1000)} virtual s, ${fmt(r.events)} events, final log ${fmt(r.logLength)} entries, ${r.violations} violations`,
  );
  for (const [label, pick] of [
    ['whole run (10 virtual min)', (x: (typeof runs)[number]) => x.all],
    ['last virtual minute     ', (x: (typeof runs)[number]) => x.last],
  ] as const) {
    const eps = median(runs.map((x) => pick(x).eventsPerSecond));
    const ratio = median(runs.map((x) => pick(x).virtualPerWall));
    console.log(
      `  ${label}: ${fmt(eps)} events/s, virtual:wall ${fmt(ratio)}:1  (median of ${runs.length} runs)`,
    );
  }
  const worst = Math.min(
    ...runs.map((x) => Math.min(x.all.eventsPerSecond, x.last.eventsPerSecond)),
  );
  console.log(
    `  target 1,000,000 events/s: ${worst >= 1_000_000 ? 'met' : 'NOT met'} (slowest figure ${fmt(worst)})`,
  );
}

// BENCH_SIM=0 skips the throughput figure (the time-travel curve alone).
if (process.env.BENCH_SIM !== '0') simulatorBench();

// ---------------------------------------------------------------------------
// Log compaction (§7): the same cluster and load with snapshots on, for a long run
// in successive slices. The longest log any server holds (sampled every virtual
// second) must stay bounded, and events per second must not fall as the run grows.

const SNAPSHOT_THRESHOLD = 1000;
const SNAPSHOT_SLICE_MS = 5 * MINUTE_MS;
const SNAPSHOT_SLICES = Number(process.env.BENCH_SNAPSHOT_SLICES ?? 6);

function snapshotBench(): void {
  const sim = new Sim({
    seed: 21,
    servers: 5,
    clientLoadPerSecond: 50,
    snapshotThreshold: SNAPSHOT_THRESHOLD,
  });
  console.log(
    `Log compaction: 5 servers, 50 client commands per virtual second, snapshotThreshold ${fmt(SNAPSHOT_THRESHOLD)}, checkers on`,
  );
  const slices: number[] = [];
  let longest = 0;
  for (let k = 1; k <= SNAPSHOT_SLICES; k++) {
    let sliceLongest = 0;
    const e0 = sim.stats().events;
    const t0 = performance.now();
    for (let ms = 0; ms < SNAPSHOT_SLICE_MS; ms += 1000) {
      sim.advance(1000);
      for (let id = 1; id <= 5; id++) {
        const log = sim.inner(id).log;
        sliceLongest = Math.max(sliceLongest, log.last - log.start);
      }
    }
    const eps = ((sim.stats().events - e0) / (performance.now() - t0)) * 1000;
    slices.push(eps);
    longest = Math.max(longest, sliceLongest);
    const s1 = sim.inner(1);
    console.log(
      `  virtual min ${String((k - 1) * 5).padStart(2)}–${String(k * 5).padEnd(2)}: ${fmt(eps)} events/s, longest log ${fmt(sliceLongest)} entries; S1 has committed ${fmt(s1.commitIndex)}, its snapshot at ${fmt(s1.snapshot?.index ?? 0)}`,
    );
  }
  const sent = sim.stats().messagesSent;
  console.log(
    `  ${fmt(sim.stats().events)} events, ${sim.violations().length} violations, ${fmt(sent.InstallSnapshot ?? 0)} InstallSnapshot sent; longest log ${fmt(longest)} entries (bounded: ${longest <= 2 * SNAPSHOT_THRESHOLD ? 'yes' : 'NO'})`,
  );
  // The first slice also pays the JIT's warm-up: compare the later half with the earlier.
  const half = Math.ceil(slices.length / 2);
  const early = median(slices.slice(1, Math.max(2, half)));
  const late = median(slices.slice(half));
  console.log(
    `  events/s, median of the later slices against the earlier ones (first left out): ${((late / early) * 100).toFixed(0)}% (${late >= 0.8 * early ? 'does not fall' : 'FALLS'} with the run's length)`,
  );
}

if (process.env.BENCH_SNAPSHOTS !== '0') snapshotBench();

// ---------------------------------------------------------------------------
// Time travel: one run of 5 servers under 20 client commands per virtual second,
// built as the worker builds it at 10x (160 virtual ms a frame), measured as it
// grows: at 10, 60 and 480 virtual minutes (BENCH_TIMELINE_MINUTES=10,60 for a
// shorter curve), the heap it holds (forced GC: node --expose-gc) and the time
// of seeking to random moments of the run so far. Targets (issue 8): 8 virtual
// hours under 200 MB, seek p95 under 50 ms at every length.

const CURVE_MINUTES = (process.env.BENCH_TIMELINE_MINUTES ?? '10,60,480')
  .split(',')
  .map(Number)
  .filter((m) => m > 0)
  .sort((a, b) => a - b);
const SEEKS = 101;
const cpus = availableParallelism();

function timelineBench(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const tl = new Timeline({ seed: 11, servers: 5, clientLoadPerSecond: 20 });
  console.log(
    'Time travel: 5 servers, 20 client commands per virtual second, built 160 virtual ms at a time',
  );
  // Seeks are CPU-bound: on a shared machine they say as much about the load as the code.
  const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${String(cpus)} cores`;
  console.log(`  (${load()})`);
  let buildMs = 0;
  let worstP95 = 0;
  let worstCpuP95 = 0;
  let lastMb = NaN;
  for (const minutes of CURVE_MINUTES) {
    const length = minutes * MINUTE_MS;
    const t0 = performance.now();
    while (tl.now.time < length) tl.advance(Math.min(160, length - tl.now.time));
    buildMs += performance.now() - t0;
    gc?.();
    lastMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    const head = tl.head;
    // Per seek: wall time, CPU time of this process (process.cpuUsage: on a loaded machine
    // the wall time says as much about the other processes as about the seek), the
    // restore of the checkpoint and the replay after it (wall), the events replayed.
    const wall: number[] = [];
    const cpu: number[] = [];
    const replayed: number[] = [];
    const restoredAll: boolean[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const time = mix(7, minutes, i) % length;
      const c0 = process.cpuUsage();
      const s = performance.now();
      tl.seek({ time, events: Number.MAX_SAFE_INTEGER });
      wall.push(performance.now() - s);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      replayed.push(tl.lastSeek.replayed);
      restoredAll.push(tl.lastSeek.restored);
    }
    // The restore alone: a seek to the checkpoint at or before each target, from after it
    // (it restores, replays nothing).
    const restore: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const at = tl.checkpointAtOrBefore({ time: mix(7, minutes, i) % length, events: Infinity });
      tl.seek(head);
      const s = performance.now();
      tl.seek(at);
      restore.push(performance.now() - s);
    }
    tl.seek(head);
    const p95 = pct(wall, 0.95);
    worstP95 = Math.max(worstP95, p95);
    worstCpuP95 = Math.max(worstCpuP95, pct(cpu, 0.95));
    console.log(
      `  ${String(minutes).padStart(3)} virtual min: ${gc ? `${lastMb.toFixed(1)} MB` : 'memory unknown (node --expose-gc)'}, ` +
        `${fmt(head.events)} events, ${tl.checkpointCount} checkpoints; built in ${fmt(buildMs)} ms so far (${load()})`,
    );
    console.log(
      `      seek (${SEEKS}, cold: no warm-up): wall median ${ms(pct(wall, 0.5))}, p95 ${ms(p95)}; ` +
        `CPU median ${ms(pct(cpu, 0.5))}, p95 ${ms(pct(cpu, 0.95))}; restore p95 ${ms(pct(restore, 0.95))}; ` +
        `${restoredAll.filter(Boolean).length} restored a checkpoint; replayed ${fmt(pct(replayed, 0.5))} events median, ${fmt(pct(replayed, 0.95))} p95; ` +
        `first 10 seeks CPU ${ms(cpu.slice(0, 10).reduce((a, b) => a + b, 0))} in all (${load()})`,
    );
  }
  const longest = CURVE_MINUTES[CURVE_MINUTES.length - 1]!;
  if (longest >= 480 && gc)
    console.log(
      `  target < 200 MB at 480 virtual min: ${lastMb < 200 ? 'met' : 'NOT met'} (${lastMb.toFixed(1)} MB at ${longest})`,
    );
  console.log(
    `  target seek p95 < 50 ms at every length: ${worstP95 < 50 ? 'met' : 'NOT met'} (worst ${worstP95.toFixed(1)} ms wall, ${worstCpuP95.toFixed(1)} ms CPU; ${load()})`,
  );
}

function pct(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

timelineBench();

// ---------------------------------------------------------------------------
// The live linearizability checker: its cost over a long run. The run's client
// history (each request from when its client sent it: one at a time per client)
// is fed again, in time order, to the same live checker the simulator runs.

function linearizabilityBench(): void {
  console.log(
    'Linearizability checker (live, by key): 5 servers, 50 client commands per virtual second',
  );
  for (const [label, faults] of [
    ['60 virtual min, no faults  ', false],
    ['10 virtual min under faults', true],
  ] as const) {
    const sim = new Sim({ seed: 21, servers: 5, clientLoadPerSecond: 50 });
    if (faults) {
      injectFaults(sim, { seed: 21, durationMs: 10 * MINUTE_MS });
      healAll(sim);
    } else sim.advance(60 * MINUTE_MS);
    const ops = sentHistory(sim);
    const runs: number[] = [];
    let result = checkHistoryLive(ops);
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      result = checkHistoryLive(ops);
      runs.push(performance.now() - t0);
    }
    const ms = median(runs);
    const { answers, checks, steps } = result.state;
    console.log(
      `  ${label}: ${fmt(ops.length)} ops, ${fmt(answers)} answers, ${fmt(checks)} searches (one per read), ` +
        `${(steps / Math.max(1, checks)).toFixed(1)} steps a search; ${ms.toFixed(1)} ms in all, ` +
        `${((ms / answers) * 1000).toFixed(1)} µs an answer (median of 5); verdict ${String(result.ok)} ` +
        `(in the run: ${String(sim.linearizable().ok)}, ${fmt(sim.linearizabilityCost().answers)} answers)`,
    );
  }
}

/** The run's client operations, each starting when its client sent it. */
function sentHistory(sim: Sim): HistoryOp[] {
  const lastDone = new Map<number, number>();
  const out: HistoryOp[] = [];
  for (const o of sim.clientOps()) {
    const last = lastDone.get(o.client) ?? 0;
    if (last === Infinity) continue; // queued behind a request never answered: never sent
    out.push({ ...o, sentAt: Math.max(o.submittedAt, last) });
    lastDone.set(o.client, o.completedAt ?? Infinity);
  }
  return out;
}

linearizabilityBench();

if (process.env.BENCH_UI !== '0') {
  await benchUi().catch((e: unknown) => {
    console.log(`UI benchmark: not measured: ${(e as Error).message}`);
    process.exitCode = 1;
  });
  await benchDiagramUi().catch((e: unknown) => {
    console.log(`Space-time diagram UI benchmark: not measured: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}

// Opt-in (it takes that many real minutes): the app left playing at 100x.
const browserMinutes = Number(process.env.BENCH_BROWSER_MINUTES ?? 0);
if (browserMinutes > 0) {
  await benchBrowser(browserMinutes).catch((e: unknown) => {
    console.log(`Browser benchmark: not measured: ${(e as Error).message}`);
    process.exitCode = 1;
  });
}
