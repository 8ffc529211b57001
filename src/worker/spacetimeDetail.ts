/**
 * Detail on demand for the space-time diagram. The index keeps only the last
 * DETAIL_MS record by record (spacetime.ts); a window asked for before that
 * is re-derived here: the run is replayed in a scratch simulation from the
 * timeline's checkpoint before the window (the current simulation is not
 * touched), feeding an index of its own, which answers with arrows and dots
 * as the kept detail would have. The run is a pure function of its options
 * and actions, so the replay gives the same records. One such window is
 * cached. A window with more messages than are drawn one by one, or whose
 * replay would take more than DETAIL_REPLAY_EVENTS_MAX events, is not
 * replayed (the counts stay), so a query never stalls the worker for long.
 */
import type { DiagramAnswer, DiagramQuery, Marker } from '../protocol/index.ts';
import type { Sim } from '../sim/simulation.ts';
import type { Timeline } from '../sim/timeline.ts';
import { ARROWS_DETAIL_MAX, SpacetimeIndex, type ServerLook } from './spacetime.ts';
import { COARSE_LEVEL_MIN } from './series.ts';
import { eventFrame } from './views.ts';

/** The most events one detail replay may process (about 5 virtual minutes of 5 servers under load). */
export const DETAIL_REPLAY_EVENTS_MAX = 100_000;

/** What the diagram's index needs of server `id` now (its lanes' term bands and marks). */
export function serverLook(sim: Sim, id: number): ServerLook {
  const s = sim.inner(id);
  return {
    up: s.up,
    role: s.role,
    term: s.currentTerm,
    votedFor: s.votedFor,
    commitIndex: s.commitIndex,
  };
}

const lookOf = (sim: Sim) => (id: number) => serverLook(sim, id);

export class SpacetimeDetail {
  /** The window last replayed: its index holds every record from `from` to `to` (virtual ms). */
  private cached: { from: number; to: number; index: SpacetimeIndex } | null = null;
  /** What the last replay cost (for tests and the bench): events processed, wall ms. */
  lastReplay: { events: number; ms: number } | null = null;

  /** `maxEvents`: the most events one replay may process. */
  constructor(private readonly maxEvents = DETAIL_REPLAY_EVENTS_MAX) {}

  /** The run changed (a new run, a fork, an undo): the cached window goes. */
  drop(): void {
    this.cached = null;
  }

  /**
   * The answer for `q` with arrows and dots where `main` holds only counts, or
   * null when `main` answers it as well (the window lies in its detail) or the
   * replay would be too long.
   */
  answer(
    q: DiagramQuery,
    run: number,
    actions: readonly Marker[],
    main: SpacetimeIndex,
    timeline: Timeline,
    now: () => number = () => performance.now(),
  ): DiagramAnswer | null {
    const from = Math.max(0, q.from);
    const to = Math.max(from, q.to);
    if (from >= main.detailFrom) return null;
    // Messages sent up to `to` may arrive up to `reach` later.
    const head = timeline.head;
    const end = Math.min(head.time, Math.ceil(to) + main.reach);
    let c = this.cached;
    if (!c || from < c.from || end > c.to) {
      // More messages than are drawn one by one (counted by the index, per 512 ms, or
      // in the far past where those counts were let go, estimated from coarser ones): counts anyway.
      if (main.messages.estimate(from, to, COARSE_LEVEL_MIN) > ARROWS_DETAIL_MAX) return null;
      c = this.replay(from, end, timeline, now);
      if (!c) return null;
      this.cached = c;
    }
    const answer = c.index.query(q, run, actions);
    // Terms are kept whole by the main index (the scratch one starts at its checkpoint).
    answer.bands = main.query(q, run, actions).bands;
    return answer;
  }

  private replay(
    from: number,
    end: number,
    timeline: Timeline,
    now: () => number,
  ): { from: number; to: number; index: SpacetimeIndex } | null {
    const head = timeline.head;
    const start = timeline.checkpointAtOrBefore({ time: Math.floor(from), events: 0 });
    // Too long a replay is not tried: its cost estimated from the run's mean event rate.
    const rate = head.time > 0 ? head.events / head.time : 0;
    if ((end - start.time) * rate > this.maxEvents) return null;
    const index = new SpacetimeIndex(Infinity);
    let events = 0;
    const t0 = now();
    const began = timeline.replay(
      from,
      end,
      this.maxEvents,
      (sim) => {
        const look = lookOf(sim);
        index.start(Array.from({ length: sim.options.servers }, (_, i) => look(i + 1)));
        sim.onEvent = (e) => {
          events++;
          index.observe(e, eventFrame(e, 0).minor, look);
        };
        sim.onLoss = (l) => index.lose(l);
      },
      (sim) => index.resync(sim.eventCount, lookOf(sim)),
    );
    this.lastReplay = { events, ms: now() - t0 };
    if (!began) return null;
    // Every record after the checkpoint is held (those at its very millisecond may be missing).
    return { from: began.events === 0 ? 0 : began.time + 1, to: end, index };
  }
}
