/**
 * PreVote (dissertation §9.6) and CheckQuorum (dissertation §6.2) through the headless
 * API, in the manner of etcd's interaction tests (testdata/prevote*.txt,
 * checkquorum.txt).
 */
import { describe, expect, it } from 'vitest';
import { replay } from './replay.ts';
import { Sim } from './simulation.ts';

const terms = (sim: Sim) => sim.servers().map((s) => s.term);

/** A cluster of 5 with a leader; one follower cut off for 3 s, then back. */
function rejoin(preVote: boolean) {
  const sim = new Sim({ seed: 3, servers: 5, preVote, clientLoadPerSecond: 5 });
  sim.advance(1500);
  const leader = sim.leader()!;
  const term = sim.server(leader).term;
  const away = leader === 1 ? 2 : 1;
  sim.isolate(away);
  sim.advance(3000);
  const whileAway = sim.server(away).term;
  sim.connect(away);
  sim.advance(2000);
  return { sim, leader, term, away, whileAway };
}

describe('PreVote (dissertation §9.6)', () => {
  it('a partitioned follower rejoins without raising anyone’s term', () => {
    const { sim, leader, term, away, whileAway } = rejoin(true);
    expect(whileAway).toBe(term); // pre-votes nobody answered: no term raised while away
    expect(terms(sim)).toEqual([term, term, term, term, term]);
    expect(sim.leader()).toBe(leader);
    expect(sim.server(away).role).toBe('follower');
    expect(sim.stats().messagesSent.PreVote).toBeGreaterThan(0);
    expect(sim.stats().messagesSent.RequestVote ?? 0).toBe(4); // the first election only
    expect(sim.violations()).toEqual([]);
  });

  it('without PreVote the same follower forces a new term on its return', () => {
    const { sim, term, away, whileAway } = rejoin(false);
    expect(whileAway).toBeGreaterThan(term + 5);
    const now = sim.server(sim.leader()!).term;
    expect(now).toBeGreaterThanOrEqual(whileAway); // everyone moved to its term or beyond
    expect(sim.server(away).term).toBe(now);
    expect(sim.violations()).toEqual([]);
  });

  it('setOptions turns it on during a run, and replay keeps the change', () => {
    const sim = new Sim({ seed: 3, servers: 5 });
    sim.advance(1500);
    const leader = sim.leader()!;
    const term = sim.server(leader).term;
    sim.setOptions({ preVote: true });
    const away = leader === 1 ? 2 : 1;
    sim.isolate(away);
    sim.advance(3000);
    expect(sim.server(away).term).toBe(term);
    const copy = replay({ seed: 3, servers: 5 }, sim.actions(), { time: sim.now });
    expect(copy.traceHash()).toBe(sim.traceHash());
  });

  it('still elects a new leader when the leader crashes', () => {
    const sim = new Sim({ seed: 8, servers: 5, preVote: true });
    sim.advance(1500);
    const leader = sim.leader()!;
    const term = sim.server(leader).term;
    sim.crash(leader);
    sim.advance(1500);
    const next = sim.leader();
    expect(next).not.toBeNull();
    expect(next).not.toBe(leader);
    expect(sim.server(next!).term).toBe(term + 1); // one real election, no wasted terms
  });

  it('a voter refuses a pre-vote to a candidate with a shorter log, and says why', () => {
    const sim = new Sim({
      seed: 2,
      servers: 3,
      preVote: true,
      initial: [
        { term: 2, log: [{ term: 1 }, { term: 2 }] },
        { term: 2, log: [{ term: 1 }] },
        { term: 2, log: [{ term: 1 }, { term: 2 }] },
      ],
    });
    const notes: string[] = [];
    sim.onEvent = (e) => {
      for (const n of e.notes) if (n.section === 'dissertation §9.6') notes.push(n.text);
    };
    sim.timeout(2);
    expect(sim.inner(2).preVote).toEqual({ votes: { 2: true }, force: true });
    expect(sim.server(2).term).toBe(2); // asking raises nothing
    sim.advance(100);
    expect(notes).toContain(
      "S1 refuses S2 a pre-vote: its log (last term 2, index 2) is more up to date than the candidate's (1, 1)",
    );
    expect(sim.server(2).term).toBe(2);
  });

  it('joins the membership rules: a removed server, under PreVote, does not disrupt', () => {
    const sim = new Sim({ seed: 4, servers: 4, preVote: true, members: [1, 2, 3, 4] });
    sim.advance(1500);
    const leader = sim.leader()!;
    const gone = leader === 4 ? 3 : 4;
    const keep = [1, 2, 3, 4].filter((id) => id !== gone);
    sim.proposeConfig(leader, keep);
    sim.advance(1500);
    expect(sim.server(leader).config).toEqual({ members: keep, old: null });
    const term = sim.server(leader).term;
    sim.advance(3000);
    expect(sim.server(leader).term).toBe(term);
    expect(sim.leader()).toBe(leader);
    expect(sim.violations()).toEqual([]);
  });
});

describe('CheckQuorum (dissertation §6.2)', () => {
  it('a leader that loses its quorum steps down within an election timeout', () => {
    const sim = new Sim({ seed: 3, servers: 5, checkQuorum: true, electionTimeoutMs: [150, 300] });
    sim.advance(1500);
    const leader = sim.leader()!;
    const notes: string[] = [];
    sim.onEvent = (e) => {
      for (const n of e.notes)
        if (n.section === 'dissertation §6.2') notes.push(`${e.at} ${n.text}`);
    };
    const cut = sim.now;
    sim.isolate(leader);
    sim.advance(400); // the maximum election timeout, and a heartbeat
    expect(sim.server(leader).role).not.toBe('leader');
    expect(notes).toHaveLength(1);
    const at = Number(notes[0]!.split(' ')[0]);
    expect(at - cut).toBeLessThanOrEqual(300 + 50);
    expect(notes[0]).toMatch(/steps down: it has not heard from a majority/);
  });

  it('without it, the cut-off leader stays leader', () => {
    const sim = new Sim({ seed: 3, servers: 5 });
    sim.advance(1500);
    const leader = sim.leader()!;
    sim.isolate(leader);
    sim.advance(3000);
    expect(sim.server(leader).role).toBe('leader');
  });

  it('a leader with a majority (one follower down) never steps down', () => {
    const sim = new Sim({ seed: 6, servers: 5, checkQuorum: true, clientLoadPerSecond: 20 });
    sim.advance(1500);
    const leader = sim.leader()!;
    const term = sim.server(leader).term;
    sim.crash(leader === 1 ? 2 : 1);
    sim.crash(leader === 3 ? 4 : 3);
    sim.advance(20_000);
    expect(sim.leader()).toBe(leader);
    expect(sim.server(leader).term).toBe(term);
  });

  it('counts a majority of each half while joint (§6)', () => {
    // Joint C_old,new {1,2,3} → {x,4,5}: with 4 and 5 not answering, the leader still
    // hears a majority of C_old but not of C_new, and steps down.
    const sim = new Sim({ seed: 9, servers: 5, members: [1, 2, 3], checkQuorum: true });
    sim.advance(1500);
    const leader = sim.leader()!;
    const other = leader === 1 ? 2 : 1;
    expect(sim.proposeConfig(leader, [other, 4, 5]).isLeader).toBe(true);
    // Stop as soon as the leader uses the joint configuration.
    for (let i = 0; i < 5000 && sim.server(leader).config.old === null; i++) sim.step();
    expect(sim.server(leader).config).toEqual({ members: [other, 4, 5], old: [1, 2, 3] });
    sim.setLink(4, leader, false);
    sim.setLink(5, leader, false);
    sim.advance(400);
    expect(sim.server(leader).role).not.toBe('leader');
  });
});
