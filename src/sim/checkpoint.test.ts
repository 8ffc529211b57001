import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';

import { Sim } from './simulation.ts';
import { Timeline } from './timeline.ts';

/**
 * What a checkpoint holds that the checkpoint before it does not share: objects,
 * arrays, Maps and Sets reached from it, each counted with its number of slots.
 * Deterministic (no bytes, no clocks), and blind to how the world is laid out:
 * any part of the world copied whole at each checkpoint shows up here.
 */
function unshared(checkpoint: object, previous: object): number {
  const seen = new Set<object>();
  const walk = (x: unknown, count: boolean): number => {
    if (typeof x !== 'object' || x === null || seen.has(x)) return 0;
    seen.add(x);
    let n = 0;
    const children: unknown[] =
      x instanceof Map
        ? [...x.keys(), ...x.values()]
        : x instanceof Set
          ? [...x]
          : Array.isArray(x)
            ? x
            : Object.values(x);
    if (count) n += 1 + children.length;
    for (const c of children) n += walk(c, count);
    return n;
  };
  walk(previous, false);
  return walk(checkpoint, true);
}

/**
 * A checkpoint must cost what changed since the one before, not the whole past
 * (issue 8: memory grew with the square of a run's length).
 */
describe('checkpoints share the run’s history', () => {
  it('what a checkpoint adds does not grow with the run', { timeout: 120_000 }, () => {
    const sim = new Sim({ seed: 3, servers: 5, clientLoadPerSecond: 200 });
    sim.advance(1000);
    sim.submit('set a 1');
    let last = sim.save();
    const added: number[] = [];
    for (let i = 0; i < 50; i++) {
      sim.advance(2000);
      if (i % 10 === 0) sim.crash((i / 10 + 1) % 5 || 5); // actions, restarts, elections
      if (i % 10 === 5) sim.restart(((i - 5) / 10 + 1) % 5 || 5);
      const cp = sim.save();
      added.push(unshared(cp, last));
      last = cp;
    }
    // The run's history is large next to what one checkpoint may add.
    expect(sim.clientOpCount).toBeGreaterThan(4000);
    expect(sim.server(1).log.length).toBeGreaterThan(4000);
    const early = Math.max(...added.slice(2, 12));
    const late = Math.max(...added.slice(-10));
    expect(late).toBeLessThan(early * 1.25);
  });

  it('a checkpoint costs about what changed since the one before', { timeout: 120_000 }, () => {
    // Per checkpoint: what the run added since (requests, entries) and the small state
    // (servers, clients, random streams, messages in flight). Not the history: slots
    // added per new request stay bounded, not growing with the run.
    const sim = new Sim({ seed: 4, servers: 5, clientLoadPerSecond: 50 });
    sim.advance(5000);
    let last = sim.save();
    let ops = sim.clientOpCount;
    const perCheckpoint: number[] = [];
    const perRequest: number[] = [];
    for (let i = 0; i < 30; i++) {
      sim.advance(5000);
      const cp = sim.save();
      const added = unshared(cp, last);
      perCheckpoint.push(added);
      perRequest.push(added / (sim.clientOpCount - ops));
      last = cp;
      ops = sim.clientOpCount;
    }
    expect(sim.clientOpCount).toBeGreaterThan(7000);
    // About 10 slots per request (its entry, its two slots in the requests, the
    // checkers' per-index numbers) and the small state; a store forked with the path
    // to each of its tails copied at every checkpoint made it 30.
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(perRequest)).toBeLessThan(15);
    expect(median(perCheckpoint.slice(-10))).toBeLessThan(median(perCheckpoint.slice(0, 10)) * 1.2);
  });

  it('the servers’ logs hold each entry once', () => {
    const sim = new Sim({ seed: 4, servers: 5, clientLoadPerSecond: 50 });
    sim.advance(60_000);
    const logs = [1, 2, 3, 4, 5].map((id) => sim.inner(id).log.entries);
    expect(sim.inner(1).log.last).toBeGreaterThan(2500);
    // A leader's and its followers' logs share their full leaves (vecShareLeaf).
    const one = Math.max(...logs.map((l) => unshared(l, {})));
    expect(unshared(logs, {})).toBeLessThan(one * 1.2);
  });
});

/** V8's own answer: do two objects share a hidden class? (natives syntax, turned on here) */
function sameMap(): (a: object, b: object) => boolean {
  setFlagsFromString('--allow-natives-syntax');
  // eslint-disable-next-line no-restricted-syntax -- %HaveSameMap parses only in code compiled after the flag
  return new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
}

/** Every object reachable from `x` (Maps' values too) by its path. */
function objects(x: unknown, path = 'world', out = new Map<string, object>()): Map<string, object> {
  if (typeof x !== 'object' || x === null || ArrayBuffer.isView(x)) return out;
  if (x instanceof Map) {
    for (const [k, v] of x) objects(v, `${path}.get(${String(k)})`, out);
    return out;
  }
  if (Array.isArray(x)) {
    x.forEach((v, i) => objects(v, `${path}[${String(i)}]`, out));
    return out;
  }
  out.set(path, x);
  // Persistent vectors' insides and messages are shared, not copied.
  if ('root' in x && 'frozen' in x) return out;
  for (const [k, v] of Object.entries(x)) if (k !== 'msg') objects(v, `${path}.${k}`, out);
  return out;
}

describe('a restored world is shaped as a new one', () => {
  it('every object of a restored simulation shares the hidden class of the one it copies', () => {
    // A spread gives a copy another hidden class than the literal that made the original:
    // code the JIT optimized while the run was built deoptimized on the first seeks.
    const same = sameMap();
    const sim = new Sim({ seed: 3, servers: 5, clientLoadPerSecond: 20, readMode: 'lease' });
    sim.advance(20_000);
    const restored = new Sim(sim.save());
    const inner = (s: Sim) => (s as unknown as { w: object }).w;
    const a = objects(inner(sim));
    const b = objects(inner(restored));
    expect(a.size).toBeGreaterThan(100);
    expect([...b.keys()]).toEqual([...a.keys()]);
    const differ = [...a].filter(([path, x]) => !same(x, b.get(path)!)).map(([path]) => path);
    expect(differ).toEqual([]);
    const fa = sim.flights();
    const fb = restored.flights();
    expect(fa.length).toBeGreaterThan(0);
    expect(fa.filter((f, i) => !same(f, fb[i]!))).toEqual([]);
  });

  it('a seek to a time held as a boxed number keeps the world’s shape', () => {
    // A clock set from a boxed number (a seek's target is often one: % or Math.floor on
    // doubles) changed the shape of every World, and the whole event loop deoptimized.
    const same = sameMap();
    const inner = (s: Sim) => (s as unknown as { w: object }).w;
    const options = { seed: 4, servers: 3, clientLoadPerSecond: 20 };
    const earlier = new Sim(options);
    earlier.advance(1000);
    const tl = new Timeline(options);
    tl.advance(20_000);
    const big = Number(process.env.RAFTLAB_UNSET ?? 2 ** 32);
    tl.seek({ time: (big + 12_345) % big, events: Number.MAX_SAFE_INTEGER });
    expect(tl.now.time).toBe(12_345);
    expect(same(inner(earlier), inner(tl.sim))).toBe(true);
    expect(same(inner(earlier), inner(new Sim(options)))).toBe(true);
  });
});
