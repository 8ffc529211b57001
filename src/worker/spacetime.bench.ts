/**
 * The space-time diagram's figure of `npm run bench` (node, no browser): one
 * run of 5 servers under 20 client commands per virtual second, indexed as
 * the worker indexes it, for an hour of virtual time. Reports
 *   - the index's cost per event, in the first and the last 10 virtual
 *     minutes (a cost that grew with the run would show there), and its heap;
 *   - the cost of a window's query (what the diagram asks on every frame) at
 *     10 and 60 virtual minutes, for windows from 600 ms (the default) to the
 *     whole run: it follows the window, never the run's length;
 *   - the memory its counts per bucket hold at 30 and 60 virtual minutes, and
 *     over runs of 1 to 512 virtual hours (a sparse feed: the count tables
 *     span the buckets from the oldest held to the newest, so they follow the
 *     run's length and lanes, not its traffic), against counts kept whole.
 * Lives in worker/ (the index's layer); bundled and run by `npm run bench`.
 */
import { Sim } from '../sim/simulation.ts';
import type { DiagramAnswer } from '../protocol/index.ts';
import { eventFrame } from './views.ts';
import { SpacetimeIndex, type IndexedEvent, type ServerLook } from './spacetime.ts';
import { BUCKET_LEVELS } from './series.ts';

const MINUTE_MS = 60_000;
const LENGTH_MIN = Number(process.env.BENCH_DIAGRAM_MINUTES ?? 60);
const SERVERS = Number(process.env.BENCH_DIAGRAM_SERVERS ?? 5);
const WINDOWS_MS = [600, 10_000, MINUTE_MS, 10 * MINUTE_MS, 60 * MINUTE_MS];
const QUERIES = 200;
const WIDTH_PX = 1000;

function percentile(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

function items(a: DiagramAnswer): number {
  return a.arrows.length + a.dots.length + a.buckets.length + a.bands.length;
}

function queries(index: SpacetimeIndex, length: number, label: string): void {
  const parts: string[] = [];
  for (const w of WINDOWS_MS) {
    if (w > length) continue;
    const times: number[] = [];
    let drawn = 0;
    for (let i = 0; i < QUERIES; i++) {
      // Spread over the run, the present's end included.
      const to = i === 0 ? length : w + ((i * 7919 * 104_729) % Math.max(1, length - w));
      const t0 = performance.now();
      const a = index.query({ seq: i, from: to - w, to, width: WIDTH_PX, heartbeats: true }, 1, []);
      times.push(performance.now() - t0);
      drawn = Math.max(drawn, items(a));
    }
    const name = w >= MINUTE_MS ? `${w / MINUTE_MS} min` : w >= 1000 ? `${w / 1000} s` : `${w} ms`;
    parts.push(
      `${name}: median ${(percentile(times, 50) * 1000).toFixed(0)} µs, p95 ${(percentile(times, 95) * 1000).toFixed(0)} µs (≤ ${drawn} items)`,
    );
  }
  console.log(`  queries at ${label}, ${WIDTH_PX} px wide, heartbeats shown:`);
  for (const p of parts) console.log(`    ${p}`);
}

export function benchDiagram(): void {
  const sim = new Sim({ seed: 11, servers: SERVERS, clientLoadPerSecond: 20 });
  const look = (id: number): ServerLook => {
    const s = sim.inner(id);
    return {
      up: s.up,
      role: s.role,
      term: s.currentTerm,
      votedFor: s.votedFor,
      commitIndex: s.commitIndex,
    };
  };
  const index = new SpacetimeIndex();
  index.start(Array.from({ length: SERVERS }, (_, i) => look(i + 1)));
  let indexMs = 0;
  sim.onEvent = (e) => {
    const minor = eventFrame(e, 0).minor;
    const t0 = performance.now();
    index.observe(e, minor, look);
    indexMs += performance.now() - t0;
  };
  console.log(
    `Space-time diagram: ${SERVERS} servers, 20 client commands per virtual second, ${LENGTH_MIN} virtual min indexed as the worker does`,
  );
  const perEvent: { minute: number; us: number }[] = [];
  const bytesAt: number[] = [0];
  const countBytesAt: number[] = [0];
  for (let m = 1; m <= LENGTH_MIN; m++) {
    const e0 = sim.stats().events;
    const ms0 = indexMs;
    sim.advance(MINUTE_MS);
    perEvent.push({ minute: m, us: ((indexMs - ms0) * 1000) / (sim.stats().events - e0) });
    bytesAt.push(index.bytes);
    countBytesAt.push(index.countBytes);
    if (m === 10) queries(index, m * MINUTE_MS, '10 virtual min');
  }
  const avg = (xs: { us: number }[]) => xs.reduce((n, x) => n + x.us, 0) / xs.length;
  const first = avg(perEvent.slice(0, 10));
  const last = avg(perEvent.slice(-10));
  console.log(
    `  index: ${sim.stats().events.toLocaleString('en-US')} events, ${index.size.toLocaleString('en-US')} records; ` +
      `${first.toFixed(2)} µs an event in the first 10 min, ${last.toFixed(2)} µs in the last 10 (linear growth: ${last < first * 1.5 ? 'yes' : 'NO'})`,
  );
  queries(index, LENGTH_MIN * MINUTE_MS, `${LENGTH_MIN} virtual min`);
  console.log(
    `  index tables at ${LENGTH_MIN} virtual min: ${(index.bytes / 1e6).toFixed(1)} MB (${(index.bytes / index.size).toFixed(0)} bytes a record held, typed arrays grown by half; the last ${index.detailMs / MINUTE_MS} virtual min in detail, before it counts)`,
  );
  const half = Math.floor(LENGTH_MIN / 2);
  if (half > index.detailMs / MINUTE_MS)
    console.log(
      `  growth from ${half} to ${LENGTH_MIN} virtual min: ${(((bytesAt[LENGTH_MIN]! - bytesAt[half]!) / 1e6) * (60 / (LENGTH_MIN - half))).toFixed(2)} MB per virtual hour`,
    );
  console.log(
    `  of which counts per bucket: ${kb(countBytesAt[half]!)} at ${half} virtual min, ${kb(countBytesAt[LENGTH_MIN]!)} at ${LENGTH_MIN}`,
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

const COUNT_HOURS = [1, 8, 64, 512];
const COUNT_SERVERS = 9;
const COUNT_STEP_MS = 60_000;
/** Counts kept whole (as before they were thinned) are fed this far only: they grow by 1.4 MB an hour. */
const WHOLE_HOURS_MAX = 64;

/**
 * The counts per bucket an index holds over long runs, fed sparsely (every
 * virtual minute, from each of 9 servers: a heartbeat, a message with entries
 * and a commit, and from the clients a request; an election each 10 virtual
 * minutes): what the count tables hold depends on the span of buckets they
 * cover, not on how many records fall in each.
 */
function benchCounts(): void {
  const bounded = new SpacetimeIndex();
  const whole = new SpacetimeIndex(undefined, Array<number>(BUCKET_LEVELS).fill(Infinity));
  const looks: ServerLook[] = Array.from({ length: COUNT_SERVERS }, () => ({
    up: true,
    role: 'leader',
    term: 1,
    votedFor: null,
    commitIndex: 0,
  }));
  for (const i of [bounded, whole]) i.start(looks.map((l) => ({ ...l })));
  let n = 0;
  const observe = (e: Omit<IndexedEvent, 'n'>, minor: boolean) => {
    n++;
    for (const i of e.at < WHOLE_HOURS_MAX * 60 * MINUTE_MS ? [bounded, whole] : [bounded])
      i.observe({ ...e, n }, minor, (id) => ({ ...looks[id - 1]! }));
  };
  const message = (at: number, type: string, from: number, to: number, entries: number) => ({
    id: n + 1,
    type,
    from,
    to,
    term: 1,
    sentAt: at - 3,
    fields: { entries: Array<number>(entries).fill(0) },
  });
  const t0 = performance.now();
  const rows: string[] = [];
  let at = 0;
  for (const hours of COUNT_HOURS) {
    for (; at < hours * 60 * MINUTE_MS; at += COUNT_STEP_MS) {
      const election = at % (10 * MINUTE_MS) === 0;
      for (let id = 1; id <= COUNT_SERVERS; id++) {
        const to = (id % COUNT_SERVERS) + 1;
        const l = looks[id - 1]!;
        if (election) looks[id - 1] = { ...l, role: 'candidate', term: l.term + 1 };
        else looks[id - 1] = { ...l, role: 'leader', commitIndex: l.commitIndex + 1 };
        observe(
          { at, kind: 'deliver', server: id, message: message(at, 'AppendEntries', id, to, 0) },
          true,
        );
        observe(
          { at, kind: 'deliver', server: to, message: message(at, 'AppendEntries', id, to, 1) },
          false,
        );
        observe(
          { at, kind: 'deliver', server: id, message: message(at, 'ClientRequest', 0, id, 0) },
          false,
        );
      }
    }
    rows.push(
      `${hours} h: ${kb(bounded.countBytes)}` +
        (hours <= WHOLE_HOURS_MAX ? ` (kept whole, as before: ${kb(whole.countBytes)})` : ''),
    );
  }
  console.log(
    `  counts per bucket held over long runs (${COUNT_SERVERS} servers, fed sparsely, ${((performance.now() - t0) / 1000).toFixed(1)} s):`,
  );
  for (const r of rows) console.log(`    ${r}`);
}

benchDiagram();
benchCounts();
