/**
 * The deterministic world: a virtual clock, one event queue ordered by (time,
 * sequence number), seeded random streams per server, per link and per client,
 * one-way links, built-in clients, and checkers after every event.
 *
 * The run is a pure function of (options, recorded actions): an action is
 * recorded with the virtual time and the number of events before it, and how
 * time was advanced never changes what happens.
 */
import { parseCommand } from '../model/command.ts';
import { emptyVec, forkVec, vecEach, vecGet, vecPush, vecSet, vecValues } from '../model/pvec.ts';
import { CLIENTS_MAX, LOAD_CLIENT_FIRST, LOAD_CLIENTS, TIME_MS_MAX } from '../model/limits.ts';
import {
  copyUnsafe,
  mergeUnsafe,
  normalizeNetwork,
  checkMembers,
  normalizeRuntime,
  resolveOptions,
  type NetworkChange,
  type RuntimeOptions,
  type SimulationOptions,
} from '../model/options.ts';
import { append, emptyLog, entryAt, lastIndex, truncateFrom, type Log } from '../raft/log.ts';
import { isVoter } from '../raft/quorum.ts';
import * as raft from '../raft/server.ts';
import { majority } from '../raft/quorum.ts';
import type { Entry, Env, Message, Note, ServerState, Snapshot } from '../raft/types.ts';
import { Checkers, newCheckerState, type Before } from './checkers.ts';
import {
  linComplete,
  linSubmit,
  newLinState,
  verdictOf,
  type KeyFailure,
  type LinearizabilityVerdict,
} from './linearizability.ts';
import { EventQueue } from './queue.ts';
import { chance, finish, mix, mixWord, randomInt, stream, STREAM, type Rng } from './random.ts';
import type {
  ClientOp,
  LogEntry,
  MessageView,
  RecordedAction,
  ServerView,
  SimEvent,
  SimEventKind,
  SimLoss,
  Simulation,
  Violation,
} from './types.ts';
import {
  CLIENT_TIMER,
  DELIVER,
  ELECTION,
  HEARTBEAT,
  LOAD,
  copyFlight,
  copySent,
  queuedNodes,
  restoreWorld,
  saveWorld,
  type ClientState,
  type Flight,
  type Node,
  type World,
  type Checkpoint,
} from './world.ts';
import { describeMessage, messageFields } from './describe.ts';

const MESSAGE_TYPE_CODE: Record<string, number> = {
  RequestVote: 1,
  RequestVoteReply: 2,
  AppendEntries: 3,
  AppendEntriesReply: 4,
  ClientRequest: 5,
  ClientReply: 6,
  PreVote: 10,
  PreVoteReply: 11,
  TimeoutNow: 12,
  InstallSnapshot: 7,
  InstallSnapshotReply: 8,
};

export type { Checkpoint } from './world.ts';

function textHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = mixWord(h, text.charCodeAt(i));
  return h;
}

const ROLE_CODE = { follower: 0, candidate: 1, leader: 2 } as const;

/** A few fields of a message's content, folded into one integer for the trace hash. */
function messageDigest(m: Message): number {
  switch (m.type) {
    case 'RequestVote':
      return (m.lastLogIndex * 31 + m.lastLogTerm) | 0;
    case 'RequestVoteReply':
      return m.voteGranted ? 1 : 0;
    case 'AppendEntries':
      return (
        (((m.prevLogIndex * 31 + m.prevLogTerm) * 31 + m.entries.length) * 31 + m.leaderCommit) | 0
      );
    case 'AppendEntriesReply':
      return ((m.success ? 1 : 0) + m.matchIndex * 2 + m.conflictIndex * 62) | 0;
    case 'InstallSnapshot':
      return (m.lastIncludedIndex * 31 + m.lastIncludedTerm) | 0;
    case 'InstallSnapshotReply':
      return m.matchIndex;
    case 'ClientRequest':
      return m.seq;
    case 'ClientReply':
      return (m.seq * 2 + (m.ok ? 1 : 0)) | 0;
    case 'PreVote':
      return (m.lastLogIndex * 31 + m.lastLogTerm) | 0;
    case 'PreVoteReply':
      return m.voteGranted ? 1 : 0;
    case 'TimeoutNow':
      return 0;
  }
}

/** The server's entry points, as the simulation calls them. */
export type ServerSteps = Pick<
  typeof raft,
  | 'start'
  | 'crash'
  | 'restart'
  | 'electionTimeout'
  | 'heartbeatTimeout'
  | 'propose'
  | 'proposeConfig'
  | 'transferLeadership'
  | 'step'
>;

export class Sim implements Simulation {
  /**
   * The Raft server the world runs. Tests of the checkers plant faults by
   * overriding it in a subclass with a mutant (src/sim/mutants.test.ts); nothing
   * else can reach it: the worker and the UI only ever build a plain `Sim`.
   */
  protected readonly raft: ServerSteps = raft;
  private w: World;
  private queue = new EventQueue<Node>();
  private checkers: Checkers;
  private env: SimEnv;
  private rng: Rng;
  private before: Before = {
    up: true,
    role: 'follower',
    term: 0,
    truncations: 0,
    commitIndex: 0,
    logStart: 0,
    logStartTerm: 0,
    snapshotIndex: 0,
  };
  private notes: Note[] | null = null;
  /** Called after every event with its description (turns narration on). */
  onEvent: ((e: SimEvent) => void) | null = null;
  /** Called for every message the network loses (see SimLoss); changes nothing in the run. */
  onLoss: ((l: SimLoss) => void) | null = null;
  /** True while an event is processed (a loss then belongs to it, not to an action). */
  private inEvent = false;
  /** step(): the event processed is kept in `captured`. */
  private capturing = false;
  private captured: SimEvent | null = null;

  constructor(options: SimulationOptions | Checkpoint = {}) {
    this.w = isCheckpoint(options) ? restoreWorld(options) : newWorld(resolveOptions(options));
    this.checkers = new Checkers(this.w.checker);
    this.rng = this.w.loadRng;
    this.env = new SimEnv(this as unknown as SimHooks, this.w.now, this.w.config);
    if (isCheckpoint(options)) {
      const flights = options.flights.map(copyFlight);
      for (const node of queuedNodes({ world: this.w, flights })) this.queue.restore(node);
      this.queue.seq = this.w.queueSeq;
    } else {
      this.start();
    }
  }

  // -------------------------------------------------------------------------
  // Time

  get now(): number {
    return this.w.now;
  }

  advance(ms: number): void {
    if (!Number.isInteger(ms) || ms < 0)
      throw new Error(`advance takes a whole number of milliseconds ≥ 0, got ${String(ms)}.`);
    const until = this.w.now + ms;
    if (until > TIME_MS_MAX) throw new Error(`Virtual time is limited to ${TIME_MS_MAX} ms.`);
    this.runTo(until, Infinity);
    this.w.now = smallInt(until);
  }

  step(): SimEvent | null {
    if (this.queue.size === 0) return null;
    // The event is kept aside, the listener left in place (a loss listener may ask which it is).
    this.captured = null;
    this.capturing = true;
    try {
      this.processNext();
    } finally {
      this.capturing = false;
    }
    const event = this.captured;
    this.captured = null;
    return event;
  }

  /**
   * Moves the clock to `time` without processing events. If events due before
   * `time` remain (a caller stopped at an event count), the clock stays at the
   * last event: no event is ever left in the past.
   */
  advanceClockTo(time: number): void {
    if (time < this.w.now) throw new Error('The clock never goes back.');
    const next = this.queue.peek();
    if (next === undefined || next.time >= time) this.w.now = smallInt(time);
  }

  /** The time of the next event, or null when none is scheduled. */
  nextEventAt(): number | null {
    return this.queue.peek()?.time ?? null;
  }

  /** Processes events due at or before `time`, stopping once `events` have been processed. */
  runTo(time: number, events: number): void {
    const q = this.queue;
    for (;;) {
      const top = q.peek();
      if (top === undefined || top.time > time || this.w.events >= events) return;
      this.processNext();
    }
  }

  // -------------------------------------------------------------------------
  // Actions (recorded)

  crash(id: number): void {
    const s = this.serverState(id);
    this.record('crash', [id]);
    if (!s.up) return;
    this.pre(s);
    this.raft.crash(s);
    this.post(s);
  }

  restart(id: number): void {
    const s = this.serverState(id);
    this.record('restart', [id]);
    if (s.up) return;
    // It loads its snapshot (§7), whose entries it applied before, then applies the
    // rest of its log again: mostly the same entries at the same indices, which the
    // persistent vector keeps without copying.
    const base = s.snapshot?.index ?? 0;
    truncateFrom(this.w.applied[id]!, base + 1);
    if (base === 0) this.w.appliedSharedFrom[id] = Infinity;
    this.pre(s);
    this.raft.restart(s, this.envFor(s));
    this.post(s);
  }

  timeout(id: number): void {
    const s = this.serverState(id);
    this.record('timeout', [id]);
    if (!s.up || s.role === 'leader') return;
    this.pre(s);
    this.raft.electionTimeout(s, this.envFor(s), true);
    this.post(s);
  }

  isolate(id: number): void {
    this.serverState(id);
    this.record('isolate', [id]);
    for (let p = 1; p <= this.w.options.servers; p++) {
      if (p === id) continue;
      this.setLinkState(id, p, false);
      this.setLinkState(p, id, false);
    }
  }

  connect(id: number): void {
    this.serverState(id);
    this.record('connect', [id]);
    for (let p = 1; p <= this.w.options.servers; p++) {
      if (p === id) continue;
      this.setLinkState(id, p, true);
      this.setLinkState(p, id, true);
    }
  }

  partition(groups: number[][]): void {
    if (!Array.isArray(groups) || groups.some((g) => !Array.isArray(g))) {
      throw new Error('partition takes a list of groups of server ids, e.g. [[1, 2], [3, 4, 5]].');
    }
    const group = new Array<number>(this.w.options.servers + 1).fill(-1);
    groups.forEach((g, i) => {
      for (const id of g) {
        this.serverState(id);
        if (group[id] !== -1) throw new Error(`S${id} is named in two groups.`);
        group[id] = i;
      }
    });
    // Which group is named first changes nothing: record one canonical form.
    const canonical = groups
      .filter((g) => g.length > 0)
      .map((g) => g.slice().sort((a, b) => a - b))
      .sort((a, b) => a[0]! - b[0]!);
    this.record('partition', [canonical]);
    const n = this.w.options.servers;
    for (let a = 1; a <= n; a++) {
      for (let b = 1; b <= n; b++) {
        if (a !== b) this.setLinkState(a, b, group[a] !== -1 && group[a] === group[b]);
      }
    }
  }

  heal(): void {
    this.record('heal', []);
    const n = this.w.options.servers;
    for (let a = 1; a <= n; a++)
      for (let b = 1; b <= n; b++) if (a !== b) this.setLinkState(a, b, true);
  }

  setLink(from: number, to: number, up: boolean): void {
    this.serverState(from);
    this.serverState(to);
    if (from === to) throw new Error('A link joins two different servers.');
    if (typeof up !== 'boolean') throw new Error('setLink: up must be true or false.');
    this.record('setLink', [from, to, up]);
    this.setLinkState(from, to, up);
  }

  setNetwork(change: NetworkChange): void {
    const opts = normalizeNetwork(change);
    this.record('setNetwork', [opts]);
    const o = this.w.options;
    if (opts.latencyMs) o.latencyMs = [opts.latencyMs[0], opts.latencyMs[1]];
    if (opts.dropRate !== undefined) o.dropRate = opts.dropRate;
    if (opts.duplicateRate !== undefined) o.duplicateRate = opts.duplicateRate;
  }

  setOptions(change: RuntimeOptions): void {
    const opts = normalizeRuntime(change);
    this.record('setOptions', [opts]);
    const o = this.w.options;
    const c = this.w.config;
    if (opts.electionTimeoutMs)
      o.electionTimeoutMs = c.electionTimeoutMs = [
        opts.electionTimeoutMs[0],
        opts.electionTimeoutMs[1],
      ];
    if (opts.heartbeatMs !== undefined) o.heartbeatMs = c.heartbeatMs = opts.heartbeatMs;
    if (opts.leaderNoop !== undefined) o.leaderNoop = c.leaderNoop = opts.leaderNoop;
    if (opts.preVote !== undefined) o.preVote = c.preVote = opts.preVote;
    if (opts.checkQuorum !== undefined) o.checkQuorum = c.checkQuorum = opts.checkQuorum;
    if (opts.readMode !== undefined) o.readMode = c.readMode = opts.readMode;
    if (opts.unsafe) {
      mergeUnsafe(o.unsafe, opts.unsafe);
      mergeUnsafe(c.unsafe, opts.unsafe);
    }
    if (opts.snapshotThreshold !== undefined)
      o.snapshotThreshold = c.snapshotThreshold = opts.snapshotThreshold;
    if (opts.snapshotMargin !== undefined)
      o.snapshotMargin = c.snapshotMargin = opts.snapshotMargin;
    if (opts.clientLoadPerSecond !== undefined) {
      o.clientLoadPerSecond = opts.clientLoadPerSecond;
      this.scheduleLoad(this.w.now, 0);
    }
  }

  propose(id: number, command: string): { index: number; term: number; isLeader: boolean } {
    const s = this.serverState(id);
    const parsed = parseCommand(command);
    if (!parsed.ok) throw new Error(parsed.error);
    this.record('propose', [id, parsed.text]);
    this.pre(s);
    const r = this.raft.propose(s, parsed.text, this.envFor(s));
    this.post(s);
    return r;
  }

  proposeConfig(id: number, members: number[]): { index: number; term: number; isLeader: boolean } {
    const s = this.serverState(id);
    const list = checkMembers('proposeConfig: members', members, this.w.options.servers);
    this.record('proposeConfig', [id, list]);
    // Dissertation §4.2.3: from the first change on, votes near a leader are ignored, so
    // removed servers cannot disrupt (runs without changes keep the rules they had).
    this.w.config.ignoreVotesNearLeader = true;
    this.pre(s);
    const r = this.raft.proposeConfig(s, list, this.envFor(s));
    this.post(s);
    return { index: r.index, term: r.term, isLeader: r.isLeader };
  }

  transferLeadership(from: number, to: number): boolean {
    // Dissertation §3.10. False, with nothing recorded, for ids that name no server.
    const n = this.w.options.servers;
    const known = (id: unknown) =>
      Number.isInteger(id) && (id as number) >= 1 && (id as number) <= n;
    if (!known(from) || !known(to) || from === to) return false;
    const s = this.w.servers[from]!;
    if (!s.up || s.role !== 'leader' || !isVoter(s.membership.voters, to)) return false;
    this.record('transferLeadership', [from, to]);
    this.pre(s);
    const ok = this.raft.transferLeadership(s, to, this.envFor(s));
    this.post(s);
    return ok;
  }

  /**
   * Why `id` would refuse a change to `members` now (null: it would start it). Reads
   * only: nothing is recorded, so the app can say why before acting. Bad input throws.
   */
  configChangeError(id: number, members: number[]): string | null {
    const s = this.serverState(id);
    const list = checkMembers('members', members, this.w.options.servers);
    return raft.configChangeRefusal(s, list, this.w.config);
  }

  submit(command: string, opts: { client?: number; to?: number } = {}): number {
    const parsed = parseCommand(command);
    if (!parsed.ok) throw new Error(parsed.error);
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
      throw new Error('submit options must be an object.');
    for (const k of Object.keys(opts)) {
      if (k !== 'client' && k !== 'to')
        throw new Error(`submit: unknown option "${k}" (known: client, to).`);
    }
    const client = opts.client ?? 1;
    if (!Number.isInteger(client) || client < 1 || client > CLIENTS_MAX) {
      throw new Error(
        `client must be a whole number from 1 to ${CLIENTS_MAX}, got ${String(client)}.`,
      );
    }
    if (opts.to !== undefined) this.serverState(opts.to);
    // Canonical form: the normalised command, then only what differs from the defaults.
    const given: { client?: number; to?: number } = {};
    if (client !== 1) given.client = client;
    if (opts.to !== undefined) given.to = opts.to;
    this.record(
      'submit',
      given.client === undefined && given.to === undefined ? [parsed.text] : [parsed.text, given],
    );
    return this.enqueue(client, parsed.text, opts.to ?? null);
  }

  drop(messageId: number): void {
    const f = this.flights().find((x) => x.id === messageId);
    if (f === undefined) throw new Error(`No message ${String(messageId)} is in flight.`);
    this.record('drop', [messageId]);
    this.queue.cancel(f);
    this.w.dropped++;
    this.tellLoss(f.msg, 'drop', f);
  }

  // -------------------------------------------------------------------------
  // Readers (copies)

  clientOps(): ClientOp[] {
    const out: ClientOp[] = [];
    for (let id = 1; id <= this.clientOpCount; id++) out.push(this.clientOp(id)!);
    return out;
  }

  messages(): MessageView[] {
    const out: MessageView[] = [];
    for (const f of this.flights()) out.push(messageView(f));
    return out.sort((a, b) => a.id - b.id);
  }

  server(id: number): ServerView {
    const s = this.serverState(id);
    return {
      id: s.id,
      up: s.up,
      role: s.role,
      term: s.currentTerm,
      votedFor: s.votedFor,
      log: logView(s.log, 1, lastIndex(s.log)),
      snapshot: s.snapshot && { index: s.snapshot.index, term: s.snapshot.term },
      commitIndex: s.commitIndex,
      lastApplied: s.lastApplied,
      kv: Object.fromEntries(s.kv),
      config: configView(s),
    };
  }

  servers(): ServerView[] {
    const out: ServerView[] = [];
    for (let id = 1; id <= this.w.options.servers; id++) out.push(this.server(id));
    return out;
  }

  leader(): number | null {
    let best: ServerState | null = null;
    for (let id = 1; id <= this.w.options.servers; id++) {
      const s = this.w.servers[id]!;
      if (s.up && s.role === 'leader' && (best === null || s.currentTerm > best.currentTerm))
        best = s;
    }
    return best?.id ?? null;
  }

  applied(id: number): LogEntry[] {
    this.serverState(id);
    const log = this.w.applied[id]!;
    const out: LogEntry[] = [];
    for (let i = 1; i <= log.last; i++) out.push(entryView(entryAt(log, i)!, i));
    return out;
  }

  violations(): Violation[] {
    return this.w.checker.violations.map((v) => ({ ...v }));
  }

  linearizable(): LinearizabilityVerdict {
    return verdictOf(this.w.lin);
  }

  actions(): RecordedAction[] {
    return structuredClone(vecValues(this.w.actions));
  }

  traceHash(): string {
    const a = finish(this.w.hash[0]);
    const b = finish(this.w.hash[1]);
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }

  stats(): {
    events: number;
    messagesSent: Record<string, number>;
    messagesDropped: number;
    messagesBlocked: number;
  } {
    return {
      events: this.w.events,
      messagesSent: Object.fromEntries(Object.entries(this.w.sent).filter(([, n]) => n > 0)),
      messagesDropped: this.w.dropped,
      messagesBlocked: this.w.blocked,
    };
  }

  // -------------------------------------------------------------------------
  // Checkpoints and inner views (for the worker and tests)

  /** A checkpoint of the whole world; restore it with `new Sim(checkpoint)`. */
  save(): Checkpoint {
    this.w.queueSeq = this.queue.seq;
    return saveWorld(this.w, this.flights().map(copyFlight));
  }

  /** The raw state of a server: read-only, for drawing (timers, nextIndex …). */
  inner(id: number): Readonly<ServerState> {
    return this.serverState(id);
  }

  /**
   * The raw entry server `id` applied at `index` (since its last restart, the entries
   * its snapshot stands for included), or undefined: read-only, for tests.
   */
  appliedEntry(id: number, index: number): Readonly<Entry> | undefined {
    this.serverState(id);
    return entryAt(this.w.applied[id]!, index);
  }

  /** The raw in-flight messages: read-only. */
  flights(): Flight[] {
    const out: Flight[] = [];
    for (const n of this.queue.nodes()) if (n.kind === DELIVER) out.push(n);
    return out;
  }

  clientStates(): ReadonlyMap<number, ClientState> {
    return this.w.clients;
  }

  linkUp(from: number, to: number): boolean {
    return this.w.links[from]?.[to] ?? false;
  }

  get options(): Readonly<World['options']> {
    return this.w.options;
  }

  /** How many events were processed (cheaper than stats().events: no object built). */
  get eventCount(): number {
    return this.w.events;
  }

  /** How many actions were taken (cheaper than actions().length). */
  get actionCount(): number {
    return this.w.actions.size;
  }

  /** The actions taken from index `from` on (copies). */
  actionsFrom(from: number): RecordedAction[] {
    return structuredClone(vecValues(this.w.actions, from));
  }

  /** Every leader elected so far, by term (terms without a leader are absent). */
  leadersByTerm(): { term: number; leader: number }[] {
    const out: { term: number; leader: number }[] = [];
    vecEach(this.w.checker.leaderOfTerm, (leader, term) => out.push({ term, leader }));
    return out;
  }

  /**
   * Where the clients' history first stopped being linearizable: the key, the
   * moment, the operations searched and the smallest set among them (shared:
   * read-only). null while it is linearizable or undecided.
   */
  linearizabilityFailure(): Readonly<KeyFailure> | null {
    return this.w.lin.failure;
  }

  /**
   * The live linearizability checker's work so far: answers taken in, searches run
   * (one per read answered) and search steps taken.
   */
  linearizabilityCost(): { answers: number; checks: number; steps: number } {
    const l = this.w.lin;
    return { answers: l.answers, checks: l.checks, steps: l.steps };
  }

  get violationCount(): number {
    return this.w.checker.total;
  }

  /** How many log entries leaders have created so far (each is one more to keep: see the worker's RUN_RECORDS_MAX). */
  get entryCount(): number {
    return this.w.nextUid;
  }

  /** How many client requests were submitted (ids are 1..clientOpCount). */
  get clientOpCount(): number {
    return this.w.ops.size >> 1;
  }

  /** One client request by id (a copy), or undefined. */
  clientOp(id: number): ClientOp | undefined {
    if (!Number.isInteger(id) || id < 1 || id > this.clientOpCount) return undefined;
    const k = 2 * (id - 1);
    const packed = vecGet(this.w.ops, k + 1) as number;
    const code = packed % OP_CLIENT_CODES;
    const done = vecGet(this.w.opsDone, k) as number | undefined;
    return {
      id,
      client: code < LOAD_CODE_FIRST ? code : code - LOAD_CODE_FIRST + LOAD_CLIENT_FIRST,
      command: vecGet(this.w.ops, k) as string,
      submittedAt: (packed - code) / OP_CLIENT_CODES,
      completedAt: done ?? null,
      result: done === undefined ? null : (vecGet(this.w.opsDone, k + 1) as string | null),
    };
  }

  /**
   * For a read (`get`), how the run served reads when it was submitted (§6.4, §8):
   * 'stale' under unsafe.staleReads; null for any other request or an unknown id.
   */
  clientOpRead(id: number): ReadServed | null {
    if (!Number.isInteger(id) || id < 1 || id > this.clientOpCount) return null;
    const code = vecGet(this.w.opsRead, id - 1);
    return code === undefined ? null : READ_SERVED[code]!;
  }

  private readCode(): number {
    const o = this.w.options;
    return o.unsafe.staleReads ? READ_SERVED.indexOf('stale') : READ_SERVED.indexOf(o.readMode);
  }

  /** The latest `n` violations (copies), without copying them all. */
  recentViolations(n: number): Violation[] {
    return this.w.checker.violations.slice(-n).map((v) => ({ ...v }));
  }

  // -------------------------------------------------------------------------
  // The event loop

  private start(): void {
    const w = this.w;
    for (let id = 1; id <= w.options.servers; id++) {
      const s = w.servers[id]!;
      this.checkers.registerInitial(s);
      this.pre(s);
      this.raft.start(s, this.envFor(s));
      this.post(s);
    }
    this.scheduleLoad(0, 0);
  }

  private processNext(): void {
    const node = this.queue.pop()!;
    const w = this.w;
    w.now = node.time;
    this.env.now = node.time;
    w.events++;
    this.inEvent = true;
    const listening = this.onEvent !== null || this.capturing;
    this.notes = listening ? [] : null;
    this.env.note = listening ? noteToSim : null;
    let kind: SimEventKind;
    let server = 0;
    let message: Flight | null = null;
    switch (node.kind) {
      case DELIVER: {
        message = node;
        const m = node.msg;
        server = m.to;
        if (m.to === 0) {
          kind = 'deliver';
          this.onClientReply(m);
        } else {
          const s = w.servers[m.to]!;
          if (!s.up) {
            kind = 'lost';
          } else {
            kind = 'deliver';
            this.pre(s);
            this.rng = w.serverRng[s.id]!;
            this.raft.step(s, m, this.env);
            this.post(s);
          }
        }
        this.mixHash(
          1,
          node.time,
          MESSAGE_TYPE_CODE[m.type]!,
          m.from,
          m.to,
          m.term,
          node.id,
          (kind === 'lost' ? 1 : 0) | (messageDigest(m) << 1),
        );
        break;
      }
      case ELECTION: {
        kind = 'election-timeout';
        const s = w.servers[(server = node.server)]!;
        this.pre(s);
        s.electionDeadline = null;
        this.rng = w.serverRng[s.id]!;
        this.raft.electionTimeout(s, this.env);
        this.post(s);
        this.mixHash(2, node.time, s.id, s.currentTerm, 0, 0, 0, 0);
        break;
      }
      case HEARTBEAT: {
        kind = 'heartbeat';
        const s = w.servers[(server = node.server)]!;
        this.pre(s);
        s.heartbeatDeadline = null;
        this.rng = w.serverRng[s.id]!;
        this.raft.heartbeatTimeout(s, this.env);
        this.post(s);
        this.mixHash(3, node.time, s.id, s.currentTerm, 0, 0, 0, 0);
        break;
      }
      case CLIENT_TIMER: {
        const c = w.clients.get(node.client)!;
        kind = node.retry ? 'client-retry' : 'client-timeout';
        this.onClientTimer(c, node.retry);
        this.mixHash(4, node.time, c.id, node.retry ? 1 : 0, 0, 0, 0, 0);
        break;
      }
      case LOAD: {
        kind = 'client-load';
        this.onLoadTick();
        this.mixHash(5, node.time, node.tick, 0, 0, 0, 0, 0);
        break;
      }
    }
    if (listening) {
      const view = message ? messageView(message) : undefined;
      const notes = this.notes!;
      const e: SimEvent = {
        n: w.events,
        at: w.now,
        kind,
        server,
        message: view,
        notes,
        text: describeEvent(kind, server, view, notes),
      };
      if (this.capturing) this.captured = e;
      this.onEvent?.(e);
    }
    this.notes = null;
    this.env.note = null;
    this.inEvent = false;
  }

  private pre(s: ServerState): void {
    const b = this.before;
    b.up = s.up;
    b.role = s.role;
    b.term = s.currentTerm;
    b.truncations = s.log.truncations;
    b.commitIndex = s.commitIndex;
    b.logStart = s.log.start;
    b.logStartTerm = s.log.startTerm;
    b.snapshotIndex = s.snapshot?.index ?? 0;
    this.checkers.events = this.w.events;
    this.env.now = this.w.now;
  }

  private post(s: ServerState): void {
    this.syncTimers(s);
    // Before the checkers take it: the lowest index this step wrote to the log
    // among those applied (see onApplied).
    const from = this.w.appliedSharedFrom;
    const written = s.log.changedFrom;
    if (written <= this.w.applied[s.id]!.last && written < from[s.id]!) from[s.id] = written;
    this.checkers.afterStep(s, this.before, this.w.now);
    // The trace hash also follows what each step did to its server, so that runs
    // which send the same messages but commit or apply differently hash apart.
    this.mixState(
      s.id | (ROLE_CODE[s.role] << 4) | ((s.votedFor ?? 0) << 6),
      s.currentTerm,
      s.log.last,
      (s.commitIndex * 65_599 + s.lastApplied) | 0,
    );
  }

  private envFor(s: ServerState): Env {
    this.rng = this.w.serverRng[s.id]!;
    this.env.now = this.w.now;
    return this.env;
  }

  private syncTimers(s: ServerState): void {
    const e = this.w.electionTimers[s.id]!;
    if (s.electionDeadline === null) this.queue.cancel(e);
    else if (e.pos < 0 || e.time !== s.electionDeadline) this.queue.schedule(e, s.electionDeadline);
    const h = this.w.heartbeatTimers[s.id]!;
    if (s.heartbeatDeadline === null) this.queue.cancel(h);
    else if (h.pos < 0 || h.time !== s.heartbeatDeadline)
      this.queue.schedule(h, s.heartbeatDeadline);
  }

  private onApplied(s: ServerState, index: number, e: Entry, executed: boolean): void {
    const w = this.w;
    const a = w.applied[s.id]!;
    // What a server applied is, in a run that keeps its safety, a prefix of its own
    // log: share the log's vector instead of keeping a copy, once the two are seen
    // to agree on every index applied (checked from the lowest index the log wrote
    // there since it was last shared; -1: they disagree, share no more). Both
    // vectors hold index i under key i - 1, the log's compacted prefix included (§7).
    const from = w.appliedSharedFrom[s.id]!;
    if (vecGet(a.entries, a.last) !== e && from >= 0 && a.last === index - 1) {
      let agree = entryAt(s.log, index) === e;
      for (let i = Math.max(1, Math.min(from, s.log.changedFrom)); agree && i <= a.last; i++)
        agree = vecGet(s.log.entries, i - 1) === vecGet(a.entries, i - 1);
      if (agree) {
        a.entries = forkVec(s.log.entries);
        w.appliedSharedFrom[s.id] = Infinity;
      } else {
        w.appliedSharedFrom[s.id] = -1;
      }
    }
    append(a, e); // writes nothing when the shared vector holds e there already
    this.checkers.onApply(s, index, e, executed, this.w.now);
  }

  /**
   * §7: a follower installed a snapshot. What it applied goes on from the snapshot:
   * the entries the snapshot stands for (those the cluster applied at those indices)
   * join its applied log, so that the sequence stays continuous.
   */
  private onInstalled(s: ServerState, snapshot: Snapshot, appliedBefore: number): void {
    const w = this.w;
    const a = w.applied[s.id]!;
    if (a.last > snapshot.index) truncateFrom(a, snapshot.index + 1); // taken back: a fault
    for (let i = a.last + 1; i <= snapshot.index; i++) {
      const e = this.checkers.appliedEntry(i);
      if (e === undefined) break; // a snapshot of what nobody applied: a fault the checkers name
      append(a, e);
    }
    // Written here, not from the log: share the log's vector again only once checked.
    const from = w.appliedSharedFrom[s.id]!;
    if (from >= 0) w.appliedSharedFrom[s.id] = Math.min(from, appliedBefore + 1);
    this.checkers.onInstall(s, snapshot, appliedBefore, w.now);
  }

  // -------------------------------------------------------------------------
  // The network

  private send(m: Message): void {
    const w = this.w;
    w.sent[m.type]++;
    if (m.to === 0 || m.from === 0) {
      // Clients stand outside the cluster: their traffic is reliable, only delayed.
      const c = w.clients.get((m as { client: number }).client)!;
      this.launch(m, c.rng);
      return;
    }
    if (!w.links[m.from]![m.to]) {
      w.blocked++;
      this.tellLoss(m, 'cut', null);
      return;
    }
    const rng = w.linkRng[m.from]![m.to]!;
    if (chance(rng, w.options.dropRate)) {
      w.dropped++;
      this.tellLoss(m, 'drop', null);
      return;
    }
    this.launch(m, rng);
    if (chance(rng, w.options.duplicateRate)) this.launch(m, rng);
  }

  private launch(m: Message, rng: Rng): void {
    const w = this.w;
    const [lo, hi] = w.options.latencyMs;
    const f: Flight = {
      kind: DELIVER,
      time: 0,
      seq: 0,
      pos: -1,
      id: ++w.nextMessageId,
      msg: m,
      sentAt: w.now,
    };
    this.queue.schedule(f, w.now + randomInt(rng, lo, hi));
  }

  private setLinkState(from: number, to: number, up: boolean): void {
    const w = this.w;
    if (w.links[from]![to] === up) return;
    w.links[from]![to] = up;
    if (up) return;
    // A cut link carries nothing: what was on it is lost.
    for (const f of this.flights()) {
      if (f.msg.from === from && f.msg.to === to) {
        this.queue.cancel(f);
        w.dropped++;
        this.tellLoss(f.msg, 'cut', f);
      }
    }
  }

  /** Tells the loss listener, if any, of a message lost (`f`: its flight, null if it never flew). */
  private tellLoss(m: Message, why: SimLoss['why'], f: Flight | null): void {
    if (this.onLoss === null) return;
    const w = this.w;
    const message: MessageView = f
      ? messageView(f)
      : {
          id: 0,
          type: m.type,
          from: m.from,
          to: m.to,
          term: m.term,
          sentAt: w.now,
          deliverAt: w.now,
          fields: messageFields(m),
        };
    this.onLoss({
      n: w.events,
      action: this.inEvent ? 0 : w.actions.size,
      at: w.now,
      why,
      message,
    });
  }

  // -------------------------------------------------------------------------
  // Clients (§8): one request outstanding each, redirects followed, retries
  // with the same (client, seq) so that the state machine runs it once.

  private client(id: number): ClientState {
    let c = this.w.clients.get(id);
    if (c === undefined) {
      c = {
        id,
        seq: 0,
        queue: [],
        current: null,
        leaderGuess: null,
        rng: stream(this.w.options.seed, STREAM.client, id),
        timer: { kind: CLIENT_TIMER, time: 0, seq: 0, pos: -1, client: id, retry: false },
      };
      this.w.clients.set(id, c);
    }
    return c;
  }

  private enqueue(clientId: number, command: string, to: number | null): number {
    const w = this.w;
    const c = this.client(clientId);
    // Two slots per request, no object: its command, and its time and client in one number.
    const id = this.clientOpCount + 1;
    const code =
      clientId < LOAD_CLIENT_FIRST ? clientId : clientId - LOAD_CLIENT_FIRST + LOAD_CODE_FIRST;
    vecPush(w.ops, command);
    vecPush(w.ops, w.now * OP_CLIENT_CODES + code);
    // A read keeps the mode it was submitted under (commands arrive in canonical form).
    if (command.startsWith('get ')) vecSet(w.opsRead, id - 1, this.readCode());
    c.queue.push({ op: id, command, to });
    if (c.current === null) this.sendNext(c);
    return id;
  }

  private sendNext(c: ClientState): void {
    const next = c.queue.shift();
    if (next === undefined) return;
    const target = next.to ?? c.leaderGuess ?? randomInt(c.rng, 1, this.w.options.servers);
    c.current = { op: next.op, seq: ++c.seq, command: next.command, target, attempts: 0 };
    // The request begins now (one at a time per client): the live checker takes it from here.
    const w = this.w;
    linSubmit(w.lin, { ...this.clientOp(next.op)!, sentAt: w.now, submittedEvents: w.events });
    this.sendRequest(c);
  }

  private sendRequest(c: ClientState): void {
    const cur = c.current!;
    cur.attempts++;
    this.send({
      type: 'ClientRequest',
      term: 0,
      from: 0,
      to: cur.target,
      client: c.id,
      seq: cur.seq,
      requestId: cur.op,
      command: cur.command,
    });
    c.timer.retry = false;
    this.queue.schedule(c.timer, this.w.now + this.clientTimeoutMs());
  }

  private clientTimeoutMs(): number {
    const { electionTimeoutMs, heartbeatMs } = this.w.config;
    return Math.max(2 * electionTimeoutMs[1], 4 * heartbeatMs);
  }

  private onClientReply(m: Message): void {
    if (m.type !== 'ClientReply') return;
    const c = this.w.clients.get(m.client);
    const cur = c?.current;
    if (!c || !cur || cur.seq !== m.seq) return; // a late reply to an earlier attempt
    if (m.ok) {
      const w = this.w;
      vecSet(w.opsDone, 2 * (cur.op - 1), w.now);
      vecSet(w.opsDone, 2 * (cur.op - 1) + 1, m.result);
      linComplete(w.lin, cur.op, m.result, w.now, w.events);
      c.leaderGuess = m.from;
      c.current = null;
      this.queue.cancel(c.timer);
      this.sendNext(c);
      return;
    }
    if (m.leaderHint !== null && m.leaderHint !== m.from) {
      cur.target = m.leaderHint;
      this.sendRequest(c);
    } else {
      // No leader known there: try the next server after a short pause.
      cur.target = (m.from % this.w.options.servers) + 1;
      c.timer.retry = true;
      this.queue.schedule(c.timer, this.w.now + Math.max(this.w.config.heartbeatMs, 10));
    }
  }

  private onClientTimer(c: ClientState, retry: boolean): void {
    const cur = c.current;
    if (!cur) return;
    if (!retry) cur.target = (cur.target % this.w.options.servers) + 1;
    this.sendRequest(c);
  }

  private scheduleLoad(startAt: number, tick: number): void {
    const w = this.w;
    const rate = w.options.clientLoadPerSecond;
    if (rate <= 0) {
      this.queue.cancel(w.load);
      return;
    }
    w.load.startAt = startAt;
    w.load.tick = tick;
    this.queue.schedule(w.load, Math.max(w.now, startAt + Math.floor(((tick + 1) * 1000) / rate)));
  }

  private onLoadTick(): void {
    const w = this.w;
    const r = w.loadRng;
    const client = LOAD_CLIENT_FIRST + randomInt(r, 0, LOAD_CLIENTS - 1);
    const key = LOAD_KEYS[randomInt(r, 0, LOAD_KEYS.length - 1)]!;
    const op = randomInt(r, 0, 9);
    const value = randomInt(r, 0, 99);
    const command =
      op < 5
        ? `set ${key} ${value}`
        : op < 7
          ? `append ${key} ${value}`
          : op < 9
            ? `get ${key}`
            : `del ${key}`;
    const c = this.client(client);
    // The parsed text (shared with every copy of it: see parseCommand).
    const text = (parseCommand(command) as { text: string }).text;
    if (c.queue.length < LOAD_QUEUE_MAX) this.enqueue(client, text, null);
    this.scheduleLoad(w.load.startAt, w.load.tick + 1);
  }

  // -------------------------------------------------------------------------
  // Recording and hashing

  /**
   * Records an action and folds it into the trace hash. Callers pass the
   * validated, canonical arguments, so that two calls with the same effect
   * (keys in another order, a command spelt with more spaces) record alike.
   */
  private record(call: string, args: unknown[]): void {
    const w = this.w;
    vecPush(w.actions, { at: w.now, events: w.events, call, args: structuredClone(args) });
    this.mixHash(9, w.now, w.events, textHash(call), textHash(JSON.stringify(args)), 0, 0, 0);
  }

  private mixHash(
    kind: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
    f: number,
    g: number,
  ): void {
    // Two 32-bit lanes fed in opposite orders; no allocation on this hot path.
    const h = this.w.hash;
    let x = mixWord(h[0], kind);
    x = mixWord(x, a);
    x = mixWord(x, b);
    x = mixWord(x, c);
    x = mixWord(x, d);
    x = mixWord(x, e);
    x = mixWord(x, f);
    h[0] = mixWord(x, g);
    let y = mixWord(h[1], g);
    y = mixWord(y, f);
    y = mixWord(y, e);
    y = mixWord(y, d);
    y = mixWord(y, c);
    y = mixWord(y, b);
    y = mixWord(y, a);
    h[1] = mixWord(y, kind);
  }

  /** Folds a server's state after a step into the trace hash (four words, both lanes). */
  private mixState(a: number, b: number, c: number, d: number): void {
    const h = this.w.hash;
    h[0] = mixWord(mixWord(mixWord(mixWord(h[0], a), b), c), d);
    h[1] = mixWord(mixWord(mixWord(mixWord(h[1], d), c), b), a);
  }

  private serverState(id: number): ServerState {
    if (!Number.isInteger(id) || id < 1 || id > this.w.options.servers) {
      throw new Error(`No server ${String(id)}: servers are 1 to ${this.w.options.servers}.`);
    }
    return this.w.servers[id]!;
  }
}

const LOAD_KEYS = ['x', 'y', 'z', 'w', 'v'];
/** A request's client as a code below 16: the user's clients 1-9, then the load's clients. */
const OP_CLIENT_CODES = 16;
/** How a read was served, by code (World.opsRead). */
export type ReadServed = 'log' | 'readIndex' | 'lease' | 'stale';
const READ_SERVED: readonly ReadServed[] = ['log', 'readIndex', 'lease', 'stale'];
const LOAD_CODE_FIRST = CLIENTS_MAX + 1;
const LOAD_QUEUE_MAX = 8;

/**
 * The options as the trace hash takes them: a switch added later is left out while off,
 * so that runs which do not use it keep their hashes.
 */
function hashedOptions(o: ReturnType<typeof resolveOptions>): unknown {
  const { preVote, checkQuorum, readMode, snapshotThreshold, snapshotMargin, ...rest } = o;
  const out: Record<string, unknown> = { ...rest };
  const unsafe: Record<string, boolean> = { ...o.unsafe };
  for (const k of ['directConfigChange', 'staleReads', 'leaseWithoutVoteWait'] as const)
    if (!unsafe[k]) delete unsafe[k];
  out.unsafe = unsafe;
  if (preVote) out.preVote = true;
  if (checkQuorum) out.checkQuorum = true;
  if (readMode !== 'log') out.readMode = readMode;
  if (snapshotThreshold) out.snapshotThreshold = snapshotThreshold;
  if (snapshotMargin) out.snapshotMargin = snapshotMargin;
  return out;
}

/**
 * The environment a server steps in. Its functions are methods of one class, not
 * closures made per simulation: a seek makes a new Sim, and call sites in the Raft
 * code optimized for one simulation's closures deoptimized on the next one's
 * ("wrong call target"), which made the first seeks after building a run slow.
 */
class SimEnv implements Env {
  note: ((note: Note) => void) | null = null;
  constructor(
    readonly sim: SimHooks,
    public now: number,
    public config: Env['config'],
  ) {}
  randomInt(lo: number, hi: number): number {
    return randomInt(this.sim.rng, lo, hi);
  }
  nextUid(): number {
    return ++this.sim.w.nextUid;
  }
  send(m: Message): void {
    this.sim.send(m);
  }
  applied(
    s: ServerState,
    index: number,
    e: Entry,
    _result: string | null,
    executed: boolean,
  ): void {
    this.sim.onApplied(s, index, e, executed);
  }
  installed(s: ServerState, snapshot: Snapshot, appliedBefore: number): void {
    this.sim.onInstalled(s, snapshot, appliedBefore);
  }
  readServed(s: ServerState, arrivedAt: number): void {
    this.sim.checkers.onRead(s, arrivedAt, this.sim.w.now);
  }
}

/**
 * `x` as a small integer if it is one (virtual times stay under TIME_MS_MAX, 10^9). A time
 * computed as a boxed number (a target of a seek: Math.floor, %) and stored in the world
 * would change the shape of every World (its clock field no longer small integers) and
 * deoptimize the whole event loop: the first seeks after building a run paid for it.
 */
function smallInt(x: number): number {
  const i = x | 0;
  return i === x ? i : x;
}

/** `env.note` while the simulation narrates (one function for every Sim, called on its env). */
function noteToSim(this: SimEnv, n: Note): void {
  this.sim.notes!.push(n);
}

/** What SimEnv reaches of its Sim (private there). */
interface SimHooks {
  notes: Note[] | null;
  rng: Rng;
  w: World;
  checkers: Checkers;
  send(m: Message): void;
  onApplied(s: ServerState, index: number, e: Entry, executed: boolean): void;
  onInstalled(s: ServerState, snapshot: Snapshot, appliedBefore: number): void;
}

function isCheckpoint(o: unknown): o is Checkpoint {
  return typeof o === 'object' && o !== null && 'world' in o && 'flights' in o;
}

function newWorld(options: ReturnType<typeof resolveOptions>): World {
  const n = options.servers;
  const config = {
    electionTimeoutMs: [options.electionTimeoutMs[0], options.electionTimeoutMs[1]] as [
      number,
      number,
    ],
    heartbeatMs: options.heartbeatMs,
    leaderNoop: options.leaderNoop,
    membership: options.membership ?? 'joint',
    snapshotThreshold: options.snapshotThreshold ?? 0,
    snapshotMargin: options.snapshotMargin ?? 0,
    // Dissertation §4.2.3's rule is on in runs that use membership (proposeConfig turns it on).
    ignoreVotesNearLeader: options.members !== undefined || options.membership !== undefined,
    preVote: options.preVote,
    checkQuorum: options.checkQuorum,
    readMode: options.readMode,
    unsafe: copyUnsafe(options.unsafe),
  };
  let uid = 0;
  // Initial entries with the same (index, term, command) on the same history are one entry.
  const known = new Map<string, Entry>();
  const servers: ServerState[] = [undefined as unknown as ServerState];
  for (let id = 1; id <= n; id++) {
    const init = options.initial[id - 1];
    const log: Entry[] = [];
    let prevUid = 0;
    init?.log.forEach((e, i) => {
      const key = `${prevUid}/${i + 1}/${e.term}/${e.command ?? ''}`;
      let entry = known.get(key);
      if (!entry) {
        const parsed = e.command === undefined ? null : parseCommand(e.command);
        entry = parsed?.ok
          ? {
              term: e.term,
              uid: ++uid,
              kind: 'command',
              command: parsed.text,
              cmd: parsed.command,
              client: 0,
              seq: 0,
            }
          : { term: e.term, uid: ++uid, kind: 'noop', client: 0, seq: 0 };
        known.set(key, entry);
      }
      prevUid = entry.uid;
      log.push(entry);
    });
    servers.push(
      raft.createServer(
        id,
        options.members ?? n,
        init && { term: init.term, votedFor: init.votedFor ?? null, log },
      ),
    );
  }
  const rows = <T>(f: (a: number, b: number) => T): T[][] =>
    Array.from({ length: n + 1 }, (_, a) => Array.from({ length: n + 1 }, (_, b) => f(a, b)));
  return {
    options,
    config,
    now: 0,
    events: 0,
    queueSeq: 0,
    nextMessageId: 0,
    nextUid: uid,
    servers,
    serverRng: Array.from({ length: n + 1 }, (_, id) => stream(options.seed, STREAM.server, id)),
    linkRng: rows((a, b) => stream(options.seed, STREAM.link, a, b)),
    links: rows(() => true),
    electionTimers: Array.from({ length: n + 1 }, (_, id) => ({
      kind: ELECTION,
      time: 0,
      seq: 0,
      pos: -1,
      server: id,
    })),
    heartbeatTimers: Array.from({ length: n + 1 }, (_, id) => ({
      kind: HEARTBEAT,
      time: 0,
      seq: 0,
      pos: -1,
      server: id,
    })),
    clients: new Map(),
    ops: emptyVec(),
    opsDone: emptyVec(),
    opsRead: emptyVec(),
    load: { kind: LOAD, time: 0, seq: 0, pos: -1, startAt: 0, tick: 0 },
    loadRng: stream(options.seed, STREAM.load),
    applied: Array.from({ length: n + 1 }, () => emptyLog()),
    appliedSharedFrom: new Array<number>(n + 1).fill(Infinity),
    checker: newCheckerState(n),
    lin: newLinState(),
    actions: emptyVec(),
    hash: [
      mix(options.seed, 1, textHash(JSON.stringify(hashedOptions(options)))),
      mix(options.seed, 2),
    ],
    sent: copySent(null),
    dropped: 0,
    blocked: 0,
  };
}

export function entryView(e: Entry, index: number): LogEntry {
  if (e.kind === 'config') {
    const c = e.config!;
    return c.old
      ? { index, term: e.term, kind: 'config', members: c.members.slice(), old: c.old.slice() }
      : { index, term: e.term, kind: 'config', members: c.members.slice() };
  }
  return e.kind === 'noop'
    ? { index, term: e.term, kind: 'noop' }
    : { index, term: e.term, kind: 'command', command: e.command! };
}

/** The configuration a server uses now: `old` is set while it uses C_old,new (§6). */
export function configView(s: ServerState): { members: number[]; old: number[] | null } {
  const { incoming, outgoing } = s.membership.voters;
  return { members: incoming.slice(), old: outgoing.length > 0 ? outgoing.slice() : null };
}

/** One half of a configuration's vote count (§6): C_new (or the only one), or C_old while joint. */
export interface VoteHalf {
  half: 'new' | 'old';
  /** Votes granted by this half's members. */
  got: number;
  /** A majority of this half. */
  need: number;
  size: number;
}

/**
 * The votes a candidate (or the leader it became) got in its current term, per half of
 * the configuration it uses: C_new first, then C_old while joint (§6: both must be won).
 */
export function voteTally(s: ServerState): VoteHalf[] {
  const { incoming, outgoing } = s.membership.voters;
  const half = (name: 'new' | 'old', ids: readonly number[]): VoteHalf => {
    let got = 0;
    for (const id of ids) if (s.votes[id] === true) got++;
    return { half: name, got, need: majority(ids.length), size: ids.length };
  };
  return outgoing.length > 0
    ? [half('new', incoming), half('old', outgoing)]
    : [half('new', incoming)];
}

/**
 * The configuration the cluster is in, as the app shows it: the leader's (the newest
 * term's, if several believe they lead), else the newest in any live server's log. Its
 * learners are the servers the leader lets catch up before a change (dissertation §4.2.1).
 */
export function clusterMembership(servers: readonly ServerState[]): {
  by: number | null;
  members: number[];
  old: number[] | null;
  learners: number[];
  /** The leader has committed it (false with no leader). */
  committed: boolean;
  /** Its log index (0: the starting configuration). */
  index: number;
  /** A majority of C_new (or of the only configuration), and of C_old while joint. */
  need: number;
  oldNeed: number | null;
} {
  let leader: ServerState | null = null;
  let newest: ServerState | null = null;
  for (const s of servers) {
    if (!s.up) continue;
    if (s.role === 'leader' && (leader === null || s.currentTerm > leader.currentTerm)) leader = s;
    if (newest === null || s.membership.index > newest.membership.index) newest = s;
  }
  const ref = leader ?? newest ?? servers[0]!;
  const view = configView(ref);
  return {
    by: leader?.id ?? null,
    ...view,
    learners: leader?.catchUp?.learners.slice() ?? [],
    committed: leader !== null && leader.membership.index <= leader.commitIndex,
    index: ref.membership.index,
    need: majority(view.members.length),
    oldNeed: view.old ? majority(view.old.length) : null,
  };
}

export function logView(log: Log, from: number, to: number): LogEntry[] {
  const out: LogEntry[] = [];
  // §7: the entries up to the snapshot are gone; the view starts after them.
  for (let i = Math.max(1, from, log.start + 1); i <= Math.min(to, log.last); i++)
    out.push(entryView(entryAt(log, i)!, i));
  return out;
}

export function messageView(f: Flight): MessageView {
  const m = f.msg;
  return {
    id: f.id,
    type: m.type,
    from: m.from,
    to: m.to,
    term: m.term,
    sentAt: f.sentAt,
    deliverAt: f.time,
    fields: messageFields(m),
  };
}

function describeEvent(
  kind: SimEventKind,
  server: number,
  m: MessageView | undefined,
  notes: Note[],
): string {
  const who = server === 0 ? 'the client' : `S${server}`;
  switch (kind) {
    case 'deliver':
      return `${who} receives ${describeMessage(m!)}`;
    case 'lost':
      return `${describeMessage(m!)} is lost: S${server} is down`;
    case 'election-timeout':
      return notes[0]?.text ?? `S${server}'s election timer fires`;
    case 'heartbeat':
      return `S${server} sends heartbeats`;
    case 'client-timeout':
      return 'A client times out and retries with the next server';
    case 'client-retry':
      return 'A client retries with another server';
    case 'client-load':
      return 'The steady load submits a command';
  }
}
