/**
 * Membership changes through the headless API (§6, Figures 10 and 11; dissertation
 * chapter 4): adding, removing and replacing servers, the leader removed, crashes and
 * partitions in the middle of a change, removed servers, single-server mode.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, replay, Sim, type Simulation } from './index.ts';
import { randomInt, stream, STREAM } from './random.ts';

const configs = (sim: Simulation) => sim.servers().map((s) => s.config);
const configEntries = (sim: Simulation, id: number) =>
  sim.server(id).log.filter((e) => e.kind === 'config');

/** A run of 5 servers whose cluster is `members`, with a leader that committed its no-op. */
function cluster(members: number[], extra: ConstructorParameters<typeof Sim>[0] = {}) {
  const sim = new Sim({ seed: 11, servers: 5, members, ...extra });
  sim.advance(1500);
  const leader = sim.leader();
  expect(leader).not.toBeNull();
  return { sim, leader: leader! };
}

describe('§6 starting configuration', () => {
  it('servers outside it start empty and wait: no election, no term, no entries', () => {
    const { sim } = cluster([1, 2, 3]);
    sim.advance(5000);
    for (const id of [4, 5]) {
      expect(sim.server(id)).toMatchObject({ role: 'follower', term: 0, log: [] });
      expect(sim.inner(id).electionDeadline).toBeNull();
    }
    expect(sim.leadersByTerm().every((l) => [1, 2, 3].includes(l.leader))).toBe(true);
    expect(configs(sim)).toEqual(Array(5).fill({ members: [1, 2, 3], old: null }));
    // A forced timeout cannot make an outsider stand for election.
    sim.timeout(4);
    expect(sim.server(4)).toMatchObject({ role: 'follower', term: 0 });
  });
});

describe('§6 joint consensus', () => {
  // Reference: §6, Figure 11; dissertation §4.2.1 (new servers catch up first)
  it('adding a server: it catches up, then C_old,new, then C_new; it applies what the others apply', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    sim.submit('set x 1');
    sim.advance(500);
    const r = sim.proposeConfig(leader, [1, 2, 3, 4]);
    expect(r).toEqual({ index: 0, term: sim.server(leader).term, isLeader: true });
    // Catching up: S4 receives the log before any configuration entry exists.
    expect(configEntries(sim, leader)).toEqual([]);
    sim.advance(1000);
    expect(configEntries(sim, leader).map((e) => [e.members, e.old])).toEqual([
      [
        [1, 2, 3, 4],
        [1, 2, 3],
      ],
      [[1, 2, 3, 4], undefined],
    ]);
    for (const id of [1, 2, 3, 4]) {
      expect(sim.server(id).config).toEqual({ members: [1, 2, 3, 4], old: null });
      expect(sim.server(id).kv.x).toBe('1');
    }
    expect(sim.server(5).log).toEqual([]);
    expect(sim.violations()).toEqual([]);
  });

  // Reference: §6 ("the leader steps down once C_new is committed")
  it('removing the leader: it manages the cluster until C_new commits, then steps down', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    const rest = [1, 2, 3].filter((x) => x !== leader);
    const term = sim.server(leader).term;
    const r = sim.proposeConfig(leader, rest);
    expect(r.index).toBeGreaterThan(0);
    // Still leading while C_old,new, then C_new, commit.
    let steppedDownAt = -1;
    for (let t = 0; t < 2000 && steppedDownAt < 0; t++) {
      sim.advance(1);
      const s = sim.server(leader);
      if (s.role !== 'leader') {
        steppedDownAt = t;
        // C_new is committed on the old leader when it steps down, and it is not in it.
        const cnew = s.log.findLast((e) => e.kind === 'config')!;
        expect(cnew).toMatchObject({ members: rest });
        expect(cnew.old).toBeUndefined();
        expect(s.commitIndex).toBeGreaterThanOrEqual(cnew.index);
        expect(s.term).toBe(term);
      }
    }
    expect(steppedDownAt).toBeGreaterThanOrEqual(0);
    sim.advance(3000);
    const next = sim.leader();
    expect(rest).toContain(next);
    // The old leader waits: no election timer, it never campaigns again.
    expect(sim.inner(leader).electionDeadline).toBeNull();
    expect(
      sim
        .leadersByTerm()
        .filter((l) => l.term > term)
        .every((l) => l.leader !== leader),
    ).toBe(true);
    sim.submit('set y 2');
    sim.advance(1000);
    for (const id of rest) expect(sim.server(id).kv.y).toBe('2');
    expect(sim.violations()).toEqual([]);
  });

  it('replacing a majority: 3 servers to 3 others through C_old,new', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    const r = sim.proposeConfig(leader, [3, 4, 5]);
    expect(r.index).toBe(0); // S4 and S5 catch up first
    sim.advance(4000);
    const now = sim.leader()!;
    expect([3, 4, 5]).toContain(now);
    for (const id of [3, 4, 5])
      expect(sim.server(id).config).toEqual({ members: [3, 4, 5], old: null });
    const entries = configEntries(sim, now);
    expect(entries.map((e) => e.old ?? null)).toEqual([[1, 2, 3], null]);
    sim.submit('set z 3');
    sim.advance(1000);
    for (const id of [3, 4, 5]) expect(sim.server(id).kv.z).toBe('3');
    expect(sim.violations()).toEqual([]);
  });

  // Reference: §6 (C_old,new may be lost with its leader, or completed by the next)
  it('the leader crashes right after appending C_old,new: the cluster ends in one configuration', () => {
    const { sim, leader } = cluster([1, 2, 3, 4, 5].slice(0, 5), { members: undefined });
    const r = sim.proposeConfig(leader, [1, 2, 3].filter((x) => x !== leader).concat([4]));
    expect(r.index).toBeGreaterThan(0);
    sim.crash(leader);
    sim.advance(3000);
    const next = sim.leader()!;
    expect(next).not.toBeNull();
    const cfg = sim.server(next).config;
    expect(cfg.old).toBeNull(); // no one is left halfway
    sim.submit('set a 1');
    sim.advance(1000);
    for (const id of cfg.members) if (sim.server(id).up) expect(sim.server(id).kv.a).toBe('1');
    expect(sim.violations()).toEqual([]);
  });

  it('the leader crashes after C_old,new commits: the next leader appends C_new', () => {
    const { sim, leader } = cluster([1, 2, 3, 4, 5]);
    const target = [1, 2, 3, 4, 5].filter((x) => x !== leader && x !== (leader % 5) + 1);
    const r = sim.proposeConfig(leader, target);
    expect(r.index).toBeGreaterThan(0);
    // Until C_old,new is committed (but not yet C_new).
    for (let i = 0; i < 1000 && sim.server(leader).commitIndex < r.index; i++) sim.step();
    expect(sim.server(leader).commitIndex).toBe(r.index);
    // It appended C_new in the same step: cut it off before C_new leaves, then crash it.
    expect(configEntries(sim, leader).at(-1)!.old).toBeUndefined();
    sim.isolate(leader);
    sim.crash(leader);
    sim.advance(3000);
    const next = sim.leader()!;
    expect(target).toContain(next);
    const entries = configEntries(sim, next);
    expect(entries.at(-1)).toMatchObject({ members: target });
    expect(entries.at(-1)!.old).toBeUndefined();
    expect(entries.at(-1)!.term).toBe(sim.server(next).term); // appended by the new leader
    expect(sim.violations()).toEqual([]);
  });

  // Reference: §6 (while joint, a commit needs both majorities)
  it('a partition between C_old and C_new stops the change until it heals', () => {
    const { sim, leader } = cluster([1, 2, 3, 4, 5]);
    const others = [1, 2, 3, 4, 5].filter((x) => x !== leader);
    // C_new: the leader and two others; the remaining two are cut off with one of C_new.
    const cnew = [leader, others[0]!, others[1]!];
    const r = sim.proposeConfig(leader, cnew);
    expect(r.index).toBeGreaterThan(0);
    sim.partition([[leader], others]);
    sim.advance(600);
    // Nobody can commit C_old,new: the leader has no majority of C_new nor of C_old.
    expect(sim.server(leader).commitIndex).toBeLessThan(r.index);
    sim.heal();
    sim.advance(4000);
    const next = sim.leader()!;
    expect(sim.server(next).config.old).toBeNull();
    expect(sim.violations()).toEqual([]);
  });

  // Reference: §6, dissertation §4.2.3 (disruptive servers)
  it('a removed server that keeps timing out does not disrupt the cluster', () => {
    const { sim, leader } = cluster([1, 2, 3, 4]);
    const removed = [1, 2, 3, 4].find((x) => x !== leader)!;
    // Cut the removed server off while the change goes through: it never hears of C_new.
    sim.isolate(removed);
    const r = sim.proposeConfig(
      leader,
      [1, 2, 3, 4].filter((x) => x !== removed),
    );
    expect(r.index).toBeGreaterThan(0);
    sim.advance(1000);
    const term = sim.server(leader).term;
    sim.connect(removed);
    sim.advance(10_000);
    // It campaigned again and again, and nobody followed it.
    expect(sim.server(removed).term).toBeGreaterThan(term + 5);
    expect(sim.leader()).toBe(leader);
    expect(sim.server(leader).term).toBe(term);
    expect(sim.violations()).toEqual([]);
    // A forced timeout still forces an election.
    const member = [1, 2, 3, 4].find((x) => x !== leader && x !== removed)!;
    sim.timeout(member);
    sim.advance(2000);
    expect(sim.server(leader).term).toBeGreaterThan(term);
  });
});

describe('one change at a time (§6; dissertation §4.1)', () => {
  it('refuses: not a leader, a change in progress, nothing committed in its term, no change', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    const follower = [1, 2, 3].find((x) => x !== leader)!;
    expect(sim.proposeConfig(follower, [1, 2])).toMatchObject({ index: -1, isLeader: false });
    expect(sim.proposeConfig(leader, [3, 2, 1]).index).toBe(-1); // no change
    const first = sim.proposeConfig(
      leader,
      [1, 2, 3].filter((x) => x !== follower),
    );
    expect(first.index).toBeGreaterThan(0);
    expect(sim.proposeConfig(leader, [1, 2, 3]).index).toBe(-1); // in progress
    sim.advance(1000);
    // A new leader without an entry of its term committed refuses.
    const quiet = createSimulation({ seed: 11, servers: 3, leaderNoop: false });
    quiet.advance(1500);
    const l = quiet.leader()!;
    expect(quiet.proposeConfig(l, [1, 2]).index).toBe(-1);
    quiet.submit('set x 1');
    quiet.advance(500);
    expect(quiet.proposeConfig(l, [1, 2]).index).toBeGreaterThan(0);
  });

  // Reference: dissertation §4.1 (single-server changes)
  it('single mode: one server at a time, no joint phase; a double change is refused', () => {
    const { sim, leader } = cluster([1, 2, 3], { membership: 'single' });
    const before = sim.actions().length;
    expect(sim.proposeConfig(leader, [1, 2, 3, 4, 5]).index).toBe(-1);
    expect(sim.actions().length).toBe(before + 1); // refused, yet recorded (as propose is)
    expect(sim.proposeConfig(leader, [1, 2, 3, 4]).index).toBe(0); // S4 catches up first
    sim.advance(1000);
    expect(configEntries(sim, leader).map((e) => [e.members, e.old ?? null])).toEqual([
      [[1, 2, 3, 4], null],
    ]);
    expect(sim.proposeConfig(leader, [1, 2, 3, 4, 5]).index).toBe(0);
    sim.advance(1000);
    expect(sim.server(5).config).toEqual({ members: [1, 2, 3, 4, 5], old: null });
    expect(sim.violations()).toEqual([]);
  });

  // Reference: dissertation §4.2.1 (a new server that cannot catch up: the change is dropped)
  it('a new server that is down never catches up: the change is dropped and another may start', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    sim.crash(4);
    expect(sim.proposeConfig(leader, [1, 2, 3, 4]).index).toBe(0);
    expect(sim.proposeConfig(leader, [1, 2]).index).toBe(-1); // still catching up
    sim.advance(5000);
    expect(configEntries(sim, leader)).toEqual([]);
    expect(sim.inner(leader).catchUp).toBeNull();
    expect(sim.proposeConfig(leader, [1, 2, 3, 5]).index).toBe(0);
    sim.advance(1000);
    expect(sim.server(5).config.members).toEqual([1, 2, 3, 5]);
  });
});

describe('proposeConfig as a recorded action', () => {
  it('bad input throws and leaves the run unchanged', () => {
    const { sim, leader } = cluster([1, 2, 3]);
    const hash = sim.traceHash();
    const count = sim.actions().length;
    for (const bad of [[], [1, 1], [0, 1], [6], [1.5], 'x'] as unknown as number[][])
      expect(() => sim.proposeConfig(leader, bad)).toThrow(/members/);
    expect(() => sim.proposeConfig(9, [1, 2])).toThrow(/No server 9/);
    expect(sim.traceHash()).toBe(hash);
    expect(sim.actions().length).toBe(count);
  });

  it('a checkpoint taken mid-change (learners catching up, then joint) continues exactly', () => {
    const { sim, leader } = cluster([1, 2, 3], { clientLoadPerSecond: 20 });
    expect(sim.proposeConfig(leader, [3, 4, 5]).index).toBe(0);
    const copies: Sim[] = [];
    for (const ms of [1, 40, 60, 100]) {
      sim.advance(ms);
      copies.push(new Sim(sim.save()));
    }
    expect(copies.some((c) => c.inner(leader).catchUp !== null)).toBe(true);
    expect(copies.some((c) => c.server(leader).config.old !== null)).toBe(true);
    sim.advance(3000);
    for (const copy of copies) {
      copy.advance(sim.now - copy.now);
      expect(copy.traceHash()).toBe(sim.traceHash());
      expect(copy.servers()).toEqual(sim.servers());
    }
    expect(sim.server(sim.leader()!).config).toEqual({ members: [3, 4, 5], old: null });
  });

  it('replays to the same run, with configuration changes among the actions', () => {
    const { sim, leader } = cluster([1, 2, 3], { clientLoadPerSecond: 20 });
    sim.proposeConfig(leader, [2, 3, 4, 5]);
    sim.advance(800);
    sim.crash(sim.leader()!);
    sim.advance(1500);
    const l = sim.leader();
    if (l !== null) sim.proposeConfig(l, [2, 3, 4]);
    sim.advance(1500);
    const again = replay(
      { seed: 11, servers: 5, members: [1, 2, 3], clientLoadPerSecond: 20 },
      sim.actions(),
      {
        time: sim.now,
      },
    );
    expect(again.traceHash()).toBe(sim.traceHash());
    expect(again.servers()).toEqual(sim.servers());
    expect(sim.actions().filter((a) => a.call === 'proposeConfig').length).toBeGreaterThan(0);
  });
});

// Reference: §6, Figure 10 ("it is possible for two leaders to be elected for the same term",
// one by a majority of C_old, one by a majority of C_new)
describe('Figure 10: why two phases', () => {
  /** 3 servers to 5 at once while a random partition stands, then a forced election on each side. */
  function figure10(seed: number, directConfigChange: boolean): Sim {
    const rng = stream(seed, STREAM.faults, 10);
    const sim = new Sim({ seed, servers: 5, members: [1, 2, 3], unsafe: { directConfigChange } });
    sim.advance(1000);
    const leader = sim.leader()!;
    const groups: number[][] = [[], []];
    for (let id = 1; id <= 5; id++) groups[randomInt(rng, 0, 1)]!.push(id);
    sim.partition(groups.filter((g) => g.length > 0));
    sim.proposeConfig(leader, [1, 2, 3, 4, 5]);
    sim.advance(randomInt(rng, 0, 400));
    for (const g of groups) {
      const others = g.filter((id) => id !== leader);
      if (others.length > 0) sim.timeout(others[randomInt(rng, 0, others.length - 1)]!);
    }
    sim.advance(1500);
    return sim;
  }

  it('the unsafe switch: a fixed search finds two leaders in one term, by disjoint majorities', () => {
    let found: Sim | null = null;
    let seed = 1;
    for (; seed <= 40 && found === null; seed++) {
      const sim = figure10(seed, true);
      if (sim.violations()[0]?.invariant === 'election-safety') found = sim;
    }
    expect(found, 'no seed in 1..40 elected two leaders in one term').not.toBeNull();
    const v = found!.violations()[0]!;
    expect(v.detail).toMatch(
      /^Two leaders in term \d+: S\d and S\d \(S\d by the votes of .* under /,
    );
    // The two leaders' configurations: one side used C_old {1, 2, 3}, the other C_new {1..5}.
    const [a, b] = [...v.detail.matchAll(/S(\d)/g)].slice(0, 2).map((m) => Number(m[1]));
    const sizes = [a!, b!].map((id) => {
      // The configuration each uses: S1, S2 (cut off) never saw C_new.
      const cfgs = found!.inner(id).configs;
      return cfgs[cfgs.length - 1]!.voters.incoming.length;
    });
    expect(sizes.sort()).toEqual([3, 5]);
    // Every seed up to the one found is clean with joint consensus.
    for (let s = 1; s < seed; s++) expect(figure10(s, false).violations(), `seed ${s}`).toEqual([]);
  });
});

// Reference: §6 (clients follow the cluster), §8 (redirects to the leader)
describe('leader(), submit and the built-in clients follow the changes', () => {
  it('after every server is replaced, they find the new members and every request completes', () => {
    const sim = new Sim({ seed: 4, servers: 6, members: [1, 2, 3], clientLoadPerSecond: 20 });
    sim.advance(1000);
    const old = sim.leader()!;
    expect([1, 2, 3]).toContain(old);
    // A client that knows the old leader: its next request goes there first.
    const first = sim.submit('set before 1', { client: 2 });
    sim.advance(300);
    expect(sim.clientOps().find((o) => o.id === first)?.result).toBe('OK');
    const before = sim.clientOps().length;
    expect(sim.proposeConfig(old, [4, 5, 6]).index).toBe(0);
    sim.advance(3000);
    const now = sim.leader();
    expect(now, 'leader() names a server of C_new').not.toBeNull();
    expect([4, 5, 6]).toContain(now);
    expect(sim.server(old).role).toBe('follower');
    const a = sim.submit('set after 1', { client: 2 });
    const b = sim.submit('set after 2');
    sim.advance(3000);
    const ops = sim.clientOps();
    for (const id of [a, b]) expect(ops.find((o) => o.id === id)?.result).toBe('OK');
    // The steady load kept going through the change: every request made during it or
    // after completed (none left waiting on a removed server).
    const later = ops.filter((o) => o.id > before && o.submittedAt < sim.now - 2000);
    expect(later.length).toBeGreaterThan(20);
    expect(later.filter((o) => o.completedAt === null)).toEqual([]);
    // The commands are on the new members, applied once.
    for (const id of [4, 5, 6]) expect(sim.server(id).kv).toMatchObject({ after: '2' });
    expect(sim.violations()).toEqual([]);
  });

  it('a change that adds a server: leader() keeps the leader, clients use the new one too', () => {
    const sim = new Sim({ seed: 7, servers: 4, members: [1, 2, 3] });
    sim.advance(800);
    const l = sim.leader()!;
    sim.proposeConfig(l, [1, 2, 3, 4]);
    sim.advance(1000);
    expect(sim.server(l).config).toEqual({ members: [1, 2, 3, 4], old: null });
    // A request sent to the new server is redirected to the leader and completes.
    const op = sim.submit('set via 4', { to: 4 });
    sim.advance(1000);
    expect(sim.clientOps().find((o) => o.id === op)?.result).toBe('OK');
    expect(sim.server(4).kv.via).toBe('4');
    // With the leader down, S4 counts in the election that follows (3 of 4 needed).
    sim.crash(l);
    sim.advance(2000);
    const next = sim.leader()!;
    expect(next).not.toBe(l);
    expect(Object.values(sim.inner(next).votes).filter(Boolean).length).toBeGreaterThanOrEqual(3);
  });
});
