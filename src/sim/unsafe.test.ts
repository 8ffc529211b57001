/**
 * Each unsafe switch turns off one safety rule; the checkers must catch every
 * one of them on some seed of a fixed, deterministic search (seeds 1, 2, 3 …
 * with a fault profile tuned to the rule) — and every seed searched must be
 * clean with the rule on.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationOptions, UnsafeSwitches } from '../model/options.ts';
import { runWithFaults, type FaultKind, type FaultProfile } from './faults.ts';
import { Sim } from './simulation.ts';

interface Search {
  options: SimulationOptions;
  faults: Omit<FaultProfile, 'seed'>;
  /** The invariants this rule protects: what the checkers report first without it (what
   *  follows may cascade: two leaders of one term break log matching, and so on). */
  expect: string[];
}

const SEEDS = 200;

/** Only the kinds of fault named, with these weights. */
const only = (w: Partial<Record<FaultKind, number>>): Record<FaultKind, number> => ({
  crash: 0,
  crashLeader: 0,
  blackout: 0,
  restart: 0,
  bounce: 0,
  isolate: 0,
  connect: 0,
  partition: 0,
  cut: 0,
  heal: 0,
  network: 0,
  timeout: 0,
  reconfigure: 0,
  transfer: 0,
  ...w,
});

const searches: Record<keyof UnsafeSwitches, Search> = {
  // Reference: §5.4.1. A server missing committed entries wins an election.
  skipElectionRestriction: {
    options: { servers: 5, clientLoadPerSecond: 20 },
    faults: { durationMs: 20_000 },
    expect: ['leader-completeness', 'state-machine-safety'],
  },
  // Reference: §5.4.2, Figure 8. Leaders crash soon after they are elected, with no no-op to
  // commit their term: an old entry committed by counting is overwritten by a later leader.
  commitOldTermsByCount: {
    options: { servers: 3, clientLoadPerSecond: 30, leaderNoop: false },
    faults: {
      durationMs: 20_000,
      gapMs: [5, 40],
      weights: only({ crashLeader: 6, restart: 6, timeout: 6 }),
    },
    expect: ['leader-completeness', 'state-machine-safety'],
  },
  // Reference: Figure 2 (votedFor is persistent state). A voter restarts mid-election,
  // forgets its vote and votes again: two leaders in one term.
  forgetVoteOnRestart: {
    options: { servers: 5, clientLoadPerSecond: 20, electionTimeoutMs: [100, 110] },
    faults: { durationMs: 20_000, gapMs: [5, 60], weights: only({ bounce: 12, timeout: 6 }) },
    expect: ['election-safety'],
  },
  // Reference: §6, Figure 10. Straight from C_old to C_new, majorities of the two need not
  // overlap: a partition lets each elect its own leader, in the same term.
  directConfigChange: {
    options: {
      servers: 5,
      members: [1, 2, 3],
      clientLoadPerSecond: 10,
      electionTimeoutMs: [150, 160],
    },
    faults: {
      durationMs: 20_000,
      gapMs: [5, 200],
      weights: only({
        reconfigure: 6,
        partition: 4,
        heal: 3,
        timeout: 6,
        crashLeader: 1,
        restart: 2,
      }),
    },
    // Two leaders of one term (membership.test.ts searches for exactly that), or a leader
    // elected by a majority that missed a committed entry.
    expect: ['election-safety', 'leader-completeness', 'state-machine-safety'],
  },
  // Reference: dissertation §6.4, §8. Any server answers a read from its own state machine:
  // a follower one heartbeat behind, or a leader cut off from the others, answers stale.
  staleReads: {
    options: { servers: 5, clientLoadPerSecond: 20, readMode: 'readIndex' },
    faults: { durationMs: 20_000, weights: only({ partition: 4, heal: 3, crash: 2, restart: 2 }) },
    expect: ['reads-see-committed'],
  },
  // Reference: dissertation §6.4.1. Voters grant votes right after hearing from a leader:
  // a new leader is elected and commits while the old one, cut off, still answers reads
  // under its lease.
  leaseWithoutVoteWait: {
    options: {
      servers: 5,
      clientLoadPerSecond: 30,
      readMode: 'lease',
      electionTimeoutMs: [300, 320],
      heartbeatMs: 20,
    },
    faults: {
      durationMs: 20_000,
      gapMs: [5, 150],
      weights: only({ partition: 6, heal: 3, timeout: 8, isolate: 3, connect: 3 }),
    },
    expect: ['reads-see-committed'],
  },
};

function violationsOf(seed: number, s: Search, unsafe: UnsafeSwitches) {
  const sim = new Sim({ seed, ...s.options, unsafe });
  runWithFaults(sim, { seed, ...s.faults });
  sim.advance(2000);
  return sim.violations();
}

describe('the checkers catch every unsafe switch', () => {
  for (const [name, search] of Object.entries(searches) as [keyof UnsafeSwitches, Search][]) {
    it(`${name}: flagged (${search.expect.join(' or ')}) on some seed; the same seeds are clean without it`, () => {
      let found: number | null = null;
      for (let seed = 1; seed <= SEEDS && found === null; seed++) {
        const v = violationsOf(seed, search, { [name]: true });
        if (v.length > 0) {
          found = seed;
          // The first invariant broken is one this rule protects.
          expect(search.expect, `seed ${seed}: ${v[0]!.detail}`).toContain(v[0]!.invariant);
        }
      }
      expect(found, `no seed in 1..${SEEDS} caught ${name}`).not.toBeNull();
      console.log(`${name}: caught on seed ${found}`);
      for (let seed = 1; seed <= found!; seed++) {
        expect(violationsOf(seed, search, {}), `seed ${seed} without ${name}`).toEqual([]);
      }
    }, 60_000);
  }
});
