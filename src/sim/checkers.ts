/**
 * Safety checkers (Figure 3 of the paper, plus monotonic terms, and what the
 * state machines and clients may rely on). They run after every event, cost
 * O(1) per event (plus O(entries written or applied)), and record violations
 * instead of throwing: a teacher flips an unsafe switch to see one. Each
 * violation names the moment it happened (time and events processed), so the
 * app can show that moment.
 */
import {
  emptyVec,
  forkVec,
  vecGet,
  vecOf,
  vecPush,
  vecSet,
  vecShareLeaf,
  type Vec,
} from '../model/pvec.ts';
import { entryAt, takeChangedFrom } from '../raft/log.ts';
import type { Log } from '../raft/log.ts';
import { describeConfig } from '../raft/server.ts';
import type { Entry, Role, ServerState, Snapshot } from '../raft/types.ts';
import { INVARIANTS } from '../model/invariants.ts';
import { mixWord } from './random.ts';
import type { Violation } from './types.ts';

export { INVARIANTS } from '../model/invariants.ts';

const VIOLATIONS_KEPT = 200;

/** What a server looked like before a step, to judge the step by. */
export interface Before {
  up: boolean;
  role: Role;
  term: number;
  truncations: number;
  commitIndex: number;
  /** §7: where its log started (the last compacted entry's index and term). */
  logStart: number;
  logStartTerm: number;
  /** §7: its snapshot's index (0: none); above logStart when it keeps a margin (§5.1). */
  snapshotIndex: number;
}

/**
 * Everything the checkers remember. What grows with the run (one item per term
 * or per log index) lives in persistent vectors, so a checkpoint's copy costs
 * O(1) and then only what is written after it, never the whole history: add
 * any new per-index or per-term memory the same way (a `Vec`, forked in
 * `copyCheckerState`), not as a Map or array copied whole.
 */
export interface CheckerState {
  violations: Violation[];
  total: number;
  /** term -> the server elected leader in that term. */
  leaderOfTerm: Vec<number>;
  /** How the leader of each term was elected: the votes it counted and the configuration it used (§6). */
  electedUnder: Vec<string>;
  /** index -> the entries seen at that index (the log-matching registry). */
  registry: Registry;
  /** uid of the entry committed at each index (key 0: 0; size - 1 = highest committed index). */
  committed: Vec<number>;
  /** When each index was first committed by any server (virtual ms; key 0: 0). */
  committedAt: Vec<number>;
  termSeen: number[];
  /** index -> the first entry any server applied there (shared with the logs). */
  appliedAt: Vec<Entry>;
  /** index -> digest of the first state machine to apply up to there (key 0: empty). */
  kvAt: Vec<number>;
  /** Per server, since its last restart: the last index applied, */
  appliedTo: number[];
  /** the last sequence number executed for each client (client -> seq), */
  executed: Map<number, number>[];
  /**
   * §7: snapshot index -> what the first server to snapshot there had run (client ->
   * seq, as `executed`). A state machine loaded from a snapshot has run that, whatever
   * sessions it claims. One small map per snapshot.
   */
  runsAtSnapshot: Vec<ReadonlyMap<number, number>>;
  /** and the digest of its key-value store, with each key's share of it (bounded by the
   *  store's own size, which checkpoints copy anyway). */
  kvDigest: number[];
  kvShare: Map<string, number>[];
}

export function newCheckerState(servers: number): CheckerState {
  const committed = emptyVec<number>();
  vecPush(committed, 0);
  return {
    violations: [],
    total: 0,
    leaderOfTerm: emptyVec(),
    electedUnder: emptyVec(),
    registry: { entry: emptyVec(), prev: emptyVec(), more: emptyVec() },
    committed,
    committedAt: vecOf([0]),
    termSeen: new Array<number>(servers + 1).fill(0),
    appliedAt: emptyVec(),
    kvAt: vecOf([0]),
    appliedTo: new Array<number>(servers + 1).fill(0),
    executed: Array.from({ length: servers + 1 }, () => new Map<number, number>()),
    runsAtSnapshot: emptyVec(),
    kvDigest: new Array<number>(servers + 1).fill(0),
    kvShare: Array.from({ length: servers + 1 }, () => new Map<string, number>()),
  };
}

/** A copy for a checkpoint: O(servers + violations kept), whatever the run's length. */
export function copyCheckerState(c: CheckerState): CheckerState {
  return {
    violations: c.violations.slice(),
    total: c.total,
    leaderOfTerm: forkVec(c.leaderOfTerm),
    electedUnder: forkVec(c.electedUnder),
    registry: {
      entry: forkVec(c.registry.entry),
      prev: forkVec(c.registry.prev),
      more: forkVec(c.registry.more),
    },
    committed: forkVec(c.committed),
    committedAt: forkVec(c.committedAt),
    termSeen: c.termSeen.slice(),
    appliedAt: forkVec(c.appliedAt),
    kvAt: forkVec(c.kvAt),
    appliedTo: c.appliedTo.slice(),
    executed: c.executed.map((m) => new Map(m)),
    runsAtSnapshot: forkVec(c.runsAtSnapshot),
    kvDigest: c.kvDigest.slice(),
    kvShare: c.kvShare.map((m) => new Map(m)),
  };
}

/**
 * Every (index, term) written to any log, with the uid of its entry and of the
 * entry before it. The first entry seen at an index is kept by reference (the
 * entry objects are shared with the logs) under key index - 1, as logs key
 * them, so that its full leaves are the logs' own (see vecShareLeaf): no object
 * and, mostly, no slot of its own per index, as a long run writes one per
 * command. Its predecessor's uid is kept in `prev` only where it is not the uid
 * of the first entry seen at the index before (after a conflict). The rare
 * others at the same index (other terms) go in `more`, three numbers each:
 * term, uid, uid before.
 */
export interface Registry {
  entry: Vec<Entry>;
  prev: Vec<number>;
  more: Vec<readonly number[]>;
}

/** The uid before the first entry seen at `index`, as `register` was told it. */
function firstPrev(reg: Registry, index: number): number {
  return vecGet(reg.prev, index) ?? (index === 1 ? 0 : (vecGet(reg.entry, index - 2)?.uid ?? 0));
}

/** [uid, prev uid] of the entry of `term` at `index`, or undefined if none was seen. */
function registered(reg: Registry, index: number, term: number): [number, number] | undefined {
  const first = vecGet(reg.entry, index - 1);
  if (first === undefined) return undefined;
  if (first.term === term) return [first.uid, firstPrev(reg, index)];
  const more = vecGet(reg.more, index);
  if (more === undefined) return undefined;
  for (let k = 0; k < more.length; k += 3)
    if (more[k] === term) return [more[k + 1]!, more[k + 2]!];
  return undefined;
}

function register(reg: Registry, index: number, e: Entry, prev: number): void {
  if (vecGet(reg.entry, index - 1) === undefined) {
    // Implied only by an entry already seen at the index before (seen for good).
    const before = index === 1 ? undefined : vecGet(reg.entry, index - 2);
    const implied = index === 1 ? 0 : before?.uid;
    vecSet(reg.entry, index - 1, e);
    if (((index - 1) & 31) === 31) vecShareLeaf(reg.entry, index - 1);
    if (prev !== implied) vecSet(reg.prev, index, prev);
    return;
  }
  const more = vecGet(reg.more, index) ?? [];
  vecSet(reg.more, index, [...more, e.term, e.uid, prev]);
}

export class Checkers {
  /** How many events the run had processed when the step being judged began, counting
   *  the event itself: the moment a violation points at. Set by the simulation. */
  events = 0;
  /** §7: the index up to which the step being judged installed a snapshot (0: none). */
  private installedTo = 0;

  constructor(public state: CheckerState) {}

  /** The starting logs are facts, not events: register them without judging. */
  registerInitial(s: ServerState): void {
    const log = s.log;
    for (let i = 1; i <= log.last; i++) {
      const e = entryAt(log, i)!;
      if (registered(this.state.registry, i, e.term) === undefined)
        register(this.state.registry, i, e, entryAt(log, i - 1)?.uid ?? 0);
    }
    takeChangedFrom(log);
    this.state.termSeen[s.id] = s.currentTerm;
  }

  /** After any step of server `s`, given what it looked like before. */
  afterStep(s: ServerState, before: Before, now: number): void {
    const st = this.state;
    // Monotonic terms: a server's term never goes down, crashes included.
    if (s.currentTerm < st.termSeen[s.id]!) {
      this.report(
        INVARIANTS.monotonicTerms,
        now,
        `S${s.id}'s term went down from ${st.termSeen[s.id]} to ${s.currentTerm}`,
      );
    }
    st.termSeen[s.id] = s.currentTerm;

    // Leader append-only: a leader never overwrites or deletes entries in its log.
    if (
      before.role === 'leader' &&
      s.role === 'leader' &&
      before.term === s.currentTerm &&
      s.log.truncations !== before.truncations
    ) {
      this.report(
        INVARIANTS.leaderAppendOnly,
        now,
        `S${s.id}, leader of term ${s.currentTerm}, deleted entries from its own log`,
      );
    }

    // Log matching, checked on every entry written: an (index, term) pair always names
    // the same entry, sitting on the same predecessor.
    const from = takeChangedFrom(s.log);
    if (from !== Infinity) this.checkWrites(s, before, from, now);

    // Committed entries stay: no server removes entries at or below its commitIndex. A
    // truncation marks the log as changed from where it cut, and appends only ever go
    // past the commitIndex, so `from` at or below it means a cut there.
    if (s.log.truncations !== before.truncations && from <= before.commitIndex) {
      this.report(
        INVARIANTS.noTruncateCommitted,
        now,
        `S${s.id} removes entries from index ${from} on, though its commitIndex is ${before.commitIndex}`,
      );
    }

    // commitIndex only grows while a server is up (a crash loses it: volatile state).
    if (before.up && s.up && s.commitIndex < before.commitIndex) {
      this.report(
        INVARIANTS.commitIndexMonotonic,
        now,
        `S${s.id}'s commitIndex went down from ${before.commitIndex} to ${s.commitIndex}`,
      );
    }

    // A crash loses the state machine; a restart rebuilds it from an empty store.
    if (!s.up && before.up) this.forgetStateMachine(s.id);
    if (s.up && !before.up) this.restarted(s, now);

    // Committed entries: one entry per index, ever. Entries this step wrote, committed
    // and compacted (§7) are still in the log's vector: read them there. Those of a
    // snapshot loaded or installed are judged with it (restarted, onInstall).
    if (s.commitIndex > before.commitIndex) {
      const first = Math.max(before.commitIndex, before.logStart, this.installedTo) + 1;
      for (let i = first; i <= s.commitIndex; i++) {
        const uid = rawEntry(s.log, i)?.uid ?? 0;
        const known = vecGet(st.committed, i);
        if (known === undefined) {
          vecSet(st.committed, i, uid);
          vecSet(st.committedAt, i, now);
        } else if (known !== uid) {
          this.report(
            INVARIANTS.stateMachineSafety,
            now,
            `S${s.id} commits a different entry at index ${i} than the one committed there before`,
          );
        }
      }
    }
    // §7: a snapshot taken (not installed) in this step: remember what its state machine
    // ran. Judged by the snapshot's index, not the log's start: with a snapshot margin
    // (dissertation §5.1) the log may start below it, or not move at all.
    const snapshotIndex = s.snapshot?.index ?? 0;
    if (snapshotIndex > before.snapshotIndex && this.installedTo !== snapshotIndex) {
      if (vecGet(st.runsAtSnapshot, snapshotIndex) === undefined)
        vecSet(st.runsAtSnapshot, snapshotIndex, new Map(st.executed[s.id]!));
    }
    this.installedTo = 0;

    // Election safety and leader completeness, when a server becomes leader.
    if (s.role === 'leader' && (before.role !== 'leader' || before.term !== s.currentTerm)) {
      const other = vecGet(st.leaderOfTerm, s.currentTerm);
      if (other !== undefined && other !== s.id) {
        // §6, Figure 10: name each leader's configuration; disjoint majorities of two
        // configurations are how one term gets two leaders.
        const first = vecGet(st.electedUnder, s.currentTerm) ?? '';
        const second = electedBy(s);
        const how = [first, second].filter((x) => x !== '');
        const differ =
          first !== '' && second !== '' && first.split(' under ')[1] !== second.split(' under ')[1];
        this.report(
          INVARIANTS.electionSafety,
          now,
          `Two leaders in term ${s.currentTerm}: S${other} and S${s.id}${how.length > 0 ? ` (${how.join('; ')})` : ''}${differ ? ': majorities of two configurations that do not overlap (Figure 10)' : ''}`,
        );
      } else {
        vecSet(st.leaderOfTerm, s.currentTerm, s.id);
        vecSet(st.electedUnder, s.currentTerm, electedBy(s));
      }
      // By log matching, holding the last committed entry means holding all before it;
      // §7: one the snapshot covers is held if the snapshot's last entry is committed.
      const top = st.committed.size - 1;
      const held =
        top > s.log.start
          ? entryAt(s.log, top)?.uid === vecGet(st.committed, top)
          : this.baseUid(s.log.start, s.log.startTerm) === vecGet(st.committed, s.log.start);
      if (top > 0 && !held) {
        this.report(
          INVARIANTS.leaderCompleteness,
          now,
          `S${s.id} became leader of term ${s.currentTerm} without the entry committed at index ${top}`,
        );
      }
    }

    // Committed entries: one entry per index, ever.
  }

  /**
   * Server `s` applied entry `e` at `index` to its state machine (`executed`: the
   * command ran, as opposed to a no-op or a request answered from its session).
   */
  onApply(s: ServerState, index: number, e: Entry, executed: boolean, now: number): void {
    const st = this.state;
    const id = s.id;
    // State machine safety: no two servers apply different entries at one index.
    const known = vecGet(st.committed, index);
    if (known !== undefined && known !== e.uid) {
      this.report(
        INVARIANTS.stateMachineSafety,
        now,
        `S${id} applies ${describe(e)} at index ${index}, where another entry was committed and applied`,
      );
    }

    // Only committed entries, in order, each once.
    const to = st.appliedTo[id]!;
    if (index > s.commitIndex) {
      this.report(
        INVARIANTS.appliesCommitted,
        now,
        `S${id} applies index ${index} beyond its commitIndex ${s.commitIndex}`,
      );
    } else if (index !== to + 1) {
      this.report(
        INVARIANTS.appliesCommitted,
        now,
        index <= to
          ? `S${id} applies index ${index} again (it had applied up to ${to})`
          : `S${id} applies index ${index} right after index ${to}, skipping entries`,
      );
    }
    st.appliedTo[id] = Math.max(to, index);

    // What was applied at an index anywhere is what is applied there everywhere.
    const first = vecGet(st.appliedAt, index);
    if (first === undefined) {
      vecSet(st.appliedAt, index, e);
    } else if (first.uid !== e.uid) {
      this.report(
        INVARIANTS.appliedAgreement,
        now,
        `S${id} applies ${describe(e)} at index ${index}, where another server applied a different entry`,
      );
    }

    if (executed && e.cmd) {
      // At most once: a state machine runs a client's requests in increasing order, never one
      // again (§8: the session answers a retry with the first result).
      if (e.client > 0) {
        const runs = st.executed[id]!;
        const last = runs.get(e.client) ?? 0;
        if (e.seq <= last) {
          this.report(
            INVARIANTS.atMostOnce,
            now,
            e.seq === last
              ? `S${id} runs request ${e.seq} of client C${e.client} ("${e.command}") a second time`
              : `S${id} runs request ${e.seq} of client C${e.client} after its request ${last}`,
          );
        } else {
          runs.set(e.client, e.seq);
        }
      }
      // The store's digest follows the one key a command touches.
      const key = e.cmd.key;
      const share = kvShare(key, s.kv.get(key));
      const shares = st.kvShare[id]!;
      st.kvDigest[id] = (st.kvDigest[id]! - (shares.get(key) ?? 0) + share) | 0;
      if (share === 0) shares.delete(key);
      else shares.set(key, share);
    }
    this.compareStore(s, index, now);
  }

  /**
   * Server `s` answered a read outside the log from its state machine (at its lastApplied);
   * the read reached it at `arrivedAt`. §6.4 and §8: the answer reflects every entry
   * committed before then (same-millisecond commits are given the benefit of the doubt).
   */
  onRead(s: ServerState, arrivedAt: number, now: number): void {
    const st = this.state;
    const next = s.lastApplied + 1;
    const at = vecGet(st.committedAt, next);
    if (at !== undefined && at < arrivedAt) {
      this.report(
        INVARIANTS.readsSeeCommitted,
        now,
        `S${s.id} answers a read from its state at index ${s.lastApplied}, but index ${next} was committed at ${at} ms, before the read reached it at ${arrivedAt} ms`,
      );
    }
  }

  /** Key-value stores agree at equal lastApplied: compares with the first to get there. */
  private compareStore(s: ServerState, index: number, now: number): void {
    const st = this.state;
    const digest = st.kvDigest[s.id]!;
    const first = vecGet(st.kvAt, index);
    if (first === undefined) {
      vecSet(st.kvAt, index, digest);
    } else if (first !== digest) {
      this.report(
        INVARIANTS.kvAgreement,
        now,
        index === 0
          ? `S${s.id} comes back with a key-value store that is not empty, before applying anything`
          : `S${s.id}'s key-value store after applying index ${index} differs from another server's at index ${index}`,
      );
    }
  }

  private forgetStateMachine(id: number): void {
    const st = this.state;
    st.appliedTo[id] = 0;
    st.executed[id] = new Map();
    st.kvDigest[id] = 0;
    st.kvShare[id] = new Map();
  }

  /** A restarted server's store is rebuilt from nothing: judge what it holds (rare: O(keys)). */
  private restarted(s: ServerState, now: number): void {
    const st = this.state;
    this.forgetStateMachine(s.id);
    const shares = st.kvShare[s.id]!;
    let digest = 0;
    for (const [key, value] of s.kv) {
      const share = kvShare(key, value);
      shares.set(key, share);
      digest = (digest + share) | 0;
    }
    st.kvDigest[s.id] = digest;
    st.appliedTo[s.id] = s.lastApplied;
    // §7: a state machine loaded from a snapshot has run what the entries it covers ran.
    const ran = s.lastApplied > 0 ? vecGet(st.runsAtSnapshot, s.lastApplied) : undefined;
    if (ran !== undefined) st.executed[s.id] = new Map(ran);
    this.compareStore(s, s.lastApplied, now);
  }

  /** The entry the first server to apply `index` applied there, if any did. */
  appliedEntry(index: number): Entry | undefined {
    return vecGet(this.state.appliedAt, index);
  }

  /**
   * §7: server `s` replaced its state machine with `snapshot` (Figure 13, rule 8),
   * having applied up to `appliedBefore`. A state machine only moves forward, and
   * only onto committed entries; the snapshot's store must be the one every state
   * machine had after applying its last entry.
   */
  onInstall(s: ServerState, snapshot: Snapshot, appliedBefore: number, now: number): void {
    const st = this.state;
    const index = snapshot.index;
    if (index < appliedBefore) {
      this.report(
        INVARIANTS.appliesCommitted,
        now,
        `S${s.id} installs a snapshot up to index ${index}, behind the index ${appliedBefore} its state machine had applied: it goes back`,
      );
    }
    const committed = vecGet(st.committed, index);
    const base = registered(st.registry, index, snapshot.term)?.[0];
    if (committed === undefined || committed !== base) {
      this.report(
        INVARIANTS.stateMachineSafety,
        now,
        `S${s.id} installs a snapshot whose last entry (index ${index}, term ${snapshot.term}) is not the one committed there`,
      );
    }
    this.installedTo = index;
    this.restarted(s, now);
  }

  /** The uid of a log's first entry before `start` (a snapshot's last entry, §7); 0 for none. */
  private baseUid(start: number, startTerm: number): number {
    if (start === 0) return 0;
    return registered(this.state.registry, start, startTerm)?.[0] ?? -1;
  }

  /**
   * Every entry written from `from` on. §7: writes follow the log's start as it was
   * before the step; the step may have compacted some of them since, which the log's
   * vector still holds.
   */
  private checkWrites(s: ServerState, before: Before, from: number, now: number): void {
    const reg = this.state.registry;
    const start = before.logStart;
    for (let i = Math.max(1, from, start + 1); i <= s.log.last; i++) {
      const e = rawEntry(s.log, i)!;
      const prev =
        i - 1 === start ? this.baseUid(start, before.logStartTerm) : rawEntry(s.log, i - 1)!.uid;
      const known = registered(reg, i, e.term);
      if (known === undefined) {
        register(reg, i, e, prev);
      } else if (known[0] !== e.uid || known[1] !== prev) {
        this.report(
          INVARIANTS.logMatching,
          now,
          known[0] !== e.uid
            ? `S${s.id} holds a different entry at index ${i} term ${e.term} than another server`
            : `S${s.id}'s entry at index ${i} term ${e.term} follows a different history than elsewhere`,
        );
      }
    }
  }

  private report(invariant: string, at: number, detail: string): void {
    this.state.total++;
    if (this.state.violations.length < VIOLATIONS_KEPT)
      this.state.violations.push({ invariant, at, events: this.events, detail });
  }
}

/** The entry a log's vector holds at `index`, compacted or not (callers know it is current). */
function rawEntry(log: Log, index: number): Entry | undefined {
  return index > log.last ? undefined : vecGet(log.entries, index - 1);
}

/** One key's share of a store's digest (0: absent). Shares add up, in any order. */
function kvShare(key: string, value: string | undefined): number {
  if (value === undefined) return 0;
  let h = 0x2545f491;
  for (let i = 0; i < key.length; i++) h = mixWord(h, key.charCodeAt(i));
  h = mixWord(h, -1);
  for (let i = 0; i < value.length; i++) h = mixWord(h, value.charCodeAt(i));
  return mixWord(h, value.length) | 1;
}

function describe(e: Entry): string {
  if (e.kind === 'config') return `a configuration entry of term ${e.term}`;
  return e.kind === 'noop' ? `a no-op of term ${e.term}` : `"${e.command}" of term ${e.term}`;
}

/**
 * The configuration a leader was elected under and the votes it counted (§6): two
 * leaders of one term under configurations whose majorities do not overlap is Figure 10.
 */
function electedBy(s: ServerState): string {
  const granted = Object.keys(s.votes)
    .map(Number)
    .filter((p) => s.votes[p] === true);
  if (granted.length === 0) return '';
  return `S${s.id} by the votes of ${granted.map((p) => `S${p}`).join(', ')} under ${describeConfig(s.membership)}`;
}
