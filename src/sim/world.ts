/**
 * The state of a simulated world as plain data, and the nodes of its event
 * queue. A checkpoint is a copy of this (sharing immutable log chunks).
 */
import { forkVec, type Vec } from '../model/pvec.ts';
import { copyLog, type Log } from '../raft/log.ts';
import { copyReadState } from '../raft/reads.ts';
import type { Message, MessageType, Progress, RaftConfig, ServerState } from '../raft/types.ts';
import type { ResolvedOptions } from '../model/options.ts';
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

export function copyServer(s: ServerState): ServerState {
  return {
    ...s,
    log: copyLog(s.log),
    kv: new Map(s.kv),
    sessions: new Map(s.sessions),
    requests: new Map(s.requests),
    progress: copyProgress(s.progress),
    votes: { ...s.votes },
    configs: s.configs.slice(),
    preVote: s.preVote && { votes: { ...s.preVote.votes }, force: s.preVote.force },
    reads: s.reads && copyReadState(s.reads),
    transfer: s.transfer && { ...s.transfer },
  };
}

function copyProgress(p: Record<number, Progress>): Record<number, Progress> {
  const out: Record<number, Progress> = {};
  for (const key in p) out[key] = { ...p[key]! };
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
  for (const [id, c] of w.clients) {
    clients.set(id, {
      ...c,
      queue: c.queue.slice(),
      current: c.current && { ...c.current },
      rng: rngs ? copyRng(c.rng) : NO_RNG,
      timer: { ...c.timer },
    });
  }
  return {
    ...w,
    options: { ...w.options, unsafe: { ...w.options.unsafe }, initial: w.options.initial },
    config: { ...w.config, unsafe: { ...w.config.unsafe } },
    servers: w.servers.map((s) => (s ? copyServer(s) : s)),
    serverRng: rngs ? w.serverRng.map(copyRng) : [],
    linkRng: rngs ? w.linkRng.map((row) => row.map(copyRng)) : [],
    links: w.links.map((row) => row.slice()),
    electionTimers: w.electionTimers.map((t) => ({ ...t })),
    heartbeatTimers: w.heartbeatTimers.map((t) => ({ ...t })),
    clients,
    ops: forkVec(w.ops),
    opsDone: forkVec(w.opsDone),
    load: { ...w.load },
    loadRng: rngs ? copyRng(w.loadRng) : NO_RNG,
    applied: w.applied.map(copyLog),
    appliedSharedFrom: w.appliedSharedFrom.slice(),
    checker: copyCheckerState(w.checker),
    lin: copyLinState(w.lin),
    actions: forkVec(w.actions),
    hash: [w.hash[0], w.hash[1]],
    sent: { ...w.sent },
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
