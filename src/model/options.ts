/**
 * Simulation options: their types, defaults and ranges, and the one function that
 * validates them. The simulator, the scenario schema and the settings panel all
 * go through here.
 */
import { parseCommand } from './command.ts';
import {
  CLIENT_LOAD_PER_SECOND_MAX,
  ELECTION_TIMEOUT_MS_DEFAULT,
  ELECTION_TIMEOUT_MS_RANGE,
  HEARTBEAT_MS_DEFAULT,
  HEARTBEAT_MS_RANGE,
  LATENCY_MS_DEFAULT,
  LATENCY_MS_RANGE,
  SERVERS_DEFAULT,
  SERVERS_MAX,
  SERVERS_MIN,
  SNAPSHOT_MARGIN_RANGE,
  SNAPSHOT_THRESHOLD_RANGE,
} from './limits.ts';

export interface UnsafeSwitches {
  /** Grant votes whatever the candidate's log (breaks §5.4.1). */
  skipElectionRestriction?: boolean;
  /** Commit any entry stored on a majority (breaks §5.4.2, Figure 8). */
  commitOldTermsByCount?: boolean;
  /** votedFor is not persisted across a restart (breaks Figure 2's persistence). */
  forgetVoteOnRestart?: boolean;
  /** Switch configurations in one step, with no joint phase (breaks §6, Figure 10). */
  directConfigChange?: boolean;
  /** Any server answers a read at once from its own state machine (breaks §6.4, §8). */
  staleReads?: boolean;
  /** Voters grant votes at once after hearing from a leader: a lease read can be stale
   *  (breaks dissertation §6.4.1). */
  leaseWithoutVoteWait?: boolean;
}

/** How a client's `get` is served (§6.4, §8): through the log, by ReadIndex, or under a lease. */
export type ReadMode = 'log' | 'readIndex' | 'lease';
export const READ_MODES: readonly ReadMode[] = ['log', 'readIndex', 'lease'];

/** How configurations change: through C_old,new (§6), or one server at a time (dissertation §4.1). */
export type MembershipMode = 'joint' | 'single';

/** Starting state of one server, as in the figures of the paper. No command: a no-op. */
export interface InitialServer {
  term: number;
  votedFor?: number | null;
  log: { term: number; command?: string }[];
}

export interface SimulationOptions {
  seed?: number;
  servers?: number;
  electionTimeoutMs?: [number, number];
  heartbeatMs?: number;
  latencyMs?: [number, number];
  dropRate?: number;
  duplicateRate?: number;
  leaderNoop?: boolean;
  clientLoadPerSecond?: number;
  unsafe?: UnsafeSwitches;
  initial?: InitialServer[];
  /** The starting configuration (default: every server). The others start empty and wait. */
  members?: number[];
  /** Default 'joint'. */
  membership?: MembershipMode;
  /** Dissertation §9.6: ask for pre-votes before raising the term. Default false. */
  preVote?: boolean;
  /** Dissertation §6.2: a leader steps down without a majority's answer for an election
   *  timeout. Default false. */
  checkQuorum?: boolean;
  /** Default 'log'. */
  readMode?: ReadMode;
  /**
   * §7: a server snapshots once more than this many applied entries are in its log,
   * and discards them; a leader sends a follower that needs one of them its snapshot.
   * Default 0: never.
   */
  snapshotThreshold?: number;
  /**
   * Dissertation §5.1: how many applied entries a server keeps in its log after it
   * snapshots (as etcd's `SnapshotCatchUpEntries`), so that a follower only slightly
   * behind is sent entries; only one behind the leader's log start gets the snapshot.
   * Default 0: the log starts right after the snapshot.
   */
  snapshotMargin?: number;
}

export interface ResolvedOptions {
  seed: number;
  servers: number;
  electionTimeoutMs: [number, number];
  heartbeatMs: number;
  latencyMs: [number, number];
  dropRate: number;
  duplicateRate: number;
  leaderNoop: boolean;
  clientLoadPerSecond: number;
  unsafe: Required<UnsafeSwitches>;
  preVote: boolean;
  checkQuorum: boolean;
  readMode: ReadMode;
  initial: InitialServer[];
  /** Present only when given (the default, every server, leaves the options as they were). */
  members?: number[];
  membership?: MembershipMode;
  /** Present only when given (runs without snapshots keep the options they had). */
  snapshotThreshold?: number;
  /** Present only when given, as snapshotThreshold. */
  snapshotMargin?: number;
}

/**
 * A copy of the unsafe switches, every field written out in one order (never a spread):
 * every copy shares one hidden class, so code the JIT optimized keeps running on copies.
 */
export function copyUnsafe(u: Required<UnsafeSwitches>): Required<UnsafeSwitches> {
  return {
    skipElectionRestriction: u.skipElectionRestriction,
    commitOldTermsByCount: u.commitOldTermsByCount,
    forgetVoteOnRestart: u.forgetVoteOnRestart,
    directConfigChange: u.directConfigChange,
    staleReads: u.staleReads,
    leaseWithoutVoteWait: u.leaseWithoutVoteWait,
  };
}

/**
 * A copy of resolved options (a checkpoint's: setOptions and setNetwork change options in
 * place), built in resolveOptions' order so that it shares the original's hidden class.
 */
export function copyResolvedOptions(o: ResolvedOptions): ResolvedOptions {
  const r: ResolvedOptions = {
    seed: o.seed,
    servers: o.servers,
    electionTimeoutMs: o.electionTimeoutMs,
    heartbeatMs: o.heartbeatMs,
    latencyMs: o.latencyMs,
    dropRate: o.dropRate,
    duplicateRate: o.duplicateRate,
    leaderNoop: o.leaderNoop,
    clientLoadPerSecond: o.clientLoadPerSecond,
    unsafe: copyUnsafe(o.unsafe),
    preVote: o.preVote,
    checkQuorum: o.checkQuorum,
    readMode: o.readMode,
    initial: o.initial,
  };
  if (o.members !== undefined) r.members = o.members;
  if (o.membership !== undefined) r.membership = o.membership;
  if (o.snapshotThreshold !== undefined) r.snapshotThreshold = o.snapshotThreshold;
  if (o.snapshotMargin !== undefined) r.snapshotMargin = o.snapshotMargin;
  return r;
}

export function resolveOptions(o: SimulationOptions = {}): ResolvedOptions {
  if (o === null || typeof o !== 'object') throw new Error('Options must be an object.');
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed) || seed < -0x80000000 || seed > 0xffffffff) {
    throw new Error(`seed must be a 32-bit integer, got ${String(seed)}.`);
  }
  const servers = o.servers ?? SERVERS_DEFAULT;
  checkInt('servers', servers, SERVERS_MIN, SERVERS_MAX);
  const r: ResolvedOptions = {
    seed: seed | 0,
    servers,
    electionTimeoutMs: checkRange(
      'electionTimeoutMs',
      o.electionTimeoutMs ?? ELECTION_TIMEOUT_MS_DEFAULT,
      ELECTION_TIMEOUT_MS_RANGE,
    ),
    heartbeatMs: checkInt(
      'heartbeatMs',
      o.heartbeatMs ?? HEARTBEAT_MS_DEFAULT,
      ...HEARTBEAT_MS_RANGE,
    ),
    latencyMs: checkRange('latencyMs', o.latencyMs ?? LATENCY_MS_DEFAULT, LATENCY_MS_RANGE),
    dropRate: checkRate('dropRate', o.dropRate ?? 0),
    duplicateRate: checkRate('duplicateRate', o.duplicateRate ?? 0),
    leaderNoop: checkBool('leaderNoop', o.leaderNoop ?? true),
    clientLoadPerSecond: checkLoad(o.clientLoadPerSecond ?? 0),
    unsafe: copyUnsafe({
      skipElectionRestriction: false,
      commitOldTermsByCount: false,
      forgetVoteOnRestart: false,
      directConfigChange: false,
      staleReads: false,
      leaseWithoutVoteWait: false,
    }),
    preVote: checkBool('preVote', o.preVote ?? false),
    checkQuorum: checkBool('checkQuorum', o.checkQuorum ?? false),
    readMode: checkReadMode(o.readMode ?? 'log'),
    initial: checkInitial(o.initial ?? [], servers),
  };
  mergeUnsafe(r.unsafe, o.unsafe ?? {});
  if (o.members !== undefined) r.members = checkMembers('members', o.members, servers);
  if (o.membership !== undefined) {
    if (o.membership !== 'joint' && o.membership !== 'single')
      throw new Error(`membership must be 'joint' or 'single', got ${String(o.membership)}.`);
    r.membership = o.membership;
  }
  if (o.snapshotThreshold !== undefined) r.snapshotThreshold = checkThreshold(o.snapshotThreshold);
  if (o.snapshotMargin !== undefined) r.snapshotMargin = checkMargin(o.snapshotMargin);
  return r;
}

/** The resolved options of a run that starts from empty logs (what the UI and the worker pass around). */
export function resolveRunOptions(
  o: Omit<SimulationOptions, 'initial'> = {},
): Omit<ResolvedOptions, 'initial'> {
  const { initial: _initial, ...rest } = resolveOptions(o);
  return rest;
}

/** A change of the network's settings during a run. */
export interface NetworkChange {
  latencyMs?: [number, number];
  dropRate?: number;
  duplicateRate?: number;
}

export type RuntimeOptions = Pick<
  SimulationOptions,
  | 'electionTimeoutMs'
  | 'heartbeatMs'
  | 'leaderNoop'
  | 'unsafe'
  | 'clientLoadPerSecond'
  | 'preVote'
  | 'checkQuorum'
  | 'readMode'
  | 'snapshotThreshold'
  | 'snapshotMargin'
>;

const NETWORK_KEYS = ['latencyMs', 'dropRate', 'duplicateRate'] as const;
const RUNTIME_KEYS = [
  'electionTimeoutMs',
  'heartbeatMs',
  'leaderNoop',
  'clientLoadPerSecond',
  'unsafe',
  'preVote',
  'checkQuorum',
  'readMode',
  'snapshotThreshold',
  'snapshotMargin',
] as const;
const UNSAFE_KEYS = [
  'skipElectionRestriction',
  'commitOldTermsByCount',
  'forgetVoteOnRestart',
  'directConfigChange',
  'staleReads',
  'leaseWithoutVoteWait',
] as const;

/**
 * Validates a change of the network's settings and returns it in one canonical
 * form: the keys given (undefined ones dropped) in a fixed order, fresh arrays.
 * Two changes with the same effect are recorded, and hashed, the same way.
 */
export function normalizeNetwork(o: NetworkChange): NetworkChange {
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new Error('Network settings must be an object.');
  onlyKeys('Network settings', o, NETWORK_KEYS);
  const r: NetworkChange = {};
  if (o.latencyMs !== undefined)
    r.latencyMs = checkRange('latencyMs', o.latencyMs, LATENCY_MS_RANGE);
  if (o.dropRate !== undefined) r.dropRate = checkRate('dropRate', o.dropRate);
  if (o.duplicateRate !== undefined) r.duplicateRate = checkRate('duplicateRate', o.duplicateRate);
  return r;
}

/**
 * Validates a partial change of the options that may change during a run, and
 * returns it in one canonical form (as `normalizeNetwork` does; an `unsafe`
 * that names no switch is dropped).
 */
export function normalizeRuntime(o: RuntimeOptions): RuntimeOptions {
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new Error('Options must be an object.');
  onlyKeys('Options', o, RUNTIME_KEYS);
  const r: RuntimeOptions = {};
  if (o.electionTimeoutMs !== undefined)
    r.electionTimeoutMs = checkRange(
      'electionTimeoutMs',
      o.electionTimeoutMs,
      ELECTION_TIMEOUT_MS_RANGE,
    );
  if (o.heartbeatMs !== undefined)
    r.heartbeatMs = checkInt('heartbeatMs', o.heartbeatMs, ...HEARTBEAT_MS_RANGE);
  if (o.leaderNoop !== undefined) r.leaderNoop = checkBool('leaderNoop', o.leaderNoop);
  if (o.clientLoadPerSecond !== undefined) r.clientLoadPerSecond = checkLoad(o.clientLoadPerSecond);
  if (o.preVote !== undefined) r.preVote = checkBool('preVote', o.preVote);
  if (o.checkQuorum !== undefined) r.checkQuorum = checkBool('checkQuorum', o.checkQuorum);
  if (o.readMode !== undefined) r.readMode = checkReadMode(o.readMode);
  if (o.snapshotThreshold !== undefined) r.snapshotThreshold = checkThreshold(o.snapshotThreshold);
  if (o.snapshotMargin !== undefined) r.snapshotMargin = checkMargin(o.snapshotMargin);
  if (o.unsafe !== undefined) {
    const u = o.unsafe as Record<string, unknown>;
    if (u === null || typeof u !== 'object' || Array.isArray(u))
      throw new Error('unsafe must be an object.');
    for (const k of Object.keys(u))
      if (!(UNSAFE_KEYS as readonly string[]).includes(k))
        throw new Error(`Unknown unsafe switch "${k}".`);
    const unsafe: UnsafeSwitches = {};
    for (const k of UNSAFE_KEYS) if (u[k] !== undefined) unsafe[k] = checkBool(`unsafe.${k}`, u[k]);
    if (Object.keys(unsafe).length > 0) r.unsafe = unsafe;
  }
  return r;
}

function onlyKeys(what: string, o: object, known: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k))
      throw new Error(`${what}: unknown setting "${k}" (known: ${known.join(', ')}).`);
  }
}

/** Sets only the switches `change` names. */
export function mergeUnsafe(into: Required<UnsafeSwitches>, change: UnsafeSwitches): void {
  if (change === null || typeof change !== 'object') throw new Error('unsafe must be an object.');
  for (const [k, v] of Object.entries(change)) {
    if (!(k in into)) throw new Error(`Unknown unsafe switch "${k}".`);
    if (v === undefined) continue;
    into[k as keyof UnsafeSwitches] = checkBool(`unsafe.${k}`, v);
  }
}

/**
 * A configuration: a non-empty list of distinct server ids from 1 to `servers`, returned
 * ascending. Throws with a clear message otherwise.
 */
export function checkMembers(name: string, v: unknown, servers: number): number[] {
  if (!Array.isArray(v) || v.length === 0)
    throw new Error(`${name} must be a non-empty list of server ids.`);
  const seen = new Set<number>();
  for (const id of v) {
    checkInt(`${name}: server id`, id, 1, servers);
    if (seen.has(id as number)) throw new Error(`${name} names S${String(id)} twice.`);
    seen.add(id as number);
  }
  return [...seen].sort((a, b) => a - b);
}

function checkInt(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`${name} must be a whole number from ${lo} to ${hi}, got ${String(v)}.`);
  }
  return v;
}

function checkRange(name: string, v: unknown, [lo, hi]: [number, number]): [number, number] {
  if (!Array.isArray(v) || v.length !== 2) throw new Error(`${name} must be [min, max].`);
  const a = checkInt(`${name}[0]`, v[0], lo, hi);
  const b = checkInt(`${name}[1]`, v[1], lo, hi);
  if (a > b) throw new Error(`${name}: min ${a} is above max ${b}.`);
  return [a, b];
}

function checkRate(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
    throw new Error(`${name} must be a number from 0 to 1, got ${String(v)}.`);
  }
  return v;
}

function checkBool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new Error(`${name} must be true or false.`);
  return v;
}

function checkReadMode(v: unknown): ReadMode {
  if (!(READ_MODES as readonly unknown[]).includes(v))
    throw new Error(`readMode must be 'log', 'readIndex' or 'lease', got ${String(v)}.`);
  return v as ReadMode;
}

function checkThreshold(v: unknown): number {
  return checkInt('snapshotThreshold', v, ...SNAPSHOT_THRESHOLD_RANGE);
}

function checkMargin(v: unknown): number {
  return checkInt('snapshotMargin', v, ...SNAPSHOT_MARGIN_RANGE);
}

function checkLoad(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > CLIENT_LOAD_PER_SECOND_MAX) {
    throw new Error(
      `clientLoadPerSecond must be a number from 0 to ${CLIENT_LOAD_PER_SECOND_MAX}.`,
    );
  }
  return v;
}

function checkInitial(list: unknown, servers: number): InitialServer[] {
  if (!Array.isArray(list)) throw new Error('initial must be a list of servers.');
  if (list.length > servers) {
    throw new Error(`initial describes ${list.length} servers but there are only ${servers}.`);
  }
  return list.map((s: InitialServer, i) => {
    const who = `initial[${i}] (S${i + 1})`;
    if (s === null || typeof s !== 'object') throw new Error(`${who} must be an object.`);
    const term = checkInt(`${who}.term`, s.term, 0, 1_000_000);
    const votedFor = s.votedFor ?? null;
    if (votedFor !== null) checkInt(`${who}.votedFor`, votedFor, 1, servers);
    if (!Array.isArray(s.log)) throw new Error(`${who}.log must be a list of entries.`);
    if (s.log.length > 100_000) throw new Error(`${who}.log is too long.`);
    let prev = 0;
    const log = s.log.map((e, j) => {
      const at = `${who}.log[${j}] (index ${j + 1})`;
      if (e === null || typeof e !== 'object') throw new Error(`${at} must be an object.`);
      const t = checkInt(`${at}.term`, e.term, 1, term);
      if (t < prev) throw new Error(`${at}: terms in a log never decrease (${t} after ${prev}).`);
      prev = t;
      if (e.command === undefined) return { term: t };
      const parsed = parseCommand(e.command);
      if (!parsed.ok) throw new Error(`${at}: ${parsed.error}`);
      return { term: t, command: parsed.text };
    });
    return { term, votedFor, log };
  });
}
