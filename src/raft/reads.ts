/**
 * Read-only requests served without the log (dissertation §6.4, paper §8), the
 * heartbeat rounds they stand on, and CheckQuorum (dissertation §6.2), which
 * stands on the same rounds.
 *
 * A leader numbers its heartbeat rounds: a round begins when it sends
 * AppendEntries to every peer, and every AppendEntries carries the round
 * current when it was sent; the reply echoes it. The highest round acknowledged
 * by a majority (of each half while joint) proves that the leader still led
 * after that round began.
 *
 * - ReadIndex (§6.4): record the commit index, begin a round, wait until a
 *   majority acknowledged it, wait until the state machine reached the index,
 *   answer from it.
 * - Lease (§6.4.1): no round trip while the lease holds: from the start of the
 *   last round a majority acknowledged, for the minimum election timeout. Safe
 *   because voters do not grant votes for that long after hearing from a leader
 *   (`voteWait`). A leadership transfer ends the lease for the rest of the term.
 * - `unsafe.staleReads`: any server answers at once from its own state machine.
 */
import { executeCommand, parseCommand } from '../model/command.ts';
import { termAt } from './log.ts';
import { committedIndex } from './quorum.ts';
import { becomeFollower, broadcastAppend, narrate, replyToClient } from './server.ts';
import type { ClientRequest, Env, PendingRead, ReadState, ServerState } from './types.ts';

/** Rounds not yet acknowledged kept with their start times: older ones only shorten a lease. */
const ROUND_STARTS_KEPT = 64;

/** Does this run number heartbeat rounds (CheckQuorum and reads without the log need them)? */
export function tracksRounds(env: Env): boolean {
  return env.config.checkQuorum || env.config.readMode !== 'log';
}

export function newReadState(now: number, env: Env): ReadState {
  return {
    round: 0,
    starts: [],
    startsFrom: 1,
    acked: 0,
    ackedStart: -Infinity,
    ackOf: {},
    heardAt: {},
    since: now,
    leaseEnded: false,
    leaseMinMs: env.config.electionTimeoutMs[0],
    pending: [],
  };
}

export function copyReadState(r: ReadState): ReadState {
  // In newReadState's order (not a spread): the copy shares a new state's hidden class.
  return {
    round: r.round,
    starts: r.starts.slice(),
    startsFrom: r.startsFrom,
    acked: r.acked,
    ackedStart: r.ackedStart,
    ackOf: { ...r.ackOf },
    heardAt: { ...r.heardAt },
    since: r.since,
    leaseEnded: r.leaseEnded,
    leaseMinMs: r.leaseMinMs,
    pending: r.pending.slice(),
  };
}

/**
 * Has this server heard from a leader within the minimum election timeout (a leader
 * has heard from itself)? In lease mode the rule also covers a server that lost track of
 * its leader (a restart, a higher term seen): it counts from the last time it heard one.
 */
export function heardFromLeaderRecently(s: ServerState, env: Env): boolean {
  if (s.role === 'leader') return true;
  const known = s.leaderId !== null || env.config.readMode === 'lease';
  return known && env.now - s.leaderSeenAt < env.config.electionTimeoutMs[0];
}

/**
 * Do voters wait after hearing from a leader before granting a vote? Dissertation §4.2.3
 * in runs with membership changes; §6.4.1 for leases. `unsafe.leaseWithoutVoteWait`: never.
 */
export function voteWait(env: Env): boolean {
  if (env.config.unsafe.leaseWithoutVoteWait) return false;
  return env.config.ignoreVotesNearLeader || env.config.readMode === 'lease';
}

/** A restart in lease mode: the vote wait counts from now (the leader last heard is forgotten). */
export function onRestart(s: ServerState, env: Env): void {
  if (env.config.readMode === 'lease') s.leaderSeenAt = env.now;
}

/**
 * The user forces an election on `s` (a timeout): in lease mode, a server that heard from
 * a leader within the minimum election timeout keeps its vote, or the leader's lease
 * would not hold (§6.4.1). Says whether it refuses.
 */
export function leaseForbidsElection(s: ServerState, env: Env): boolean {
  if (env.config.readMode !== 'lease' || !voteWait(env)) return false;
  if (!heardFromLeaderRecently(s, env)) return false;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} does not stand for election: it heard from ${s.leaderId === null ? 'a leader (or restarted)' : `leader S${s.leaderId}`} less than a minimum election timeout ago, and a leader's lease counts on its vote`,
      'dissertation §6.4.1',
    );
  return true;
}

// ---------------------------------------------------------------------------
// Heartbeat rounds

/** A new heartbeat round begins (the caller sends AppendEntries to every peer next). */
export function beginRound(s: ServerState, env: Env): void {
  const r = s.reads;
  if (r === null) return;
  if (!tracksRounds(env)) {
    r.since = env.now; // CheckQuorum, once on, counts from here
    return;
  }
  r.round++;
  if (r.starts.length === 0) r.startsFrom = r.round;
  r.starts.push(env.now);
  if (r.starts.length > ROUND_STARTS_KEPT) {
    // Drop the oldest start: should its round be acknowledged, the lease stays where it
    // was (shorter than it could be, never longer).
    r.starts.shift();
    r.startsFrom++;
  }
  r.ackOf[s.id] = r.round;
}

/** The round AppendEntries sent now carries (undefined: rounds not in use). */
export function roundOf(s: ServerState, env: Env): number | undefined {
  return s.reads !== null && tracksRounds(env) ? s.reads.round : undefined;
}

/** A reply of the leader's term from `p` echoing `round`. */
export function onAck(s: ServerState, p: number, round: number | undefined, env: Env): void {
  const r = s.reads;
  if (r === null) return;
  r.heardAt[p] = env.now;
  if (round === undefined || round <= (r.ackOf[p] ?? 0)) return;
  r.ackOf[p] = round;
  r.ackOf[s.id] = r.round;
  const q = committedIndex(s.membership.voters, (id) => r.ackOf[id]);
  if (q === Infinity || q <= r.acked) return;
  // Round q began at starts[q - startsFrom] (unless dropped): the lease's new base.
  const k = q - r.startsFrom;
  if (k >= 0 && k < r.starts.length) r.ackedStart = r.starts[k]!;
  if (k >= 0) {
    r.starts.splice(0, k + 1);
    r.startsFrom = q + 1;
  }
  r.acked = q;
  servePending(s, env);
}

// ---------------------------------------------------------------------------
// CheckQuorum (dissertation §6.2)

/**
 * At a heartbeat: a leader that has not heard from a majority (of each half while joint)
 * within the maximum election timeout steps down. Says whether it did.
 */
export function maybeCheckQuorum(s: ServerState, env: Env): boolean {
  const r = s.reads;
  if (!env.config.checkQuorum || r === null) return false;
  r.heardAt[s.id] = env.now;
  const heard = committedIndex(s.membership.voters, (id) => r.heardAt[id] ?? -Infinity);
  const last = Math.max(heard, r.since);
  const maxMs = env.config.electionTimeoutMs[1];
  if (env.now - last < maxMs) return false;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} steps down: it has not heard from a majority for ${env.now - last} ms, an election timeout (CheckQuorum)`,
      'dissertation §6.2',
    );
  becomeFollower(s, s.currentTerm, null, env);
  return true;
}

// ---------------------------------------------------------------------------
// Reads

/** A transfer ends the lease for the rest of the term (dissertation §3.10, §6.4.1). */
export function endLease(s: ServerState): void {
  if (s.reads) s.reads.leaseEnded = true;
}

function leaseHolds(s: ServerState, env: Env): boolean {
  const r = s.reads!;
  const minMs = env.config.electionTimeoutMs[0];
  if (minMs !== r.leaseMinMs) r.leaseEnded = true; // timeouts changed: no lease this term
  return !r.leaseEnded && env.now < r.ackedStart + minMs;
}

/**
 * A client request reached `s`: serve it here if it is a read that this run serves
 * without the log. Says whether it took the request (answered or waiting).
 */
export function maybeServeRead(s: ServerState, m: ClientRequest, env: Env): boolean {
  const parsed = parseCommand(m.command);
  if (!parsed.ok || parsed.command.op !== 'get') return false;
  if (env.config.unsafe.staleReads) {
    // UNSAFE: no leader, no round, no commit index: whatever this state machine holds.
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} answers "${m.command}" at once from its own state machine (applied up to index ${s.lastApplied}), leader or not`,
        'unsafe: breaks §6.4',
      );
    answer(s, m, m.command, env.now, env);
    return true;
  }
  const mode = env.config.readMode;
  if (mode === 'log' || s.role !== 'leader' || s.transfer !== null || s.reads === null)
    return false;
  // §6.4 step 1: a leader that has not committed an entry of its term does not know the
  // latest commit index yet: the read goes through the log, which commits one.
  if (termAt(s.log, s.commitIndex) !== s.currentTerm) {
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} has not committed an entry of term ${s.currentTerm} yet: "${m.command}" goes through the log`,
        'dissertation §6.4',
      );
    return false;
  }
  const read: PendingRead = {
    client: m.client,
    seq: m.seq,
    requestId: m.requestId,
    command: m.command,
    index: s.commitIndex,
    round: 0,
    arrivedAt: env.now,
  };
  if (mode === 'lease' && leaseHolds(s, env)) {
    if (env.note)
      narrate(
        s,
        env,
        () =>
          `S${s.id} answers "${m.command}" under its lease (until ${s.reads!.ackedStart + env.config.electionTimeoutMs[0]} ms), without a round trip`,
        'dissertation §6.4.1',
      );
    s.reads.pending.push(read); // served at once: a leader has applied its commit index
    servePending(s, env);
    return true;
  }
  // ReadIndex (§6.4): a new round of heartbeats confirms the leadership.
  beginRound(s, env);
  read.round = s.reads.round;
  s.reads.pending.push(read);
  if (env.note)
    narrate(
      s,
      env,
      () =>
        mode === 'lease'
          ? `S${s.id}'s lease has lapsed: it records read index ${read.index} for "${m.command}" and confirms it still leads with a round of heartbeats`
          : `S${s.id} records read index ${read.index} for "${m.command}" and confirms it still leads with a round of heartbeats`,
      'dissertation §6.4',
    );
  broadcastAppend(s, env);
  servePending(s, env); // a cluster of one confirms at once
  return true;
}

/** Answers the reads whose round a majority acknowledged and whose index is applied. */
export function servePending(s: ServerState, env: Env): void {
  const r = s.reads;
  if (r === null || r.pending.length === 0) return;
  const keep: PendingRead[] = [];
  for (const read of r.pending) {
    if (read.round > r.acked || s.lastApplied < read.index) {
      keep.push(read);
      continue;
    }
    if (read.round > 0 && env.note)
      narrate(
        s,
        env,
        () =>
          `A majority acknowledged S${s.id}'s heartbeats: it still leads, and answers "${read.command}" at applied index ${s.lastApplied}`,
        'dissertation §6.4',
      );
    answer(s, read, read.command, read.arrivedAt, env);
  }
  r.pending = keep;
}

/** A leader steps down: reads waiting are told to retry elsewhere (§8). */
export function dropPending(s: ServerState, env: Env): void {
  const r = s.reads;
  if (r === null) return;
  for (const read of r.pending) replyToClient(s, read, false, null, s.leaderId, env);
  if (r.pending.length > 0 && env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} no longer leads: it cannot answer ${r.pending.length} waiting ${r.pending.length === 1 ? 'read' : 'reads'}, and the clients retry`,
      'dissertation §6.4',
    );
  r.pending = [];
}

function answer(
  s: ServerState,
  to: { client: number; seq: number; requestId: number },
  command: string,
  arrivedAt: number,
  env: Env,
): void {
  const parsed = parseCommand(command);
  if (!parsed.ok) return;
  const result = executeCommand(s.kv, parsed.command); // a get: changes nothing
  env.readServed?.(s, arrivedAt);
  replyToClient(s, to, true, result, s.role === 'leader' ? s.id : s.leaderId, env);
}
