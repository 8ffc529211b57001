/** The headless API's types: a contract other checks depend on (issue 2). */
import type { RuntimeOptions, SimulationOptions } from '../model/options.ts';

export type {
  InitialServer,
  SimulationOptions,
  UnsafeSwitches,
  RuntimeOptions,
} from '../model/options.ts';

export interface LogEntry {
  index: number;
  term: number;
  kind: 'command' | 'noop' | 'config';
  command?: string;
  /** A configuration entry's members (C_new), and C_old while it is C_old,new (§6). */
  members?: number[];
  old?: number[];
}

export interface ServerView {
  id: number;
  up: boolean;
  role: 'follower' | 'candidate' | 'leader';
  term: number;
  votedFor: number | null;
  /** §7: the snapshot the log starts after (its last included index and term), if any. */
  snapshot: { index: number; term: number } | null;
  /** The entries after the snapshot (from index 1 when there is none). */
  log: LogEntry[];
  commitIndex: number;
  lastApplied: number;
  kv: Record<string, string>;
  /** The configuration this server uses now; `old` is set while it uses C_old,new (§6). */
  config: { members: number[]; old: number[] | null };
}

export interface ClientOp {
  id: number;
  client: number;
  command: string;
  submittedAt: number;
  /** null: not finished (only this field says so). */
  completedAt: number | null;
  result: string | null;
}

export interface MessageView {
  id: number;
  type: string;
  /** 0 is the clients' side. */
  from: number;
  to: number;
  term: number;
  sentAt: number;
  deliverAt: number;
  fields: Record<string, unknown>;
}

export interface Violation {
  invariant: string;
  at: number;
  /** With `at`, the moment to show it: right after this many events (and the actions then). */
  events: number;
  detail: string;
}

/** One user action, as plain data: replaying it at (at, events) reproduces the run. */
export interface RecordedAction {
  at: number;
  events: number;
  call: string;
  args: unknown[];
}

export type SimEventKind =
  | 'deliver'
  | 'lost'
  | 'election-timeout'
  | 'heartbeat'
  | 'client-timeout'
  | 'client-retry'
  | 'client-load';

/** One processed event, said in words a student understands. */
export interface SimEvent {
  /** 1-based number of this event in the run. */
  n: number;
  at: number;
  kind: SimEventKind;
  /** Where it happened: a server id, or 0 for the clients' side. */
  server: number;
  message?: MessageView;
  /** What the server did in response, each with the section of the paper it follows. */
  notes: { server: number; text: string; section: string }[];
  /** A one-line summary. */
  text: string;
}

/**
 * A message the network lost on its way (one lost at a crashed receiver is an
 * event instead, kind 'lost'): dropped by the drop rate or by hand, sent over a
 * cut link, or in flight on a link when it was cut. Told, never recorded: a
 * listener changes nothing in the run.
 */
export interface SimLoss {
  /** Events processed when it was lost (lost as it was sent in event n: n). */
  n: number;
  /** The 1-based number of the user's action that lost it; 0: lost while event n was processed. */
  action: number;
  /** When it was lost. */
  at: number;
  /** drop: the drop rate or the user; cut: its link was down, or was cut while it flew. */
  why: 'drop' | 'cut';
  /** id 0 if it never flew; deliverAt: when it would have arrived (its send time if it never flew). */
  message: MessageView;
}

export interface Simulation {
  readonly now: number;
  advance(ms: number): void;
  step(): SimEvent | null;
  crash(id: number): void;
  restart(id: number): void;
  timeout(id: number): void;
  isolate(id: number): void;
  connect(id: number): void;
  partition(groups: number[][]): void;
  heal(): void;
  setLink(from: number, to: number, up: boolean): void;
  setNetwork(opts: {
    latencyMs?: [number, number];
    dropRate?: number;
    duplicateRate?: number;
  }): void;
  setOptions(opts: RuntimeOptions): void;
  propose(id: number, command: string): { index: number; term: number; isLeader: boolean };
  /**
   * Like propose: if `id` is up and leads, start a change to `members`. index > 0: the
   * index of its first configuration entry, appended now; 0: accepted, new servers catch
   * up first and the entry follows; -1: refused. Bad input throws; the run is unchanged.
   */
  proposeConfig(id: number, members: number[]): { index: number; term: number; isLeader: boolean };
  /**
   * Dissertation §3.10: `from`, an up leader, hands leadership to `to`, a voter of its
   * configuration. False (nothing happens, nothing is recorded) if `from` is not an up
   * leader, or `to` is `from`, not a member, or no server; true: a recorded action.
   */
  transferLeadership(from: number, to: number): boolean;
  submit(command: string, opts?: { client?: number; to?: number }): number;
  clientOps(): ClientOp[];
  messages(): MessageView[];
  drop(messageId: number): void;
  server(id: number): ServerView;
  servers(): ServerView[];
  leader(): number | null;
  applied(id: number): LogEntry[];
  violations(): Violation[];
  /**
   * Is the clients' history (every operation, its invocation and response) linearizable,
   * as checked live by key? ok null: undecided within the checker's budget. ops: when not,
   * a smallest set of one key's operations (ids as in clientOps()) whose removal makes
   * that key's history linearizable. Intervals touching in one ms count as concurrent.
   */
  linearizable(): { ok: boolean | null; ops: number[] };
  actions(): RecordedAction[];
  traceHash(): string;
  stats(): { events: number; messagesSent: Record<string, number> };
}

export type { SimulationOptions as Options };
