/** A run rebuilt from its options and its recorded actions. */
import type { SimulationOptions } from '../model/options.ts';
import { ACTION_CALLS } from '../model/scenario.ts';
import { Sim } from './simulation.ts';
import type { RecordedAction } from './types.ts';

const CALLS = new Set<string>(ACTION_CALLS);

/**
 * Replays `actions` on a new simulation: each is put back at its virtual time,
 * after exactly the number of events that preceded it. With `until`, runs on to
 * `until.time` (stopping earlier once `until.events` events are processed);
 * without, stops right after the last action.
 */
export function replay(
  options: SimulationOptions,
  actions: RecordedAction[],
  until?: { time: number; events?: number },
): Sim {
  const sim = new Sim(options);
  applyActions(sim, actions);
  if (until) seekTo(sim, until.time, until.events ?? Infinity);
  return sim;
}

export function applyActions(sim: Sim, actions: readonly RecordedAction[]): void {
  if (!Array.isArray(actions)) throw new Error('actions must be a list.');
  for (const [i, a] of actions.entries()) {
    if (a === null || typeof a !== 'object' || !CALLS.has(a.call) || !Array.isArray(a.args)) {
      throw new Error(`Action ${i + 1} is not a known action.`);
    }
    if (!Number.isInteger(a.at) || !Number.isInteger(a.events) || a.at < sim.now) {
      throw new Error(`Action ${i + 1} (${a.call}) is out of order.`);
    }
    seekTo(sim, a.at, a.events);
    if (sim.stats().events !== a.events || sim.now !== a.at) {
      throw new Error(
        `Action ${i + 1} (${a.call}) expects ${a.events} events before it, but the run has ${sim.stats().events} at ${a.at} ms.`,
      );
    }
    (sim[a.call as keyof Sim] as (...args: unknown[]) => unknown).apply(sim, a.args);
  }
}

/** Runs to (time, events): every event due by `time`, stopping at `events` events. */
export function seekTo(sim: Sim, time: number, events: number): void {
  if (!Number.isInteger(time) || time < sim.now)
    throw new Error(`Cannot go back to ${time} ms from ${sim.now} ms.`);
  sim.runTo(time, events);
  sim.advanceClockTo(time);
}
