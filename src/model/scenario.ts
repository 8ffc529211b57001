/**
 * The scenario: everything a run is a pure function of. Seed, settings, the
 * optional starting state of each server, and every user action with the
 * virtual time and event count at which it was taken. Versioned; validated with
 * a schema before use, so a hostile link or file is refused with a clear message.
 */
import * as v from 'valibot';
import { parseCommand } from './command.ts';
import {
  CLIENTS_MAX,
  SERVERS_MAX,
  SNAPSHOT_MARGIN_RANGE,
  SNAPSHOT_THRESHOLD_RANGE,
  TIME_MS_MAX,
} from './limits.ts';
import {
  checkMembers,
  resolveOptions,
  type InitialServer,
  type SimulationOptions,
} from './options.ts';

/** The simulator's behaviour version: bump it when a run with the same inputs changes. */
export const ENGINE_VERSION = 2;
export const SCENARIO_FORMAT = 'raftlab-scenario';
/**
 * 2: membership changes (options `members`, `membership`, `unsafe.directConfigChange`;
 * the action `proposeConfig`).
 * 3: PreVote, CheckQuorum, read modes, leadership transfer (options `preVote`,
 * `checkQuorum`, `readMode`, `unsafe.staleReads`, `unsafe.leaseWithoutVoteWait`; the
 * action `transferLeadership`), and log compaction (§7: the option `snapshotThreshold`,
 * at the start and in `setOptions`).
 * 4: entries kept after a snapshot (the option `snapshotMargin`, dissertation §5.1, at
 * the start and in `setOptions`): an older Raftlab says a version 4 link is newer than
 * it, instead of refusing an option it does not know.
 * Older scenarios are read as they are: every version 1, 2 or 3 scenario is a version 4
 * scenario with the new switches off (see migrateScenario).
 */
export const SCENARIO_VERSION = 4;

/** The format versions this Raftlab reads (older ones through migrateScenario). */
export const SCENARIO_VERSIONS_READ: readonly number[] = [1, 2, 3, 4];

/**
 * An older scenario (parsed JSON) brought to the current version; anything else is
 * returned as it is. Versions 1, 2 and 3 → 4: nothing to change but the number (each
 * version only added options, off by default, and actions, at the end of the list).
 */
export function migrateScenario(input: unknown): unknown {
  if (input === null || typeof input !== 'object') return input;
  const version = (input as { version?: unknown }).version;
  if (version === 1 || version === 2 || version === 3)
    return { ...input, version: SCENARIO_VERSION };
  return input;
}

export const SCENARIO_ACTIONS_MAX = 20_000;
export const SCENARIO_TEXT_MAX = 2_000_000;

export interface ScenarioAction {
  at: number;
  events: number;
  call: ActionCall;
  args: unknown[];
}

export type ActionCall = (typeof ACTION_CALLS)[number];

export const ACTION_CALLS = [
  'crash',
  'restart',
  'timeout',
  'isolate',
  'connect',
  'partition',
  'heal',
  'setLink',
  'setNetwork',
  'setOptions',
  'propose',
  'submit',
  'drop',
  // Version 2 on. New calls go last: share links name calls by their position here.
  'proposeConfig',
  // Version 3 on.
  'transferLeadership',
] as const;

export interface Scenario {
  format: typeof SCENARIO_FORMAT;
  version: typeof SCENARIO_VERSION;
  /** The engine version that recorded it. */
  engine: number;
  title?: string;
  description?: string;
  /** Seed and settings: the options the run starts with. */
  options: Omit<SimulationOptions, 'initial'>;
  initial?: InitialServer[];
  actions: ScenarioAction[];
  /**
   * The moment shown (a share link's "now"), with the trace hash there. It may lie
   * before some actions: those are the run's recorded future, replayed by Play.
   */
  moment?: { time: number; events: number; hash?: string };
}

// ---------------------------------------------------------------------------
// Schema

const int = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const rate = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const range = (max: number) => v.tuple([int(0, max), int(0, max)]);
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const UnsafeSchema = v.strictObject({
  skipElectionRestriction: v.optional(v.boolean()),
  commitOldTermsByCount: v.optional(v.boolean()),
  forgetVoteOnRestart: v.optional(v.boolean()),
  directConfigChange: v.optional(v.boolean()),
  staleReads: v.optional(v.boolean()),
  leaseWithoutVoteWait: v.optional(v.boolean()),
});

const ReadModeSchema = v.picklist(['log', 'readIndex', 'lease']);

const OptionsSchema = v.strictObject({
  seed: v.optional(int(-0x80000000, 0xffffffff)),
  servers: v.optional(int(1, SERVERS_MAX)),
  electionTimeoutMs: v.optional(range(60_000)),
  heartbeatMs: v.optional(int(1, 60_000)),
  latencyMs: v.optional(range(60_000)),
  dropRate: v.optional(rate),
  duplicateRate: v.optional(rate),
  leaderNoop: v.optional(v.boolean()),
  clientLoadPerSecond: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1000))),
  unsafe: v.optional(UnsafeSchema),
  members: v.optional(
    v.pipe(v.array(int(1, SERVERS_MAX)), v.minLength(1), v.maxLength(SERVERS_MAX)),
  ),
  membership: v.optional(v.picklist(['joint', 'single'])),
  preVote: v.optional(v.boolean()),
  checkQuorum: v.optional(v.boolean()),
  readMode: v.optional(ReadModeSchema),
  snapshotThreshold: v.optional(int(...SNAPSHOT_THRESHOLD_RANGE)),
  snapshotMargin: v.optional(int(...SNAPSHOT_MARGIN_RANGE)),
});

const InitialSchema = v.pipe(
  v.array(
    v.strictObject({
      term: int(0, 1_000_000),
      votedFor: v.optional(v.nullable(int(1, SERVERS_MAX))),
      log: v.pipe(
        v.array(v.strictObject({ term: int(1, 1_000_000), command: v.optional(text(200)) })),
        v.maxLength(10_000),
      ),
    }),
  ),
  v.maxLength(SERVERS_MAX),
);

const ActionSchema = v.strictObject({
  at: int(0, TIME_MS_MAX),
  events: int(0, Number.MAX_SAFE_INTEGER),
  call: v.picklist(ACTION_CALLS),
  args: v.pipe(v.array(v.unknown()), v.maxLength(3)),
});

const ScenarioSchema = v.strictObject({
  format: v.literal(SCENARIO_FORMAT),
  version: v.literal(SCENARIO_VERSION),
  engine: int(1, 1_000_000),
  title: v.optional(text(200)),
  description: v.optional(text(4000)),
  options: OptionsSchema,
  initial: v.optional(InitialSchema),
  actions: v.pipe(v.array(ActionSchema), v.maxLength(SCENARIO_ACTIONS_MAX)),
  moment: v.optional(
    v.strictObject({
      time: int(0, TIME_MS_MAX),
      events: int(0, Number.MAX_SAFE_INTEGER),
      hash: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/))),
    }),
  ),
});

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Validates anything (parsed JSON) as a scenario: structure, ranges, ids, commands, order. */
export function validateScenario(raw: unknown): ScenarioResult {
  const input = migrateScenario(raw);
  if (
    input !== null &&
    typeof input === 'object' &&
    'version' in input &&
    (input as { version: unknown }).version !== SCENARIO_VERSION
  ) {
    const version = (input as { version: unknown }).version;
    return {
      ok: false,
      error: `This scenario has format version ${String(version)}; this Raftlab reads version ${SCENARIO_VERSION}.`,
    };
  }
  const parsed = v.safeParse(ScenarioSchema, input);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return { ok: false, error: `Invalid scenario${path ? ` at ${path}` : ''}: ${issue.message}` };
  }
  const s = parsed.output as Scenario;
  try {
    resolveOptions({ ...s.options, initial: s.initial });
    const servers = s.options.servers ?? 5;
    let prev = { at: 0, events: 0 };
    s.actions.forEach((a, i) => {
      const where = `action ${i + 1} (${a.call})`;
      if (a.at < prev.at || a.events < prev.events) throw new Error(`${where} is out of order.`);
      prev = a;
      checkArgs(a, servers, where);
    });
  } catch (e) {
    return { ok: false, error: `Invalid scenario: ${(e as Error).message}` };
  }
  return { ok: true, scenario: s };
}

/** Parses scenario JSON text, refusing oversized input before parsing it. */
export function parseScenarioJson(textInput: string): ScenarioResult {
  if (typeof textInput !== 'string') return { ok: false, error: 'A scenario must be text.' };
  if (textInput.length > SCENARIO_TEXT_MAX) {
    return {
      ok: false,
      error: `This scenario is too large (${textInput.length} characters; at most ${SCENARIO_TEXT_MAX}).`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(textInput);
  } catch {
    return { ok: false, error: 'This is not a scenario: it is not valid JSON.' };
  }
  return validateScenario(data);
}

function checkArgs(a: ScenarioAction, servers: number, where: string): void {
  const id = (x: unknown, what = 'server') => {
    if (!Number.isInteger(x) || (x as number) < 1 || (x as number) > servers) {
      throw new Error(`${where}: no ${what} ${JSON.stringify(x)} (servers are 1 to ${servers}).`);
    }
  };
  const count = (n: number) => {
    if (a.args.length !== n) throw new Error(`${where} takes ${n} argument${n === 1 ? '' : 's'}.`);
  };
  const command = (x: unknown) => {
    const r = parseCommand(typeof x === 'string' ? x : '');
    if (typeof x !== 'string' || !r.ok)
      throw new Error(`${where}: ${r.ok ? 'a command must be text' : r.error}`);
  };
  const [x, y, z] = a.args;
  switch (a.call) {
    case 'crash':
    case 'restart':
    case 'timeout':
    case 'isolate':
    case 'connect':
      count(1);
      return id(x);
    case 'heal':
      return count(0);
    case 'partition': {
      count(1);
      if (!Array.isArray(x) || !x.every(Array.isArray))
        throw new Error(`${where}: groups must be lists of server ids.`);
      const seen = new Set<number>();
      for (const g of x as unknown[][]) {
        for (const s of g) {
          id(s);
          if (seen.has(s as number)) throw new Error(`${where}: S${String(s)} is in two groups.`);
          seen.add(s as number);
        }
      }
      return;
    }
    case 'setLink':
      count(3);
      id(x);
      id(y);
      if (x === y) throw new Error(`${where}: a link joins two different servers.`);
      if (typeof z !== 'boolean') throw new Error(`${where}: up must be true or false.`);
      return;
    case 'setNetwork': {
      count(1);
      const r = v.safeParse(
        v.strictObject({
          latencyMs: v.optional(range(60_000)),
          dropRate: v.optional(rate),
          duplicateRate: v.optional(rate),
        }),
        x,
      );
      if (!r.success) throw new Error(`${where}: ${r.issues[0].message}`);
      return;
    }
    case 'setOptions': {
      count(1);
      const r = v.safeParse(
        v.strictObject({
          electionTimeoutMs: v.optional(range(60_000)),
          heartbeatMs: v.optional(int(1, 60_000)),
          leaderNoop: v.optional(v.boolean()),
          unsafe: v.optional(UnsafeSchema),
          clientLoadPerSecond: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1000))),
          preVote: v.optional(v.boolean()),
          checkQuorum: v.optional(v.boolean()),
          readMode: v.optional(ReadModeSchema),
          snapshotThreshold: v.optional(int(...SNAPSHOT_THRESHOLD_RANGE)),
          snapshotMargin: v.optional(int(...SNAPSHOT_MARGIN_RANGE)),
        }),
        x,
      );
      if (!r.success) throw new Error(`${where}: ${r.issues[0].message}`);
      return;
    }
    case 'propose':
      count(2);
      id(x);
      return command(y);
    case 'transferLeadership':
      count(2);
      id(x);
      id(y);
      if (x === y) throw new Error(`${where}: a leader cannot hand leadership to itself.`);
      return;
    case 'proposeConfig':
      count(2);
      id(x);
      checkMembers(`${where}: members`, y, servers);
      return;
    case 'submit': {
      if (a.args.length < 1 || a.args.length > 2)
        throw new Error(`${where} takes a command and optional options.`);
      command(x);
      if (a.args.length === 2) {
        const r = v.safeParse(
          v.strictObject({
            client: v.optional(int(1, CLIENTS_MAX)),
            to: v.optional(int(1, servers)),
          }),
          y,
        );
        if (!r.success) throw new Error(`${where}: ${r.issues[0].message}`);
      }
      return;
    }
    case 'drop':
      count(1);
      if (!Number.isInteger(x) || (x as number) < 1)
        throw new Error(`${where}: no message ${JSON.stringify(x)}.`);
      return;
  }
}
