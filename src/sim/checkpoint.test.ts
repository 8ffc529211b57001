import { describe, expect, it } from 'vitest';
import { vecNodesNotIn } from '../model/pvec.ts';
import { Sim } from './simulation.ts';

/**
 * A checkpoint must cost what changed since the one before, not the whole past
 * (issue 8: memory grew with the square of a run's length). Counted in shared
 * trie nodes, not bytes or milliseconds, so the figures are exact.
 */
describe('checkpoints share the run’s history', () => {
  it('the checkers’ memory a checkpoint adds does not grow with the run', () => {
    const sim = new Sim({ seed: 3, servers: 5, clientLoadPerSecond: 200 });
    let last = sim.save();
    const added: number[] = [];
    for (let i = 0; i < 60; i++) {
      sim.advance(2000);
      const cp = sim.save();
      const c = cp.world.checker;
      const p = last.world.checker;
      added.push(
        vecNodesNotIn(c.registry, p.registry) +
          vecNodesNotIn(c.committed, p.committed) +
          vecNodesNotIn(c.leaderOfTerm, p.leaderOfTerm),
      );
      last = cp;
    }
    // 2 s is ~100 entries: a few leaves of 32 and their paths.
    expect(last.world.checker.committed.size).toBeGreaterThan(5000);
    const early = Math.max(...added.slice(5, 15));
    const late = Math.max(...added.slice(-10));
    expect(late).toBeLessThanOrEqual(early + 4);
    expect(late).toBeLessThan(60);
  });
});
