/**
 * Each unsafe switch turns off one safety rule; the checkers must catch every
 * one of them on some seed of a fixed, deterministic search — and the same
 * seeds must be clean with the rule on.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationOptions, UnsafeSwitches } from '../model/options.ts';
import { runWithFaults, type FaultProfile } from './faults.ts';
import { Sim } from './simulation.ts';

interface Search {
  options: SimulationOptions;
  faults: Omit<FaultProfile, 'seed'>;
  expect: string;
}

const SEEDS = 200;

const searches: Record<keyof UnsafeSwitches, Search> = {
  // A server missing committed entries wins an election: leader completeness breaks.
  skipElectionRestriction: {
    options: { clientLoadPerSecond: 20 },
    faults: { durationMs: 20_000 },
    expect: 'leader-completeness',
  },
  // Figure 8: leaders crash right after election, with no no-op to commit their term.
  commitOldTermsByCount: {
    options: { clientLoadPerSecond: 3, leaderNoop: false },
    faults: {
      durationMs: 20_000,
      gapMs: [20, 400],
      weights: {
        crashLeader: 8,
        restart: 8,
        crash: 2,
        bounce: 0,
        isolate: 1,
        connect: 1,
        partition: 2,
        cut: 1,
        heal: 1,
        network: 0,
        timeout: 2,
      },
    },
    expect: 'leader-completeness',
  },
  // A voter restarts mid-election, forgets its vote and votes again: two leaders in one term.
  forgetVoteOnRestart: {
    options: { clientLoadPerSecond: 20, electionTimeoutMs: [100, 110] },
    faults: {
      durationMs: 20_000,
      gapMs: [5, 60],
      weights: {
        bounce: 12,
        timeout: 6,
        crash: 0,
        crashLeader: 0,
        restart: 0,
        isolate: 0,
        connect: 0,
        partition: 0,
        cut: 0,
        heal: 0,
        network: 0,
      },
    },
    expect: 'election-safety',
  },
};

function violationsOf(seed: number, s: Search, unsafe: UnsafeSwitches) {
  const sim = new Sim({ seed, servers: 5, ...s.options, unsafe });
  runWithFaults(sim, { seed, ...s.faults });
  sim.advance(2000);
  return sim.violations();
}

describe('the checkers catch every unsafe switch', () => {
  for (const [name, search] of Object.entries(searches) as [keyof UnsafeSwitches, Search][]) {
    it(`${name}: flagged as ${search.expect} on some seed, and that seed is clean without it`, () => {
      let found: number | null = null;
      for (let seed = 1; seed <= SEEDS && found === null; seed++) {
        const v = violationsOf(seed, search, { [name]: true });
        if (v.length > 0) {
          found = seed;
          expect(
            v.map((x) => x.invariant),
            `seed ${seed}`,
          ).toContain(search.expect);
        }
      }
      expect(found, `no seed in 1..${SEEDS} caught ${name}`).not.toBeNull();
      console.log(`${name}: caught on seed ${found}`);
      expect(violationsOf(found!, search, {}), `seed ${found} without ${name}`).toEqual([]);
    });
  }
});
