/**
 * The state of a simulated world as plain data, and the nodes of its event
 * queue. A checkpoint is a copy of this (sharing immutable log chunks).
 */
import { forkVec, type Vec } from '../model/pvec.ts';
import { copyLog, type Log } from '../raft/log.ts';
import { copyReadState } from '../raft/reads.ts';
import type { Message, MessageType, Progress, RaftConfig, ServerState } from '../raft/types.ts';
import { copyResolvedOptions, copyUnsafe, type ResolvedOptions } from '../model/options.ts';
import { copyCheckerState, type CheckerState } from './checkers.ts';
import { copyLinState, type LinState } from './linearizability.ts';
import type { QueueNode } from './queue.ts';
import { copyRng, type Rng } from './random.ts';
import type { RecordedAction } from './types.ts';

export const DELIVER = 0;
export const ELECTION = 1;
export const HEARTBEAT = 2;
export const CLIENT_TIMER = 3;
export const LOAD = 4;

export interface Flight extends QueueNode {
  kind: typeof DELIVER;
  id: number;
  msg: Message;
  sentAt: number;
}
export interface TimerNode extends QueueNode {
  kind: typeof ELECTION | typeof HEARTBEAT;
  server: number;
}
export interface ClientTimerNode extends QueueNode {
  kind: typeof CLIENT_TIMER;
  client: number;
  /** true: a planned resend after a redirect without a hint; false: a timeout. */
  retry: boolean;
}
export interface LoadNode extends QueueNode {
  kind: typeof LOAD;
  startAt: number;
  tick: number;
}
export type Node = Flight | TimerNode | ClientTimerNode | LoadNode;

export interface ClientState {
  id: number;
  /** Sequence number of the latest request sent (§8 sessions). */
  seq: number;
  queue: { op: number; command: string; to: number | null }[];
  current: { op: number; seq: number; command: string; target: number; attempts: number } | null;
  leaderGuess: number | null;
  rng: Rng;
  timer: ClientTimerNode;
}

export interface World {
  options: ResolvedOptions;
  config: RaftConfig;
  now: number;
  events: number;
  queueSeq: number;
  nextMessageId: number;
  nextUid: number;
  servers: ServerState[]; // index 0 unused
  serverRng: Rng[];
  linkRng: Rng[][];
  /** links[from][to]: does the one-way link carry messages? */
  links: boolean[][];
  electionTimers: TimerNode[];
  heartbeatTimers: TimerNode[];
  clients: Map<number, ClientState>;
  /**
   * Every client request, two slots each (shared with checkpoints: see pvec.ts): at
   * 2(id - 1) its command, at 2(id - 1) + 1 its submission time × 16 + its client's code.
   * A store that only grows: a checkpoint costs it nothing.
   */
  ops: Vec<string | number>;
  /** Requests answered: at 2(id - 1) the time of the answer, at 2(id - 1) + 1 its result. */
  opsDone: Vec<number | string | null>;
  /**
   * Reads only (`get`), at id - 1: how the run served reads when the request was
   * submitted (READ_CODES), kept so that a later change of the read mode does not
   * rewrite the history shown.
   */
  opsRead: Vec<number>;
  load: LoadNode;
  loadRng: Rng;
  /** What each server applied since its last restart, as a log of entries. */
  applied: Log[];
  /**
   * Per server: the lowest index written to its log since its applied log last
   * shared the log's vector (Infinity: none). Below it, the two agree.
   */
  appliedSharedFrom: number[];
  checker: CheckerState;
  /** The live linearizability checker (open windows only: O(keys + pending) to copy). */
  lin: LinState;
  actions: Vec<RecordedAction>;
  hash: [number, number];
  /** Messages sent, by type (every type present from the start: one object shape). */
  sent: Record<MessageType, number>;
  dropped: number;
  blocked: number;
}

/**
 * The copies below write every field out in the order the simulator creates the object
 * (createServer, newWorld, launch …), never a spread: a copy then shares the hidden
 * class of a new object, and code the JIT optimized while the run was built keeps
 * running after a seek restores a checkpoint (a spread gives another class, and the
 * first seeks paid for deoptimizing the whole event loop: up to 190 ms of CPU).
 */
export function copyServer(s: ServerState): ServerState {
  return {
    id: s.id,
    up: s.up,
    currentTerm: s.currentTerm,
    votedFor: s.votedFor,
    log: copyLog(s.log),
    snapshot: s.snapshot,
    requests: new Map(s.requests),
    role: s.role,
    leaderId: s.leaderId,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    kv: new Map(s.kv),
    sessions: new Map(s.sessions),
    membership: s.membership,
    configs: s.configs.slice(),
    progress: copyProgress(s.progress),
    catchUp: s.catchUp,
    votes: { ...s.votes },
    leaderSeenAt: s.leaderSeenAt,
    preVote: s.preVote && { votes: { ...s.preVote.votes }, force: s.preVote.force },
    reads: s.reads && copyReadState(s.reads),
    transfer: s.transfer && { ...s.transfer },
    electionStartedAt: s.electionStartedAt,
    electionDeadline: s.electionDeadline,
    heartbeatDeadline: s.heartbeatDeadline,
  };
}

export function copyTimer(t: TimerNode): TimerNode {
  return { kind: t.kind, time: t.time, seq: t.seq, pos: t.pos, server: t.server };
}

export function copyFlight(f: Flight): Flight {
  return {
    kind: f.kind,
    time: f.time,
    seq: f.seq,
    pos: f.pos,
    id: f.id,
    msg: f.msg,
    sentAt: f.sentAt,
  };
}

function copyConfig(c: RaftConfig): RaftConfig {
  return {
    electionTimeoutMs: [c.electionTimeoutMs[0], c.electionTimeoutMs[1]],
    heartbeatMs: c.heartbeatMs,
    leaderNoop: c.leaderNoop,
    membership: c.membership,
    snapshotThreshold: c.snapshotThreshold,
    snapshotMargin: c.snapshotMargin,
    ignoreVotesNearLeader: c.ignoreVotesNearLeader,
    preVote: c.preVote,
    checkQuorum: c.checkQuorum,
    readMode: c.readMode,
    unsafe: copyUnsafe(c.unsafe), // setOptions changes it in place
  };
}

/** Messages sent by type, every type present (newWorld's order). */
export function copySent(s: Record<MessageType, number> | null): Record<MessageType, number> {
  return {
    RequestVote: s?.RequestVote ?? 0,
    RequestVoteReply: s?.RequestVoteReply ?? 0,
    AppendEntries: s?.AppendEntries ?? 0,
    AppendEntriesReply: s?.AppendEntriesReply ?? 0,
    ClientRequest: s?.ClientRequest ?? 0,
    ClientReply: s?.ClientReply ?? 0,
    PreVote: s?.PreVote ?? 0,
    PreVoteReply: s?.PreVoteReply ?? 0,
    TimeoutNow: s?.TimeoutNow ?? 0,
    InstallSnapshot: s?.InstallSnapshot ?? 0,
    InstallSnapshotReply: s?.InstallSnapshotReply ?? 0,
  };
}

function copyClient(c: ClientState, rng: Rng): ClientState {
  const t = c.timer;
  const cur = c.current;
  return {
    id: c.id,
    seq: c.seq,
    queue: c.queue.slice(),
    current: cur && {
      op: cur.op,
      seq: cur.seq,
      command: cur.command,
      target: cur.target,
      attempts: cur.attempts,
    },
    leaderGuess: c.leaderGuess,
    rng,
    timer: { kind: t.kind, time: t.time, seq: t.seq, pos: t.pos, client: t.client, retry: t.retry },
  };
}

function copyProgress(p: Record<number, Progress>): Record<number, Progress> {
  const out: Record<number, Progress> = {};
  for (const key in p) {
    const q = p[key]!;
    out[key] = { match: q.match, next: q.next, probing: q.probing, learner: q.learner };
  }
  return out;
}

/**
 * A deep copy of what changes, sharing what does not (entries, messages in
 * flight). Whatever grows with the run's length (logs, client operations,
 * actions, the checkers' memory) is a persistent vector, forked in O(1): a
 * copy costs O(servers² + clients + messages in flight), never the history.
 * The copy's queue nodes are fresh objects, so the caller rebuilds its queue
 * from them.
 */
export function copyWorld(w: World, rngs = true): World {
  const clients = new Map<number, ClientState>();
  for (const [id, c] of w.clients) clients.set(id, copyClient(c, rngs ? copyRng(c.rng) : NO_RNG));
  const l = w.load;
  // In newWorld's order (see copyServer).
  return {
    // setOptions changes the options (and their unsafe switches) in place: copied.
    options: copyResolvedOptions(w.options),
    config: copyConfig(w.config),
    now: w.now,
    events: w.events,
    queueSeq: w.queueSeq,
    nextMessageId: w.nextMessageId,
    nextUid: w.nextUid,
    servers: w.servers.map((s) => (s ? copyServer(s) : s)),
    serverRng: rngs ? w.serverRng.map(copyRng) : [],
    linkRng: rngs ? w.linkRng.map((row) => row.map(copyRng)) : [],
    links: w.links.map((row) => row.slice()),
    electionTimers: w.electionTimers.map(copyTimer),
    heartbeatTimers: w.heartbeatTimers.map(copyTimer),
    clients,
    ops: forkVec(w.ops),
    opsDone: forkVec(w.opsDone),
    opsRead: forkVec(w.opsRead),
    load: { kind: l.kind, time: l.time, seq: l.seq, pos: l.pos, startAt: l.startAt, tick: l.tick },
    loadRng: rngs ? copyRng(w.loadRng) : NO_RNG,
    applied: w.applied.map(copyLog),
    appliedSharedFrom: w.appliedSharedFrom.slice(),
    checker: copyCheckerState(w.checker),
    lin: copyLinState(w.lin),
    actions: forkVec(w.actions),
    hash: [w.hash[0], w.hash[1]],
    sent: copySent(w.sent),
    dropped: w.dropped,
    blocked: w.blocked,
  };
}

/**
 * A checkpoint: the world (its random streams left out), the messages in flight
 * (which live only in the event queue of a running simulation), and the random
 * streams' states packed in one array (a checkpoint holds dozens of them: one
 * per link).
 */
export interface Checkpoint {
  world: World;
  flights: Flight[];
  rngs: Int32Array;
}

/** Stands for a random stream in a checkpoint's world (the states are in `rngs`). */
const NO_RNG: Rng = Object.freeze({ a: 0, b: 0, c: 0, d: 0 });

/** Every random stream of a world, in one fixed order: servers, links, load, clients. */
function eachRng(w: World, f: (r: Rng) => void): void {
  for (const r of w.serverRng) f(r);
  for (const row of w.linkRng) for (const r of row) f(r);
  f(w.loadRng);
  for (const c of w.clients.values()) f(c.rng);
}

/** A checkpoint of `w`: copies of its state, its random streams packed. */
export function saveWorld(w: World, flights: Flight[]): Checkpoint {
  const states: number[] = [];
  eachRng(w, (r) => states.push(r.a, r.b, r.c, r.d));
  return { world: copyWorld(w, false), flights, rngs: Int32Array.from(states) };
}

/** A world to run from checkpoint `c`: a copy, with fresh random streams from its states. */
export function restoreWorld(c: Checkpoint): World {
  const w = copyWorld(c.world, false);
  const n = w.options.servers;
  let k = 0;
  const next = (): Rng => {
    const p = c.rngs;
    const r = { a: p[k]!, b: p[k + 1]!, c: p[k + 2]!, d: p[k + 3]! };
    k += 4;
    return r;
  };
  w.serverRng = Array.from({ length: n + 1 }, next);
  w.linkRng = Array.from({ length: n + 1 }, () => Array.from({ length: n + 1 }, next));
  w.loadRng = next();
  for (const client of w.clients.values()) client.rng = next();
  return w;
}

/** Every node queued when `c` was taken, for rebuilding a queue. */
export function queuedNodes(c: { world: World; flights: Flight[] }): Node[] {
  const w = c.world;
  const nodes: Node[] = c.flights.slice();
  for (const t of w.electionTimers) if (t && t.pos >= 0) nodes.push(t);
  for (const t of w.heartbeatTimers) if (t && t.pos >= 0) nodes.push(t);
  for (const c of w.clients.values()) if (c.timer.pos >= 0) nodes.push(c.timer);
  if (w.load.pos >= 0) nodes.push(w.load);
  return nodes;
}
