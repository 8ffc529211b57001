/**
 * The timeline of a run: its options, every action taken, and checkpoints along
 * the way, so that any moment can be shown again. Seeking restores the nearest
 * checkpoint at or before the target and replays from there, re-taking the
 * recorded actions where they were taken. Acting in the past forks the run: the
 * actions after that point are set aside, and `undo` brings them back.
 *
 * Moments are ordered by (virtual time, events processed): both only grow as a
 * run goes on.
 */
import type { SimulationOptions } from '../model/options.ts';
import { Sim, type Checkpoint } from './simulation.ts';
import type { RecordedAction, SimEvent } from './types.ts';

/**
 * A checkpoint every so many events bounds the replay a seek needs (a multiple of
 * the worker's narration snapshots, NARRATION_EVERY_EVENTS, so that a snapshot
 * of the narration lies on a checkpoint). A checkpoint shares everything that
 * only grows (logs, requests, the checkers' registries): it costs about 20 kB
 * of small state (servers, clients, random streams, messages in flight),
 * whatever the run's length.
 */
export const CHECKPOINT_EVERY_EVENTS = 5_000;
/**
 * The latest checkpoints (600,000 events: about 25 virtual minutes of 5 servers under
 * load) are kept every CHECKPOINT_EVERY_EVENTS (Step back and jumps near the present
 * stay cheapest); older ones are thinned to one every
 * CHECKPOINT_SPACING_OLD events (more apart in very long runs: MOMENTS_OLD_MAX): half
 * the memory for the run's past, while a seek there replays at most one spacing of
 * events (the bench's seek p95 stays under 50 ms).
 * The narration's snapshots are thinned by the same rule (narration.ts), so that they
 * stay on checkpoints.
 */
export const CHECKPOINTS_DENSE = 120;
export const CHECKPOINT_SPACING_OLD = 2 * CHECKPOINT_EVERY_EVENTS;
/**
 * At most about this many moments are kept before the latest `dense`, however long
 * the run: once the past holds more than this many spacings, the spacing doubles
 * (and again, as often as needed). Memory for checkpoints and narration snapshots
 * is bounded (about 2,000 of each, ~20 kB apiece), and a seek into the far past
 * replays at most one spacing: 10,000 events up to 20 million events of past
 * (8 virtual hours of 9 servers under load), 20,000 up to 40 million, and so on.
 */
export const MOMENTS_OLD_MAX = 2048;

/** The spacing of old moments for a past of `span` events. */
export function spacingFor(span: number, spacing: number, max = MOMENTS_OLD_MAX): number {
  let s = spacing;
  while (span > s * max) s *= 2;
  return s;
}

/**
 * Thins an ordered list of moments after one was added at its end. The moment that
 * just left the latest `dense` goes if its neighbours are at most a spacing apart,
 * unless its event count is a multiple of the spacing (so that two lists taken on
 * the same moments, the checkpoints and the narration's snapshots, keep the same
 * ones). The spacing is `spacing`, doubled as often as the past needs to hold at
 * most `max` spacings (spacingFor); when it doubles, the whole past is thinned again
 * by the same rule. Called after every addition, it keeps the first moment, the
 * latest `dense`, and before them moments at most a spacing apart, about `max` of
 * them at most: amortized O(1) per addition.
 */
export function thinMoments(
  list: Moment[],
  dense: number,
  spacing: number,
  max = MOMENTS_OLD_MAX,
): void {
  const i = list.length - 1 - dense;
  if (i < 1) return;
  const first = list[0]!.events;
  const s = spacingFor(list[i]!.events - first, spacing, max);
  if (i > 1 && s !== spacingFor(list[i - 1]!.events - first, spacing, max)) {
    // The spacing grew: thin the past before list[i] again, in one pass.
    let kept = 1;
    for (let j = 1; j < i; j++) {
      const m = list[j]!;
      if (m.events % s === 0 || list[j + 1]!.events - list[kept - 1]!.events > s) list[kept++] = m;
    }
    list.splice(kept, i - kept);
  }
  const j = list.length - 1 - dense;
  if (list[j]!.events % s === 0) return;
  if (list[j + 1]!.events - list[j - 1]!.events <= s) list.splice(j, 1);
}

export interface Moment {
  time: number;
  events: number;
}

interface Mark extends Moment {
  checkpoint: Checkpoint;
}

interface Fork {
  at: Moment;
  actions: RecordedAction[];
  head: Moment;
}

export function before(a: Moment, b: Moment): boolean {
  return a.time < b.time || (a.time === b.time && a.events < b.events);
}

export class Timeline {
  readonly options: SimulationOptions;
  /** The simulation at the current moment. */
  sim: Sim;
  /** Every action of the run, the future after the current moment included. */
  private all: RecordedAction[];
  private headMoment: Moment = { time: 0, events: 0 };
  private marks: Mark[] = [];
  private forks: Fork[] = [];
  /** What the last seek did (for the bench): did it restore a checkpoint, how many events it replayed. */
  lastSeek = { restored: false, replayed: 0 };

  constructor(options: SimulationOptions, actions: readonly RecordedAction[] = []) {
    this.options = options;
    this.sim = new Sim(options);
    this.all = structuredClone(actions.slice());
    this.mark();
    const last = actions[actions.length - 1];
    if (last) {
      this.runTo({ time: last.at, events: last.events });
      this.headMoment = this.now;
    }
  }

  get now(): Moment {
    return { time: this.sim.now, events: this.sim.eventCount };
  }

  /** The furthest moment of the run (where its recorded future ends). */
  get head(): Moment {
    return { ...this.headMoment };
  }

  actions(): RecordedAction[] {
    return structuredClone(this.all);
  }

  /**
   * Takes the recorded actions due before the next event, those at or before
   * `time` only: what `step` does first, without processing the event.
   */
  takeActionsUpTo(time: number): void {
    const sim = this.sim;
    for (;;) {
      const a = this.all[sim.actionCount];
      if (!a || a.events !== sim.stats().events || a.at > time) return;
      const next = sim.nextEventAt();
      if (next !== null && a.at > next) return;
      sim.advanceClockTo(a.at);
      const taken = sim.actionCount;
      this.takeDueActions();
      if (sim.actionCount === taken) return;
    }
  }

  get canUndo(): boolean {
    return this.forks.length > 0;
  }

  get checkpointCount(): number {
    return this.marks.length;
  }

  /** Runs forward by `ms` of virtual time, re-taking recorded actions on the way. */
  advance(ms: number): void {
    this.runTo({ time: this.sim.now + ms, events: Infinity });
  }

  /**
   * Processes exactly one event, after taking every recorded action due before
   * it (each at its own time, in order: several may follow the same event).
   */
  step(): SimEvent | null {
    const sim = this.sim;
    for (;;) {
      const a = this.all[sim.actionCount];
      if (!a || a.events !== sim.eventCount) break;
      const next = sim.nextEventAt(); // an action may cancel or schedule events
      if (next !== null && a.at > next) break;
      sim.advanceClockTo(a.at);
      const taken = sim.actionCount;
      this.takeDueActions();
      if (sim.actionCount === taken) break; // not due here after all
    }
    const e = sim.step();
    this.maybeMark();
    this.noteHead();
    return e;
  }

  /** Shows the run at `target`, going back through a checkpoint if needed. */
  seek(target: Moment): void {
    const t = {
      time: Math.max(0, Math.floor(target.time)),
      events: Math.max(0, Math.floor(target.events)),
    };
    const mark = this.markAtOrBefore(t);
    const restored = before(t, this.now) || before(this.now, mark);
    if (restored) this.sim = new Sim(mark.checkpoint);
    const from = this.sim.eventCount;
    this.runTo(t);
    this.lastSeek = { restored, replayed: this.sim.eventCount - from };
  }

  /**
   * Takes an action at the current moment. If the run has a recorded future, it
   * forks: that future is set aside for `undo`.
   */
  act<T>(apply: (sim: Sim) => T): T {
    const taken = this.sim.actionCount;
    const now = this.now;
    const forking = taken < this.all.length || before(now, this.headMoment);
    const saved: Fork = { at: now, actions: this.all, head: this.headMoment };
    const result = apply(this.sim); // throws before recording anything on bad input
    const added = this.sim.actionsFrom(taken);
    if (added.length === 0) return result;
    if (forking) {
      this.forks.push(saved);
      this.all = this.all.slice(0, taken);
      this.marks = this.marks.filter((m) => !before(now, m));
      this.headMoment = now;
    }
    this.all.push(...added);
    this.noteHead();
    return result;
  }

  /** Brings back the future the last fork set aside, at the moment of the fork. */
  undo(): boolean {
    const fork = this.forks.pop();
    if (!fork) return false;
    this.all = fork.actions;
    this.headMoment = fork.head;
    this.marks = this.marks.filter((m) => !before(fork.at, m));
    this.sim = new Sim(this.markAtOrBefore(fork.at).checkpoint);
    this.runTo(fork.at);
    return true;
  }

  /**
   * Replays the run from the latest checkpoint strictly before virtual time
   * `from` (or the run's start) up to virtual time `to`, in a scratch
   * simulation: the current one is not touched. `attach` gets the scratch
   * simulation before it runs (to listen to it), `acted` is called after each
   * recorded action re-taken. Gives up after `maxEvents` events: returns the
   * moment the replay started from (everything after it was processed), or
   * null if it gave up. Only the recorded run is replayed (up to the head).
   */
  replay(
    from: number,
    to: number,
    maxEvents: number,
    attach: (sim: Sim) => void,
    acted: (sim: Sim) => void = () => {},
  ): Moment | null {
    const mark = this.markAtOrBefore({ time: Math.max(0, Math.floor(from)), events: 0 });
    const sim = new Sim(mark.checkpoint);
    attach(sim);
    const limit = sim.eventCount + maxEvents;
    const end = Math.min(Math.floor(to), this.headMoment.time);
    for (;;) {
      const next = this.all[sim.actionCount];
      const stop = next && next.at <= end ? next : null;
      sim.runTo(stop ? stop.at : end, Math.min(stop ? stop.events : Infinity, limit));
      if (sim.eventCount >= limit) return null;
      if (!stop) break;
      if (sim.eventCount !== stop.events) return null;
      sim.advanceClockTo(stop.at);
      for (;;) {
        const a = this.all[sim.actionCount];
        if (!a || a.at !== sim.now || a.events !== sim.eventCount) break;
        (sim[a.call as keyof Sim] as (...args: unknown[]) => unknown).apply(sim, a.args);
        acted(sim);
      }
    }
    return { time: mark.time, events: mark.events };
  }

  // -------------------------------------------------------------------------

  /** Runs to `t`, taking every recorded action at or before it where it was taken. */
  private runTo(t: Moment): void {
    const sim = this.sim;
    for (;;) {
      const next = this.all[sim.actionCount];
      const stop = next && !before(t, { time: next.at, events: next.events }) ? next : null;
      this.runEvents(stop ? stop.at : t.time, stop ? stop.events : t.events);
      if (!stop) break;
      if (sim.eventCount !== stop.events) {
        throw new Error(
          `The recorded run cannot be replayed: ${stop.call} expected ${stop.events} events before it.`,
        );
      }
      sim.advanceClockTo(stop.at);
      this.takeDueActions();
    }
    sim.advanceClockTo(t.time);
    this.noteHead();
  }

  /** Processes events up to (time, events), taking checkpoints past the last one. */
  private runEvents(time: number, events: number): void {
    const sim = this.sim;
    for (;;) {
      const last = this.marks[this.marks.length - 1]!;
      const nextMark =
        sim.eventCount >= last.events ? last.events + CHECKPOINT_EVERY_EVENTS : Infinity;
      sim.runTo(time, Math.min(events, nextMark));
      if (sim.eventCount !== nextMark) return;
      // Clock at the last event processed: the checkpoint lies at (that time, nextMark).
      this.mark();
    }
  }

  /** Takes the recorded actions due exactly now. */
  private takeDueActions(): void {
    const sim = this.sim;
    for (;;) {
      const a = this.all[sim.actionCount];
      if (!a || a.at !== sim.now || a.events !== sim.eventCount) return;
      (sim[a.call as keyof Sim] as (...args: unknown[]) => unknown).apply(sim, a.args);
    }
  }

  private maybeMark(): void {
    const last = this.marks[this.marks.length - 1]!;
    if (this.sim.eventCount >= last.events + CHECKPOINT_EVERY_EVENTS) this.mark();
  }

  private mark(): void {
    const now = this.now;
    const last = this.marks[this.marks.length - 1];
    if (last && !before(last, now)) return;
    this.marks.push({ ...now, checkpoint: this.sim.save() });
    thinMoments(this.marks, CHECKPOINTS_DENSE, CHECKPOINT_SPACING_OLD);
  }

  /** The moment of the latest checkpoint at or before `t`: a seek there replays nothing. */
  checkpointAtOrBefore(t: Moment): Moment {
    const m = this.markAtOrBefore(t);
    return { time: m.time, events: m.events };
  }

  private markAtOrBefore(t: Moment): Mark {
    // Marks are in order: the last one not after `t`, by halving.
    const marks = this.marks;
    let lo = 0;
    let hi = marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(t, marks[mid]!)) hi = mid - 1;
      else lo = mid;
    }
    return marks[lo]!;
  }

  private noteHead(): void {
    if (before(this.headMoment, this.now)) this.headMoment = this.now;
  }
}
