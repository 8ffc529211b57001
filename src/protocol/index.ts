/**
 * The typed protocol between the UI and the simulation worker. Types only: the
 * UI sends commands, the worker answers with frames (at most one per display
 * frame, in answer to a `pull`) and notices.
 */
import type { ResolvedOptions, RuntimeOptions } from '../model/options.ts';
import type { Scenario } from '../model/scenario.ts';

/** A point of a run: virtual time and events processed (ordered in that order). */
export interface Moment {
  time: number;
  events: number;
}

export type MarkerKind =
  'election' | 'leader' | 'crash' | 'restart' | 'partition' | 'heal' | 'commit' | 'config';

/** A moment worth finding on the timeline. */
export interface Marker extends Moment {
  kind: MarkerKind;
  /** The server concerned (0: the cluster or the clients). */
  server: number;
  text: string;
}

/** Where the run stands on its timeline. */
export interface TimelineFrame {
  /** The furthest moment recorded. */
  head: Moment;
  /** Set when the timeline reaches beyond the head (a preset's story end): the scrubber's end. */
  horizon?: Moment;
  canUndo: boolean;
  /** Bumped when the markers change; `markers` is sent only then. */
  markersVersion: number;
  markers?: Marker[];
}

/** Why the UI asked for the scenario: the address bar, the share dialog, a file or a lesson step's start. */
export type ScenarioPurpose = 'fragment' | 'share' | 'export' | 'lesson';

export type Role = 'follower' | 'candidate' | 'leader';

/** What a new run starts from: the simulator's resolved options, without starting logs. */
export type RunOptions = Omit<ResolvedOptions, 'initial'>;

export interface NetworkSettings {
  latencyMs?: [number, number];
  dropRate?: number;
  duplicateRate?: number;
}

/** Which part of the logs the UI shows: `count` columns from `from`, or the tail. */
export interface LogView {
  from: number;
  count: number;
  follow: boolean;
}

export type Command =
  | { type: 'pull' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'speed'; speed: number }
  | { type: 'step' }
  | { type: 'nextElection' }
  /** Steps forward (1) until something a student should see happens, or back (-1) to the previous such moment. */
  | { type: 'notable'; dir: 1 | -1 }
  | { type: 'crash'; id: number }
  | { type: 'restart'; id: number }
  | { type: 'timeout'; id: number }
  /** Dissertation §3.10: the current leader hands leadership to `to`. */
  | { type: 'transferLeadership'; to: number }
  | { type: 'setLink'; from: number; to: number; up: boolean }
  | { type: 'heal' }
  /** Cuts every link between two groups (and restores those inside a group). */
  | { type: 'partition'; groups: number[][] }
  | { type: 'drop'; id: number }
  | { type: 'submit'; command: string; to?: number }
  /** Asks the leader to change the configuration to `members` (§6); refused with a notice saying why. */
  | { type: 'proposeConfig'; members: number[] }
  | { type: 'settings'; network?: NetworkSettings; runtime?: RuntimeOptions }
  | { type: 'newRun'; options: RunOptions; speed?: number; playing?: boolean }
  | { type: 'view'; log: LogView; selected: number | null }
  /** Shows the run at a moment (only the latest of several seeks is worked on). */
  | { type: 'seek'; to: Moment }
  /** Goes back exactly one event. */
  | { type: 'stepBack' }
  /** Brings back the future the last fork set aside. */
  | { type: 'undo' }
  /** Replaces the run by a scenario (validated by the UI first), paused at `at` or its moment. */
  | {
      type: 'load';
      scenario: Scenario;
      at?: Moment;
      /** Names the scenario in messages ("The link", "The file x.json"). */
      source: string;
      /** If it cannot be replayed, play the current run (a link opened at start). */
      playOnFailure?: boolean;
      /**
       * How far the timeline reaches beyond the recorded actions (a preset's
       * story runs on to its end): seeks may go up to here, the run made on the way.
       */
      horizon?: Moment;
    }
  /** Asks for the scenario of the run, at the current moment. */
  | { type: 'scenario'; purpose: ScenarioPurpose }
  /** Asks what the space-time diagram draws in a window of time (answered by a DiagramAnswer). */
  | ({ type: 'diagram' } & DiagramQuery);

export interface ServerFrame {
  id: number;
  up: boolean;
  role: Role;
  term: number;
  votedFor: number | null;
  leaderId: number | null;
  commitIndex: number;
  lastApplied: number;
  lastIndex: number;
  lastTerm: number;
  /**
   * §7: the server's snapshot (its last included index and term), if any. The log starts
   * after `logStart`: the snapshot's index, or below it when the server keeps a margin of
   * applied entries (dissertation §5.1); entries logStart + 1 to index are in both.
   */
  snapshot: { index: number; term: number; logStart: number } | null;
  /** Votes granted to this server in its current term (candidates and leaders). */
  votes: number;
  /**
   * The same per half of the configuration it uses (§6): C_new (or the only one) first,
   * then C_old while joint; `need` is a majority of that half.
   */
  quorum: VoteHalfFrame[];
  /** The configuration this server uses (§6): `old` is set while it uses C_old,new. */
  config: ConfigFrame;
  /** The log index of that configuration's entry (0: the starting configuration). */
  configIndex: number;
  /** Its place in the cluster's configuration (Frame.membership): a voter, a learner catching up, or outside. */
  member: 'voter' | 'learner' | 'outside';
  /** While the cluster is joint: a voter of C_new only ('joining') or of C_old only ('leaving'). */
  change: 'joining' | 'leaving' | null;
  /** Election timer (null: not running) and when it was last reset. */
  electionStartedAt: number;
  electionDeadline: number | null;
  heartbeatDeadline: number | null;
  /** Leader state, indexed by server id (index 0 unused); empty when not leading. */
  nextIndex: number[];
  matchIndex: number[];
}

export interface VoteHalfFrame {
  half: 'new' | 'old';
  got: number;
  need: number;
  size: number;
}

export interface ConfigFrame {
  members: number[];
  old: number[] | null;
}

/** The configuration the cluster is in: the leader's, else the newest in a live server's log. */
export interface MembershipFrame extends ConfigFrame {
  /** The leader it is read from (null: no leader; the newest configuration in a log). */
  by: number | null;
  /** Servers catching up before a change (dissertation §4.2.1): they get entries, are not counted. */
  learners: number[];
  /** The leader has committed it. */
  committed: boolean;
  /** Its log index (0: the starting configuration). */
  index: number;
  /** A majority of C_new (or of the only configuration), and of C_old while joint. */
  need: number;
  oldNeed: number | null;
  /** Does the run use membership at all (members given, a mode set, or a change made)? */
  inPlay: boolean;
  /**
   * Another up leader that uses a different configuration (only after an unsafe
   * one-step change, Figure 10: two leaders, each counting its own majority), or null.
   * Servers in it are voters too: what the ring shows stays true for both leaders.
   */
  rival: (ConfigFrame & { by: number; need: number; oldNeed: number | null }) | null;
}

/** One log entry in a window: its term and command (null: the leader's no-op). */
export interface EntryFrame {
  term: number;
  /** A command's text; null for a no-op or a configuration entry. */
  command: string | null;
  /** A configuration entry (§6): its members, "{1,2,4}", or "{1,2,3}→{1,2,4}" for C_old,new. */
  config?: string;
}

/** The visible window of one server's log: entries `from` .. `from + entries.length - 1`. */
export interface LogWindow {
  server: number;
  from: number;
  entries: EntryFrame[];
}

export type MessageType =
  | 'RequestVote'
  | 'RequestVoteReply'
  | 'AppendEntries'
  | 'AppendEntriesReply'
  | 'ClientRequest'
  | 'ClientReply'
  | 'PreVote'
  | 'PreVoteReply'
  | 'TimeoutNow'
  | 'InstallSnapshot'
  | 'InstallSnapshotReply';

export type FieldValue = string | number | boolean | null;

export interface MessageFrame {
  id: number;
  type: MessageType;
  from: number;
  to: number;
  term: number;
  sentAt: number;
  deliverAt: number;
  /** Short label drawn on the message ("3", "✓", "✗", "HB"). */
  label: string;
  /** false for a denied vote, a failed append or a redirect; true otherwise. */
  ok: boolean;
  /** One line in words. */
  summary: string;
  fields: Record<string, FieldValue>;
}

export interface NoteFrame {
  server: number;
  text: string;
  section: string;
}

export interface EventFrame {
  /** Unique within a run (a key for lists). */
  id: number;
  n: number;
  at: number;
  kind: string;
  /** Servers involved (receiver, sender, narrators). 0: the clients' side. */
  servers: number[];
  text: string;
  notes: NoteFrame[];
  /** A heartbeat or a routine reply with nothing to narrate. */
  minor: boolean;
  /** A user action rather than a simulated event. */
  action?: boolean;
}

export interface ClientOpFrame {
  id: number;
  client: number;
  command: string;
  submittedAt: number;
  completedAt: number | null;
  result: string | null;
  /** Where it is now, if not finished. */
  status: 'queued' | 'sent' | 'done';
  target: number | null;
  attempts: number;
  /** For a read (`get`), how the run served reads when it was submitted (§6.4, §8): 'stale' under unsafe.staleReads. */
  read?: 'log' | 'readIndex' | 'lease' | 'stale';
}

export interface ViolationFrame {
  invariant: string;
  at: number;
  /** With `at`, the moment it happened: right after this many events. */
  events: number;
  detail: string;
}

/** One client operation on the linearizability timeline. */
export interface LinOpFrame {
  id: number;
  client: number;
  command: string;
  submittedAt: number;
  /** When its client sent it: its interval starts here (one request at a time per client). */
  sentAt: number;
  completedAt: number | null;
  result: string | null;
  /** The moments to show: right after these many events (sent, answered). */
  sentEvents: number;
  completedEvents: number | null;
  /** In the smallest set of operations that cannot be ordered. */
  culprit: boolean;
}

/** The live linearizability checker's verdict at the moment shown. */
export interface LinearizabilityFrame {
  /** true: linearizable; false: not; null: undecided within the checker's budget. */
  ok: boolean | null;
  /** Answers checked so far. */
  checked: number;
  /** Changes whenever anything here changes (the UI keeps its copy until then). */
  version: string;
  /** When not linearizable: the key, the moment the first failing answer arrived, */
  key: string | null;
  at: number;
  events: number;
  /** the key's operations around it, by id, the smallest set among them marked. */
  ops: LinOpFrame[];
}

export interface LinkFrame {
  /** links[a][b]: does the one-way link a -> b carry messages? */
  up: boolean[][];
}

export interface Frame {
  type: 'frame';
  /** Increments with every new run: frames of an older run are ignored. */
  run: number;
  /** How many commands (pulls aside) the worker has handled so far. */
  ack: number;
  options: RunOptions;
  playing: boolean;
  speed: number;
  /** Virtual time, fractional between whole milliseconds for smooth motion. */
  now: number;
  /** The simulator's clock (whole virtual ms) and the events processed so far. */
  simNow: number;
  events: number;
  nextEventAt: number | null;
  servers: ServerFrame[];
  membership: MembershipFrame;
  /** Log windows that changed since the previous frame (by server). */
  logs: LogWindow[];
  messages: MessageFrame[];
  links: boolean[][];
  /** Events since the previous frame, oldest first (at most a few hundred). */
  newEvents: EventFrame[];
  /** The user's own requests (client 1, the latest ones), oldest first. */
  ops: ClientOpFrame[];
  /** The steady load's latest requests, oldest first, and how many it made in all. */
  loadOps: ClientOpFrame[];
  opCount: number;
  violationCount: number;
  violations: ViolationFrame[];
  linearizability: LinearizabilityFrame;
  /** The key-value store of the selected server. */
  kv: Record<string, string> | null;
  kvServer: number | null;
  timeline: TimelineFrame;
  /** Set when the run jumped (seek, step back, undo, load): events after now are gone. */
  jumped: boolean;
  /**
   * After a jump, what the event log tells at the moment shown, oldest first:
   * the newest notable events however far back, and the newest heartbeats.
   * It replaces the events the UI kept; `newEvents` come after it.
   */
  narration?: EventFrame[];
}

export interface Notice {
  type: 'notice';
  /** info fades; a warning (the run stopped, and why) and an error stay until dismissed. */
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** The run as a scenario, at the moment it was asked for (with the trace hash there). */
export interface ScenarioMessage {
  type: 'scenario';
  purpose: ScenarioPurpose;
  scenario: Scenario;
}

/**
 * The space-time diagram's question: what happened between `from` and `to`
 * (virtual ms), drawn `width` pixels wide. The answer's cost follows the
 * window, never the run's length: beyond `detail` items a kind of item comes
 * as counts per lane and bucket of time.
 */
export interface DiagramQuery {
  /** Echoed in the answer: the UI keeps only the newest. */
  seq: number;
  from: number;
  to: number;
  width: number;
  /** Heartbeats and routine acknowledgements (the event log's "heartbeats"). */
  heartbeats: boolean;
}

/** One delivered (or lost) message: from its send on `from`'s lane to its delivery on `to`'s. */
export interface DiagramArrow {
  id: number;
  type: MessageType;
  from: number;
  to: number;
  term: number;
  sentAt: number;
  /** When it arrived, or was lost. */
  at: number;
  /** The delivery's event number: (at, n) is the moment right after it (a loss: the events before it). */
  n: number;
  lost: boolean;
  /**
   * Why it was lost (null: delivered): down, it reached a crashed server; drop, the
   * drop rate or the user dropped it; cut, its link was down or was cut while it flew.
   */
  loss: 'down' | 'drop' | 'cut' | null;
  /** How far it got on its way, 0 to 1 (1: delivered, or lost on arrival). */
  reached: number;
  /** false for a denied vote, a failed append or a redirect. */
  ok: boolean;
  /** A heartbeat or a routine acknowledgement. */
  minor: boolean;
  /** Entries carried (AppendEntries). */
  entries: number;
}

export type DiagramDotKind = 'election' | 'vote' | 'leader' | 'commit' | 'crash' | 'restart';

/** Something a server did: an election begun, a vote given, a leader, a commit, a crash, a restart. */
export interface DiagramDot {
  kind: DiagramDotKind;
  server: number;
  at: number;
  /** Events processed at that moment (an action: the events before it). */
  n: number;
  term: number;
  /** The vote's candidate, the commit's index (0 otherwise). */
  value: number;
}

/** A server's term over a stretch of time (`to`: the next term's start, or null: still on). */
export interface DiagramBand {
  server: number;
  term: number;
  from: number;
  to: number | null;
}

/** A stretch of time a server was down (`to` null: still down). */
export interface DiagramSpan {
  server: number;
  from: number;
  to: number | null;
}

/** Too many to draw one by one: how many of a kind a lane had in [from, to). */
export interface DiagramBucket {
  what: 'heartbeats' | 'messages' | 'events' | 'commits';
  lane: number;
  from: number;
  to: number;
  count: number;
}

export interface DiagramAnswer {
  type: 'diagram';
  run: number;
  seq: number;
  from: number;
  to: number;
  arrows: DiagramArrow[];
  dots: DiagramDot[];
  bands: DiagramBand[];
  down: DiagramSpan[];
  buckets: DiagramBucket[];
}

export type WorkerMessage = Frame | Notice | ScenarioMessage | DiagramAnswer;
