/**
 * Log compaction, rule by rule (§7 of the paper, Figure 13; dissertation chapter 5).
 * The server is driven through its entry points with a fake environment that
 * records what it sends, applies and installs.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../model/command.ts';
import { entryAt, lastIndex, termAt } from './log.ts';
import { crash, createServer, electionTimeout, heartbeatTimeout, restart, step } from './server.ts';
import type {
  AppendEntries,
  Entry,
  Env,
  InstallSnapshot,
  Message,
  ServerState,
  Snapshot,
} from './types.ts';
import { TEST_CONFIG } from './testing.ts';

const config = TEST_CONFIG;

function harness(snapshotThreshold = 0, snapshotMargin = 0) {
  const sent: Message[] = [];
  const applied: [number, string | null][] = [];
  const installed: [number, number][] = [];
  let uid = 1000;
  const env: Env = {
    now: 0,
    config: { ...config, snapshotThreshold, snapshotMargin },
    randomInt: (lo) => lo,
    nextUid: () => ++uid,
    send: (m) => sent.push(m),
    applied: (_s, index, _e, result) => applied.push([index, result]),
    installed: (_s, snap, before) => installed.push([snap.index, before]),
    note: null,
  };
  return { env, sent, take: () => sent.splice(0), applied, installed };
}

let uidSeq = 0;
const set = (term: number, key: string, value: string, client = 0, seq = 0): Entry => {
  const p = parseCommand(`set ${key} ${value}`);
  if (!p.ok) throw new Error(p.error);
  return { term, uid: ++uidSeq, kind: 'command', command: p.text, cmd: p.command, client, seq };
};

/** A follower in `term` with `log` (entries of terms ≤ term), nothing committed yet. */
function follower(id: number, term: number, log: Entry[]): ServerState {
  return createServer(id, 3, { term, votedFor: null, log });
}

const ae = (over: Partial<AppendEntries>): AppendEntries => ({
  type: 'AppendEntries',
  term: 2,
  from: 1,
  to: 2,
  prevLogIndex: 0,
  prevLogTerm: 0,
  entries: [],
  leaderCommit: 0,
  ...over,
});

const snapshotOf = (index: number, term: number, kv: Record<string, string>): Snapshot => ({
  index,
  term,
  kv: new Map(Object.entries(kv)),
  sessions: new Map([[7, { seq: 3, result: 'OK' }]]),
  membership: { voters: { incoming: [1, 2, 3], outgoing: [] }, index: 0 },
});

const install = (snap: Snapshot, term = 2): InstallSnapshot => ({
  type: 'InstallSnapshot',
  term,
  from: 1,
  to: 2,
  lastIncludedIndex: snap.index,
  lastIncludedTerm: snap.term,
  snapshot: snap,
});

describe('§7 taking a snapshot', () => {
  // Reference: §7, Figure 12
  it('once more than the threshold of applied entries is in the log: state machine and sessions saved, entries discarded', () => {
    const { env, applied } = harness(4);
    const log = [1, 2, 3, 4, 5, 6, 7].map((i) => set(1, `k${i}`, `v${i}`, 9, i));
    const s = follower(2, 1, log);
    // The leader commits 4: four applied entries, not more than the threshold.
    step(s, ae({ term: 1, prevLogIndex: 7, prevLogTerm: 1, leaderCommit: 4 }), env);
    expect(s.snapshot).toBeNull();
    step(s, ae({ term: 1, prevLogIndex: 7, prevLogTerm: 1, leaderCommit: 6 }), env);
    expect(applied.map(([i]) => i)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.snapshot).toMatchObject({ index: 6, term: 1 });
    expect(Object.fromEntries(s.snapshot!.kv)).toEqual(Object.fromEntries(s.kv));
    expect(s.snapshot!.sessions.get(9)).toEqual({ seq: 6, result: 'OK' });
    // The log keeps its absolute indices: 7 is still 7, and 6 is the base of the check.
    expect(s.log.start).toBe(6);
    expect(entryAt(s.log, 6)).toBeUndefined();
    expect(entryAt(s.log, 7)).toBe(log[6]);
    expect(termAt(s.log, 6)).toBe(1);
    expect(lastIndex(s.log)).toBe(7);
    // The snapshot is its own: later changes to the store do not reach it.
    step(s, ae({ term: 1, prevLogIndex: 7, prevLogTerm: 1, leaderCommit: 7 }), env);
    expect(s.kv.get('k7')).toBe('v7');
    expect(s.snapshot!.kv.has('k7')).toBe(false);
  });

  it('never with the threshold at 0 (the default)', () => {
    const { env } = harness(0);
    const s = follower(
      2,
      1,
      [1, 2, 3].map((i) => set(1, `k${i}`, 'v')),
    );
    step(s, ae({ term: 1, prevLogIndex: 3, prevLogTerm: 1, leaderCommit: 3 }), env);
    expect(s.snapshot).toBeNull();
    expect(s.log.start).toBe(0);
  });

  // Reference: §7 ("the snapshot ... is used to restore the state machine")
  it('a restart loads the snapshot, then applies the rest of the log as it commits', () => {
    const { env, applied } = harness(2);
    const s = follower(
      2,
      1,
      [1, 2, 3, 4].map((i) => set(1, `k${i}`, `v${i}`)),
    );
    step(s, ae({ term: 1, prevLogIndex: 4, prevLogTerm: 1, leaderCommit: 3 }), env);
    expect(s.snapshot).toMatchObject({ index: 3 });
    crash(s);
    expect(s.kv.size).toBe(0);
    restart(s, env);
    expect(s).toMatchObject({ lastApplied: 3, commitIndex: 3 });
    expect(Object.fromEntries(s.kv)).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3' });
    applied.length = 0;
    step(s, ae({ term: 1, prevLogIndex: 4, prevLogTerm: 1, leaderCommit: 4 }), env);
    expect(applied.map(([i]) => i)).toEqual([4]);
  });
});

describe('§7 AppendEntries after a snapshot', () => {
  // Reference: §7 ("the first index and term after the snapshot ... for the consistency check")
  it('a request that starts inside the snapshot matches it: the rest is appended', () => {
    const { env, take } = harness(1);
    const log = [1, 2, 3].map((i) => set(1, `k${i}`, 'v'));
    const s = follower(2, 1, log);
    step(s, ae({ term: 1, prevLogIndex: 3, prevLogTerm: 1, leaderCommit: 3 }), env);
    expect(s.log.start).toBe(3);
    take();
    const more = [set(1, 'k4', 'v'), set(1, 'k5', 'v')];
    step(s, ae({ term: 1, prevLogIndex: 2, prevLogTerm: 1, entries: [log[2]!, ...more] }), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntriesReply', success: true, matchIndex: 5 }),
    ]);
    expect(entryAt(s.log, 5)).toBe(more[1]);
    // One that ends inside it matches up to the snapshot.
    step(s, ae({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [log[0]!] }), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntriesReply', success: true, matchIndex: 3 }),
    ]);
    expect(lastIndex(s.log)).toBe(5);
  });
});

describe('§7 InstallSnapshot, Figure 13 receiver rules', () => {
  // Reference: Figure 13, InstallSnapshot receiver, rule 1
  it('a snapshot of a stale term is refused with the current term', () => {
    const { env, take, installed } = harness();
    const s = follower(2, 3, []);
    step(s, install(snapshotOf(5, 1, { x: '1' }), 2), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'InstallSnapshotReply', term: 3, matchIndex: 0 }),
    ]);
    expect(installed).toEqual([]);
  });

  // Reference: Figure 13, rules 6 and 8
  it('an entry with the snapshot’s index and term: entries after it are kept, the state machine replaced', () => {
    const { env, take, installed } = harness();
    const log = [1, 2, 3, 4, 5, 6].map((i) => set(1, `k${i}`, `v${i}`));
    const s = follower(2, 2, log);
    step(s, install(snapshotOf(4, 1, { x: 'from the snapshot' })), env);
    expect(installed).toEqual([[4, 0]]);
    expect(s.log.start).toBe(4);
    expect(entryAt(s.log, 5)).toBe(log[4]);
    expect(entryAt(s.log, 6)).toBe(log[5]);
    expect(s.log.truncations).toBe(0);
    expect(Object.fromEntries(s.kv)).toEqual({ x: 'from the snapshot' });
    expect(s.sessions.get(7)).toEqual({ seq: 3, result: 'OK' });
    expect(s).toMatchObject({ lastApplied: 4, commitIndex: 4, leaderId: 1 });
    expect(take()).toEqual([
      expect.objectContaining({ type: 'InstallSnapshotReply', term: 2, matchIndex: 4 }),
    ]);
    // The installed store is the server's own copy.
    s.kv.set('y', '2');
    expect(s.snapshot!.kv.has('y')).toBe(false);
  });

  // Reference: Figure 13, rule 7
  it('no such entry: the whole log is discarded', () => {
    const { env } = harness();
    const log = [1, 1, 1, 2, 2, 2].map((t, i) => set(t, `k${i}`, 'v'));
    const s = follower(2, 3, log);
    step(s, install(snapshotOf(5, 3, { x: '1' }), 3), env);
    expect(s.log).toMatchObject({ start: 5, startTerm: 3, last: 5 });
    expect(entryAt(s.log, 6)).toBeUndefined();
    // A shorter log: discarded as well, the log is empty after the snapshot.
    const t = follower(2, 3, log.slice(0, 2));
    step(t, install(snapshotOf(5, 3, { x: '1' }), 3), env);
    expect(t.log).toMatchObject({ start: 5, last: 5 });
    expect(t.lastApplied).toBe(5);
  });

  // Reference: etcd raft restore(): a snapshot at or below the commitIndex brings nothing new
  it('a late snapshot at or below the commitIndex is acknowledged, not installed (the state machine never goes back)', () => {
    const { env, take, installed } = harness();
    const log = [1, 2, 3, 4, 5, 6].map((i) => set(1, `k${i}`, `v${i}`));
    const s = follower(2, 2, log);
    step(s, ae({ term: 2, prevLogIndex: 6, prevLogTerm: 1, leaderCommit: 6 }), env);
    take();
    step(s, install(snapshotOf(4, 1, { x: 'old' })), env);
    expect(installed).toEqual([]);
    expect(s).toMatchObject({ lastApplied: 6, commitIndex: 6 });
    expect(s.kv.get('k6')).toBe('v6');
    expect(take()).toEqual([
      expect.objectContaining({ type: 'InstallSnapshotReply', matchIndex: 6 }),
    ]);
  });

  it('a candidate that gets a snapshot from a leader of its term becomes its follower', () => {
    const { env } = harness();
    const s = follower(2, 1, []);
    electionTimeout(s, env);
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 2 });
    step(s, install(snapshotOf(3, 1, { x: '1' }), 2), env);
    expect(s).toMatchObject({ role: 'follower', leaderId: 1, lastApplied: 3 });
  });
});

describe('§7 the leader sends its snapshot', () => {
  /** S1 leads a cluster of 3 in term 1 with `n` committed commands and a snapshot. */
  function leaderWithSnapshot(n: number, margin = 0) {
    const h = harness(3, margin);
    const s = createServer(1, 3);
    electionTimeout(s, h.env);
    for (const p of [2, 3])
      step(s, { type: 'RequestVoteReply', term: 1, from: p, to: 1, voteGranted: true }, h.env);
    expect(s.role).toBe('leader');
    h.take();
    for (let i = 1; i <= n; i++) {
      step(
        s,
        {
          type: 'ClientRequest',
          term: 0,
          from: 0,
          to: 1,
          client: 5,
          seq: i,
          requestId: i,
          command: `set k v${i}`,
        },
        h.env,
      );
      // S2 acknowledges everything; S3 stays silent.
      step(
        s,
        {
          type: 'AppendEntriesReply',
          term: 1,
          from: 2,
          to: 1,
          success: true,
          prevLogIndex: i - 1,
          matchIndex: i,
          conflictTerm: 0,
          conflictIndex: 0,
        },
        h.env,
      );
    }
    return { s, ...h };
  }

  // Reference: §7 ("the leader must occasionally send snapshots to followers that lag behind")
  it('to a follower whose next entry is discarded, and streams entries once it has it', () => {
    const { s, env, take } = leaderWithSnapshot(10);
    expect(s.commitIndex).toBe(10);
    expect(s.snapshot).toMatchObject({ index: 8, term: 1 }); // more than 3 applied: at 4, then 8
    take();
    // S3 answered nothing: probing from index 1, long discarded.
    s.progress[3]!.next = 1;
    heartbeatTimeout(s, env);
    const toS3 = take().filter((m) => m.to === 3);
    expect(toS3).toEqual([
      expect.objectContaining({
        type: 'InstallSnapshot',
        term: 1,
        lastIncludedIndex: 8,
        lastIncludedTerm: 1,
      }),
    ]);
    expect((toS3[0] as InstallSnapshot).snapshot).toBe(s.snapshot);
    step(s, { type: 'InstallSnapshotReply', term: 1, from: 3, to: 1, matchIndex: 8 }, env);
    expect(s.progress[3]).toMatchObject({ match: 8, next: 11, probing: false });
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntries', to: 3, prevLogIndex: 8, prevLogTerm: 1 }),
    ]);
  });

  // Reference: dissertation §5.1 ("the leader must occasionally send its snapshot to
  // followers that lag behind": only those that need an entry it discarded); etcd's
  // SnapshotCatchUpEntries
  it('with a margin, a follower a few entries behind is sent AppendEntries; one behind the kept margin the snapshot', () => {
    const { s, env, take } = leaderWithSnapshot(10, 3);
    expect(s.snapshot).toMatchObject({ index: 8, term: 1 }); // at 4, then 8, as without a margin
    // It kept entries 6 to 8 after the snapshot at 8: the log starts after 5.
    expect(s.log.start).toBe(5);
    expect(entryAt(s.log, 6)).toBeDefined();
    expect(termAt(s.log, 5)).toBe(1);
    take();
    // S3 needs entry 6: kept in the log, so it is sent, with the check at 5.
    s.progress[3]!.next = 6;
    heartbeatTimeout(s, env);
    const toS3 = take().filter((m) => m.to === 3);
    expect(toS3).toEqual([
      expect.objectContaining({ type: 'AppendEntries', prevLogIndex: 5, prevLogTerm: 1 }),
    ]);
    expect((toS3[0] as AppendEntries).entries.map((e) => e.command)).toEqual(
      [6, 7, 8, 9, 10].map((i) => `set k v${i}`),
    );
    // S3 needs entry 5: discarded, so only the snapshot will do.
    s.progress[3]!.next = 5;
    s.progress[3]!.probing = true;
    heartbeatTimeout(s, env);
    expect(take().filter((m) => m.to === 3)).toEqual([
      expect.objectContaining({ type: 'InstallSnapshot', lastIncludedIndex: 8 }),
    ]);
  });
});

describe('dissertation §5.1: entries kept after a snapshot (snapshotMargin)', () => {
  // Reference: §7; dissertation §5.1 (etcd's SnapshotCatchUpEntries)
  it('the snapshot is taken at the applied index; the log is compacted only up to index - margin', () => {
    const { env } = harness(4, 2);
    const log = Array.from({ length: 12 }, (_, i) => set(1, `k${i + 1}`, `v${i + 1}`));
    const s = follower(2, 1, log);
    step(s, ae({ term: 1, prevLogIndex: 12, prevLogTerm: 1, leaderCommit: 6 }), env);
    expect(s.snapshot).toMatchObject({ index: 6, term: 1 });
    expect(s.snapshot!.kv.get('k6')).toBe('v6');
    expect(s.log).toMatchObject({ start: 4, startTerm: 1, last: 12 });
    expect(entryAt(s.log, 4)).toBeUndefined();
    expect(entryAt(s.log, 5)).toBe(log[4]);
    expect(entryAt(s.log, 6)).toBe(log[5]);
    // The next snapshot counts from the last snapshot's index, not from the log's start:
    // more than 4 applied since 6, so at 11, and the log then starts after 9.
    step(s, ae({ term: 1, prevLogIndex: 12, prevLogTerm: 1, leaderCommit: 10 }), env);
    expect(s.snapshot).toMatchObject({ index: 6 });
    step(s, ae({ term: 1, prevLogIndex: 12, prevLogTerm: 1, leaderCommit: 11 }), env);
    expect(s.snapshot).toMatchObject({ index: 11 });
    expect(s.log.start).toBe(9);
    expect(entryAt(s.log, 10)).toBe(log[9]);
  });

  it('never below where the log starts already: a margin larger than the snapshot keeps the whole log', () => {
    const { env } = harness(1, 10);
    const log = [1, 2, 3, 4].map((i) => set(1, `k${i}`, `v${i}`));
    const s = follower(2, 1, log);
    step(s, ae({ term: 1, prevLogIndex: 4, prevLogTerm: 1, leaderCommit: 4 }), env);
    expect(s.snapshot).toMatchObject({ index: 4 });
    expect(s.log.start).toBe(0);
    expect(entryAt(s.log, 1)).toBe(log[0]);
  });

  // Reference: §7 ("the snapshot ... is used to restore the state machine")
  it('a restart loads the snapshot and applies only the entries after it, not those kept before it', () => {
    const { env, applied } = harness(2, 2);
    const log = [1, 2, 3, 4, 5].map((i) => set(1, `k${i}`, `v${i}`));
    const s = follower(2, 1, log);
    step(s, ae({ term: 1, prevLogIndex: 5, prevLogTerm: 1, leaderCommit: 3 }), env);
    expect(s.snapshot).toMatchObject({ index: 3 });
    expect(s.log.start).toBe(1);
    crash(s);
    restart(s, env);
    expect(s).toMatchObject({ lastApplied: 3, commitIndex: 3 });
    expect(Object.fromEntries(s.kv)).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3' });
    expect(entryAt(s.log, 2)).toBe(log[1]); // still in the log, not applied again
    applied.length = 0;
    step(s, ae({ term: 1, prevLogIndex: 5, prevLogTerm: 1, leaderCommit: 5 }), env);
    expect(applied.map(([i]) => i)).toEqual([4, 5]);
    expect(s.kv.get('k5')).toBe('v5');
  });

  // Reference: Figure 2, AppendEntries receiver, rule 2; §7
  it('a follower checks a request among its kept entries against them, one below them from its log start', () => {
    const { env, take } = harness(2, 2);
    const log = [1, 1, 1, 2, 2].map((t, i) => set(t, `k${i + 1}`, 'v'));
    const s = follower(2, 2, log);
    step(s, ae({ term: 2, prevLogIndex: 5, prevLogTerm: 2, leaderCommit: 5 }), env);
    expect(s.snapshot).toMatchObject({ index: 5, term: 2 });
    expect(s.log).toMatchObject({ start: 3, startTerm: 1 });
    take();
    // Kept entry 4 (term 2) matches: entry 6 is appended after it.
    const six = set(2, 'k6', 'v');
    step(s, ae({ term: 2, prevLogIndex: 4, prevLogTerm: 2, entries: [log[4]!, six] }), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntriesReply', success: true, matchIndex: 6 }),
    ]);
    expect(entryAt(s.log, 6)).toBe(six);
    // One starting below the log's start is checked from the start on.
    step(s, ae({ term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [log[1]!, log[2]!] }), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntriesReply', success: true, matchIndex: 3 }),
    ]);
    expect(lastIndex(s.log)).toBe(6);
  });

  // Reference: Figure 13, rules 6 to 8
  it('a leader’s snapshot installed over a log that starts below its own snapshot starts the log at the new one', () => {
    const { env, installed } = harness(2, 2);
    const log = [1, 2, 3, 4, 5, 6].map((i) => set(1, `k${i}`, `v${i}`));
    const s = follower(2, 2, log);
    step(s, ae({ term: 2, prevLogIndex: 6, prevLogTerm: 1, leaderCommit: 3 }), env);
    expect(s.snapshot).toMatchObject({ index: 3 });
    expect(s.log.start).toBe(1);
    step(s, install(snapshotOf(5, 1, { x: 'from the leader' })), env);
    expect(installed).toEqual([[5, 3]]);
    expect(s.snapshot!.index).toBe(5);
    expect(s.log).toMatchObject({ start: 5, last: 6 });
    expect(entryAt(s.log, 6)).toBe(log[5]);
    expect(s).toMatchObject({ lastApplied: 5, commitIndex: 5 });
  });
});
