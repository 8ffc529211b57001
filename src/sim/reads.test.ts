/**
 * Reads without the log (dissertation §6.4, paper §8), through the headless API, in the
 * manner of etcd's interaction tests: ReadIndex, leases, and the two unsafe switches
 * that break them, each caught by the checkers and by the client-history check.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationOptions } from '../model/options.ts';
import { runWithFaults } from './faults.ts';
import { checkClientResults, checkReads } from './randomized/sweep.ts';
import { Sim } from './simulation.ts';

const result = (sim: Sim, op: number) => sim.clientOps().find((o) => o.id === op)!;

/**
 * x = 1 committed; the leader and one follower cut off; the majority elects a new leader
 * and commits x = 2; then a client asks the old leader, which still believes it leads,
 * for x.
 */
function deposedLeaderRead(options: SimulationOptions) {
  const sim = new Sim({ seed: 11, servers: 5, ...options });
  sim.advance(1500);
  const old = sim.leader()!;
  const buddy = old === 1 ? 2 : 1;
  const w1 = sim.submit('set x 1', { client: 1, to: old });
  sim.advance(500);
  expect(result(sim, w1).result).toBe('OK');
  const rest = [1, 2, 3, 4, 5].filter((id) => id !== old && id !== buddy);
  sim.partition([[old, buddy], rest]);
  sim.advance(1500);
  const fresh = sim.leader()!;
  expect(rest).toContain(fresh);
  expect(sim.server(old).role).toBe('leader'); // deposed, and does not know it
  const w2 = sim.submit('set x 2', { client: 2, to: fresh });
  sim.advance(500);
  expect(result(sim, w2).result).toBe('OK');
  const read = sim.submit('get x', { client: 3, to: old });
  return { sim, read, old };
}

describe('ReadIndex (dissertation §6.4)', () => {
  it('a read sent to a deposed leader that still believes it leads is never answered with the old value', () => {
    const { sim, read, old } = deposedLeaderRead({ readMode: 'readIndex' });
    sim.advance(300);
    // The old leader cannot get a majority to acknowledge a round of heartbeats: no answer.
    expect(result(sim, read).completedAt).toBeNull();
    expect(sim.inner(old).reads?.pending.length).toBe(1);
    // Still no answer while the partition lasts (the client retries within the minority).
    sim.advance(2000);
    expect(result(sim, read).completedAt).toBeNull();
    // Healed: the old leader learns of the new term and sends its waiting read away; the
    // client finds the new leader and gets the new value.
    sim.heal();
    sim.advance(3000);
    expect(result(sim, read).result).toBe('2');
    expect(sim.violations()).toEqual([]);
    expect(checkReads(sim)).toEqual([]);
  });

  it('the same schedule with unsafe.staleReads answers the old value, and both checks say so', () => {
    const { sim, read } = deposedLeaderRead({
      readMode: 'readIndex',
      unsafe: { staleReads: true },
    });
    sim.advance(300);
    expect(result(sim, read).result).toBe('1');
    expect(sim.violations().map((v) => v.invariant)).toEqual(['reads-see-committed']);
    expect(checkReads(sim)).toEqual([expect.stringMatching(/"get x" .* answered "1"/)]);
  });

  it('through the log (the default) the deposed leader never answers either', () => {
    const { sim, read } = deposedLeaderRead({});
    sim.advance(2300);
    expect(result(sim, read).completedAt).toBeNull();
    sim.heal();
    sim.advance(3000);
    expect(result(sim, read).result).toBe('2');
    expect(sim.violations()).toEqual([]);
  });

  it('answers after one round trip of heartbeats, from the state machine, with no log entry', () => {
    const sim = new Sim({ seed: 5, servers: 5, readMode: 'readIndex', latencyMs: [10, 10] });
    sim.advance(1500);
    const leader = sim.leader()!;
    sim.submit('set k v', { to: leader });
    sim.advance(500);
    const before = sim.server(leader).log.length;
    const events: string[] = [];
    sim.onEvent = (e) => {
      for (const n of e.notes) if (n.section === 'dissertation §6.4') events.push(n.text);
    };
    const op = sim.submit('get k', { to: leader });
    sim.advance(200);
    const o = result(sim, op);
    // Client to leader 10 ms, heartbeats out and back 20 ms, answer back 10 ms.
    expect(o.result).toBe('v');
    expect(o.completedAt! - o.submittedAt).toBe(40);
    expect(sim.server(leader).log.length).toBe(before); // not through the log
    expect(events[0]).toMatch(/records read index \d+ for "get k"/);
    expect(events[1]).toMatch(/still leads, and answers "get k"/);
    expect(checkClientResults(sim)).toEqual([]);
  });
});

describe('leases (dissertation §6.4.1)', () => {
  it('a leader under its lease answers at once; after a transfer it confirms with a round', () => {
    const sim = new Sim({ seed: 5, servers: 5, readMode: 'lease', latencyMs: [10, 10] });
    sim.advance(1500);
    const leader = sim.leader()!;
    sim.submit('set k v', { to: leader });
    sim.advance(500);
    const op = sim.submit('get k', { to: leader });
    sim.advance(100);
    const o = result(sim, op);
    expect(o.result).toBe('v');
    expect(o.completedAt! - o.submittedAt).toBe(20); // no round trip
    // A transfer ends the lease for the rest of the term (the target is cut off, so the
    // transfer is abandoned and the leader serves again).
    const target = leader === 5 ? 4 : 5;
    sim.setLink(leader, target, false);
    expect(sim.transferLeadership(leader, target)).toBe(true);
    sim.advance(400);
    expect(sim.leader()).toBe(leader);
    expect(sim.inner(leader).transfer).toBeNull();
    const again = sim.submit('get k', { to: leader });
    sim.advance(100);
    const a = result(sim, again);
    expect(a.result).toBe('v');
    expect(a.completedAt! - a.submittedAt).toBe(40); // ReadIndex: a round of heartbeats
    expect(sim.violations()).toEqual([]);
  });

  it('a change of the election timeouts ends the lease for the rest of the term', () => {
    const sim = new Sim({ seed: 5, servers: 5, readMode: 'lease', latencyMs: [10, 10] });
    sim.advance(1500);
    const leader = sim.leader()!;
    sim.setOptions({ electionTimeoutMs: [200, 400] });
    sim.advance(100);
    const op = sim.submit('get k', { to: leader });
    sim.advance(100);
    const o = result(sim, op);
    expect(o.completedAt! - o.submittedAt).toBe(40); // confirmed by a round, not the lease
  });

  it('a restarted voter waits before voting, as if it had just heard from a leader', () => {
    const sim = new Sim({ seed: 5, servers: 3, readMode: 'lease', latencyMs: [10, 10] });
    sim.advance(1500);
    const leader = sim.leader()!;
    const other = [1, 2, 3].filter((id) => id !== leader);
    sim.crash(other[0]!);
    sim.restart(other[0]!);
    expect(sim.inner(other[0]!).leaderSeenAt).toBe(sim.now);
  });

  it('a forced election waits for the lease: the user cannot unseat the leader at once', () => {
    const sim = new Sim({ seed: 5, servers: 3, readMode: 'lease' });
    sim.advance(1500);
    const leader = sim.leader()!;
    const follower = leader === 1 ? 2 : 1;
    const term = sim.server(leader).term;
    sim.timeout(follower);
    expect(sim.server(follower).role).toBe('follower');
    expect(sim.server(follower).term).toBe(term);
    // Without leases a forced election goes ahead.
    const plain = new Sim({ seed: 5, servers: 3 });
    plain.advance(1500);
    plain.timeout(follower);
    expect(plain.server(follower).role).toBe('candidate');
  });
});

describe('unsafe.leaseWithoutVoteWait (dissertation §6.4.1)', () => {
  /**
   * The leader is cut off right after a heartbeat round; a follower's election is forced at
   * once; x = 2 is written through the new leader; then the old leader is asked for x.
   */
  function staleLease(leaseWithoutVoteWait: boolean) {
    const sim = new Sim({
      seed: 4,
      servers: 5,
      readMode: 'lease',
      latencyMs: [10, 10],
      heartbeatMs: 20,
      electionTimeoutMs: [300, 320],
      unsafe: { leaseWithoutVoteWait },
    });
    sim.advance(1500);
    const old = sim.leader()!;
    const w1 = sim.submit('set x 1', { client: 1, to: old });
    sim.advance(200);
    expect(result(sim, w1).result).toBe('OK');
    const rest = [1, 2, 3, 4, 5].filter((id) => id !== old);
    sim.partition([[old], rest]);
    sim.timeout(rest[0]!);
    sim.advance(60);
    const w2 = sim.submit('set x 2', { client: 2, to: rest[0]! });
    sim.advance(60);
    const read = sim.submit('get x', { client: 3, to: old });
    sim.advance(40);
    return { sim, old, w2: result(sim, w2), read: result(sim, read) };
  }

  it('voters that grant at once let a new leader commit while the old one answers under its lease', () => {
    const { sim, w2, read } = staleLease(true);
    expect(w2.result).toBe('OK');
    expect(w2.completedAt!).toBeLessThan(read.submittedAt);
    expect(read.result).toBe('1'); // stale: x = 2 was answered before the read began
    expect(sim.violations().map((v) => v.invariant)).toContain('reads-see-committed');
    expect(checkReads(sim)).toEqual([expect.stringMatching(/"get x" .* answered "1"/)]);
  });

  it('with the vote wait the forced election is refused, and the old leader’s answer is current', () => {
    const { sim, w2, read } = staleLease(false);
    expect(w2.completedAt).toBeNull();
    expect(read.result).toBe('1'); // x = 2 was never committed: 1 is still the value
    sim.advance(3000);
    expect(sim.violations()).toEqual([]);
    expect(checkReads(sim)).toEqual([]);
  });
});

/** The first seed of 1..`seeds` whose client history `checkReads` rejects, or null. */
function searchHistories(options: SimulationOptions, seeds: number): number | null {
  for (let seed = 1; seed <= seeds; seed++) {
    const sim = new Sim({ seed, ...options });
    runWithFaults(sim, {
      seed,
      durationMs: 20_000,
      gapMs: [5, 150],
      weights: { partition: 6, heal: 3, timeout: 8, isolate: 3, connect: 3 },
    });
    sim.advance(3000);
    if (checkReads(sim).length > 0) return seed;
  }
  return null;
}

describe('the client-history check rejects what the unsafe read switches allow', () => {
  const base: SimulationOptions = {
    servers: 5,
    clientLoadPerSecond: 30,
    electionTimeoutMs: [300, 320],
    heartbeatMs: 20,
  };

  it('unsafe.staleReads: a fixed search finds a history that is not linearizable; not without it', () => {
    const found = searchHistories({ ...base, unsafe: { staleReads: true } }, 20);
    expect(found).not.toBeNull();
    console.log(`staleReads: history rejected on seed ${found}`);
    expect(searchHistories({ ...base, readMode: 'readIndex' }, found!)).toBeNull();
  }, 60_000);
});

describe('the read mode of each request', () => {
  it('is the one in force when the read was submitted, kept through later changes and checkpoints', () => {
    const sim = new Sim({ seed: 4 });
    sim.advance(1000);
    const write = sim.submit('set x 1');
    const viaLog = sim.submit('get x');
    sim.setOptions({ readMode: 'readIndex' });
    const viaReadIndex = sim.submit('get   x', { client: 2 });
    sim.setOptions({ readMode: 'lease' });
    const viaLease = sim.submit('get x', { client: 3 });
    sim.setOptions({ unsafe: { staleReads: true } });
    const stale = sim.submit('get x', { client: 4 });
    sim.setOptions({ readMode: 'log', unsafe: { staleReads: false } });
    sim.advance(1000);
    const reads = () =>
      [write, viaLog, viaReadIndex, viaLease, stale].map((id) => sim.clientOpRead(id));
    expect(reads()).toEqual([null, 'log', 'readIndex', 'lease', 'stale']);
    expect(sim.clientOps().every((o) => o.completedAt !== null)).toBe(true);
    expect(sim.clientOpRead(0)).toBeNull();
    expect(sim.clientOpRead(99)).toBeNull();
    const copy = new Sim(sim.save());
    expect(
      [write, viaLog, viaReadIndex, viaLease, stale].map((id) => copy.clientOpRead(id)),
    ).toEqual(reads());
  });
});
