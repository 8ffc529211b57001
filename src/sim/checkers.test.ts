/** The checkers on hand-made states: what a key collision or a large term must not confuse. */
import { describe, expect, it } from 'vitest';
import { append } from '../raft/log.ts';
import { createServer } from '../raft/server.ts';
import type { Entry } from '../raft/types.ts';
import { Checkers, INVARIANTS, newCheckerState, type Before } from './checkers.ts';

let uid = 0;
const entry = (term: number): Entry => ({ term, uid: ++uid, kind: 'noop', client: 0, seq: 0 });
const before = (): Before => ({
  up: true,
  role: 'follower',
  term: 0,
  truncations: 0,
  commitIndex: 0,
  logStart: 0,
  logStartTerm: 0,
});

describe('the log-matching registry', () => {
  // Keys were index * 2^22 + term: (1, 2^22 + 1) and (2, 1) shared a key.
  it('tells (index 2, term 1) from (index 1, term 2^22 + 1): a correct run is clean', () => {
    const big = 2 ** 22 + 1;
    const c = new Checkers(newCheckerState(2));
    const a = createServer(1, 2, { term: 1, votedFor: null, log: [entry(1), entry(1)] });
    c.registerInitial(a);
    const b = createServer(2, 2, { term: big, votedFor: null, log: [] });
    c.registerInitial(b);
    append(b.log, entry(big));
    c.afterStep(b, before(), 10);
    expect(c.state.violations).toEqual([]);
  });

  it('still flags two different entries at one index and term, terms past 2^22 included', () => {
    for (const term of [3, 2 ** 22 + 5, 2 ** 40]) {
      const c = new Checkers(newCheckerState(2));
      const a = createServer(1, 2, { term, votedFor: null, log: [entry(term)] });
      c.registerInitial(a);
      const b = createServer(2, 2, { term, votedFor: null, log: [] });
      c.registerInitial(b);
      append(b.log, entry(term));
      c.afterStep(b, before(), 10);
      expect(c.state.violations.map((v) => v.invariant)).toEqual([INVARIANTS.logMatching]);
    }
  });
});
