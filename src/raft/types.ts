/**
 * The vocabulary of one Raft server: entries, messages, state, and the
 * environment through which a step emits its effects. Everything here is plain
 * data (it survives structuredClone) except `Env`, which the caller supplies.
 */
import type { Command } from '../model/command.ts';
import type { Log } from './log.ts';

export type Role = 'follower' | 'candidate' | 'leader';

/** A log entry. Immutable once created: logs and messages share the same objects. */
export interface Entry {
  readonly term: number;
  /** Identity of the entry, given once by the leader that created it (checkers, UI keys). */
  readonly uid: number;
  readonly kind: 'command' | 'noop' | 'config';
  /** Normalised command text and its parsed form (commands only). */
  readonly command?: string;
  readonly cmd?: Command;
  /** A configuration entry's configuration (§6): C_new, or C_old,new while `old` is set. */
  readonly config?: ConfigData;
  /** Client session (§8): client id (0: none, as for `propose`) and sequence number. */
  readonly client: number;
  readonly seq: number;
}

interface Base {
  term: number;
  from: number;
  to: number;
}

export interface RequestVote extends Base {
  type: 'RequestVote';
  lastLogIndex: number;
  lastLogTerm: number;
  /** Set when the user forced the election (etcd's campaign force): receivers then do not
   *  ignore it for having heard from a leader lately (dissertation §4.2.3). */
  force?: true;
}
export interface RequestVoteReply extends Base {
  type: 'RequestVoteReply';
  voteGranted: boolean;
}
export interface AppendEntries extends Base {
  type: 'AppendEntries';
  prevLogIndex: number;
  prevLogTerm: number;
  entries: readonly Entry[];
  leaderCommit: number;
  /** The leader's heartbeat round when it sent this (dissertation §6.4): the reply echoes it. */
  round?: number;
}
export interface AppendEntriesReply extends Base {
  type: 'AppendEntriesReply';
  success: boolean;
  /** The request's prevLogIndex: lets the leader recognise a stale reply. */
  prevLogIndex: number;
  /** On success: the last index known to match the leader's log. */
  matchIndex: number;
  /** On failure, the fast backtracking hint (§5.3, end): the term of the conflicting
   *  entry (0 if the log is too short) and the first index holding that term
   *  (or the index after the follower's last entry). Both 0 when the request was
   *  refused because its term was stale (Figure 2, AppendEntries receiver, rule 1). */
  conflictTerm: number;
  conflictIndex: number;
  /** The request's heartbeat round, echoed (dissertation §6.4: confirms leadership). */
  round?: number;
}
/**
 * §7, Figure 13: a leader sends its snapshot to a follower that needs entries it has
 * discarded. In one piece (offset 0, done), so the chunking fields are left out.
 */
export interface InstallSnapshot extends Base {
  type: 'InstallSnapshot';
  lastIncludedIndex: number;
  lastIncludedTerm: number;
  /** The state machine and configuration as of lastIncludedIndex (shared, never changed). */
  snapshot: Snapshot;
}
/**
 * Figure 13: the reply carries the term. `matchIndex` (0 when refused for a stale term)
 * is the last index now known to match the leader's log: the snapshot's, or the
 * follower's commitIndex when it already held more (etcd's rule).
 */
export interface InstallSnapshotReply extends Base {
  type: 'InstallSnapshotReply';
  matchIndex: number;
}
/** From a client (from = 0) to a server. Clients stand outside terms: term 0. */
export interface ClientRequest extends Base {
  type: 'ClientRequest';
  client: number;
  seq: number;
  requestId: number;
  command: string;
}
export interface ClientReply extends Base {
  type: 'ClientReply';
  client: number;
  seq: number;
  requestId: number;
  ok: boolean;
  result: string | null;
  /** When not ok: the leader this server knows of, if any. */
  leaderHint: number | null;
}

/**
 * Dissertation §9.6: a pre-vote asks whether the sender could win an election for `term`
 * (its own term + 1) without raising anyone's term; receivers do not adopt that term.
 */
export interface PreVote extends Base {
  type: 'PreVote';
  lastLogIndex: number;
  lastLogTerm: number;
  /** A forced election (see RequestVote.force): granted on the log alone. */
  force?: true;
}
/** Granted: `term` is the pre-vote's term. Refused: the voter's own term. */
export interface PreVoteReply extends Base {
  type: 'PreVoteReply';
  voteGranted: boolean;
}
/** Dissertation §3.10: the leader tells the transfer's target to start an election at once. */
export interface TimeoutNow extends Base {
  type: 'TimeoutNow';
}

export type Message =
  | RequestVote
  | RequestVoteReply
  | AppendEntries
  | AppendEntriesReply
  | InstallSnapshot
  | InstallSnapshotReply
  | ClientRequest
  | ClientReply
  | PreVote
  | PreVoteReply
  | TimeoutNow;

export type MessageType = Message['type'];

export interface Session {
  seq: number;
  result: string | null;
}

/**
 * §7: a snapshot of the state machine after applying every entry up to `index`
 * (the last included entry, of term `term`): the key-value store, the client
 * sessions that make requests run once (§8), and the configuration in use as of
 * `index` (§7: "the latest configuration as of the last included index"). Plain
 * data, and immutable once taken: servers, checkpoints and messages share it.
 */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly kv: ReadonlyMap<string, string>;
  readonly sessions: ReadonlyMap<number, Session>;
  readonly membership: Membership;
}

/** A configuration as a log entry carries it (§6): `old` is set for C_old,new. */
export interface ConfigData {
  readonly members: readonly number[];
  readonly old: readonly number[] | null;
}

/**
 * A configuration's voters, as two halves (etcd's JointConfig): `incoming` is C_new
 * (or the only configuration), `outgoing` is C_old while joint, else empty (§6).
 */
export interface Voters {
  readonly incoming: readonly number[];
  readonly outgoing: readonly number[];
}

/** A configuration in use, and the index of the log entry it came from (0: the starting one). */
export interface Membership {
  readonly voters: Voters;
  readonly index: number;
}

/**
 * What the leader knows of one peer (etcd's tracker.Progress): the match and next
 * indices of Figure 2, probing (one AppendEntries at a time until the logs match)
 * or replicating (entries streamed optimistically), and whether it is a learner
 * (receives entries, never counted: dissertation §4.2.1).
 */
export interface Progress {
  match: number;
  next: number;
  probing: boolean;
  learner: boolean;
}

/**
 * Dissertation §4.2.1: new servers first receive the log as learners, in rounds; each
 * round replicates the leader's log as it was when the round began. The change goes on
 * once a round takes less than the minimum election timeout, and is dropped after
 * CATCH_UP_ROUNDS_MAX rounds.
 */
export interface CatchUp {
  members: readonly number[];
  learners: readonly number[];
  round: number;
  roundStartedAt: number;
  /** The leader's last index when the round began: the learners must reach it. */
  roundEnd: number;
}

/** One server, split as Figure 2 splits it. Ids need not be 1..n: configurations say who counts. */
export interface ServerState {
  readonly id: number;
  up: boolean;

  // Persistent state on all servers (survives a crash).
  currentTerm: number;
  votedFor: number | null;
  log: Log;
  /**
   * §7: the latest snapshot (null: none yet). It covers the log up to its own index; the
   * log starts at or before it (`log.start <= snapshot.index`): with a snapshot margin
   * (dissertation §5.1) the last applied entries it covers stay in the log.
   */
  snapshot: Snapshot | null;

  /** Where each client's latest request sits in the log (client -> seq, index): an
   *  index over the log, kept as entries are appended, so a leader recognises a
   *  retry already in its log without scanning it (§8). A truncation may leave an
   *  index stale: readers check the entry it points at. */
  requests: Map<number, { seq: number; index: number }>;

  // Volatile state on all servers (lost on a crash).
  role: Role;
  leaderId: number | null;
  commitIndex: number;
  lastApplied: number;
  kv: Map<string, string>;
  sessions: Map<number, Session>;

  /**
   * The configuration in use: the latest in the log, committed or not (§6), else the
   * starting one. Derived from the log, so it follows the log through crashes.
   */
  membership: Membership;
  /** Every configuration in the log, oldest first, the starting one (index 0) at the
   *  bottom: a server falls back to the previous one when a truncation removes the
   *  latest (dissertation §4.1). Small: one per change. */
  configs: Membership[];

  // Volatile state on leaders: one progress record per peer (itself included), by id.
  progress: Record<number, Progress>;

  /** A change the leader is preparing: new servers catching up before the entry (dissertation §4.2.1). */
  catchUp: CatchUp | null;

  // Volatile state on candidates: the answers got in this term (true: granted, false: refused).
  votes: Record<number, boolean>;

  /** When this server last heard from a current leader (AppendEntries of its term). */
  leaderSeenAt: number;

  /** Dissertation §9.6: the pre-votes got while asking (true: granted), null when not asking;
   *  `force`: the election was forced (the RequestVote that follows is forced too). */
  preVote: { votes: Record<number, boolean>; force: boolean } | null;
  /** Leaders: heartbeat rounds, their acknowledgements, the lease and reads waiting (§6.4). */
  reads: ReadState | null;
  /** Leaders: a leadership transfer under way (dissertation §3.10). */
  transfer: Transfer | null;

  // Timers, as virtual times (null: not running). The simulator schedules them.
  electionStartedAt: number;
  electionDeadline: number | null;
  heartbeatDeadline: number | null;
}

/**
 * A leader's heartbeat rounds (dissertation §6.4): round r begins when the leader sends
 * AppendEntries to every peer; a reply echoes the round it answers. The highest round a
 * majority (of each half while joint) acknowledged confirms leadership up to its start.
 */
export interface ReadState {
  /** The latest round begun (the leader's own acknowledgement). */
  round: number;
  /** Start times of rounds not yet acknowledged by a majority: starts[i] is round
   *  `startsFrom + i` (the oldest are dropped past a bound). */
  starts: number[];
  startsFrom: number;
  /** The highest round a majority acknowledged, and when it began (-Infinity: none yet). */
  acked: number;
  ackedStart: number;
  /** Per peer, the highest round it acknowledged, */
  ackOf: Record<number, number>;
  /** and when the leader last heard from it in this term (CheckQuorum). */
  heardAt: Record<number, number>;
  /** When this server became leader: CheckQuorum counts from there until a round is acknowledged. */
  since: number;
  /** A transfer ended the lease for the rest of the term (dissertation §6.4.1, §3.10). */
  leaseEnded: boolean;
  /** The minimum election timeout when this server became leader: should the setting
   *  change, timers set before may fire sooner than the lease assumes, so it ends. */
  leaseMinMs: number;
  /** Reads waiting for a round (ReadIndex) and for the state machine to reach `index`. */
  pending: PendingRead[];
}

export interface PendingRead {
  client: number;
  seq: number;
  requestId: number;
  command: string;
  /** The commit index recorded when the read arrived (§6.4 step 1). */
  index: number;
  /** The round that must be acknowledged by a majority (begun after the read arrived). */
  round: number;
  arrivedAt: number;
}

/** Dissertation §3.10: the leader hands over to `to`; abandoned after an election timeout. */
export interface Transfer {
  to: number;
  startedAt: number;
  /** TimeoutNow sent (the target had caught up). */
  sent: boolean;
}

export type ReadMode = 'log' | 'readIndex' | 'lease';

export interface RaftConfig {
  electionTimeoutMs: [number, number];
  heartbeatMs: number;
  leaderNoop: boolean;
  /** 'joint': any change through C_old,new (§6); 'single': one server at a time (dissertation §4.1). */
  membership: 'joint' | 'single';
  /**
   * Dissertation §4.2.3: ignore a RequestVote within the minimum election timeout of
   * hearing from a current leader (a leader ignores it too), so removed servers do not
   * disrupt. The simulator turns it on in runs that use membership changes.
   */
  ignoreVotesNearLeader: boolean;
  /** Dissertation §9.6: ask for pre-votes before raising the term. */
  preVote: boolean;
  /** Dissertation §6.2: a leader steps down without a majority's answer for an election timeout. */
  checkQuorum: boolean;
  /** How a client's `get` is served (§6.4, §8): through the log, by ReadIndex or by a lease. */
  readMode: ReadMode;
  /** §7: snapshot once more than this many entries were applied since the last snapshot; 0: never. */
  snapshotThreshold: number;
  /**
   * Dissertation §5.1 (as etcd's `SnapshotCatchUpEntries`): how many applied entries a
   * server keeps in its log after snapshotting, so that a follower slightly behind is
   * sent entries rather than the snapshot. 0: the log starts right after the snapshot.
   */
  snapshotMargin: number;
  unsafe: {
    skipElectionRestriction: boolean;
    commitOldTermsByCount: boolean;
    forgetVoteOnRestart: boolean;
    /** Switch configurations in one step, no joint phase (breaks §6, Figure 10). */
    directConfigChange: boolean;
    /** Any server answers a read at once from its own state machine (breaks §6.4, §8). */
    staleReads: boolean;
    /** Voters grant votes at once after hearing from a leader: leases break (§6.4.1). */
    leaseWithoutVoteWait: boolean;
  };
}

/** A narration of what a server just did, for people; `section` cites the paper. */
export interface Note {
  server: number;
  text: string;
  section: string;
}

/** What a step may use and emit. The server does no I/O and reads no clock of its own. */
export interface Env {
  now: number;
  config: RaftConfig;
  /** A uniform integer in [lo, hi] from the stepping server's own random stream. */
  randomInt(lo: number, hi: number): number;
  /** A new entry identity. */
  nextUid(): number;
  send(message: Message): void;
  /** `entry` was applied at `index`; `executed`: its command ran (not a no-op, not a
   *  retry answered from the session). */
  applied(
    server: ServerState,
    index: number,
    entry: Entry,
    result: string | null,
    executed: boolean,
  ): void;
  /** §7: the server replaced its state machine with `snapshot` from the leader, having
   *  applied up to `appliedBefore` (its lastApplied is now the snapshot's index). */
  installed(server: ServerState, snapshot: Snapshot, appliedBefore: number): void;
  /** When set, steps narrate what they do. */
  note: ((note: Note) => void) | null;
  /** A read was answered outside the log from `server`'s state machine (at its lastApplied);
   *  it reached the server at `arrivedAt` (§6.4). For the checkers. */
  readServed?(server: ServerState, arrivedAt: number): void;
}
