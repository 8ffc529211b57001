/** The headless API (issue 2's contract). */
import type { SimulationOptions } from '../model/options.ts';
import { replay as replayRun } from './replay.ts';
import { Sim } from './simulation.ts';
import type { RecordedAction, Simulation } from './types.ts';

export type * from './types.ts';
export { Sim, type Checkpoint } from './simulation.ts';
export { INVARIANTS } from './checkers.ts';

export function createSimulation(options?: SimulationOptions): Simulation {
  return new Sim(options);
}

export function replay(
  options: SimulationOptions,
  actions: RecordedAction[],
  until?: { time: number; events?: number },
): Simulation {
  return replayRun(options, actions, until);
}
export { Timeline, type Moment } from './timeline.ts';
