/**
 * Leadership transfer (dissertation §3.10) through the headless API, in the manner of
 * etcd's interaction tests (testdata/leader_transfer*.txt).
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../model/scenario.ts';
import { scenarioFrom } from '../scenario/scenario.ts';
import { replay } from './replay.ts';
import { Sim } from './simulation.ts';

function withLeader(seed = 3, options = {}) {
  const sim = new Sim({ seed, servers: 5, clientLoadPerSecond: 10, ...options });
  sim.advance(1500);
  const leader = sim.leader()!;
  return { sim, leader, term: sim.server(leader).term };
}

const sections = (sim: Sim, out: string[]) => {
  sim.onEvent = (e) => {
    for (const n of e.notes) if (n.section === 'dissertation §3.10') out.push(`${e.at} ${n.text}`);
  };
};

describe('leadership transfer (dissertation §3.10)', () => {
  it('to an up-to-date follower: TimeoutNow at once, the target wins the next term', () => {
    const { sim, leader, term } = withLeader();
    const to = leader === 5 ? 4 : 5;
    const notes: string[] = [];
    sections(sim, notes);
    expect(sim.transferLeadership(leader, to)).toBe(true);
    expect(sim.messages().some((m) => m.type === 'TimeoutNow' && m.to === to)).toBe(true);
    sim.advance(300);
    expect(sim.leader()).toBe(to);
    expect(sim.server(to).term).toBe(term + 1);
    expect(sim.server(leader).role).toBe('follower');
    expect(notes.some((n) => n.includes(`S${to} gets TimeoutNow from S${leader}`))).toBe(true);
    expect(sim.violations()).toEqual([]);
  });

  it('to a lagging follower: the leader brings it up to date first, then sends TimeoutNow', () => {
    const { sim, leader, term } = withLeader();
    const to = leader === 5 ? 4 : 5;
    sim.crash(to);
    for (let i = 0; i < 5; i++) sim.submit(`set k${i} ${i}`, { client: 1 });
    sim.advance(1000);
    const committed = sim.server(leader).commitIndex;
    expect(sim.server(to).log.length).toBeLessThan(committed);
    sim.restart(to);
    const sent: { at: number; type: string; entries: number }[] = [];
    sim.onEvent = (e) => {
      const m = e.message;
      if (e.kind === 'deliver' && m && m.to === to && m.from === leader)
        sent.push({
          at: e.at,
          type: m.type,
          entries: (m.fields.entries as unknown[])?.length ?? 0,
        });
    };
    expect(sim.transferLeadership(leader, to)).toBe(true);
    sim.advance(500);
    expect(sim.leader()).toBe(to);
    expect(sim.server(to).term).toBe(term + 1);
    // Entries reached the target before TimeoutNow did; it leads with every committed entry.
    const tn = sent.findIndex((m) => m.type === 'TimeoutNow');
    expect(tn).toBeGreaterThan(0);
    expect(sent.slice(0, tn).some((m) => m.type === 'AppendEntries' && m.entries > 0)).toBe(true);
    expect(sim.server(to).log.length).toBeGreaterThanOrEqual(committed);
    expect(sim.violations()).toEqual([]);
  });

  it('while handing over, the leader takes no requests; clients retry and are served after', () => {
    const { sim, leader } = withLeader(3, { latencyMs: [10, 10] });
    const to = leader === 5 ? 4 : 5;
    sim.isolate(to); // TimeoutNow cannot get through: the transfer hangs
    expect(sim.transferLeadership(leader, to)).toBe(true);
    expect(sim.propose(leader, 'set p 1')).toEqual({
      index: -1,
      term: sim.server(leader).term,
      isLeader: true,
    });
    const op = sim.submit('set during transfer', { client: 2, to: leader });
    sim.advance(100);
    expect(sim.clientOps().find((o) => o.id === op)!.completedAt).toBeNull();
    // Abandoned after an election timeout: the same leader serves again.
    sim.advance(400);
    expect(sim.leader()).toBe(leader);
    expect(sim.inner(leader).transfer).toBeNull();
    expect(sim.propose(leader, 'set p 2').index).toBeGreaterThan(0);
    sim.advance(2000);
    expect(sim.clientOps().find((o) => o.id === op)!.result).toBe('OK');
    expect(sim.violations()).toEqual([]);
  });

  it('is refused (false, nothing recorded) unless from is an up leader and to another member', () => {
    const sim = new Sim({ seed: 3, servers: 5, members: [1, 2, 3, 4] });
    sim.advance(1500);
    const leader = sim.leader()!;
    const follower = [1, 2, 3, 4].find((id) => id !== leader)!;
    const before = sim.actions().length;
    expect(sim.transferLeadership(follower, leader)).toBe(false); // not a leader
    expect(sim.transferLeadership(leader, leader)).toBe(false); // to itself
    expect(sim.transferLeadership(leader, 5)).toBe(false); // not a member
    expect(sim.transferLeadership(leader, 9)).toBe(false); // unknown
    expect(sim.transferLeadership(0, follower)).toBe(false);
    expect(sim.transferLeadership(leader, 1.5)).toBe(false);
    sim.crash(leader);
    expect(sim.transferLeadership(leader, follower)).toBe(false); // down
    expect(sim.actions().length).toBe(before + 1); // the crash only
  });

  it('is a recorded action: replay and a scenario carry it', () => {
    const { sim, leader } = withLeader();
    const to = leader === 1 ? 2 : 1;
    sim.transferLeadership(leader, to);
    sim.advance(1000);
    const actions = sim.actions();
    expect(actions.at(-1)).toMatchObject({ call: 'transferLeadership', args: [leader, to] });
    const options = { seed: 3, servers: 5, clientLoadPerSecond: 10 };
    const copy = replay(options, actions, { time: sim.now, events: sim.stats().events });
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.leader()).toBe(to);
    const scenario = scenarioFrom(options, actions);
    expect(validateScenario(JSON.parse(JSON.stringify(scenario)))).toEqual({
      ok: true,
      scenario,
    });
    const bad = { ...scenario, actions: [{ ...scenario.actions.at(-1)!, args: [2, 2] }] };
    expect(validateScenario(bad)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/itself/),
    });
  });
});
