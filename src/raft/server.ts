/**
 * One Raft server as a pure state machine, after etcd's raft: every input (a
 * message, a timer that fired, a client request, a restart) goes through one
 * function, which changes the state in place and emits effects through `env`.
 * No I/O, no clock, no ambient randomness.
 *
 * Rules cite the paper: "Figure 2" is its summary of the algorithm, §5.x the
 * sections, §8 client interaction.
 */
import { executeCommand, parseCommand } from '../model/command.ts';
import { APPEND_BATCH_MAX } from '../model/limits.ts';
import {
  append,
  emptyLog,
  entriesFrom,
  entryAt,
  lastIndex,
  lastTerm,
  termAt,
  truncateFrom,
} from './log.ts';
import {
  configData,
  direct,
  enterJoint,
  isJoint,
  leaveJoint,
  simple,
  votersOf,
} from './confchange.ts';
import { committedIndex, isVoter, voteResult, voterIds } from './quorum.ts';
import { handlePreVote, handlePreVoteReply, startPreVote } from './prevote.ts';
import * as reads from './reads.ts';
import {
  handleTimeoutNow,
  maybeAbandonTransfer,
  maybeSendTimeoutNow,
  transferLeadership,
} from './transfer.ts';
import {
  installSnapshot,
  maybeSnapshot,
  restoreSnapshot,
  sendSnapshot,
  snapshotReply,
} from './snapshot.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  Entry,
  Env,
  InstallSnapshot,
  Membership,
  Message,
  Progress,
  RequestVote,
  RequestVoteReply,
  Role,
  RaftConfig,
  ServerState,
} from './types.ts';

/** Dissertation §4.2.1: rounds of catching up before a change is dropped. */
export const CATCH_UP_ROUNDS_MAX = 10;
/** A round lasting more than this many maximum election timeouts drops the change. */
export const CATCH_UP_ROUND_TIMEOUTS = 10;

export interface InitialState {
  term: number;
  votedFor: number | null;
  log: Entry[];
}

/** The starting configuration: `members` as given, or 1..n for a number n. */
export function startingMembership(members: number | readonly number[]): Membership {
  const ids =
    typeof members === 'number'
      ? Array.from({ length: members }, (_, i) => i + 1)
      : [...members].sort((a, b) => a - b);
  return { voters: { incoming: ids, outgoing: [] }, index: 0 };
}

/** A server with the starting configuration `members` (a list of ids, or n for 1..n). */
export function createServer(
  id: number,
  members: number | readonly number[],
  initial?: InitialState,
): ServerState {
  const log = emptyLog();
  const membership = startingMembership(members);
  const configs = [membership];
  for (const e of initial?.log ?? []) {
    append(log, e);
    if (e.config) configs.push({ voters: votersOf(e.config), index: lastIndex(log) });
  }
  return {
    id,
    up: true,
    currentTerm: initial?.term ?? 0,
    votedFor: initial?.votedFor ?? null,
    log,
    snapshot: null,
    requests: new Map(),
    role: 'follower',
    leaderId: null,
    commitIndex: 0,
    lastApplied: 0,
    kv: new Map(),
    sessions: new Map(),
    membership: configs[configs.length - 1]!,
    configs,
    progress: {},
    catchUp: null,
    votes: {},
    leaderSeenAt: 0,
    preVote: null,
    reads: null,
    transfer: null,
    electionStartedAt: 0,
    electionDeadline: null,
    heartbeatDeadline: null,
  };
}

// ---------------------------------------------------------------------------
// Entry points

/** A server starts (at the beginning of a run): a follower with a running election timer. */
export function start(s: ServerState, env: Env): void {
  resetElectionTimer(s, env);
}

/** Crash: persistent state (currentTerm, votedFor, log) stays; everything else is lost. */
export function crash(s: ServerState): void {
  s.up = false;
  loseVolatileState(s);
  s.electionDeadline = null;
  s.heartbeatDeadline = null;
}

/**
 * Restart: back as a follower; the state machine is rebuilt from the snapshot, if any
 * (§7), then by applying the rest of the log again.
 */
export function restart(s: ServerState, env: Env): void {
  s.up = true;
  loseVolatileState(s);
  restoreSnapshot(s);
  if (env.config.unsafe.forgetVoteOnRestart) s.votedFor = null; // UNSAFE: votedFor must persist
  reads.onRestart(s, env);
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} restarts as a follower in term ${s.currentTerm}, with ${lastIndex(s.log)} log entries`,
      '§5.1',
    );
  resetElectionTimer(s, env);
}

/**
 * The election timer fired (or the user forced it: `forced`). A leader ignores it, and
 * so does a server outside its own configuration: it cannot be elected (§6).
 */
export function electionTimeout(s: ServerState, env: Env, forced = false): void {
  if (!s.up || s.role === 'leader') return;
  if (!mayCampaign(s)) {
    if (forced && env.note)
      narrate(
        s,
        env,
        () => `S${s.id} is not in its configuration: it does not stand for election`,
        '§6',
      );
    return;
  }
  // In lease mode a forced election waits like any vote (dissertation §6.4.1).
  if (forced && reads.leaseForbidsElection(s, env)) return;
  const force = forced && !(env.config.readMode === 'lease' && reads.voteWait(env));
  // Dissertation §9.6: first ask whether it could win, without raising the term.
  if (env.config.preVote) return startPreVote(s, env, force);
  // Figure 2, Followers: no AppendEntries from the leader and no vote granted: convert to candidate.
  becomeCandidate(s, env, force);
}

/**
 * Who stands for election: a voter of its latest configuration, and (dissertation §4.2.2)
 * a server left out of it by a change not yet known to be committed, as it may still be
 * needed to commit that change (its own vote then does not count). Servers that never
 * were members wait.
 */
export function mayCampaign(s: ServerState): boolean {
  if (isVoter(s.membership.voters, s.id)) return true;
  const prev = s.configs[s.configs.length - 2];
  return prev !== undefined && s.membership.index > s.commitIndex && isVoter(prev.voters, s.id);
}

/** The leader's heartbeat timer fired: AppendEntries to every follower (§5.2). */
export function heartbeatTimeout(s: ServerState, env: Env): void {
  if (!s.up || s.role !== 'leader') return;
  if (reads.maybeCheckQuorum(s, env)) return; // CheckQuorum (dissertation §6.2)
  maybeAbortCatchUp(s, env);
  maybeAbandonTransfer(s, env);
  reads.beginRound(s, env);
  broadcastAppend(s, env);
  s.heartbeatDeadline = env.now + env.config.heartbeatMs;
}

/**
 * Start(): a leader appends a command to its log and replicates it. Anyone else
 * refuses (index -1). `client`/`seq` tie it to a client session (0: none).
 */
export function propose(
  s: ServerState,
  command: string,
  env: Env,
  client = 0,
  seq = 0,
): { index: number; term: number; isLeader: boolean } {
  if (!s.up || s.role !== 'leader') return { index: -1, term: s.currentTerm, isLeader: false };
  // Dissertation §3.10: a leader handing over takes no new requests.
  if (s.transfer !== null) return { index: -1, term: s.currentTerm, isLeader: true };
  const parsed = parseCommand(command);
  if (!parsed.ok) throw new Error(parsed.error);
  const entry: Entry = {
    term: s.currentTerm,
    uid: env.nextUid(),
    kind: 'command',
    command: parsed.text,
    cmd: parsed.command,
    client,
    seq,
  };
  appendAsLeader(s, entry, env);
  return { index: lastIndex(s.log), term: s.currentTerm, isLeader: true };
}

/** Delivers one message. */
export function step(s: ServerState, m: Message, env: Env): void {
  if (!s.up) return;
  if (m.type === 'ClientRequest') return handleClientRequest(s, m, env);
  if (m.type === 'ClientReply') return;

  if (m.type === 'RequestVote' && ignoresVote(s, m, env)) return;
  // Dissertation §9.6: a pre-vote and a granted answer carry a term nobody has adopted yet.
  if (m.type === 'PreVote') return handlePreVote(s, m, env);
  if (m.type === 'PreVoteReply' && m.voteGranted) return handlePreVoteReply(s, m, env);

  // Figure 2, All Servers: if a message carries a higher term, adopt it and become a follower (§5.1).
  if (m.term > s.currentTerm) {
    const wasLeader = s.role === 'leader';
    narrate(
      s,
      env,
      () =>
        `S${s.id} sees term ${m.term} from S${m.from} (its own is ${s.currentTerm}) and ${wasLeader ? 'steps down as leader' : 'adopts it'}`,
      '§5.1',
    );
    const leader = m.type === 'AppendEntries' || m.type === 'InstallSnapshot' ? m.from : null;
    becomeFollower(s, m.term, leader, env);
  }
  if (m.type === 'PreVoteReply') return handlePreVoteReply(s, m, env);
  if (m.type === 'TimeoutNow') return handleTimeoutNow(s, m, env);

  switch (s.role) {
    case 'leader':
      return stepLeader(s, m, env);
    case 'candidate':
      return stepCandidate(s, m, env);
    case 'follower':
      return stepFollower(s, m, env);
  }
}

// ---------------------------------------------------------------------------
// Role-specific handling

function stepLeader(s: ServerState, m: Message, env: Env): void {
  switch (m.type) {
    case 'AppendEntriesReply':
      return handleAppendReply(s, m, env);
    case 'RequestVote':
      return handleRequestVote(s, m, env);
    case 'AppendEntries':
      // Same term, another leader: impossible while election safety holds. Refuse.
      return rejectStale(s, m, env);
    case 'RequestVoteReply':
      return; // late votes of an election already won
    case 'InstallSnapshotReply':
      if (m.term === s.currentTerm && s.progress[m.from]) {
        reads.onAck(s, m.from, undefined, env); // heard from (CheckQuorum)
        acknowledged(s, m.from, m.matchIndex, env);
      }
      return;
    case 'InstallSnapshot':
      return; // same term, another leader: impossible while election safety holds
  }
}

function stepCandidate(s: ServerState, m: Message, env: Env): void {
  switch (m.type) {
    case 'AppendEntries':
      if (m.term === s.currentTerm) {
        // §5.2: a candidate that hears from a leader of its own term returns to follower.
        if (env.note)
          narrate(
            s,
            env,
            () =>
              `S${s.id} hears from S${m.from}, leader of term ${m.term}, and gives up its candidacy`,
            '§5.2',
          );
        becomeFollower(s, m.term, m.from, env);
        return handleAppendEntries(s, m, env);
      }
      return rejectStale(s, m, env);
    case 'RequestVote':
      return handleRequestVote(s, m, env);
    case 'RequestVoteReply':
      return handleVoteReply(s, m, env);
    case 'InstallSnapshot':
      // §5.2, as for AppendEntries: a leader of its own term ends the candidacy.
      if (m.term === s.currentTerm) becomeFollower(s, m.term, m.from, env);
      return handleInstallSnapshot(s, m, env);
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return;
  }
}

function stepFollower(s: ServerState, m: Message, env: Env): void {
  switch (m.type) {
    case 'AppendEntries':
      return handleAppendEntries(s, m, env);
    case 'RequestVote':
      return handleRequestVote(s, m, env);
    case 'InstallSnapshot':
      return handleInstallSnapshot(s, m, env);
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return; // replies to a role this server no longer has
  }
}

// ---------------------------------------------------------------------------
// Role changes

export function becomeFollower(
  s: ServerState,
  term: number,
  leader: number | null,
  env: Env,
): void {
  const was: Role = s.role;
  s.preVote = null;
  if (term > s.currentTerm) {
    s.currentTerm = term;
    s.votedFor = null;
  }
  s.role = 'follower';
  s.leaderId = leader;
  s.heartbeatDeadline = null;
  if (was === 'leader') {
    reads.dropPending(s, env); // §6.4: waiting reads are retried elsewhere
    s.reads = null;
    s.transfer = null;
  }
  // A leader had no election timer running: start one. Others keep theirs (Figure 2).
  if (was === 'leader' || s.electionDeadline === null) resetElectionTimer(s, env);
}

export function becomeCandidate(s: ServerState, env: Env, forced = false): void {
  // §5.2: increment the term, vote for itself, reset the timer, ask everyone for votes.
  s.preVote = null;
  s.currentTerm++;
  s.role = 'candidate';
  s.votedFor = s.id;
  s.leaderId = null;
  s.votes = { [s.id]: true };
  resetElectionTimer(s, env);
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} times out, becomes a candidate for term ${s.currentTerm} and votes for itself`,
      '§5.2',
    );
  if (voteResult(s.membership.voters, s.votes) === 'won') return becomeLeader(s, env);
  const lastLogIndex = lastIndex(s.log);
  const lastLogTerm = lastTerm(s.log);
  for (const p of voterIds(s.membership.voters)) {
    if (p === s.id) continue;
    const m: RequestVote = {
      type: 'RequestVote',
      term: s.currentTerm,
      from: s.id,
      to: p,
      lastLogIndex,
      lastLogTerm,
    };
    if (forced) m.force = true;
    env.send(m);
  }
}

function becomeLeader(s: ServerState, env: Env): void {
  s.role = 'leader';
  s.leaderId = s.id;
  s.electionDeadline = null;
  // Figure 2, volatile state on leaders: reinitialised after election.
  s.progress = {};
  s.catchUp = null;
  s.preVote = null;
  s.transfer = null;
  s.reads = reads.newReadState(env.now, env);
  for (const p of voterIds(s.membership.voters)) track(s, p, false);
  track(s, s.id, false);
  if (env.note)
    narrate(
      s,
      env,
      () => `S${s.id} wins the election with ${describeVotes(s)}: leader of term ${s.currentTerm}`,
      '§5.2',
    );
  if (env.config.leaderNoop) {
    // §8: a new leader commits a blank entry of its term at once, which also commits
    // whatever earlier terms left behind (§5.4.2).
    appendEntryLocally(s, {
      term: s.currentTerm,
      uid: env.nextUid(),
      kind: 'noop',
      client: 0,
      seq: 0,
    });
  }
  reads.beginRound(s, env);
  broadcastAppend(s, env);
  s.heartbeatDeadline = env.now + env.config.heartbeatMs;
  maybeCommit(s, env);
}

// ---------------------------------------------------------------------------
// Leader election (§5.2, §5.4.1)

/**
 * Dissertation §4.2.3: a server that heard from a current leader within the minimum
 * election timeout ignores a RequestVote (no new term, no vote), and a leader ignores it
 * too, so that a removed server, which no longer hears heartbeats, cannot unseat a
 * healthy leader. Leases rest on the same wait (§6.4.1). A forced election (`force`) is
 * not ignored.
 */
function ignoresVote(s: ServerState, m: RequestVote, env: Env): boolean {
  if (!reads.voteWait(env) || m.force === true) return false;
  const near = reads.heardFromLeaderRecently(s, env);
  if (near && env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} ignores S${m.from}'s vote request for term ${m.term}: it has heard from a leader within the minimum election timeout`,
      env.config.ignoreVotesNearLeader ? '§6' : 'dissertation §6.4.1',
    );
  return near;
}

function handleRequestVote(s: ServerState, m: RequestVote, env: Env): void {
  let granted = false;
  if (m.term < s.currentTerm) {
    // Figure 2, RequestVote receiver, rule 1.
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} refuses S${m.from} a vote: term ${m.term} is behind its term ${s.currentTerm}`,
        '§5.1',
      );
  } else {
    const myLastTerm = lastTerm(s.log);
    const myLastIndex = lastIndex(s.log);
    // §5.4.1 election restriction: the candidate's log must be at least as up to date.
    const upToDate =
      m.lastLogTerm > myLastTerm || (m.lastLogTerm === myLastTerm && m.lastLogIndex >= myLastIndex);
    const free = s.votedFor === null || s.votedFor === m.from;
    granted = free && (upToDate || env.config.unsafe.skipElectionRestriction);
    if (granted) {
      s.votedFor = m.from;
      resetElectionTimer(s, env);
      if (env.note)
        narrate(s, env, () => `S${s.id} grants its vote to S${m.from} for term ${m.term}`, '§5.2');
    } else if (!free) {
      if (env.note)
        narrate(
          s,
          env,
          () =>
            `S${s.id} refuses S${m.from}: it already voted for S${s.votedFor} in term ${m.term}`,
          '§5.2',
        );
    } else {
      narrate(
        s,
        env,
        () =>
          `S${s.id} refuses S${m.from}: its log (last term ${myLastTerm}, index ${myLastIndex}) is more up to date than the candidate's (${m.lastLogTerm}, ${m.lastLogIndex})`,
        '§5.4.1',
      );
    }
  }
  env.send({
    type: 'RequestVoteReply',
    term: s.currentTerm,
    from: s.id,
    to: m.from,
    voteGranted: granted,
  });
}

function handleVoteReply(s: ServerState, m: RequestVoteReply, env: Env): void {
  if (m.term !== s.currentTerm) return;
  // Refusals are kept too; a candidate that has lost still waits for its timer (Figure 2).
  s.votes[m.from] = m.voteGranted || s.votes[m.from] === true;
  if (!m.voteGranted) return;
  // §5.2: votes from a majority of the servers win the election; §6: of each half while joint.
  if (voteResult(s.membership.voters, s.votes) === 'won') becomeLeader(s, env);
}

/** "3 of 5 votes", or per half while joint (§6). */
function describeVotes(s: ServerState): string {
  const { incoming, outgoing } = s.membership.voters;
  const got = (ids: readonly number[]) => ids.filter((p) => s.votes[p] === true).length;
  if (outgoing.length === 0) return `${got(incoming)} of ${incoming.length} votes`;
  return `${got(outgoing)} of ${outgoing.length} votes of C_old and ${got(incoming)} of ${incoming.length} of C_new`;
}

// ---------------------------------------------------------------------------
// Log replication (§5.3), commitment (§5.4.2)

/** A progress record for `p`, as Figure 2 starts one after an election. */
function track(s: ServerState, p: number, learner: boolean): Progress {
  const pr = { match: 0, next: lastIndex(s.log) + 1, probing: true, learner };
  s.progress[p] = pr;
  return pr;
}

/** Every peer the leader replicates to, by ascending id (integer keys iterate in order). */
export function broadcastAppend(s: ServerState, env: Env): void {
  for (const key in s.progress) {
    const p = Number(key);
    if (p !== s.id) sendAppend(s, p, env);
  }
}

export function sendAppend(s: ServerState, p: number, env: Env): void {
  const pr = s.progress[p]!;
  // §7: the entries this follower needs next are compacted away: send the snapshot.
  // Dissertation §5.1: only then; entries kept at or below the snapshot's index (a
  // snapshot margin) go by AppendEntries, as any others.
  if (pr.next <= s.log.start) return sendSnapshot(s, p, env);
  const next = pr.next;
  const prevLogIndex = next - 1;
  const entries = entriesFrom(s.log, next, APPEND_BATCH_MAX);
  const m: AppendEntries = {
    type: 'AppendEntries',
    term: s.currentTerm,
    from: s.id,
    to: p,
    prevLogIndex,
    prevLogTerm: termAt(s.log, prevLogIndex),
    entries,
    leaderCommit: s.commitIndex,
  };
  const round = reads.roundOf(s, env);
  if (round !== undefined) m.round = round;
  env.send(m);
  // Replicating: assume success and stream on; a rejection sends us back to probing.
  if (!pr.probing && entries.length > 0) pr.next = next + entries.length;
}

function appendEntryLocally(s: ServerState, entry: Entry): void {
  appendToLog(s, entry);
  const self = s.progress[s.id];
  if (self) self.match = lastIndex(s.log);
  if (entry.kind === 'config' && s.role === 'leader') refreshProgress(s);
}

/** Appends one entry, keeping the index of client requests in the log up to date. */
function appendToLog(s: ServerState, entry: Entry): void {
  append(s.log, entry);
  if (entry.client > 0) s.requests.set(entry.client, { seq: entry.seq, index: lastIndex(s.log) });
  if (entry.config) {
    // §6: a server uses the latest configuration in its log, committed or not.
    s.membership = { voters: votersOf(entry.config), index: lastIndex(s.log) };
    s.configs.push(s.membership);
  }
}

/** §5.3 removes a suffix; dissertation §4.1: a server then falls back to the configuration before. */
function truncateLog(s: ServerState, from: number): void {
  truncateFrom(s.log, from);
  while (s.configs.length > 1 && s.configs[s.configs.length - 1]!.index >= from) s.configs.pop();
  s.membership = s.configs[s.configs.length - 1]!;
}

/**
 * Where (client, seq) sits in the log, if it is there and will commit without
 * another entry: §5.4.2 commits an entry of an earlier term only below one of
 * the current term, so the leader's log must end in its own term.
 */
function requestInLog(s: ServerState, client: number, seq: number): number {
  const known = s.requests.get(client);
  if (known === undefined || known.seq !== seq) return 0;
  const e = entryAt(s.log, known.index);
  if (e === undefined || e.client !== client || e.seq !== seq) return 0; // truncated since
  return lastTerm(s.log) === s.currentTerm ? known.index : 0;
}

function appendAsLeader(s: ServerState, entry: Entry, env: Env): void {
  appendEntryLocally(s, entry);
  // Send at once to followers whose log is known to match; probing ones wait for their reply.
  for (const key in s.progress) {
    const p = Number(key);
    if (p !== s.id && !s.progress[p]!.probing) sendAppend(s, p, env);
  }
  maybeCommit(s, env);
}

function handleAppendEntries(s: ServerState, m: AppendEntries, env: Env): void {
  if (m.term < s.currentTerm) return rejectStale(s, m, env);
  // A valid leader of our term: remember it and reset the election timer (§5.2).
  s.leaderId = m.from;
  s.preVote = null;
  s.leaderSeenAt = env.now;
  resetElectionTimer(s, env);
  // §7: the entries a snapshot covers are committed, so they match the leader's: a
  // request that starts among those compacted away is checked from the log's start on
  // (the snapshot's last entry, or below it when a margin keeps entries, §5.1).
  if (m.prevLogIndex < s.log.start) m = fromSnapshot(s, m);
  const membership = s.membership;
  const campaigner = mayCampaign(s);

  const reply = refusal(s, m);
  const myLast = lastIndex(s.log);
  // Figure 2, AppendEntries receiver, rule 2: the log must hold prevLogIndex with prevLogTerm.
  if (m.prevLogIndex > myLast) {
    reply.conflictIndex = myLast + 1;
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} rejects AppendEntries: no entry at index ${m.prevLogIndex} (its log ends at ${myLast})`,
        '§5.3',
      );
    env.send(reply);
    return;
  }
  const t = termAt(s.log, m.prevLogIndex);
  if (t !== m.prevLogTerm) {
    // Fast backtracking: name the conflicting term and where it starts.
    let first = m.prevLogIndex;
    while (first > s.commitIndex + 1 && termAt(s.log, first - 1) === t) first--;
    reply.conflictTerm = t;
    reply.conflictIndex = first;
    narrate(
      s,
      env,
      () =>
        `S${s.id} rejects AppendEntries: its entry at index ${m.prevLogIndex} has term ${t}, the leader's has term ${m.prevLogTerm}`,
      '§5.3',
    );
    env.send(reply);
    return;
  }

  // Rules 3 and 4: delete a conflicting entry and all that follow it; append new entries.
  let index = m.prevLogIndex;
  let appended = 0;
  for (const e of m.entries) {
    index++;
    if (index <= lastIndex(s.log)) {
      if (termAt(s.log, index) === e.term) continue; // already there (a duplicate or reordered message)
      if (env.note)
        narrate(
          s,
          env,
          () => `S${s.id} removes its conflicting entries from index ${index} on`,
          '§5.3',
        );
      truncateLog(s, index);
    }
    appendToLog(s, e);
    appended++;
  }
  if (s.membership !== membership && env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} now uses ${describeConfig(s.membership)}: a server uses the latest configuration in its log, committed or not`,
      '§6, Figure 11',
    );
  if (appended > 0) {
    narrate(
      s,
      env,
      () =>
        `S${s.id} appends ${appended} ${appended === 1 ? 'entry' : 'entries'} from S${m.from} (up to index ${index})`,
      '§5.3',
    );
  }
  // Rule 5: commitIndex = min(leaderCommit, index of the last new entry).
  const lastNew = m.prevLogIndex + m.entries.length;
  if (m.leaderCommit > s.commitIndex) {
    const c = Math.min(m.leaderCommit, lastNew);
    if (c > s.commitIndex) {
      s.commitIndex = c;
      applyCommitted(s, env);
    }
  }
  // Whether this server may stand for election changed with what it appended or learned
  // was committed: its election timer follows (§6; dissertation §4.2.2).
  if (mayCampaign(s) !== campaigner) resetElectionTimer(s, env);
  reply.success = true;
  reply.matchIndex = lastNew;
  env.send(reply);
}

/**
 * `m` with the entries up to the log's start left out: it then follows the compacted
 * prefix (§7), committed, which matches the leader's log, as everything committed does.
 */
function fromSnapshot(s: ServerState, m: AppendEntries): AppendEntries {
  return {
    ...m,
    prevLogIndex: s.log.start,
    prevLogTerm: s.log.startTerm,
    entries: m.entries.slice(s.log.start - m.prevLogIndex),
  };
}

/** §7, Figure 13: a snapshot from a leader. Receiver rules 6 to 8 are in snapshot.ts. */
function handleInstallSnapshot(s: ServerState, m: InstallSnapshot, env: Env): void {
  // Figure 13, InstallSnapshot receiver, rule 1: reply immediately if term < currentTerm.
  if (m.term < s.currentTerm) return env.send(snapshotReply(s, m, 0));
  // A valid leader of our term, as for AppendEntries (§5.2).
  s.leaderId = m.from;
  s.leaderSeenAt = env.now;
  resetElectionTimer(s, env);
  const campaigner = mayCampaign(s);
  installSnapshot(s, m, env);
  // The snapshot brings its configuration: whether this server may stand follows (§6).
  if (mayCampaign(s) !== campaigner) resetElectionTimer(s, env);
}

function rejectStale(s: ServerState, m: AppendEntries, env: Env): void {
  // Figure 2, AppendEntries receiver, rule 1: reply false if term < currentTerm.
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} rejects AppendEntries from S${m.from}: term ${m.term} is behind its term ${s.currentTerm}`,
      '§5.1',
    );
  env.send(refusal(s, m));
}

/** A failed AppendEntriesReply to `m`; callers fill in the conflict hint where they have one. */
function refusal(s: ServerState, m: AppendEntries): AppendEntriesReply {
  const r: AppendEntriesReply = {
    type: 'AppendEntriesReply',
    term: s.currentTerm,
    from: s.id,
    to: m.from,
    success: false,
    prevLogIndex: m.prevLogIndex,
    matchIndex: 0,
    conflictTerm: 0,
    conflictIndex: 0,
  };
  if (m.round !== undefined) r.round = m.round; // dissertation §6.4: the round, echoed
  return r;
}

function handleAppendReply(s: ServerState, m: AppendEntriesReply, env: Env): void {
  if (m.term !== s.currentTerm) return;
  const p = m.from;
  const pr = s.progress[p];
  if (!pr) return; // no progress, no member (etcd's rule)
  // Any answer of this term: heard from (CheckQuorum); its round acknowledged (§6.4).
  reads.onAck(s, p, m.round, env);
  if (m.success) return acknowledged(s, p, m.matchIndex, env);
  // A refusal on term grounds (no hint: conflictIndex 0) answered a message of an older
  // term of ours, the follower having moved on to our current term since: it says nothing
  // about the follower's log (§5.1). Backing up on it would resend the whole log.
  if (m.conflictIndex === 0) return;
  // A rejection at or below what is known to match is stale (reordered or duplicated);
  // so is, while probing, one that answers an earlier probe (etcd's rule).
  if (m.prevLogIndex <= pr.match) return;
  if (pr.probing && m.prevLogIndex !== pr.next - 1) return;
  let next = m.conflictIndex;
  if (m.conflictTerm > 0) {
    // If the leader has entries of the conflicting term, resume after its last one.
    let i = Math.min(m.prevLogIndex, lastIndex(s.log));
    while (i > 0 && termAt(s.log, i) > m.conflictTerm) i--;
    if (i > 0 && termAt(s.log, i) === m.conflictTerm) next = i + 1;
  }
  next = Math.max(pr.match + 1, Math.min(next, m.prevLogIndex));
  pr.next = Math.max(1, next);
  pr.probing = true;
  if (env.note)
    narrate(s, env, () => `S${s.id} backs up nextIndex for S${p} to ${pr.next}`, '§5.3');
  sendAppend(s, p, env);
}

/**
 * Follower `p`'s log is known to match the leader's up to `matchIndex` (an
 * AppendEntries, or §7 an InstallSnapshot, succeeded): update its progress, send
 * what follows, and commit what is now on a majority (Figure 2).
 */
function acknowledged(s: ServerState, p: number, matchIndex: number, env: Env): void {
  const pr = s.progress[p]!;
  if (matchIndex > pr.match) pr.match = matchIndex;
  if (pr.next < pr.match + 1) pr.next = pr.match + 1;
  pr.probing = false;
  if (pr.next <= lastIndex(s.log)) sendAppend(s, p, env);
  if (pr.learner) maybeFinishRound(s, env);
  maybeCommit(s, env);
  if (s.transfer?.to === p) maybeSendTimeoutNow(s, env); // dissertation §3.10
}

/**
 * Figure 2, Leaders, last rule: the highest index stored on a majority is committed,
 * but only if it holds an entry of the current term (§5.4.2). §6: while joint, on a
 * majority of each half; learners are never counted.
 */
function maybeCommit(s: ServerState, env: Env): boolean {
  const self = s.progress[s.id];
  if (self) self.match = lastIndex(s.log);
  const n = committedIndex(s.membership.voters, (p) => s.progress[p]?.match);
  if (n === Infinity || n <= s.commitIndex) return false;
  if (termAt(s.log, n) !== s.currentTerm && !env.config.unsafe.commitOldTermsByCount) {
    // §5.4.2: never commit an entry of an earlier term by counting replicas.
    return false;
  }
  if (env.note)
    narrate(s, env, () => `S${s.id} commits up to index ${n}: stored on a majority`, '§5.4.2');
  s.commitIndex = n;
  applyCommitted(s, env);
  maybeAdvanceConfig(s, env);
  return true;
}

// ---------------------------------------------------------------------------
// Membership changes (§6; dissertation chapter 4)

/** The leader's progress follows the configuration it uses: voters and learners, itself always. */
function refreshProgress(s: ServerState): void {
  const voters = s.membership.voters;
  for (const p of voterIds(voters)) {
    const pr = s.progress[p];
    if (pr) pr.learner = false;
    else track(s, p, false);
  }
  for (const key in s.progress) {
    const p = Number(key);
    if (p !== s.id && !isVoter(voters, p) && !(s.catchUp?.learners.includes(p) ?? false))
      delete s.progress[p];
  }
}

/**
 * Start a change to `members`. Returns the index of the configuration entry appended
 * now, 0 if new servers catch up first (the entry follows), -1 if refused.
 */
export function proposeConfig(
  s: ServerState,
  members: readonly number[],
  env: Env,
): { index: number; term: number; isLeader: boolean; error?: string } {
  const refuse = (error: string) => {
    if (env.note)
      narrate(s, env, () => `S${s.id} refuses the configuration change: ${error}`, '§6');
    return { index: -1, term: s.currentTerm, isLeader: s.up && s.role === 'leader', error };
  };
  const why = configChangeRefusal(s, members, env.config);
  if (why !== null) return refuse(why);
  const next = planChange(s, members, env.config);
  if (!next.ok) return refuse(next.error);
  const cur = s.membership.voters;
  const newcomers = next.membership.incoming.filter((p) => !isVoter(cur, p));
  if (newcomers.length > 0 && !env.config.unsafe.directConfigChange) {
    // Dissertation §4.2.1: new servers first catch up as learners, not counted.
    s.catchUp = {
      members: next.membership.incoming,
      learners: newcomers,
      round: 1,
      roundStartedAt: env.now,
      roundEnd: lastIndex(s.log),
    };
    for (const p of newcomers) track(s, p, true);
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} lets ${newcomers.map((p) => `S${p}`).join(', ')} catch up before the change, as non-voting members: they receive entries but are not counted (round 1, up to index ${lastIndex(s.log)})`,
        '§6; dissertation §4.2.1',
      );
    for (const p of newcomers) sendAppend(s, p, env);
    return { index: 0, term: s.currentTerm, isLeader: true };
  }
  appendConfig(s, next.membership, env);
  return { index: lastIndex(s.log), term: s.currentTerm, isLeader: true };
}

/**
 * Why `s` would refuse a change to `members` now (null: it would start it). Pure: reads
 * the state only, so a caller may ask before acting.
 */
export function configChangeRefusal(
  s: ServerState,
  members: readonly number[],
  config: RaftConfig,
): string | null {
  if (!s.up || s.role !== 'leader') return 'it is not a leader';
  // One change at a time: the last one must be committed, and (dissertation §4.1, the
  // correction to single-server changes) an entry of this leader's term must be committed.
  if (s.catchUp !== null) return 'new servers are still catching up';
  if (s.transfer !== null) return 'it is handing leadership over';
  if (isJoint(s.membership.voters) || s.membership.index > s.commitIndex)
    return 'the last change is not committed yet';
  if (termAt(s.log, s.commitIndex) !== s.currentTerm)
    return `no entry of term ${s.currentTerm} is committed yet`;
  const next = planChange(s, members, config);
  return next.ok ? null : next.error;
}

/** The next voters for a change to `members` in this run's mode. */
function planChange(s: ServerState, members: readonly number[], config: RaftConfig) {
  const cur = s.membership.voters;
  if (config.unsafe.directConfigChange) return direct(cur, members); // UNSAFE: Figure 10
  if (config.membership === 'single') return simple(cur, members);
  return enterJoint(cur, members);
}

function appendConfig(s: ServerState, voters: ReturnType<typeof votersOf>, env: Env): void {
  const entry: Entry = {
    term: s.currentTerm,
    uid: env.nextUid(),
    kind: 'config',
    config: configData(voters),
    client: 0,
    seq: 0,
  };
  if (env.note) {
    const at = lastIndex(s.log) + 1;
    const what = describeConfig({ voters, index: at });
    const before = s.membership.voters;
    const [text, section] = isJoint(voters)
      ? [
          `S${s.id} appends ${what} at index ${at} and uses it at once: from now on an election or a commit needs a majority of C_old and a majority of C_new`,
          '§6, Figure 11',
        ]
      : isJoint(before)
        ? [
            `C_old,new is committed: S${s.id} appends ${what} (C_new) at index ${at}; once it commits, C_old no longer has a say`,
            '§6, Figure 11',
          ]
        : env.config.unsafe.directConfigChange
          ? [
              `UNSAFE: S${s.id} switches straight to ${what} at index ${at}, with no joint phase: a majority of the old configuration and one of the new may not overlap`,
              '§6, Figure 10',
            ]
          : [
              `S${s.id} appends ${what} at index ${at} and uses it at once: one server changes, so every majority of the old configuration overlaps every majority of the new`,
              'dissertation §4.1',
            ];
    narrate(s, env, () => text, section);
  }
  appendAsLeader(s, entry, env);
}

/** A learner acknowledged entries: has every learner reached the end of this round? */
function maybeFinishRound(s: ServerState, env: Env): void {
  const c = s.catchUp;
  if (c === null) return;
  for (const p of c.learners) if ((s.progress[p]?.match ?? 0) < c.roundEnd) return;
  // Dissertation §4.2.1: a round shorter than the minimum election timeout: caught up.
  if (env.now - c.roundStartedAt < env.config.electionTimeoutMs[0]) {
    s.catchUp = null;
    const next = planChange(s, c.members, env.config);
    if (!next.ok) return; // cannot happen: nothing else changes the configuration meanwhile
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `${c.learners.map((p) => `S${p}`).join(', ')} caught up in round ${c.round}: the change itself can begin`,
        '§6; dissertation §4.2.1',
      );
    appendConfig(s, next.membership, env);
    return;
  }
  if (c.round >= CATCH_UP_ROUNDS_MAX)
    return abortCatchUp(s, env, `still behind after ${c.round} rounds`);
  s.catchUp = {
    ...c,
    round: c.round + 1,
    roundStartedAt: env.now,
    roundEnd: lastIndex(s.log),
  };
}

/** A round that lasts too long (a learner down or cut off): the change is dropped (§4.2.1). */
function maybeAbortCatchUp(s: ServerState, env: Env): void {
  const c = s.catchUp;
  if (
    c !== null &&
    env.now - c.roundStartedAt > CATCH_UP_ROUND_TIMEOUTS * env.config.electionTimeoutMs[1]
  )
    abortCatchUp(
      s,
      env,
      `round ${c.round} took more than ${CATCH_UP_ROUND_TIMEOUTS} election timeouts`,
    );
}

function abortCatchUp(s: ServerState, env: Env, why: string): void {
  const c = s.catchUp!;
  s.catchUp = null;
  refreshProgress(s);
  if (env.note)
    narrate(
      s,
      env,
      () => `S${s.id} drops the change: ${c.learners.map((p) => `S${p}`).join(', ')} ${why}`,
      '§6',
    );
}

/**
 * After a commit. §6: once C_old,new is committed the leader appends C_new; once C_new
 * is committed, a leader that is not in it steps down.
 */
function maybeAdvanceConfig(s: ServerState, env: Env): void {
  if (s.role !== 'leader' || s.membership.index > s.commitIndex) return;
  const voters = s.membership.voters;
  if (isJoint(voters)) {
    const next = leaveJoint(voters);
    if (next.ok) appendConfig(s, next.membership, env);
    return;
  }
  if (!isVoter(voters, s.id)) {
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} steps down: ${describeConfig(s.membership)}, without it, is committed; it managed the cluster until then without counting itself`,
        '§6, Figure 11',
      );
    becomeFollower(s, s.currentTerm, null, env);
  }
}

/** "C_new {1, 2, 4}", or "C_old,new {1, 2, 3} → {1, 2, 4}". */
export function describeConfig(m: Membership): string {
  const set = (ids: readonly number[]) => `{${ids.map((p) => `S${p}`).join(', ')}}`;
  const { incoming, outgoing } = m.voters;
  return outgoing.length > 0
    ? `C_old,new ${set(outgoing)} → ${set(incoming)}`
    : `the configuration ${set(incoming)}`;
}

// ---------------------------------------------------------------------------
// The state machine and clients (§8)

function applyCommitted(s: ServerState, env: Env): void {
  while (s.lastApplied < s.commitIndex) {
    const index = s.lastApplied + 1;
    // Only an unsafe switch can take a committed entry away; then there is nothing to apply.
    const e = entryAt(s.log, index);
    if (e === undefined) return;
    s.lastApplied = index;
    let result: string | null = null;
    let executed = false;
    if (e.kind === 'command' && e.cmd) {
      const session = e.client > 0 ? s.sessions.get(e.client) : undefined;
      let answer = e.client > 0;
      if (session && e.seq <= session.seq) {
        // A retried request: executed once already; answer with the first result (§8).
        result = session.result;
        answer = session.seq === e.seq;
      } else {
        result = executeCommand(s.kv, e.cmd);
        executed = true;
        if (e.client > 0) s.sessions.set(e.client, { seq: e.seq, result });
      }
      if (s.role === 'leader' && answer) {
        replyToClient(s, { client: e.client, seq: e.seq, requestId: 0 }, true, result, s.id, env);
      }
    }
    env.applied(s, index, e, result, executed);
  }
  maybeSnapshot(s, env); // §7
}

export function replyToClient(
  s: ServerState,
  to: { client: number; seq: number; requestId: number },
  ok: boolean,
  result: string | null,
  leaderHint: number | null,
  env: Env,
): void {
  const { client, seq, requestId } = to;
  env.send({
    type: 'ClientReply',
    term: 0,
    from: s.id,
    to: 0,
    client,
    seq,
    requestId,
    ok,
    result,
    leaderHint,
  });
}

function handleClientRequest(s: ServerState, m: ClientRequest, env: Env): void {
  // Reads served without the log: ReadIndex, a lease, or (unsafe) at once (§6.4).
  if (reads.maybeServeRead(s, m, env)) return;
  if (s.role === 'leader' && s.transfer !== null) {
    // Dissertation §3.10: while handing over, the leader sends clients away as a follower
    // that knows no leader would: they retry after a pause.
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} is handing leadership to S${s.transfer!.to}: it does not take "${m.command}", the client retries`,
        'dissertation §3.10',
      );
    replyToClient(s, m, false, null, null, env);
    return;
  }
  if (s.role !== 'leader') {
    // §8: a follower redirects the client to the leader it knows.
    narrate(
      s,
      env,
      () =>
        s.leaderId === null
          ? `S${s.id} cannot take "${m.command}": it knows no leader`
          : `S${s.id} redirects the client to S${s.leaderId}, the leader it knows`,
      '§8',
    );
    replyToClient(s, m, false, null, s.leaderId, env);
    return;
  }
  const session = s.sessions.get(m.client);
  if (session && m.seq <= session.seq) {
    // Already executed: answer from the session, do not run it twice (§8).
    if (m.seq === session.seq) {
      replyToClient(s, m, true, session.result, s.id, env);
    }
    return;
  }
  // §8, dissertation §6.3: a retry of a request already in the log (its first copy not
  // yet committed) is not appended again; the reply goes out when that copy is applied.
  const index = requestInLog(s, m.client, m.seq);
  if (index > 0) {
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} already holds "${m.command}" of client C${m.client} at index ${index}: it answers once that entry is committed`,
        '§8',
      );
    return;
  }
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} appends "${m.command}" at index ${lastIndex(s.log) + 1} for client C${m.client}`,
      '§5.3',
    );
  propose(s, m.command, env, m.client, m.seq);
}

// ---------------------------------------------------------------------------
// Helpers

export function resetElectionTimer(s: ServerState, env: Env): void {
  const [lo, hi] = env.config.electionTimeoutMs;
  s.electionStartedAt = env.now;
  // A server outside its configuration waits: it never starts an election (§6).
  if (!mayCampaign(s)) {
    s.electionDeadline = null;
    return;
  }
  s.electionDeadline = env.now + env.randomInt(lo, hi);
}

function loseVolatileState(s: ServerState): void {
  s.role = 'follower';
  s.leaderId = null;
  s.commitIndex = 0;
  s.lastApplied = 0;
  s.kv = new Map();
  s.sessions = new Map();
  s.progress = {};
  s.catchUp = null;
  s.votes = {};
  s.heartbeatDeadline = null;
  s.preVote = null;
  s.reads = null;
  s.transfer = null;
}

/**
 * Tells what a server did, for whoever listens. The text is built only when
 * someone does: most events of a fast run are never narrated.
 */
export function narrate(s: ServerState, env: Env, text: () => string, section: string): void {
  if (env.note) env.note({ server: s.id, text: text(), section });
}

export { transferLeadership };
