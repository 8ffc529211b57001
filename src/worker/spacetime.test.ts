import { describe, expect, it } from 'vitest';
import { Sim } from '../sim/simulation.ts';
import type { SimEvent, SimLoss } from '../sim/types.ts';
import type { DiagramAnswer, DiagramArrow, Marker } from '../protocol/index.ts';
import { eventFrame } from './views.ts';
import { serverLook } from './spacetimeDetail.ts';
import { ARROWS_DETAIL_MAX, BUCKET_PX_MIN, SpacetimeIndex } from './spacetime.ts';
import { BUCKET_LEVELS, bucketMs, levelFor } from './series.ts';

const look = (sim: Sim) => (id: number) => serverLook(sim, id);

const looks = (sim: Sim) => Array.from({ length: sim.options.servers }, (_, i) => look(sim)(i + 1));

/** A run of `ms` virtual ms indexed as the engine does, and every event it processed. */
function indexed(ms: number, seed = 3, clientLoadPerSecond = 0) {
  const sim = new Sim({ seed, servers: 5, clientLoadPerSecond });
  const index = new SpacetimeIndex();
  index.start(looks(sim));
  const seen: { e: SimEvent; minor: boolean }[] = [];
  sim.onEvent = (e) => {
    const minor = eventFrame(e, 0).minor;
    seen.push({ e, minor });
    index.observe(e, minor, look(sim));
  };
  sim.advance(ms);
  return { sim, index, seen };
}

/** The arrows a brute force finds over [from, to] among the events seen. */
function bruteArrows(
  seen: { e: SimEvent; minor: boolean }[],
  from: number,
  to: number,
  heartbeats: boolean,
): number[] {
  return seen
    .filter(({ e }) => (e.kind === 'deliver' || e.kind === 'lost') && e.message)
    .filter(({ minor }) => heartbeats || !minor)
    .filter(({ e }) => e.at >= from && e.message!.sentAt <= to)
    .map(({ e }) => e.message!.id)
    .sort((a, b) => a - b);
}

const ids = (arrows: DiagramArrow[]) => arrows.map((a) => a.id).sort((a, b) => a - b);

const ask = (
  index: SpacetimeIndex,
  from: number,
  to: number,
  heartbeats = true,
  marks: Marker[] = [],
) => index.query({ seq: 1, from, to, width: 1000, heartbeats }, 1, marks);

describe('the space-time index', () => {
  it('holds every delivered message once, with its ends, times and event', () => {
    const { index, seen } = indexed(1500);
    const a = ask(index, 0, 1500);
    expect(a.buckets).toEqual([]);
    expect(ids(a.arrows)).toEqual(bruteArrows(seen, 0, 1500, true));
    for (const arrow of a.arrows) {
      const { e } = seen.find(({ e }) => e.message?.id === arrow.id)!;
      expect(arrow).toMatchObject({
        from: e.message!.from,
        to: e.message!.to,
        sentAt: e.message!.sentAt,
        at: e.at,
        n: e.n,
        type: e.message!.type,
        lost: e.kind === 'lost',
      });
    }
  });

  it('answers any window with exactly the arrows that cross it', () => {
    const { index, seen } = indexed(3000);
    for (const [from, to] of [
      [0, 100],
      [250, 260],
      [777, 1234],
      [2990, 3100],
      [1500, 1500],
    ] as const) {
      expect(ids(ask(index, from, to).arrows), `${from}-${to}`).toEqual(
        bruteArrows(seen, from, to, true),
      );
      expect(ids(ask(index, from, to, false).arrows), `${from}-${to}`).toEqual(
        bruteArrows(seen, from, to, false),
      );
    }
  });

  it('marks the election, the votes and the leader, and bands each term', () => {
    const { index, sim } = indexed(1000);
    const a = ask(index, 0, 1000);
    const leader = sim.leader()!;
    const term = sim.inner(leader).currentTerm;
    expect(a.dots.some((d) => d.kind === 'leader' && d.server === leader && d.term === term)).toBe(
      true,
    );
    expect(a.dots.some((d) => d.kind === 'election' && d.server === leader)).toBe(true);
    const votes = a.dots.filter((d) => d.kind === 'vote' && d.value === leader && d.term === term);
    expect(votes.length).toBeGreaterThanOrEqual(2); // a majority of 5, its own vote aside
    // Each server: term 0 from the start, then the leader's term.
    for (let id = 1; id <= 5; id++) {
      const bands = a.bands.filter((b) => b.server === id);
      expect(bands[0]).toMatchObject({ term: 0, from: 0 });
      expect(bands[bands.length - 1]).toMatchObject({ term, to: null });
    }
    // A window after the election still gets the band in force.
    const later = ask(index, 900, 1000).bands.filter((b) => b.server === leader);
    expect(later).toEqual([{ server: leader, term, from: expect.any(Number), to: null }]);
  });

  it('indexes a moment once: events seen again add nothing', () => {
    const { index, seen, sim } = indexed(800);
    const before = index.size;
    for (const { e, minor } of seen) index.observe(e, minor, look(sim));
    expect(index.size).toBe(before);
  });

  it('a fork drops what came after it; undo brings it back', () => {
    const { index, seen, sim } = indexed(1200);
    const all = ids(ask(index, 0, 1200).arrows);
    const cut = seen[Math.floor(seen.length / 2)]!.e;
    index.fork(cut.n, look(sim));
    const kept = ids(ask(index, 0, 1200).arrows);
    expect(kept).toEqual(
      seen
        .filter(({ e }) => e.n <= cut.n && e.message && (e.kind === 'deliver' || e.kind === 'lost'))
        .map(({ e }) => e.message!.id)
        .sort((a, b) => a - b),
    );
    expect(kept.length).toBeLessThan(all.length);
    // The new future is indexed from the fork on…
    const fake = { ...seen[seen.length - 1]!.e, n: cut.n + 1, at: cut.at };
    index.observe(fake, false, look(sim));
    // …and undo puts the old one back in its place.
    index.undo();
    expect(ids(ask(index, 0, 1200).arrows)).toEqual(all);
  });

  it('beyond what can be drawn, a window comes as counts per bucket (as many as pixels allow)', () => {
    const { index, seen } = indexed(20_000, 3, 20);
    const a = ask(index, 0, 20_000);
    const heartbeats = seen.filter(
      ({ e, minor }) => minor && e.message && (e.kind === 'deliver' || e.kind === 'lost'),
    );
    expect(heartbeats.length).toBeGreaterThan(ARROWS_DETAIL_MAX);
    const hb = a.buckets.filter((b) => b.what === 'heartbeats');
    expect(hb.length).toBeGreaterThan(0);
    // The counts add up to the heartbeats sent in the window…
    expect(hb.reduce((n, b) => n + b.count, 0)).toBe(heartbeats.length);
    // …per sender and bucket of send time.
    const level = levelFor(0, 20_000, Math.floor(1000 / BUCKET_PX_MIN));
    const size = bucketMs(level);
    for (const b of hb.slice(0, 20)) {
      expect(b.to - b.from).toBe(size);
      const n = heartbeats.filter(
        ({ e }) =>
          e.message!.from === b.lane && e.message!.sentAt >= b.from && e.message!.sentAt < b.to,
      ).length;
      expect(b.count).toBe(n);
    }
    // No more buckets per lane than the width allows.
    for (let lane = 0; lane <= 5; lane++)
      expect(hb.filter((b) => b.lane === lane).length).toBeLessThanOrEqual(
        Math.ceil(1000 / BUCKET_PX_MIN) + 1,
      );
    // A narrow window of the same run is drawn arrow by arrow again.
    const narrow = ask(index, 10_000, 10_300);
    expect(narrow.buckets).toEqual([]);
    expect(ids(narrow.arrows)).toEqual(bruteArrows(seen, 10_000, 10_300, true));
  });

  it('crashes and restarts are marks, and a server is down between them', () => {
    const { index } = indexed(300);
    const marks: Marker[] = [
      { kind: 'crash', server: 2, time: 100, events: 10, text: '' },
      { kind: 'restart', server: 2, time: 200, events: 20, text: '' },
      { kind: 'crash', server: 3, time: 250, events: 30, text: '' },
      { kind: 'partition', server: 0, time: 260, events: 31, text: '' },
    ];
    const a = ask(index, 0, 300, false, marks);
    expect(a.down).toEqual([
      { server: 2, from: 100, to: 200 },
      { server: 3, from: 250, to: null },
    ]);
    expect(a.dots.filter((d) => d.kind === 'crash' || d.kind === 'restart')).toHaveLength(3);
    // Outside the window: neither the marks nor the span.
    const b = ask(index, 0, 90, false, marks);
    expect(b.down).toEqual([]);
    expect(b.dots.filter((d) => d.kind === 'crash')).toEqual([]);
  });
});

describe('a long run', () => {
  it('keeps the last detailMs in detail and the rest as counts: memory follows what is kept', () => {
    const sim = new Sim({ seed: 3, servers: 5, clientLoadPerSecond: 20 });
    const whole = new SpacetimeIndex();
    const kept = new SpacetimeIndex(2000);
    whole.start(looks(sim));
    kept.start(looks(sim));
    let sizeMax = 0;
    sim.onEvent = (e) => {
      const minor = eventFrame(e, 0).minor;
      whole.observe(e, minor, look(sim));
      kept.observe(e, minor, look(sim));
      sizeMax = Math.max(sizeMax, kept.size);
    };
    sim.advance(120_000);
    expect(kept.detailFrom).toBeGreaterThan(100_000);
    expect(sizeMax).toBeLessThan(whole.size / 10);
    // The present's window is drawn in detail, as before.
    const now = sim.now;
    expect(ask(kept, now - 600, now)).toEqual(ask(whole, now - 600, now));
    // The past comes as counts: the same counts the whole index has.
    const old = ask(kept, 10_000, 10_600);
    expect(old.arrows).toEqual([]);
    const counted = (a: DiagramAnswer, what: string) =>
      a.buckets.filter((b) => b.what === what).reduce((n, b) => n + b.count, 0);
    const wide = ask(whole, 0, now);
    const wideKept = ask(kept, 0, now);
    for (const what of ['messages', 'heartbeats', 'commits'])
      expect(counted(wideKept, what)).toBe(counted(wide, what));
    expect(counted(old, 'heartbeats')).toBeGreaterThan(0);
  });
});

describe('a longer run', () => {
  it('keeps finer counts only for the nearer past: memory stays bounded, the far past is counted coarser, totals unchanged', () => {
    const sim = new Sim({ seed: 3, servers: 5, clientLoadPerSecond: 20 });
    // Detail for 2 s; 512 ms buckets for 10 s, 4.1 s for 40 s, 33 s for 80 s, 262 s for the whole run.
    const kept = new SpacetimeIndex(2000, [Infinity, 10_000, 40_000, 80_000, Infinity]);
    // Detail for 2 s, every level of counts for the whole run (as before).
    const whole = new SpacetimeIndex(2000, Array<number>(BUCKET_LEVELS).fill(Infinity));
    kept.start(looks(sim));
    whole.start(looks(sim));
    sim.onEvent = (e) => {
      const minor = eventFrame(e, 0).minor;
      whole.observe(e, minor, look(sim));
      kept.observe(e, minor, look(sim));
    };
    const bytes: { kept: number; whole: number }[] = [];
    for (let t = 1; t <= 12; t++) {
      sim.advance(50_000);
      bytes.push({ kept: kept.countBytes, whole: whole.countBytes });
    }
    // 600 s: the counts held stay what they were at 300 s; those kept whole grew.
    const at = (k: 'kept' | 'whole', from: number, to: number) =>
      Math.max(...bytes.slice(from, to).map((b) => b[k]));
    expect(at('kept', 6, 12)).toBeLessThanOrEqual(at('kept', 0, 6));
    expect(bytes[11]!.whole).toBeGreaterThan(bytes[5]!.whole * 1.5);
    expect(bytes[11]!.kept * 3).toBeLessThan(bytes[11]!.whole);

    const now = sim.now;
    const counted = (a: DiagramAnswer, what: string) =>
      a.buckets.filter((b) => b.what === what).reduce((n, b) => n + b.count, 0);
    const widths = (a: DiagramAnswer) => new Set(a.buckets.map((b) => b.to - b.from));
    // A window in the far past: level 1 fits it, but only the coarsest is held there.
    const far = ask(kept, 100_000, 160_000);
    expect(far.arrows).toEqual([]);
    expect(widths(far)).toEqual(new Set([bucketMs(BUCKET_LEVELS - 1)]));
    expect(widths(ask(whole, 100_000, 160_000))).toEqual(new Set([bucketMs(1)]));
    // The same counts as the index keeping everything has at that level (none read as empty).
    for (const what of ['messages', 'heartbeats', 'commits'] as const) {
      const want = whole[what].buckets(100_000, 160_000, BUCKET_LEVELS - 1);
      expect(far.buckets.filter((b) => b.what === what).map(({ what: _, ...b }) => b)).toEqual(
        want,
      );
      expect(counted(far, what)).toBeGreaterThan(0);
    }
    // Nearer, the finest level still held: 4.1 s buckets 30 s back, 512 ms ones 8 s back.
    expect(widths(ask(kept, now - 30_000, now - 25_000))).toEqual(new Set([bucketMs(2)]));
    expect(widths(ask(kept, now - 8_000, now - 3_000))).toEqual(new Set([bucketMs(1)]));
    // The whole run counted: the same totals.
    for (const what of ['messages', 'heartbeats', 'commits'])
      expect(counted(ask(kept, 0, now), what)).toBe(counted(ask(whole, 0, now), what));
    // The present is drawn in detail, as before.
    expect(ask(kept, now - 600, now)).toEqual(ask(whole, now - 600, now));
  });
});

describe('messages the network lost', () => {
  /** A 5-server run with a drop rate, a link cut while messages fly on it, and one cut before they are sent. */
  function lossy(listen: boolean) {
    const sim = new Sim({ seed: 5, servers: 5, dropRate: 0.1, clientLoadPerSecond: 10 });
    const index = new SpacetimeIndex();
    index.start(looks(sim));
    const losses: SimLoss[] = [];
    if (listen) {
      sim.onEvent = (e) => index.observe(e, eventFrame(e, 0).minor, look(sim));
      sim.onLoss = (l) => {
        losses.push(l);
        index.lose(l);
      };
    }
    sim.advance(1500);
    // Cut every link of the leader while its messages fly.
    const leader = sim.leader()!;
    while (!sim.messages().some((m) => m.from === leader && m.to !== 0)) sim.step();
    sim.isolate(leader);
    sim.advance(1500);
    return { sim, index, losses, leader };
  }

  it('change nothing in the run: the same events and trace hash, listened to or not', () => {
    const quiet = lossy(false).sim;
    const { sim, losses } = lossy(true);
    expect(sim.stats().events).toBe(quiet.stats().events);
    expect(sim.traceHash()).toBe(quiet.traceHash());
    expect(losses.some((l) => l.why === 'drop' && l.action === 0)).toBe(true);
    expect(losses.some((l) => l.why === 'cut' && l.action > 0 && l.message.id > 0)).toBe(true);
    expect(losses.some((l) => l.why === 'cut' && l.action === 0 && l.message.id === 0)).toBe(true);
  });

  it('are arrows ending where they got to, each once, with their reason', () => {
    const { index, losses, sim } = lossy(true);
    const end = sim.now;
    const lost = ask(index, 0, end).arrows.filter((a) => a.loss === 'drop' || a.loss === 'cut');
    expect(lost.length).toBe(losses.length);
    // Lost heartbeats are heartbeats still: drawn only with them.
    expect(lost.some((a) => a.minor && a.type === 'AppendEntries')).toBe(true);
    const notable = ask(index, 0, end, false).arrows.filter(
      (a) => a.loss !== null && a.loss !== 'down',
    );
    expect(notable.length).toBe(lost.filter((a) => !a.minor).length);
    for (const a of lost) expect(a.lost).toBe(true);
    const inFlight = losses.find((l) => l.action > 0)!;
    const drawn = lost.find((a) => a.id === inFlight.message.id)!;
    expect(drawn).toMatchObject({
      loss: 'cut',
      from: inFlight.message.from,
      to: inFlight.message.to,
      sentAt: inFlight.message.sentAt,
      at: inFlight.at,
    });
    const m = inFlight.message;
    expect(drawn.reached).toBeCloseTo((inFlight.at - m.sentAt) / (m.deliverAt - m.sentAt), 2);
    // Never flown: an id of its own (negative), reached 0, lost as sent.
    const unflown = lost.filter((a) => a.id < 0);
    expect(unflown.length).toBeGreaterThan(0);
    expect(new Set(unflown.map((a) => a.id)).size).toBe(unflown.length);
    for (const a of unflown) expect(a).toMatchObject({ reached: 0, at: a.sentAt });
    // Told again (a replay), nothing is added.
    const size = index.size;
    for (const l of losses) index.lose(l);
    expect(index.size).toBe(size);
  });

  it('a fork drops the losses of the actions after it, undo brings them back', () => {
    const { index, losses, sim } = lossy(true);
    const byAction = losses.find((l) => l.action > 0)!;
    const all = ask(index, 0, sim.now).arrows.length;
    // Forking before the isolate (and the event just before it).
    index.fork(byAction.n - 1, look(sim), byAction.at, byAction.action - 1);
    const kept = ask(index, 0, sim.now).arrows;
    expect(kept.some((a) => a.id === byAction.message.id && a.lost)).toBe(false);
    index.undo();
    expect(ask(index, 0, sim.now).arrows.length).toBe(all);
  });
});
