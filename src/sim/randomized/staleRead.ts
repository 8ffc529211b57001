/**
 * A run whose clients' history is not linearizable because of the unsafe switch
 * `unsafe.staleReads` (any server answers a read at once from its own state
 * machine, dissertation §6.4 skipped): three servers under a steady load, faults
 * drawn from the seed. A server that has not yet applied a write, or a cut-off
 * old leader, answers a read with an older value after the write completed. The
 * seed is the first that `findStaleRead` finds (a test keeps it so, and checks
 * that the same seeds without the switch are linearizable).
 */
import type { SimulationOptions } from '../../model/options.ts';
import { injectFaults } from '../faults.ts';
import { Sim } from '../simulation.ts';

export const STALE_READ_SEED = 16;
export const STALE_READ_FAULT_MS = 15_000;
/** Runs whose first failure comes later than this are passed over by the search. */
export const STALE_READ_BY_MS = 3000;

export function staleReadOptions(seed = STALE_READ_SEED, staleReads = true): SimulationOptions {
  return {
    seed,
    servers: 3,
    clientLoadPerSecond: 5,
    ...(staleReads ? { unsafe: { staleReads: true } } : {}),
  };
}

/** The run of `seed`: faults for STALE_READ_FAULT_MS (recorded actions, so it replays). */
export function staleReadRun(seed = STALE_READ_SEED, staleReads = true): Sim {
  const sim = new Sim(staleReadOptions(seed, staleReads));
  injectFaults(sim, { seed, durationMs: STALE_READ_FAULT_MS });
  return sim;
}

/**
 * The first seed from 1 whose history `linearizable()` rejects (ok false, a
 * non-empty set of operations) with the first failure by STALE_READ_BY_MS; null
 * if none up to `max`.
 */
export function findStaleRead(max = 100): number | null {
  for (let seed = 1; seed <= max; seed++) {
    const sim = staleReadRun(seed);
    const v = sim.linearizable();
    if (v.ok !== false || v.ops.length === 0) continue;
    const f = sim.linearizabilityFailure();
    if (f !== null && f.at <= STALE_READ_BY_MS) return seed;
  }
  return null;
}
