/**
 * The paper's Figures 7 and 8 as scenario tests, driven through the headless API
 * from `initial` logs, with long election timeouts so that only the elections the
 * test forces with `timeout(id)` happen.
 */
import { describe, expect, it } from 'vitest';
import type { InitialServer } from '../model/options.ts';
import { createSimulation, type Simulation } from './index.ts';
import { Sim } from './simulation.ts';
import { FIGURE_8 } from '../cli/preset-runs.ts';

const QUIET: [number, number] = [20_000, 30_000]; // nobody times out on their own

const terms = (log: { term: number }[]) => log.map((e) => e.term);

// Reference: Figure 7 and §5.3 (log repair); §5.4.1 (who may win)
describe('Figure 7: a new leader repairs every follower log', () => {
  const figure = {
    leader: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
    a: [1, 1, 1, 4, 4, 5, 5, 6, 6], // missing entries
    b: [1, 1, 1, 4], // missing many entries
    c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], // an extra uncommitted entry
    d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], // extra entries of a later term
    e: [1, 1, 1, 4, 4, 4, 4], // missing entries, extra entries of term 4
    f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], // conflicting entries of terms 2 and 3
  };
  // Entries of one term on one history carry the same command, so that logs which agree
  // in the figure share their entries; the leader's term 8 starts after term 7.
  const initial: InitialServer[] = Object.values(figure).map((log) => ({
    term: 7,
    log: log.map((term, i) => ({ term, command: `set k${i + 1} t${term}` })),
  }));

  function run(): { sim: Sim; rejections: Map<number, number>; probes: Map<number, Set<number>> } {
    const sim = new Sim({ seed: 7, servers: 7, electionTimeoutMs: QUIET, initial });
    const rejections = new Map<number, number>();
    const probes = new Map<number, Set<number>>();
    sim.onEvent = (ev) => {
      const m = ev.message;
      if (ev.kind === 'deliver' && m?.type === 'AppendEntriesReply' && m.to === 1) {
        if (m.fields.success === false) {
          rejections.set(m.from, (rejections.get(m.from) ?? 0) + 1);
          const set = probes.get(m.from) ?? new Set<number>();
          set.add(m.fields.prevLogIndex as number);
          probes.set(m.from, set);
        }
      }
    };
    sim.timeout(1);
    sim.advance(2000);
    return { sim, rejections, probes };
  }

  it('starts from the logs of the figure', () => {
    const sim = createSimulation({ seed: 7, servers: 7, electionTimeoutMs: QUIET, initial });
    expect(sim.servers().map((s) => terms(s.log))).toEqual(Object.values(figure));
    expect(sim.servers().every((s) => s.commitIndex === 0 && s.term === 7)).toBe(true);
  });

  it('S1 wins term 8 with the votes of a, b, e and f; c and d refuse it (§5.4.1)', () => {
    const { sim } = run();
    expect(sim.leader()).toBe(1);
    expect(sim.leadersByTerm()).toEqual([{ term: 8, leader: 1 }]);
    // c has a longer log of the same last term, d a later last term: their logs are more up to date.
    expect(sim.servers().map((s) => s.votedFor)).toEqual([1, 1, 1, null, null, 1, 1]);
  });

  it('every follower ends with exactly the leader’s log, committed and applied everywhere', () => {
    const { sim } = run();
    const leaderLog = sim.server(1).log;
    expect(terms(leaderLog)).toEqual([...figure.leader, 8]); // and the leader's no-op of term 8
    for (const s of sim.servers()) {
      expect(s.log, `S${s.id}`).toEqual(leaderLog);
      expect(s.commitIndex, `S${s.id}`).toBe(11);
      expect(s.lastApplied, `S${s.id}`).toBe(11);
      expect(sim.applied(s.id)).toEqual(leaderLog);
    }
    // c's extra entry of term 6 and d's entries of term 7 are gone; f's terms 2 and 3 too.
    expect(sim.server(7).kv.k4).toBe('t4');
    expect(sim.server(5).kv.k11).toBeUndefined();
    expect(sim.violations()).toEqual([]);
  });

  it('repairs each follower in a few round trips, stepping over whole terms (fast backtracking)', () => {
    const { rejections, probes } = run();
    // a and b: one refusal (the hint says where their log ends). c and d: none, the check passes
    // at index 10 and the extra entries are replaced. e: two (past its end, then its term 4).
    // f: two (its term 3, then its term 2), where one entry per round trip would take seven.
    expect(probes.get(2)).toEqual(new Set([10]));
    expect(probes.get(3)).toEqual(new Set([10]));
    expect(rejections.get(4) ?? 0).toBe(0);
    expect(rejections.get(5) ?? 0).toBe(0);
    expect(probes.get(6)).toEqual(new Set([10, 7]));
    expect(probes.get(7)).toEqual(new Set([10, 6]));
    for (const id of [2, 3, 6, 7]) expect(rejections.get(id)!, `S${id}`).toBeLessThanOrEqual(3);
  });
});

// Reference: Figure 8 and §5.4.2 (committing entries from previous terms)
describe('Figure 8: an entry of an older term stored on a majority', () => {
  // The state at Figure 8 (b): S1 led term 2 and wrote entry 2 on S1 and S2; S5 led term 3
  // (votes of S3, S4, S5) and wrote a different entry 2 that reached no one.
  const initial = FIGURE_8; // the same state as the commit-rule presets
  const options = (unsafe: boolean) => ({
    seed: 8,
    servers: 5,
    leaderNoop: false,
    electionTimeoutMs: QUIET,
    initial,
    unsafe: { commitOldTermsByCount: unsafe },
  });

  /** (c): S5 is down; S1 is elected for term 4 and copies entry 2 to S3 and S4. */
  function figureC(unsafe: boolean): Simulation {
    const sim = createSimulation(options(unsafe));
    sim.crash(5);
    sim.timeout(1);
    sim.advance(500);
    return sim;
  }

  /** (d): S1 crashes; S5 comes back and, with the votes of S2, S3 and S4, wins term 5. */
  function figureD(sim: Simulation): void {
    sim.crash(1);
    sim.restart(5);
    sim.timeout(5); // term 4: everyone already voted for S1 and refuses
    sim.advance(200);
    expect(sim.leader()).toBeNull();
    sim.timeout(5); // term 5: its last term (3) is later than theirs (2)
    sim.advance(200);
    expect(sim.leader()).toBe(5);
    expect(sim.server(5).term).toBe(5);
    sim.propose(5, 'set y 5'); // an entry of term 5 commits, and with it S5's entry 2
    sim.advance(500);
  }

  it('(c) with the rule: stored on S1-S4, entry 2 of term 2 is not committed', () => {
    const sim = figureC(false);
    expect(sim.leader()).toBe(1);
    expect(sim.server(1).term).toBe(4);
    for (const id of [1, 2, 3, 4]) {
      expect(sim.server(id).log[1], `S${id}`).toMatchObject({
        index: 2,
        term: 2,
        command: 'set x 2',
      });
      expect(sim.server(id).commitIndex, `S${id}`).toBe(0);
    }
    expect(sim.server(1).kv).toEqual({});
  });

  it('(d) with the rule: S5 overwrites the uncommitted entry 2, and nothing is violated', () => {
    const sim = figureC(false);
    figureD(sim);
    for (const id of [2, 3, 4, 5]) {
      const s = sim.server(id);
      expect(terms(s.log), `S${id}`).toEqual([1, 3, 5]);
      expect(s.commitIndex, `S${id}`).toBe(3);
      expect(s.kv, `S${id}`).toEqual({ x: '3', y: '5' });
    }
    expect(sim.violations()).toEqual([]);
  });

  it('(e) with the rule: an entry of the leader’s term on a majority commits entry 2 with it', () => {
    const sim = figureC(false);
    expect(sim.propose(1, 'set y 4')).toMatchObject({ index: 3, term: 4, isLeader: true });
    sim.advance(500);
    for (const id of [1, 2, 3, 4]) {
      expect(sim.server(id).commitIndex, `S${id}`).toBe(3);
      expect(sim.server(id).kv, `S${id}`).toEqual({ x: '2', y: '4' });
    }
    // Now S5 can no longer win: a majority holds a log more up to date than its own.
    sim.crash(1);
    sim.restart(5);
    sim.timeout(5);
    sim.advance(200);
    sim.timeout(5);
    sim.advance(200);
    expect(sim.server(5).role).toBe('candidate');
    expect(sim.violations()).toEqual([]);
  });

  it('with unsafe.commitOldTermsByCount: entry 2 is committed by counting, then lost; the checkers report it', () => {
    const sim = figureC(true);
    expect(sim.server(1)).toMatchObject({ commitIndex: 2, kv: { x: '2' } });
    expect(sim.applied(1).map((e) => e.command)).toEqual(['set x 1', 'set x 2']);
    expect(sim.violations()).toEqual([]);
    figureD(sim);
    expect(terms(sim.server(2).log)).toEqual([1, 3, 5]);
    // S2 had applied the committed "set x 2"; S5 applied its own "set x 3" there: the state
    // machines disagree.
    expect(sim.applied(2)[1]).toMatchObject({ index: 2, term: 2, command: 'set x 2' });
    expect(sim.applied(5)[1]).toMatchObject({ index: 2, term: 3, command: 'set x 3' });
    expect(sim.server(2).kv.x).toBe('2');
    expect(sim.server(5).kv.x).toBe('3');
    const found = sim.violations().map((v) => v.invariant);
    // S5 was elected without the committed entry 2, then a different entry 2 was committed.
    expect(found[0]).toBe('leader-completeness');
    expect(found).toContain('state-machine-safety');
    expect(sim.violations()[0]!.detail).toMatch(
      /S5 became leader of term 5 without the entry committed at index 2/,
    );
  });
});
