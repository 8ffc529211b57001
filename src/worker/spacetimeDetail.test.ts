import { describe, expect, it } from 'vitest';
import { Timeline } from '../sim/timeline.ts';
import type { DiagramAnswer, Marker } from '../protocol/index.ts';
import { SpacetimeIndex, type ServerLook } from './spacetime.ts';
import { DETAIL_REPLAY_EVENTS_MAX, SpacetimeDetail } from './spacetimeDetail.ts';
import { actionMarkers } from './markers.ts';
import { eventFrame } from './views.ts';

/**
 * A run of `ms` virtual ms with a crash and a restart on the way, indexed as
 * the engine does twice: by an index keeping only `detailMs` in detail, and by
 * one keeping everything.
 */
function run(ms: number, detailMs: number, countsKeptMs?: readonly number[]) {
  const t = new Timeline({ seed: 11, servers: 5, clientLoadPerSecond: 20, dropRate: 0.02 });
  const short = new SpacetimeIndex(detailMs, countsKeptMs);
  const full = new SpacetimeIndex(Infinity);
  const look = (id: number): ServerLook => {
    const s = t.sim.inner(id);
    return {
      up: s.up,
      role: s.role,
      term: s.currentTerm,
      votedFor: s.votedFor,
      commitIndex: s.commitIndex,
    };
  };
  const looks = Array.from({ length: 5 }, (_, i) => look(i + 1));
  short.start(looks);
  full.start(looks);
  t.sim.onEvent = (e) => {
    const minor = eventFrame(e, 0).minor;
    short.observe(e, minor, look);
    full.observe(e, minor, look);
  };
  t.sim.onLoss = (l) => {
    short.lose(l);
    full.lose(l);
  };
  const act = (f: Parameters<Timeline['act']>[0]) => {
    t.act(f);
    short.resync(t.now.events, look);
    full.resync(t.now.events, look);
  };
  t.advance(ms * 0.3);
  act((sim) => sim.crash(1));
  act((sim) => sim.crash(2));
  t.advance(ms * 0.05);
  act((sim) => sim.restart(1));
  t.advance(ms * 0.05);
  act((sim) => sim.restart(2));
  t.advance(ms * 0.6);
  const marks: Marker[] = actionMarkers(t.actions());
  return { t, short, full, marks };
}

const q = (from: number, to: number, seq = 1) => ({
  type: 'diagram' as const,
  seq,
  from,
  to,
  width: 1200,
  heartbeats: true,
});

/** What the diagram draws from an answer (its request number aside). */
const drawn = (a: DiagramAnswer) => ({
  arrows: a.arrows,
  dots: a.dots,
  bands: a.bands,
  down: a.down,
  buckets: a.buckets,
});

describe('space-time detail on demand', () => {
  const { t, short, full, marks } = run(120_000, 20_000);

  it('answers a window before the kept detail with the arrows and dots of an index that kept everything', () => {
    expect(short.detailFrom).toBeGreaterThan(60_000);
    const detail = new SpacetimeDetail();
    // Around the crashes and restarts (36 s to 48 s), and a quiet stretch.
    for (const [from, to] of [
      [35_500, 37_000],
      [41_000, 43_500],
      [47_000, 49_000],
      [10_000, 11_000],
      [0, 800],
    ] as const) {
      expect(short.query(q(from, to), 1, marks).arrows).toEqual([]);
      const a = detail.answer(q(from, to), 1, marks, short, t);
      expect(a).not.toBeNull();
      const want = full.query(q(from, to), 1, marks);
      expect(want.arrows.length).toBeGreaterThan(0);
      expect(want.buckets).toEqual([]);
      expect(drawn(a!)).toEqual(drawn(want));
    }
    expect(detail.lastReplay!.events).toBeGreaterThan(0);
    expect(detail.lastReplay!.events).toBeLessThanOrEqual(DETAIL_REPLAY_EVENTS_MAX);
  });

  it('answers a window straddling the start of the kept detail, and leaves the kept detail to the index', () => {
    const detail = new SpacetimeDetail();
    const from = short.detailFrom - 700;
    const a = detail.answer(q(from, from + 1400), 1, marks, short, t);
    expect(drawn(a!)).toEqual(drawn(full.query(q(from, from + 1400), 1, marks)));
    expect(detail.answer(q(110_000, 111_000), 1, marks, short, t)).toBeNull();
  });

  it('answers the far past as before where the finer counts were let go', () => {
    // 512 ms buckets kept for 30 s, 4.1 s ones for 60 s: before 60 s only the coarsest.
    const thin = run(120_000, 20_000, [Infinity, 30_000, 60_000, 90_000, Infinity]);
    expect(thin.short.messages.heldFrom(2)).toBeGreaterThan(50_000);
    const detail = new SpacetimeDetail();
    for (const [from, to] of [
      [35_500, 37_000],
      [10_000, 11_000],
      [0, 800],
    ] as const) {
      expect(thin.short.messages.buckets(from, to, 1)).toEqual([]);
      const a = detail.answer(q(from, to), 1, thin.marks, thin.short, thin.t);
      expect(a).not.toBeNull();
      expect(drawn(a!)).toEqual(drawn(full.query(q(from, to), 1, marks)));
    }
    // Still too many messages to draw one by one, estimated from the coarsest counts.
    expect(
      new SpacetimeDetail().answer(q(2_000, 50_000), 1, thin.marks, thin.short, thin.t),
    ).toBeNull();
  });

  it('caches the window replayed, and does not touch the current simulation', () => {
    const detail = new SpacetimeDetail();
    const before = { ...t.now, hash: JSON.stringify(t.sim.save().world.options) };
    const sim = t.sim;
    detail.answer(q(20_000, 21_000), 1, marks, short, t);
    const first = detail.lastReplay;
    detail.answer(q(20_200, 20_900, 2), 1, marks, short, t);
    expect(detail.lastReplay).toBe(first);
    expect(t.sim).toBe(sim);
    expect(t.now).toEqual({ time: before.time, events: before.events });
    // The run goes on as a fresh one does, after a replay in its past.
    const fresh = run(120_000, 20_000);
    t.advance(5_000);
    fresh.t.advance(5_000);
    expect(t.now).toEqual(fresh.t.now);
    expect(t.sim.stats()).toEqual(fresh.t.sim.stats());
    detail.drop();
    detail.answer(q(20_200, 20_900, 3), 1, marks, short, t);
    expect(detail.lastReplay).not.toBe(first);
  });

  it('leaves a window too long to replay to the counts', () => {
    // A replay of at most 3,000 events: a 3 s window and what leads to it (some 3,000 events or more) is not tried.
    const detail = new SpacetimeDetail(3_000);
    expect(detail.answer(q(10_000, 13_000), 1, marks, short, t)).toBeNull();
    expect(detail.lastReplay).toBeNull();
    // A window with more messages than are drawn one by one is not replayed either.
    const wide = new SpacetimeDetail();
    expect(wide.answer(q(2_000, 50_000), 1, marks, short, t)).toBeNull();
    expect(wide.lastReplay).toBeNull();
    expect(full.query(q(2_000, 50_000), 1, marks).arrows.filter((a) => !a.minor)).toEqual([]);
    // Nor is one whose replay from its checkpoint would be too long, though the window is short.
    const one = new SpacetimeDetail(500);
    expect(one.answer(q(20_000, 20_100), 1, marks, short, t)).toBeNull();
    // The default allows it.
    expect(new SpacetimeDetail().answer(q(20_000, 20_100), 1, marks, short, t)).not.toBeNull();
  });
});
