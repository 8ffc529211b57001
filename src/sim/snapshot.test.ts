/**
 * Log compaction through the headless API (§7; issue 11): the option, a restart
 * from a snapshot with a continuous applied sequence, a follower far behind
 * caught up by InstallSnapshot, and runs with snapshots replayed exactly.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, replay } from './index.ts';
import { Sim } from './simulation.ts';
import type { LogEntry } from './types.ts';

function submitMany(sim: Sim, n: number, prefix = 'k'): void {
  for (let i = 0; i < n; i++) sim.submit(`set ${prefix}${i % 7} ${i}`, { client: 1 + (i % 3) });
}

/** The applied sequence of a server: continuous from index 1. */
function expectContinuous(applied: LogEntry[]): void {
  expect(applied.map((e) => e.index)).toEqual(applied.map((_, i) => i + 1));
}

/**
 * Option `name` is refused when negative, fractional or too large (at the start and by
 * setOptions), and a valid value set by setOptions is recorded as an action.
 */
function validatedAndRecorded(name: 'snapshotThreshold' | 'snapshotMargin', value: number) {
  const pattern = new RegExp(name);
  expect(() => createSimulation({ [name]: -1 })).toThrow(pattern);
  expect(() => createSimulation({ [name]: 2.5 })).toThrow(pattern);
  const sim = createSimulation({ seed: 2, servers: 3 });
  expect(() => sim.setOptions({ [name]: 1e9 })).toThrow(pattern);
  sim.setOptions({ [name]: value });
  expect(sim.actions()).toEqual([
    { at: 0, events: 0, call: 'setOptions', args: [{ [name]: value }] },
  ]);
  return sim;
}

describe('snapshotThreshold', () => {
  it('is off by default: logs keep every entry', () => {
    const sim = createSimulation({ seed: 1, servers: 3, clientLoadPerSecond: 40 });
    sim.advance(5000);
    for (const s of sim.servers()) {
      expect(s.snapshot).toBeNull();
      expect(s.log[0]?.index).toBe(1);
    }
  });

  it('is validated, at the start and by setOptions, and recorded', () => {
    const sim = validatedAndRecorded('snapshotThreshold', 5);
    sim.advance(1000);
    submitMany(sim as Sim, 20);
    sim.advance(3000);
    expect(sim.servers().every((s) => s.snapshot !== null)).toBe(true);
  });
});

describe('§7 log compaction through the API', () => {
  it('bounds the logs; the log view starts after the snapshot', () => {
    const threshold = 20;
    const sim = new Sim({
      seed: 3,
      servers: 5,
      clientLoadPerSecond: 50,
      snapshotThreshold: threshold,
    });
    let longest = 0;
    for (let t = 0; t < 60; t++) {
      sim.advance(1000);
      for (const s of sim.servers()) longest = Math.max(longest, s.log.length);
    }
    for (const s of sim.servers()) {
      expect(s.snapshot).not.toBeNull();
      expect(s.log[0]!.index).toBe(s.snapshot!.index + 1);
      expect(s.snapshot!.index).toBeLessThanOrEqual(s.lastApplied);
      expectContinuous(sim.applied(s.id));
    }
    expect(sim.server(1).commitIndex).toBeGreaterThan(2000);
    // Applied but not yet snapshotted, plus what is not yet applied.
    expect(longest).toBeLessThan(threshold + 30);
    expect(sim.violations()).toEqual([]);
  });

  it('snapshot, crash, restart: the state machine comes back from the snapshot and the applied sequence goes on without a gap', () => {
    const sim = new Sim({ seed: 4, servers: 3, snapshotThreshold: 10 });
    sim.advance(1000);
    submitMany(sim, 40);
    sim.advance(3000);
    const follower = sim.servers().find((s) => s.role === 'follower')!.id;
    const before = sim.server(follower);
    const appliedBefore = sim.applied(follower);
    expect(before.snapshot).not.toBeNull();
    expect(appliedBefore).toHaveLength(before.lastApplied);
    sim.crash(follower);
    sim.restart(follower);
    // Right after the restart: the snapshot is loaded, nothing else applied yet.
    const back = sim.server(follower);
    expect(back.lastApplied).toBe(before.snapshot!.index);
    expect(back.commitIndex).toBe(before.snapshot!.index);
    expect(sim.applied(follower)).toEqual(appliedBefore.slice(0, before.snapshot!.index));
    // What the snapshot holds is the store after applying its last entry.
    const other = sim.applied(sim.leader()!);
    const expected: Record<string, string> = {};
    for (const e of other.slice(0, before.snapshot!.index))
      if (e.command) expected[e.command.split(' ')[1]!] = e.command.split(' ')[2]!;
    expect(back.kv).toEqual(expected);
    // Then the rest of the log is applied again, and new commands too.
    submitMany(sim, 15, 'after');
    sim.advance(3000);
    const leader = sim.leader()!;
    const mine = sim.applied(follower);
    expectContinuous(mine);
    expect(mine).toEqual(sim.applied(leader).slice(0, mine.length));
    expect(sim.server(follower).lastApplied).toBe(sim.server(leader).lastApplied);
    expect(sim.server(follower).kv).toEqual(sim.server(leader).kv);
    expect(sim.violations()).toEqual([]);
  });

  it('a follower down for a long time catches up by InstallSnapshot', () => {
    const sim = new Sim({ seed: 5, servers: 3, snapshotThreshold: 10 });
    sim.advance(1000);
    const leader = sim.leader()!;
    const lagging = leader === 3 ? 2 : 3;
    sim.crash(lagging);
    submitMany(sim, 60);
    sim.advance(5000);
    const snap = sim.server(leader).snapshot!;
    expect(snap.index).toBeGreaterThan(30);
    expect(sim.stats().messagesSent.InstallSnapshot ?? 0).toBe(0);
    const received: string[] = [];
    sim.onEvent = (e) => {
      if (e.kind === 'deliver' && e.message?.to === lagging) received.push(e.message.type);
    };
    sim.restart(lagging);
    sim.advance(3000);
    sim.onEvent = null;
    // The leader sent its snapshot (the entries the follower needed were gone) ...
    expect(received).toContain('InstallSnapshot');
    expect(sim.stats().messagesSent.InstallSnapshot).toBeGreaterThan(0);
    expect(received.indexOf('InstallSnapshot')).toBeLessThan(received.lastIndexOf('AppendEntries'));
    // ... the follower took it, then the entries after it.
    const caught = sim.server(lagging);
    expect(caught.snapshot!.index).toBeGreaterThanOrEqual(snap.index);
    expect(caught.lastApplied).toBe(sim.server(leader).lastApplied);
    expect(caught.kv).toEqual(sim.server(leader).kv);
    // Its applied sequence is continuous: the entries the snapshot stands for, then the rest.
    expectContinuous(sim.applied(lagging));
    expect(sim.applied(lagging)).toEqual(sim.applied(leader));
    expect(sim.violations()).toEqual([]);
    // Client sessions came with the snapshot: a retried old request is not run again.
    const op = sim.submit('append k0 !', { client: 1 });
    sim.advance(2000);
    expect(sim.clientOps().find((o) => o.id === op)?.completedAt).not.toBeNull();
    expect(sim.server(lagging).kv).toEqual(sim.server(leader).kv);
  });

  it('is replayed exactly, and a checkpoint restores it exactly', () => {
    const options = { seed: 6, servers: 5, clientLoadPerSecond: 30, snapshotThreshold: 15 };
    const sim = new Sim(options);
    sim.advance(2000);
    sim.crash(2);
    sim.advance(4000);
    sim.restart(2);
    sim.isolate(3);
    sim.advance(3000);
    const checkpoint = sim.save();
    sim.connect(3);
    sim.advance(4000);
    expect(sim.stats().messagesSent.InstallSnapshot).toBeGreaterThan(0);
    const copy = replay(options, sim.actions(), { time: sim.now, events: sim.stats().events });
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.servers()).toEqual(sim.servers());
    for (let id = 1; id <= 5; id++) expect(copy.applied(id)).toEqual(sim.applied(id));
    const restored = new Sim(checkpoint);
    restored.connect(3);
    restored.advance(4000);
    expect(restored.traceHash()).toBe(sim.traceHash());
    expect(restored.servers()).toEqual(sim.servers());
    // The same run without snapshots differs (the option is part of the run).
    const plain = replay({ ...options, snapshotThreshold: 0 }, sim.actions(), {
      time: sim.now,
      events: sim.stats().events,
    });
    expect(plain.traceHash()).not.toBe(sim.traceHash());
  });
});

describe('snapshotMargin: entries kept after a snapshot (dissertation §5.1)', () => {
  it('is validated, at the start and by setOptions, recorded, and 0 is the run without it', () => {
    validatedAndRecorded('snapshotMargin', 4);
    // A margin of 0 is today's run, hash and all.
    const options = { seed: 7, servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 6 };
    const plain = createSimulation(options);
    const zero = createSimulation({ ...options, snapshotMargin: 0 });
    plain.advance(4000);
    zero.advance(4000);
    expect(zero.traceHash()).toBe(plain.traceHash());
    expect(zero.servers()).toEqual(plain.servers());
  });

  /** The index of the first entry in a server's log (the one after the log's start). */
  const firstIndex = (s: { log: LogEntry[]; snapshot: { index: number } | null }) =>
    s.log[0]?.index ?? (s.snapshot?.index ?? 0) + 1;

  /**
   * A follower down while the leader commits one command at a time, until `until` holds of
   * the leader's log (its first entry, its snapshot) and the lagging server's last index.
   */
  function lagBehind(
    margin: number,
    until: (first: number, snapshot: number, need: number) => boolean,
  ): { sim: Sim; leader: number; lagging: number; need: number } {
    const sim = new Sim({ seed: 5, servers: 3, snapshotThreshold: 10, snapshotMargin: margin });
    sim.advance(1000);
    submitMany(sim, 25);
    sim.advance(2000);
    const leader = sim.leader()!;
    const lagging = leader === 3 ? 2 : 3;
    sim.crash(lagging);
    const need = sim.server(lagging).log.at(-1)!.index + 1;
    const holds = () => {
      const l = sim.server(leader);
      return l.snapshot !== null && until(firstIndex(l), l.snapshot.index, need);
    };
    for (let i = 0; i < 200 && !holds(); i++) {
      sim.submit(`set lag ${i}`, { client: 4 });
      sim.advance(300);
    }
    expect(holds()).toBe(true);
    return { sim, leader, lagging, need };
  }

  /** Restarts the lagging server and returns the types of what it is sent until caught up. */
  function catchUp(sim: Sim, leader: number, lagging: number): string[] {
    const received: string[] = [];
    sim.onEvent = (e) => {
      if (e.kind === 'deliver' && e.message?.to === lagging) received.push(e.message.type);
    };
    sim.restart(lagging);
    sim.advance(3000);
    sim.onEvent = null;
    const caught = sim.server(lagging);
    expect(caught.lastApplied).toBe(sim.server(leader).lastApplied);
    expect(caught.kv).toEqual(sim.server(leader).kv);
    expectContinuous(sim.applied(lagging));
    expect(sim.applied(lagging)).toEqual(sim.applied(leader));
    expect(sim.violations()).toEqual([]);
    return received;
  }

  // The leader has snapshotted past what the follower holds, but kept the entry it needs.
  const keptNeeded = (first: number, snapshot: number, need: number) =>
    snapshot >= need && first <= need;

  it('a follower a few entries behind the leader’s snapshot is sent AppendEntries, not the snapshot', () => {
    const { sim, leader, lagging } = lagBehind(12, keptNeeded);
    const received = catchUp(sim, leader, lagging);
    expect(received).toContain('AppendEntries');
    expect(received).not.toContain('InstallSnapshot');
    expect(sim.stats().messagesSent.InstallSnapshot ?? 0).toBe(0);
  });

  it('without a margin the same follower is sent the snapshot (the behaviour the margin changes)', () => {
    const { sim, leader, lagging } = lagBehind(0, (_f, snapshot, need) => snapshot >= need);
    expect(catchUp(sim, leader, lagging)).toContain('InstallSnapshot');
  });

  it('a follower behind the entries kept is sent the snapshot', () => {
    // The leader's log starts past the entry the follower needs: it was discarded.
    const { sim, leader, lagging } = lagBehind(12, (first, _s, need) => first > need);
    const received = catchUp(sim, leader, lagging);
    expect(received).toContain('InstallSnapshot');
  });

  it('snapshot, crash, restart with kept entries: the state machine comes back from the snapshot, nothing is applied twice', () => {
    const sim = new Sim({ seed: 4, servers: 3, snapshotThreshold: 10, snapshotMargin: 6 });
    sim.advance(1000);
    submitMany(sim, 40);
    sim.advance(3000);
    const follower = sim.servers().find((s) => s.role === 'follower')!.id;
    const before = sim.server(follower);
    expect(before.snapshot).not.toBeNull();
    // Its log starts below its snapshot: it kept entries the snapshot covers.
    expect(before.log[0]!.index).toBeLessThanOrEqual(before.snapshot!.index);
    const appliedBefore = sim.applied(follower);
    sim.crash(follower);
    sim.restart(follower);
    const back = sim.server(follower);
    expect(back.lastApplied).toBe(before.snapshot!.index);
    expect(back.log[0]!.index).toBe(before.log[0]!.index);
    expect(sim.applied(follower)).toEqual(appliedBefore.slice(0, before.snapshot!.index));
    submitMany(sim, 15, 'after');
    sim.advance(3000);
    const leader = sim.leader()!;
    expectContinuous(sim.applied(follower));
    expect(sim.applied(follower)).toEqual(sim.applied(leader));
    expect(sim.server(follower).kv).toEqual(sim.server(leader).kv);
    expect(sim.violations()).toEqual([]);
  });

  it('is replayed exactly, and changes the run', () => {
    const options = {
      seed: 6,
      servers: 5,
      clientLoadPerSecond: 30,
      snapshotThreshold: 15,
      snapshotMargin: 5,
    };
    const sim = new Sim(options);
    sim.advance(2000);
    sim.crash(2);
    sim.advance(1500);
    sim.restart(2);
    sim.isolate(3);
    sim.advance(3000);
    sim.connect(3);
    sim.advance(4000);
    expect(sim.violations()).toEqual([]);
    const copy = replay(options, sim.actions(), { time: sim.now, events: sim.stats().events });
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.servers()).toEqual(sim.servers());
    const plain = replay({ ...options, snapshotMargin: 0 }, sim.actions(), {
      time: sim.now,
      events: sim.stats().events,
    });
    expect(plain.traceHash()).not.toBe(sim.traceHash());
  });
});
