/**
 * The Raft server, rule by rule, section by section of the paper. The server is
 * driven directly through its entry points with a fake environment that records
 * what it sends.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation, Sim } from '../sim/index.ts';
import { append, emptyLog, entryAt, lastIndex } from './log.ts';
import {
  crash,
  createServer,
  electionTimeout,
  heartbeatTimeout,
  narrate,
  propose,
  restart,
  start,
  step,
  transferLeadership,
  type InitialState,
} from './server.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  Entry,
  Env,
  Message,
  RaftConfig,
  RequestVoteReply,
  ServerState,
} from './types.ts';
import { TEST_CONFIG } from './testing.ts';

const config = TEST_CONFIG;

function harness(cfg: Partial<RaftConfig> = {}) {
  const sent: Message[] = [];
  const applied: [number, number, string | null][] = [];
  let uid = 1000;
  const env: Env = {
    now: 0,
    config: { ...config, ...cfg, unsafe: { ...config.unsafe, ...cfg.unsafe } },
    randomInt: (lo) => lo,
    nextUid: () => ++uid,
    send: (m) => sent.push(m),
    applied: (s, index, _e, result) => applied.push([s.id, index, result]),
    installed: () => {},
    note: null,
  };
  const take = () => sent.splice(0);
  return { env, sent, take, applied };
}

let uidSeq = 0;
const e = (term: number, command?: string): Entry =>
  command
    ? {
        term,
        uid: ++uidSeq,
        kind: 'command',
        command,
        cmd: { op: 'set', key: command.split(' ')[1]!, value: command.split(' ')[2]! },
        client: 0,
        seq: 0,
      }
    : { term, uid: ++uidSeq, kind: 'noop', client: 0, seq: 0 };

function server(id: number, n: number, init?: Partial<InitialState>): ServerState {
  return createServer(id, n, { term: 0, votedFor: null, log: [], ...init });
}

/** Makes `s` leader of `term` + 1 in a cluster of n by granting it every vote. */
function elect(s: ServerState, env: Env, n: number): void {
  electionTimeout(s, env);
  for (let p = 1; p <= n; p++) {
    if (p !== s.id)
      step(
        s,
        { type: 'RequestVoteReply', term: s.currentTerm, from: p, to: s.id, voteGranted: true },
        env,
      );
  }
}

const ae = (over: Partial<AppendEntries>): AppendEntries => ({
  type: 'AppendEntries',
  term: 1,
  from: 1,
  to: 2,
  prevLogIndex: 0,
  prevLogTerm: 0,
  entries: [],
  leaderCommit: 0,
  ...over,
});

describe('§5.1 terms', () => {
  // Reference: §5.1; Figure 2, Rules for Servers, All Servers
  it('a server that sees a higher term adopts it and forgets its vote; a leader steps down', () => {
    const { env } = harness();
    const s = server(1, 3);
    elect(s, env, 3);
    expect(s.role).toBe('leader');
    step(s, { type: 'RequestVoteReply', term: 5, from: 2, to: 1, voteGranted: false }, env);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 5, votedFor: null });
    expect(s.electionDeadline).not.toBeNull();
  });

  // Reference: §5.1; Figure 2, RequestVote and AppendEntries receiver, rule 1
  it('a request with a stale term is refused, with the current term in the reply', () => {
    const { env, take } = harness();
    const s = server(2, 3, { term: 4 });
    step(s, ae({ term: 3 }), env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntriesReply', term: 4, success: false }),
    ]);
    step(s, { type: 'RequestVote', term: 3, from: 1, to: 2, lastLogIndex: 9, lastLogTerm: 3 }, env);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'RequestVoteReply', term: 4, voteGranted: false }),
    ]);
  });
});

describe('§5.2 leader election', () => {
  // Reference: §5.2
  it('on timeout a follower becomes a candidate: term + 1, votes for itself, asks everyone', () => {
    const { env, take } = harness();
    const s = server(1, 5, { term: 2 });
    electionTimeout(s, env);
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 3, votedFor: 1 });
    expect(take().map((m) => [m.type, m.to, m.term])).toEqual(
      [2, 3, 4, 5].map((p) => ['RequestVote', p, 3]),
    );
  });

  // Reference: §5.2; Figure 2, RequestVote receiver, rule 2
  it('votes are first come, first served: one per term', () => {
    const { env, take } = harness();
    const s = server(3, 5);
    step(s, { type: 'RequestVote', term: 1, from: 1, to: 3, lastLogIndex: 0, lastLogTerm: 0 }, env);
    step(s, { type: 'RequestVote', term: 1, from: 2, to: 3, lastLogIndex: 0, lastLogTerm: 0 }, env);
    step(s, { type: 'RequestVote', term: 1, from: 1, to: 3, lastLogIndex: 0, lastLogTerm: 0 }, env); // a retry
    expect(take().map((m) => (m as RequestVoteReply).voteGranted)).toEqual([true, false, true]);
    expect(s.votedFor).toBe(1);
    // A new term frees the vote.
    step(s, { type: 'RequestVote', term: 2, from: 2, to: 3, lastLogIndex: 0, lastLogTerm: 0 }, env);
    expect(take()).toEqual([expect.objectContaining({ voteGranted: true, term: 2 })]);
  });

  // Reference: §5.2
  it('votes from a majority win: 3 of 5, not 2', () => {
    const { env } = harness();
    const s = server(1, 5);
    electionTimeout(s, env);
    step(s, { type: 'RequestVoteReply', term: 1, from: 2, to: 1, voteGranted: true }, env);
    step(s, { type: 'RequestVoteReply', term: 1, from: 3, to: 1, voteGranted: false }, env);
    step(s, { type: 'RequestVoteReply', term: 1, from: 2, to: 1, voteGranted: true }, env); // duplicate
    expect(s.role).toBe('candidate');
    step(s, { type: 'RequestVoteReply', term: 1, from: 4, to: 1, voteGranted: true }, env);
    expect(s.role).toBe('leader');
  });

  // Reference: §5.2
  it('a candidate that hears from a leader of its term returns to follower', () => {
    const { env } = harness();
    const s = server(2, 3);
    electionTimeout(s, env);
    step(s, ae({ term: 1, from: 3 }), env);
    expect(s).toMatchObject({ role: 'follower', leaderId: 3, currentTerm: 1 });
  });

  // Reference: §5.2
  it('a split vote is resolved by randomized timeouts in a later term', () => {
    // Four servers; S3 can only hear S1 and S4 only S2: two candidates get two votes each.
    const sim = createSimulation({ seed: 3, servers: 4, electionTimeoutMs: [400, 800] });
    sim.setLink(2, 3, false);
    sim.setLink(1, 4, false);
    sim.timeout(1);
    sim.timeout(2);
    sim.advance(100);
    expect(sim.servers().map((x) => [x.role, x.term, x.votedFor])).toEqual([
      ['candidate', 1, 1],
      ['candidate', 1, 2],
      ['follower', 1, 1],
      ['follower', 1, 2],
    ]);
    expect(sim.leader()).toBeNull();
    sim.heal();
    sim.advance(3000);
    expect(sim.leader()).not.toBeNull();
    expect(sim.server(sim.leader()!).term).toBeGreaterThan(1);
  });
});

describe('§5.4.1 the election restriction', () => {
  const voter = () => server(2, 3, { term: 3, log: [e(1), e(2), e(3)] }); // last entry: index 3, term 3
  const ask = (lastLogIndex: number, lastLogTerm: number, cfg: Partial<RaftConfig> = {}) => {
    const { env, take } = harness(cfg);
    step(voter(), { type: 'RequestVote', term: 4, from: 1, to: 2, lastLogIndex, lastLogTerm }, env);
    return (take()[0] as RequestVoteReply).voteGranted;
  };
  // Reference: §5.4.1
  it('a later last term wins, even with a shorter log', () => expect(ask(1, 4)).toBe(true));
  // Reference: §5.4.1
  it('an earlier last term loses, even with a longer log', () => expect(ask(9, 2)).toBe(false));
  // Reference: §5.4.1
  it('with the same last term, the longer (or equal) log wins', () => {
    expect(ask(3, 3)).toBe(true);
    expect(ask(4, 3)).toBe(true);
    expect(ask(2, 3)).toBe(false);
  });
  // Reference: §5.4.1 (switched off)
  it('unsafe.skipElectionRestriction grants the vote anyway', () => {
    expect(ask(9, 2, { unsafe: { ...config.unsafe, skipElectionRestriction: true } })).toBe(true);
  });
});

describe('§5.3 log replication', () => {
  // Reference: §5.3; Figure 2, AppendEntries receiver, rule 2
  it('the consistency check refuses a missing or mismatched previous entry, with a hint', () => {
    const { env, take } = harness();
    const s = server(2, 3, { term: 5, log: [e(1), e(1), e(2), e(2), e(2)] });
    step(s, ae({ term: 5, prevLogIndex: 7, prevLogTerm: 5 }), env);
    expect(take()[0]).toMatchObject({ success: false, conflictTerm: 0, conflictIndex: 6 });
    step(s, ae({ term: 5, prevLogIndex: 5, prevLogTerm: 4 }), env);
    // Its entry at 5 has term 2, and term 2 starts at index 3.
    expect(take()[0]).toMatchObject({ success: false, conflictTerm: 2, conflictIndex: 3 });
  });

  // Reference: §5.3; Figure 2, AppendEntries receiver, rules 3 and 4
  it('a conflicting entry and all that follow are replaced; a repeated message changes nothing', () => {
    const { env, take } = harness();
    const s = server(2, 3, { term: 3, log: [e(1), e(2), e(2)] });
    const fresh = [e(3, 'set a 1'), e(3, 'set b 2')];
    const m = ae({ term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: fresh });
    step(s, m, env);
    expect([1, 2, 3].map((i) => entryAt(s.log, i)!.term)).toEqual([1, 3, 3]);
    expect(take()[0]).toMatchObject({ success: true, matchIndex: 3 });
    const truncations = s.log.truncations;
    step(s, m, env); // duplicated
    step(s, ae({ term: 3, prevLogIndex: 1, prevLogTerm: 1, entries: fresh.slice(0, 1) }), env); // reordered, shorter
    expect(lastIndex(s.log)).toBe(3);
    expect(s.log.truncations).toBe(truncations);
  });

  // Reference: §5.3; Figure 2, AppendEntries receiver, rule 5
  it('a follower commits up to min(leaderCommit, last new entry)', () => {
    const { env } = harness();
    const s = server(2, 3, { term: 2, log: [e(1), e(1), e(1), e(1)] }); // index 3 and 4 may be stale
    step(s, ae({ term: 2, prevLogIndex: 2, prevLogTerm: 1, leaderCommit: 10 }), env);
    expect(s.commitIndex).toBe(2);
  });

  // Reference: §5.3 (end: the conflicting term and its first index)
  it('fast backtracking: a follower far behind is repaired in a few round trips', () => {
    const sim = new Sim({
      seed: 1,
      servers: 3,
      electionTimeoutMs: [5000, 6000],
      initial: [
        {
          term: 4,
          log: [
            ...Array(300).fill({ term: 1 }),
            ...Array(300).fill({ term: 3 }),
            ...Array(300).fill({ term: 4 }),
          ],
        },
        { term: 4, log: Array(300).fill({ term: 1 }) },
        { term: 2, log: [...Array(300).fill({ term: 1 }), ...Array(500).fill({ term: 2 })] }, // conflicting term 2
      ],
    });
    // Round trips that failed: distinct (follower, prevLogIndex) rejections.
    const rejected = new Set<string>();
    sim.onEvent = (ev) => {
      const m = ev.message;
      if (m?.type === 'AppendEntriesReply' && m.fields.success === false) {
        rejected.add(`${m.from}@${String(m.fields.prevLogIndex)}`);
      }
    };
    sim.timeout(1);
    sim.advance(3000);
    const leaderLog = sim.server(1).log;
    expect(sim.leader()).toBe(1);
    expect(sim.server(2).log).toEqual(leaderLog);
    expect(sim.server(3).log).toEqual(leaderLog);
    // S2 (600 entries missing): one; S3 (500 conflicting entries): two. Not one per entry.
    // (A heartbeat that overtakes a batch can add a rejection; still a handful, not hundreds.)
    const of = (id: number) => [...rejected].filter((r) => r.startsWith(`${id}@`));
    expect(of(2)).toContain('2@900');
    expect(of(3)).toEqual(expect.arrayContaining(['3@900', '3@800']));
    expect(of(2).length).toBeLessThanOrEqual(3);
    expect(of(3).length).toBeLessThanOrEqual(4);
  });
});

describe('§5.4.2 committing entries from previous terms', () => {
  // Reference: §5.4.2; Figure 2, Rules for Servers, Leaders, last rule
  it('an entry of an older term stored on a majority is not committed by counting', () => {
    const { env, take } = harness();
    const s = server(1, 3, { term: 2, log: [e(2, 'set x 2')] });
    elect(s, env, 3); // leader of term 3, no no-op
    take();
    step(
      s,
      {
        type: 'AppendEntriesReply',
        term: 3,
        from: 2,
        to: 1,
        success: true,
        prevLogIndex: 0,
        matchIndex: 1,
        conflictIndex: 0,
        conflictTerm: 0,
      },
      env,
    );
    expect(s.progress[2]!.match).toBe(1);
    expect(s.commitIndex).toBe(0); // on 2 of 3 servers, but of term 2
    // An entry of the current term commits, and with it everything before.
    propose(s, 'set y 3', env);
    const reply: AppendEntriesReply = {
      type: 'AppendEntriesReply',
      term: 3,
      from: 2,
      to: 1,
      success: true,
      prevLogIndex: 1,
      matchIndex: 2,
      conflictIndex: 0,
      conflictTerm: 0,
    };
    step(s, reply, env);
    expect(s.commitIndex).toBe(2);
  });

  // Reference: §5.4.2 (switched off); Figure 8
  it('unsafe.commitOldTermsByCount commits it by counting', () => {
    const { env } = harness({ unsafe: { ...config.unsafe, commitOldTermsByCount: true } });
    const s = server(1, 3, { term: 2, log: [e(2, 'set x 2')] });
    elect(s, env, 3);
    step(
      s,
      {
        type: 'AppendEntriesReply',
        term: 3,
        from: 2,
        to: 1,
        success: true,
        prevLogIndex: 0,
        matchIndex: 1,
        conflictIndex: 0,
        conflictTerm: 0,
      },
      env,
    );
    expect(s.commitIndex).toBe(1);
  });

  // Reference: §8; §5.4.2
  it('a new leader commits a no-op of its term when leaderNoop is on (§8)', () => {
    const { env } = harness({ leaderNoop: true });
    const s = server(1, 1, { term: 1, log: [e(1, 'set x 1')] });
    electionTimeout(s, env);
    expect(entryAt(s.log, 2)).toMatchObject({ kind: 'noop', term: 2 });
    expect(s.commitIndex).toBe(2);
  });
});

describe('§8 clients', () => {
  // Reference: §8 (client sessions; dissertation §6.3)
  it('a retried request runs once and gets the first result', () => {
    const sim = new Sim({ seed: 2, servers: 3 });
    sim.advance(1000);
    const leader = sim.leader()!;
    // Through the API the client retries on its own; here the same (client, seq) arrives twice.
    const s = sim.inner(leader) as ServerState;
    const { env, take } = harness();
    env.now = sim.now;
    const copy = structuredClone(s);
    copy.log = emptyLog();
    for (let i = 1; i <= lastIndex(s.log); i++) append(copy.log, entryAt(s.log, i)!);
    const req = {
      type: 'ClientRequest' as const,
      term: 0,
      from: 0,
      to: leader,
      client: 4,
      seq: 1,
      requestId: 1,
      command: 'append k v',
    };
    step(copy, req, env);
    step(copy, req, env); // retried before the first was committed: recognised, not appended
    const followers = [1, 2, 3].filter((p) => p !== leader);
    for (const p of followers) {
      step(
        copy,
        {
          type: 'AppendEntriesReply',
          term: copy.currentTerm,
          from: p,
          to: leader,
          success: true,
          prevLogIndex: 0,
          matchIndex: lastIndex(copy.log),
          conflictIndex: 0,
          conflictTerm: 0,
        },
        env,
      );
    }
    expect(copy.kv.get('k')).toBe('v'); // executed once: not "vv"
    const replies = take().filter((m) => m.type === 'ClientReply');
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r).toMatchObject({ ok: true, result: 'OK', seq: 1 });
    step(copy, req, env); // retried after it was applied: answered from the session
    expect(take()).toEqual([
      expect.objectContaining({ type: 'ClientReply', ok: true, result: 'OK' }),
    ]);
  });

  // Reference: §8 (client sessions); dissertation §6.3
  it('a retry that arrives while its first copy is uncommitted adds no entry; one reply once committed', () => {
    const { env, take } = harness();
    const s = server(1, 3);
    elect(s, env, 3);
    take();
    const req = {
      type: 'ClientRequest' as const,
      term: 0,
      from: 0,
      to: 1,
      client: 4,
      seq: 7,
      requestId: 1,
      command: 'append k v',
    };
    step(s, req, env);
    expect(lastIndex(s.log)).toBe(1);
    for (let i = 0; i < 3; i++) step(s, req, env); // retries while the followers are silent
    expect(lastIndex(s.log)).toBe(1);
    expect(s.requests.get(4)).toEqual({ seq: 7, index: 1 });
    expect(take().filter((m) => m.type === 'ClientReply')).toEqual([]);
    // A later request of the same client is a new entry.
    step(s, { ...req, seq: 8, command: 'append k w' }, env);
    expect(lastIndex(s.log)).toBe(2);
    const ack = (p: number): AppendEntriesReply => ({
      type: 'AppendEntriesReply',
      term: s.currentTerm,
      from: p,
      to: 1,
      success: true,
      prevLogIndex: 0,
      matchIndex: 2,
      conflictIndex: 0,
      conflictTerm: 0,
    });
    step(s, ack(2), env);
    expect(s.commitIndex).toBe(2);
    expect(s.kv.get('k')).toBe('vw');
    const replies = take().filter((m) => m.type === 'ClientReply');
    expect(replies.map((r) => (r.type === 'ClientReply' ? r.seq : 0))).toEqual([7, 8]);
  });

  // Reference: §8; dissertation §6.3
  it('in a run, retries while commits are stalled leave one copy of the request in the log', () => {
    const sim = new Sim({ seed: 3, servers: 3 });
    sim.advance(1000);
    const leader = sim.leader()!;
    const followers = [1, 2, 3].filter((p) => p !== leader);
    for (const p of followers) sim.crash(p); // the leader stays, but cannot commit
    sim.submit('append r 1', { to: leader });
    sim.advance(10_000); // the client times out and retries, around the ring, many times
    for (const p of followers) sim.restart(p);
    sim.advance(2000);
    expect(sim.clientOps()).toEqual([expect.objectContaining({ result: 'OK' })]);
    expect(sim.stats().messagesSent.ClientRequest).toBeGreaterThan(5);
    for (const v of sim.servers()) {
      expect(v.log.filter((e) => e.command === 'append r 1')).toHaveLength(1);
      expect(v.kv.r).toBe('1');
    }
  });

  // Reference: §8, §5.4.2
  it('a request found only below the leader’s own term is appended again, so that it can commit', () => {
    const { env, take } = harness(); // no leader no-op
    const old: Entry = {
      ...e(1),
      kind: 'command',
      command: 'set a 1',
      cmd: { op: 'set', key: 'a', value: '1' },
      client: 4,
      seq: 1,
    };
    const s = server(1, 3, { term: 1, log: [old] });
    // The index is kept as entries arrive from a leader, too.
    const f = server(2, 3, { term: 1 });
    step(f, ae({ term: 1, from: 3, to: 2, entries: [old] }), env);
    expect(f.requests.get(4)).toEqual({ seq: 1, index: 1 });
    s.requests.set(4, { seq: 1, index: 1 });
    elect(s, env, 3);
    take();
    const req = {
      type: 'ClientRequest' as const,
      term: 0,
      from: 0,
      to: 1,
      client: 4,
      seq: 1,
      requestId: 1,
      command: 'set a 1',
    };
    step(s, req, env);
    // An entry of term 1 commits only below one of term 2 (§5.4.2): a copy of term 2 is added.
    expect(lastIndex(s.log)).toBe(2);
    expect(entryAt(s.log, 2)).toMatchObject({ term: 2, client: 4, seq: 1 });
    step(s, req, env); // now the copy of the current term is recognised
    expect(lastIndex(s.log)).toBe(2);
  });

  // Reference: §8
  it('a follower redirects the client to the leader it knows', () => {
    const { env, take } = harness();
    const s = server(2, 3, { term: 1 });
    step(s, ae({ term: 1, from: 3 }), env);
    take();
    step(
      s,
      {
        type: 'ClientRequest',
        term: 0,
        from: 0,
        to: 2,
        client: 1,
        seq: 1,
        requestId: 1,
        command: 'get x',
      },
      env,
    );
    expect(take()).toEqual([
      expect.objectContaining({ type: 'ClientReply', ok: false, leaderHint: 3 }),
    ]);
  });

  // Reference: §8
  it('every command, get included, goes through the log; retries and redirects are followed', () => {
    const sim = new Sim({ seed: 5, servers: 5 });
    sim.advance(1000);
    const follower = [1, 2, 3, 4, 5].find((p) => p !== sim.leader())!;
    const before = sim.server(sim.leader()!).log.length;
    sim.submit('set x 1', { to: follower });
    sim.submit('get x', { to: follower });
    sim.submit('get nothing');
    sim.advance(1000);
    expect(sim.clientOps().map((o) => o.result)).toEqual(['OK', '1', null]);
    expect(sim.clientOps().every((o) => o.completedAt !== null)).toBe(true);
    const log = sim.server(sim.leader()!).log;
    expect(log.length).toBe(before + 3);
    expect(log.slice(-3).map((e) => e.command)).toEqual(['set x 1', 'get x', 'get nothing']);
  });
});

describe('Figure 2: timers, heartbeats and persistent state', () => {
  const vote = (term: number, from: number, lastLogIndex = 0, lastLogTerm = 0) => ({
    type: 'RequestVote' as const,
    term,
    from,
    to: 2,
    lastLogIndex,
    lastLogTerm,
  });

  // Reference: §5.1 (a leader ignores election timeouts: only followers and candidates time out)
  it('a leader ignores its election timer', () => {
    const { env, take } = harness();
    const s = server(1, 3);
    elect(s, env, 3);
    take();
    electionTimeout(s, env);
    expect(s).toMatchObject({ role: 'leader', currentTerm: 1 });
    expect(take()).toEqual([]);
  });

  // Reference: §5.1, §5.3 (a stale leader learns of a newer leader and follows it)
  it('a stale leader steps down on an AppendEntries of a later term and takes its entries', () => {
    const { env, take } = harness();
    const s = server(1, 3);
    elect(s, env, 3);
    propose(s, 'set a 1', env); // uncommitted, of term 1
    take();
    step(s, ae({ term: 2, from: 3, to: 1, entries: [e(2, 'set b 2')], leaderCommit: 1 }), env);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 2, leaderId: 3, commitIndex: 1 });
    expect(entryAt(s.log, 1)).toMatchObject({ term: 2, command: 'set b 2' });
    expect(s.kv.get('b')).toBe('2');
    expect(s.kv.has('a')).toBe(false);
    expect(take()).toEqual([
      expect.objectContaining({
        type: 'AppendEntriesReply',
        term: 2,
        success: true,
        matchIndex: 1,
      }),
    ]);
  });

  // Reference: §5.2; Figure 2, Rules for Servers, Followers (the timer restarts on a vote granted
  // or on AppendEntries from the current leader, not on a refusal)
  it('granting a vote resets the election timer; refusing one does not', () => {
    const { env } = harness();
    const s = server(2, 5, { term: 1, log: [e(1)] });
    start(s, env);
    expect(s.electionDeadline).toBe(150);
    env.now = 100;
    step(s, vote(2, 1, 1, 1), env);
    expect(s.votedFor).toBe(1);
    expect(s.electionDeadline).toBe(250);
    env.now = 120;
    step(s, vote(2, 3, 1, 1), env); // already voted in term 2
    env.now = 130;
    step(s, vote(3, 4, 0, 0), env); // a later term, but a log behind its own
    expect(s).toMatchObject({ currentTerm: 3, votedFor: null });
    expect(s.electionDeadline).toBe(250);
    env.now = 200;
    step(s, ae({ term: 3, from: 5, to: 2, prevLogIndex: 1, prevLogTerm: 1 }), env);
    expect(s.electionDeadline).toBe(350);
    expect(s.leaderId).toBe(5);
  });

  // Reference: §5.2 (heartbeats: empty AppendEntries carrying the commit index)
  it('the heartbeat timer sends AppendEntries to every follower and is set again', () => {
    const { env, take } = harness();
    const s = server(1, 3);
    elect(s, env, 3);
    take();
    env.now = 50;
    heartbeatTimeout(s, env);
    const sent = take() as AppendEntries[];
    expect(sent.map((m) => [m.type, m.to, m.term, m.entries.length])).toEqual([
      ['AppendEntries', 2, 1, 0],
      ['AppendEntries', 3, 1, 0],
    ]);
    expect(s.heartbeatDeadline).toBe(100);
  });

  // Reference: Figure 2, persistent state on all servers; §5.1 (a server restarts as a follower)
  it('a crash keeps currentTerm, votedFor and the log; the state machine is rebuilt from the log', () => {
    const { env, take, applied } = harness();
    const s = server(2, 3);
    start(s, env);
    step(s, vote(4, 1), env);
    step(s, ae({ term: 4, from: 1, entries: [e(4, 'set a 1')], leaderCommit: 1 }), env);
    expect(s.kv.get('a')).toBe('1');
    crash(s);
    take();
    // Down: messages change nothing and get no answer.
    step(s, ae({ term: 9, from: 3 }), env);
    expect(take()).toEqual([]);
    expect(s.currentTerm).toBe(4);
    restart(s, env);
    expect(s).toMatchObject({
      up: true,
      role: 'follower',
      currentTerm: 4,
      votedFor: 1,
      leaderId: null,
      commitIndex: 0,
      lastApplied: 0,
    });
    expect(s.kv.size).toBe(0);
    expect(lastIndex(s.log)).toBe(1);
    // Its vote of term 4 survived: another candidate of term 4 is refused.
    step(s, vote(4, 3, 1, 4), env);
    expect(take()).toEqual([expect.objectContaining({ voteGranted: false, term: 4 })]);
    // The leader's next heartbeat carries the commit index: the log is applied again.
    step(s, ae({ term: 4, from: 1, prevLogIndex: 1, prevLogTerm: 4, leaderCommit: 1 }), env);
    expect(s.kv.get('a')).toBe('1');
    expect(applied).toEqual([
      [2, 1, 'OK'],
      [2, 1, 'OK'],
    ]);
  });

  // Reference: Figure 2, persistent state (switched off: unsafe.forgetVoteOnRestart)
  it('with unsafe.forgetVoteOnRestart a restarted server votes twice in one term', () => {
    const { env, take } = harness({ unsafe: { ...config.unsafe, forgetVoteOnRestart: true } });
    const s = server(2, 3);
    step(s, vote(4, 1), env);
    crash(s);
    restart(s, env);
    expect(s.votedFor).toBeNull();
    step(s, vote(4, 3), env);
    expect(take().map((m) => (m as RequestVoteReply).voteGranted)).toEqual([true, true]);
  });
});

describe('§5.3 the leader’s side of replication', () => {
  const reply = (over: Partial<AppendEntriesReply>): AppendEntriesReply => ({
    type: 'AppendEntriesReply',
    term: 2,
    from: 2,
    to: 1,
    success: false,
    prevLogIndex: 0,
    matchIndex: 0,
    conflictTerm: 0,
    conflictIndex: 0,
    ...over,
  });

  // Reference: §5.3 (nextIndex backs up on a rejection; a stale or repeated reply changes nothing)
  it('backs nextIndex up on a rejection, and ignores stale and duplicated replies', () => {
    const { env, take } = harness();
    const s = server(1, 3, { term: 1, log: [e(1), e(1), e(1), e(1), e(1)] });
    elect(s, env, 3); // leader of term 2, nextIndex 6 for everyone
    expect(take().filter((m) => m.type === 'AppendEntries')).toHaveLength(2);
    const rejection = reply({ prevLogIndex: 5, conflictIndex: 3 }); // S2's log ends at 2
    step(s, rejection, env);
    expect(s.progress[2]!.next).toBe(3);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'AppendEntries', to: 2, prevLogIndex: 2, prevLogTerm: 1 }),
    ]);
    step(s, rejection, env); // duplicated: answers a probe already superseded
    expect(s.progress[2]!.next).toBe(3);
    expect(take()).toEqual([]);
    step(s, reply({ success: true, prevLogIndex: 2, matchIndex: 5 }), env);
    expect([s.progress[2]!.match, s.progress[2]!.next]).toEqual([5, 6]);
    step(s, reply({ prevLogIndex: 2, conflictIndex: 3 }), env); // reordered, older than the success
    expect([s.progress[2]!.match, s.progress[2]!.next]).toEqual([5, 6]);
    step(s, reply({ success: true, prevLogIndex: 0, matchIndex: 1 }), env); // an old success
    expect(s.progress[2]!.match).toBe(5);
  });

  // Reference: §5.1, §5.3 (a refusal on term grounds answers an older term's message: it says
  // nothing about the follower's log)
  it('a refusal of its own older term’s AppendEntries does not send nextIndex back', () => {
    const { env, take } = harness();
    const s = server(1, 3, { term: 4, log: Array.from({ length: 300 }, () => e(1)) });
    elect(s, env, 3); // leader of term 5, nextIndex 301, probing
    take();
    // An AppendEntries S1 sent as leader of an earlier term reaches S2, now in term 5 too.
    const f = server(2, 3, { term: 5, log: Array.from({ length: 300 }, () => e(1)) });
    step(f, ae({ term: 3, from: 1, to: 2, prevLogIndex: 300, prevLogTerm: 1 }), env);
    const refusal = take()[0] as AppendEntriesReply;
    expect(refusal).toMatchObject({ type: 'AppendEntriesReply', term: 5, success: false });
    step(s, refusal, env);
    expect(s.role).toBe('leader');
    expect(s.progress[2]!.next).toBe(301);
    expect(take()).toEqual([]);
  });

  // Reference: §5.3 (a follower learns of commitment from leaderCommit and applies in order)
  it('followers apply an entry once the leader tells them it is committed', () => {
    const sim = new Sim({ seed: 11, servers: 3 });
    sim.advance(1000);
    const leader = sim.leader()!;
    const follower = [1, 2, 3].find((p) => p !== leader)!;
    const { index } = sim.propose(leader, 'set k v');
    // Step until the leader commits: the follower stores the entry but has not applied it.
    while (sim.server(leader).commitIndex < index) sim.step();
    expect(sim.server(leader).kv.k).toBe('v');
    const f = sim.server(follower);
    expect(f.commitIndex).toBeLessThan(index);
    expect(f.kv.k).toBeUndefined();
    sim.advance(200); // a heartbeat later
    expect(sim.server(follower)).toMatchObject({ commitIndex: index, kv: { k: 'v' } });
  });
});

describe('§8 reads go through the log', () => {
  // Reference: §8 (the state machine: "__proto__" is just a key, end to end)
  it('a key named __proto__ is stored, read and shown like any other', () => {
    const sim = new Sim({ seed: 6, servers: 3 });
    sim.advance(1000);
    sim.submit('get __proto__');
    sim.submit('set __proto__ p');
    sim.submit('get __proto__');
    sim.advance(1000);
    expect(sim.clientOps().map((o) => o.result)).toEqual([null, 'OK', 'p']);
    for (const s of sim.servers()) {
      expect(Object.getOwnPropertyDescriptor(s.kv, '__proto__')?.value).toBe('p');
      expect(Object.getPrototypeOf(s.kv)).toBe(Object.prototype);
    }
  });

  // Reference: §8 (a leader cut off from the majority must not answer from its own state)
  it('a deposed leader that does not know it never answers a get with a stale value', () => {
    const sim = new Sim({ seed: 4, servers: 5 });
    sim.advance(1000);
    const old = sim.leader()!;
    sim.submit('set x 1');
    sim.advance(500);
    expect(sim.clientOps()[0]!.result).toBe('OK');
    const others = [1, 2, 3, 4, 5].filter((p) => p !== old);
    sim.partition([[old], others]);
    sim.advance(2000);
    const fresh = sim.leader()!;
    expect(others).toContain(fresh);
    expect(sim.server(old).role).toBe('leader'); // it still believes it leads its old term
    sim.submit('set x 2', { client: 2, to: fresh });
    sim.advance(1000);
    let staleAnswers = 0;
    sim.onEvent = (ev) => {
      const m = ev.message;
      if (m?.type === 'ClientReply' && m.from === old && m.fields.ok === true) staleAnswers++;
    };
    const get = sim.submit('get x', { client: 3, to: old });
    sim.advance(5000);
    const op = sim.clientOps().find((o) => o.id === get)!;
    expect(op.result).toBe('2');
    expect(staleAnswers).toBe(0);
    // The old leader appended the get but never committed it.
    expect(sim.server(old).log.at(-1)).toMatchObject({ command: 'get x' });
    expect(sim.server(old).commitIndex).toBeLessThan(sim.server(old).log.length);
  });
});

describe('§6 quorums of a joint configuration', () => {
  const ok = (from: number, index: number): AppendEntriesReply => ({
    type: 'AppendEntriesReply',
    term: 1,
    from,
    to: 1,
    success: true,
    prevLogIndex: 0,
    matchIndex: index,
    conflictIndex: 0,
    conflictTerm: 0,
  });

  // Reference: §6 ("agreement (for elections and entry commitment) requires separate
  // majorities from both the old and new configurations")
  it('an election needs a majority of C_old and of C_new; refusals are kept', () => {
    const { env, take } = harness();
    const s = server(1, 5);
    s.membership = { voters: { incoming: [1, 2, 3], outgoing: [1, 4, 5] }, index: 0 };
    electionTimeout(s, env);
    expect(take().map((m) => m.to)).toEqual([2, 3, 4, 5]);
    const vote = (from: number, voteGranted: boolean) =>
      step(s, { type: 'RequestVoteReply', term: 1, from, to: 1, voteGranted }, env);
    vote(2, true);
    vote(3, true); // all of C_new, but only S1 of C_old
    vote(5, false);
    expect(s.role).toBe('candidate');
    expect(s.votes).toEqual({ 1: true, 2: true, 3: true, 5: false });
    vote(4, true);
    expect(s.role).toBe('leader');
    expect(Object.keys(s.progress).map(Number)).toEqual([1, 2, 3, 4, 5]);
    // Plain data: a checkpoint is a structured clone.
    expect(structuredClone(s.progress)).toEqual(s.progress);
  });

  // Reference: §6, Figure 2 (Leaders, last rule)
  it('an entry commits once stored on a majority of each half', () => {
    const { env } = harness();
    const s = server(1, 5);
    s.membership = { voters: { incoming: [1, 2, 3], outgoing: [1, 4, 5] }, index: 0 };
    elect(s, env, 5);
    propose(s, 'set x 1', env);
    step(s, ok(2, 1), env);
    step(s, ok(3, 1), env);
    expect(s.commitIndex).toBe(0);
    step(s, ok(5, 1), env);
    expect(s.commitIndex).toBe(1);
  });
});

describe('§6 configuration entries', () => {
  const cfg = (term: number, members: number[], old: number[] | null = null): Entry => ({
    term,
    uid: ++uidSeq,
    kind: 'config',
    config: { members, old },
    client: 0,
    seq: 0,
  });

  // Reference: §6 ("a server always uses the latest configuration in its log, regardless of
  // whether the entry is committed"); dissertation §4.1 (falls back when it is removed)
  it('a follower uses a configuration entry as soon as it is appended, and falls back on truncation', () => {
    const { env } = harness();
    const s = server(2, 3, { term: 1, log: [e(1)] });
    step(
      s,
      ae({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [cfg(1, [1, 2, 3, 4], [1, 2, 3])] }),
      env,
    );
    expect(s.membership).toEqual({
      voters: { incoming: [1, 2, 3, 4], outgoing: [1, 2, 3] },
      index: 2,
    });
    expect(s.commitIndex).toBe(0); // not committed, used all the same
    // A leader of term 2 overwrites index 2: back to the starting configuration.
    step(s, ae({ term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [e(2)] }), env);
    expect(s.membership).toEqual({ voters: { incoming: [1, 2, 3], outgoing: [] }, index: 0 });
    expect(s.configs).toHaveLength(1);
  });

  // Reference: §6 (servers not in the configuration do not stand for election);
  // dissertation §4.2.2 (one left out by a change not yet committed still may)
  it('a server outside its configuration has no election timer, unless a pending change left it out', () => {
    const { env, take } = harness();
    const outsider = createServer(4, [1, 2, 3]);
    start(outsider, env);
    expect(outsider.electionDeadline).toBeNull();
    electionTimeout(outsider, env, true);
    expect(outsider.role).toBe('follower');
    expect(take()).toEqual([]);
    // S1 appended C_new = {2, 3} without itself, then crashed: it may still campaign, asking C_new.
    const s = server(1, 3, { term: 1, log: [e(1), cfg(1, [2, 3])] });
    start(s, env);
    expect(s.electionDeadline).not.toBeNull();
    electionTimeout(s, env);
    expect(take().map((m) => m.to)).toEqual([2, 3]);
    step(s, { type: 'RequestVoteReply', term: 2, from: 2, to: 1, voteGranted: true }, env);
    expect(s.role).toBe('candidate'); // its own vote does not count in {2, 3}
    step(s, { type: 'RequestVoteReply', term: 2, from: 3, to: 1, voteGranted: true }, env);
    expect(s.role).toBe('leader');
  });

  // Reference: dissertation §4.2.3 (disruptive servers)
  it('with the rule on, a RequestVote near a leader is ignored, unless forced', () => {
    const { env, take } = harness({ ignoreVotesNearLeader: true });
    const s = server(2, 3, { term: 1 });
    env.now = 100;
    step(s, ae({ term: 1 }), env);
    take();
    env.now = 200; // 100 ms after hearing from S1: within the minimum election timeout (150 ms)
    const rv = {
      type: 'RequestVote',
      term: 5,
      from: 3,
      to: 2,
      lastLogIndex: 9,
      lastLogTerm: 1,
    } as const;
    step(s, rv, env);
    expect(s.currentTerm).toBe(1);
    expect(take()).toEqual([]);
    step(s, { ...rv, force: true }, env);
    expect(s.currentTerm).toBe(5);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'RequestVoteReply', voteGranted: true }),
    ]);
    // Long after the leader was last heard from, a vote request is heard again.
    const t = server(2, 3, { term: 1 });
    step(t, ae({ term: 1 }), env);
    env.now = 100 + 150 + 200;
    step(t, rv, env);
    expect(t.currentTerm).toBe(5);
  });
});

describe('narration', () => {
  it('builds its text only when someone listens', () => {
    const { env } = harness();
    const s = createServer(1, 3);
    let built = 0;
    const text = () => {
      built++;
      return 'S1 does something';
    };
    narrate(s, env, text, '§5.2');
    expect(built).toBe(0);
    const notes: string[] = [];
    env.note = (n) => notes.push(`${n.text} (${n.section})`);
    narrate(s, env, text, '§5.2');
    expect(built).toBe(1);
    expect(notes).toEqual(['S1 does something (§5.2)']);
  });

  it('an election narrated and one not narrated send the same messages', () => {
    const quiet = harness();
    const told = harness();
    const notes: string[] = [];
    told.env.note = (n) => notes.push(n.text);
    const a = createServer(1, 3);
    const b = createServer(1, 3);
    electionTimeout(a, quiet.env);
    electionTimeout(b, told.env);
    expect(quiet.take()).toEqual(told.take());
    expect(notes.length).toBeGreaterThan(0);
  });
});

describe('dissertation §9.6 PreVote', () => {
  // Reference: dissertation §9.6
  it('the timer asks for pre-votes for the next term without raising its own', () => {
    const { env, take } = harness({ preVote: true });
    const s = server(1, 3, { term: 4 });
    electionTimeout(s, env);
    expect(s).toMatchObject({ role: 'follower', currentTerm: 4, votedFor: null });
    expect(take()).toEqual([
      expect.objectContaining({ type: 'PreVote', term: 5, to: 2 }),
      expect.objectContaining({ type: 'PreVote', term: 5, to: 3 }),
    ]);
    // A majority of pre-votes: the real election, in term 5.
    step(s, { type: 'PreVoteReply', term: 5, from: 2, to: 1, voteGranted: true }, env);
    expect(s).toMatchObject({ role: 'candidate', currentTerm: 5, votedFor: 1 });
    expect(take().map((m) => m.type)).toEqual(['RequestVote', 'RequestVote']);
  });

  it('a voter grants without changing anything; refuses near a leader or to a shorter log', () => {
    const { env, take } = harness({ preVote: true });
    const v = server(2, 3, { term: 4, log: [e(1), e(4)] });
    const pv = {
      type: 'PreVote',
      term: 5,
      from: 1,
      to: 2,
      lastLogIndex: 2,
      lastLogTerm: 4,
    } as const;
    step(v, pv, env);
    expect(take()).toEqual([{ type: 'PreVoteReply', term: 5, from: 2, to: 1, voteGranted: true }]);
    expect(v).toMatchObject({ currentTerm: 4, votedFor: null });
    step(v, { ...pv, lastLogIndex: 1, lastLogTerm: 1 }, env); // §5.4.1
    expect(take()).toEqual([expect.objectContaining({ term: 4, voteGranted: false })]);
    step(v, ae({ term: 4, from: 3, to: 2, prevLogIndex: 2, prevLogTerm: 4 }), env);
    take();
    env.now = 100; // within the minimum election timeout (150) of hearing from S3
    step(v, pv, env);
    expect(take()).toEqual([expect.objectContaining({ term: 4, voteGranted: false })]);
    env.now = 160;
    step(v, pv, env);
    expect(take()).toEqual([expect.objectContaining({ term: 5, voteGranted: true })]);
  });
});

describe('dissertation §6.2 CheckQuorum', () => {
  // Reference: dissertation §6.2
  it('a leader that heard from no majority for the maximum election timeout steps down', () => {
    const { env } = harness({ checkQuorum: true });
    const s = server(1, 3);
    elect(s, env, 3);
    env.now = 250;
    heartbeatTimeout(s, env);
    expect(s.role).toBe('leader');
    step(
      s,
      {
        type: 'AppendEntriesReply',
        term: 1,
        from: 2,
        to: 1,
        success: true,
        prevLogIndex: 0,
        matchIndex: 1,
        conflictTerm: 0,
        conflictIndex: 0,
        round: 1,
      },
      env,
    );
    env.now = 500; // heard from S2 at 250: a majority (S1, S2) within 300 ms
    heartbeatTimeout(s, env);
    expect(s.role).toBe('leader');
    env.now = 550;
    heartbeatTimeout(s, env);
    expect(s.role).toBe('follower');
    expect(s.currentTerm).toBe(1);
  });
});

describe('dissertation §3.10 leadership transfer', () => {
  // Reference: dissertation §3.10
  it('TimeoutNow once the target matches; the target campaigns at once with a forced request', () => {
    const { env, take } = harness({ leaderNoop: true });
    const s = server(1, 3);
    elect(s, env, 3);
    take();
    expect(transferLeadership(s, 1, env)).toBe(false);
    expect(transferLeadership(s, 7, env)).toBe(false);
    expect(transferLeadership(s, 2, env)).toBe(true);
    // S2's match is unknown: entries first, no TimeoutNow yet.
    expect(take().map((m) => m.type)).toEqual(['AppendEntries']);
    step(
      s,
      {
        type: 'AppendEntriesReply',
        term: 1,
        from: 2,
        to: 1,
        success: true,
        prevLogIndex: 0,
        matchIndex: lastIndex(s.log),
        conflictTerm: 0,
        conflictIndex: 0,
      },
      env,
    );
    expect(take()).toContainEqual({ type: 'TimeoutNow', term: 1, from: 1, to: 2 });
    const t = server(2, 3, { term: 1 });
    step(t, { type: 'TimeoutNow', term: 1, from: 1, to: 2 }, env);
    expect(t).toMatchObject({ role: 'candidate', currentTerm: 2 });
    expect(take()).toEqual([
      expect.objectContaining({ type: 'RequestVote', term: 2, force: true }),
      expect.objectContaining({ type: 'RequestVote', term: 2, force: true }),
    ]);
    // A stale TimeoutNow does nothing.
    const u = server(3, 3, { term: 3 });
    step(u, { type: 'TimeoutNow', term: 1, from: 1, to: 3 }, env);
    expect(u.role).toBe('follower');
  });
});

describe('§6.4 ReadIndex', () => {
  // Reference: dissertation §6.4
  it('records the commit index, confirms with a round, then answers from the state machine', () => {
    const { env, take } = harness({ readMode: 'readIndex', leaderNoop: true });
    const s = server(1, 3);
    elect(s, env, 3);
    const ack = (from: number, round: number) =>
      step(
        s,
        {
          type: 'AppendEntriesReply',
          term: 1,
          from,
          to: 1,
          success: true,
          prevLogIndex: 0,
          matchIndex: 1,
          conflictTerm: 0,
          conflictIndex: 0,
          round,
        },
        env,
      );
    ack(2, 1); // the no-op commits
    expect(s.commitIndex).toBe(1);
    take();
    const get = {
      type: 'ClientRequest',
      term: 0,
      from: 0,
      to: 1,
      client: 1,
      seq: 1,
      requestId: 1,
      command: 'get x',
    } as const;
    step(s, get, env);
    const out = take();
    expect(out.filter((m) => m.type === 'AppendEntries')).toHaveLength(2); // a round of heartbeats
    expect(out.every((m) => m.type !== 'ClientReply')).toBe(true);
    expect(s.reads!.pending).toMatchObject([{ index: 1, round: 2 }]);
    ack(3, 1); // an acknowledgement of an older round confirms nothing
    expect(take()).toEqual([]);
    ack(3, 2);
    expect(take()).toEqual([
      expect.objectContaining({ type: 'ClientReply', ok: true, result: null }),
    ]);
    expect(lastIndex(s.log)).toBe(1); // nothing appended
  });
});
