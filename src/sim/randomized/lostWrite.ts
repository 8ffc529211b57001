/**
 * A run whose clients' history is not linearizable, for tests of the live
 * checker (and the app's e2e): three servers under a steady load, votes granted
 * whatever the candidate's log (`unsafe.skipElectionRestriction`, §5.4.1
 * broken), faults drawn from the seed. A leader elected without a committed
 * write loses it, and a later read cannot be ordered after it. The seed is the
 * first that `findLostWrite` finds (a test keeps it so).
 */
import type { SimulationOptions } from '../../model/options.ts';
import { injectFaults } from '../faults.ts';
import { Sim } from '../simulation.ts';

export const LOST_WRITE_SEED = 30;
export const LOST_WRITE_FAULT_MS = 15_000;
/** Runs whose first failure comes later than this are passed over by the search. */
export const LOST_WRITE_BY_MS = 3000;

export function lostWriteOptions(seed = LOST_WRITE_SEED): SimulationOptions {
  return {
    seed,
    servers: 3,
    clientLoadPerSecond: 5,
    unsafe: { skipElectionRestriction: true },
  };
}

/** The run of `seed`: faults for LOST_WRITE_FAULT_MS (recorded actions, so it replays). */
export function lostWriteRun(seed = LOST_WRITE_SEED): Sim {
  const sim = new Sim(lostWriteOptions(seed));
  injectFaults(sim, { seed, durationMs: LOST_WRITE_FAULT_MS });
  return sim;
}

/**
 * The first seed from 1 whose history fails by LOST_WRITE_BY_MS with one
 * operation that cannot be ordered, the failing key's context being just the
 * write and the read (the plainest story to show); null if none up to `max`.
 */
export function findLostWrite(max = 100): number | null {
  for (let seed = 1; seed <= max; seed++) {
    const f = lostWriteRun(seed).linearizabilityFailure();
    if (f !== null && f.at <= LOST_WRITE_BY_MS && f.removed.length === 1 && f.context.length === 2)
      return seed;
  }
  return null;
}
