/** The checkers on hand-made states: what a key collision or a large term must not confuse. */
import { describe, expect, it } from 'vitest';
import { append, compactTo } from '../raft/log.ts';
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
  snapshotIndex: 0,
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

describe('at most once across a snapshot (§7 with §8)', () => {
  const cmd = (client: number, seq: number): Entry => ({
    term: 1,
    uid: ++uid,
    kind: 'command',
    command: `append k ${seq}`,
    cmd: { op: 'append', key: 'k', value: String(seq) },
    client,
    seq,
  });

  // Margin 1: the log keeps the snapshot's last entry (dissertation §5.1); the checker
  // goes by the snapshot's index, not the log's start.
  it.each([0, 1])(
    'a state machine loaded from a snapshot has run what the snapshot covers, whatever sessions it claims (margin %i)',
    (margin) => {
      const c = new Checkers(newCheckerState(2));
      const a = createServer(1, 2, { term: 1, votedFor: null, log: [] });
      const b = createServer(2, 2, { term: 1, votedFor: null, log: [] });
      // S1 applies C5's request 1 at index 1 and request 2 at index 2.
      const e1 = cmd(5, 1);
      const e2 = cmd(5, 2);
      a.commitIndex = 2;
      a.kv.set('k', '1');
      c.onApply(a, 1, e1, true, 1);
      a.kv.set('k', '12');
      c.onApply(a, 2, e2, true, 2);
      // S1 snapshots there (§7).
      append(a.log, e1);
      append(a.log, e2);
      compactTo(a.log, 2 - margin, 1);
      a.snapshot = {
        index: 2,
        term: 1,
        kv: new Map(a.kv),
        sessions: new Map(a.sessions),
        membership: a.membership,
      };
      c.afterStep(a, { ...before(), commitIndex: 2 }, 2);
      // S2 restarts from a snapshot at index 2 that lost its sessions, then runs request 2 again.
      b.up = false;
      c.afterStep(b, { ...before(), up: true }, 3);
      b.up = true;
      b.lastApplied = b.commitIndex = 2;
      b.kv = new Map([['k', '12']]);
      b.sessions = new Map();
      c.afterStep(b, { ...before(), up: false }, 4);
      expect(c.state.violations).toEqual([]);
      b.commitIndex = 3;
      c.onApply(b, 3, cmd(5, 2), true, 5);
      expect(c.state.violations.map((v) => v.invariant)).toContain(INVARIANTS.atMostOnce);
    },
  );
});
