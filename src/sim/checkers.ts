/**
 * Safety checkers (Figure 3 of the paper, plus monotonic terms). They run after
 * every event, cost O(1) per event (plus O(entries written)), and record
 * violations instead of throwing: a teacher flips an unsafe switch to see one.
 */
import { emptyVec, forkVec, vecGet, vecPush, vecSet, type Vec } from '../model/pvec.ts';
import { entryAt, takeChangedFrom } from '../raft/log.ts';
import type { Entry, Role, ServerState } from '../raft/types.ts';
import type { Violation } from './types.ts';

export const INVARIANTS = {
  electionSafety: 'election-safety',
  leaderAppendOnly: 'leader-append-only',
  logMatching: 'log-matching',
  leaderCompleteness: 'leader-completeness',
  stateMachineSafety: 'state-machine-safety',
  monotonicTerms: 'monotonic-terms',
} as const;

const VIOLATIONS_KEPT = 200;

/** What a server looked like before a step, to judge the step by. */
export interface Before {
  role: Role;
  term: number;
  truncations: number;
  commitIndex: number;
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
  /** index -> the entries seen at that index (the log-matching registry). */
  registry: Registry;
  /** uid of the entry committed at each index (key 0: 0; size - 1 = highest committed index). */
  committed: Vec<number>;
  termSeen: number[];
}

export function newCheckerState(servers: number): CheckerState {
  const committed = emptyVec<number>();
  vecPush(committed, 0);
  return {
    violations: [],
    total: 0,
    leaderOfTerm: emptyVec(),
    registry: { entry: emptyVec(), prev: emptyVec(), more: emptyVec() },
    committed,
    termSeen: new Array<number>(servers + 1).fill(0),
  };
}

/** A copy for a checkpoint: O(servers + violations kept), whatever the run's length. */
export function copyCheckerState(c: CheckerState): CheckerState {
  return {
    violations: c.violations.slice(),
    total: c.total,
    leaderOfTerm: forkVec(c.leaderOfTerm),
    registry: {
      entry: forkVec(c.registry.entry),
      prev: forkVec(c.registry.prev),
      more: forkVec(c.registry.more),
    },
    committed: forkVec(c.committed),
    termSeen: c.termSeen.slice(),
  };
}

/**
 * Every (index, term) written to any log, with the uid of its entry and of the
 * entry before it. The first entry seen at an index is kept by reference (the
 * entry objects are shared with the logs) with its predecessor's uid in a
 * parallel vector: no object per index, as a long run writes one per command.
 * The rare others at the same index (other terms, after a conflict) go in
 * `more`, three numbers each: term, uid, uid before.
 */
export interface Registry {
  entry: Vec<Entry>;
  prev: Vec<number>;
  more: Vec<readonly number[]>;
}

/** [uid, prev uid] of the entry of `term` at `index`, or undefined if none was seen. */
function registered(reg: Registry, index: number, term: number): [number, number] | undefined {
  const first = vecGet(reg.entry, index);
  if (first === undefined) return undefined;
  if (first.term === term) return [first.uid, vecGet(reg.prev, index)!];
  const more = vecGet(reg.more, index);
  if (more === undefined) return undefined;
  for (let k = 0; k < more.length; k += 3)
    if (more[k] === term) return [more[k + 1]!, more[k + 2]!];
  return undefined;
}

function register(reg: Registry, index: number, e: Entry, prev: number): void {
  if (vecGet(reg.entry, index) === undefined) {
    vecSet(reg.entry, index, e);
    vecSet(reg.prev, index, prev);
    return;
  }
  const more = vecGet(reg.more, index) ?? [];
  vecSet(reg.more, index, [...more, e.term, e.uid, prev]);
}

export class Checkers {
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
    if (from !== Infinity) this.checkWrites(s, from, now);

    // Election safety and leader completeness, when a server becomes leader.
    if (s.role === 'leader' && (before.role !== 'leader' || before.term !== s.currentTerm)) {
      const other = vecGet(st.leaderOfTerm, s.currentTerm);
      if (other !== undefined && other !== s.id) {
        this.report(
          INVARIANTS.electionSafety,
          now,
          `Two leaders in term ${s.currentTerm}: S${other} and S${s.id}`,
        );
      } else {
        vecSet(st.leaderOfTerm, s.currentTerm, s.id);
      }
      // By log matching, holding the last committed entry means holding all before it.
      const top = st.committed.size - 1;
      if (top > 0 && entryAt(s.log, top)?.uid !== vecGet(st.committed, top)) {
        this.report(
          INVARIANTS.leaderCompleteness,
          now,
          `S${s.id} became leader of term ${s.currentTerm} without the entry committed at index ${top}`,
        );
      }
    }

    // Committed entries: one entry per index, ever.
    if (s.commitIndex > before.commitIndex) {
      for (let i = before.commitIndex + 1; i <= s.commitIndex; i++) {
        const uid = entryAt(s.log, i)?.uid ?? 0;
        const known = vecGet(st.committed, i);
        if (known === undefined) {
          vecSet(st.committed, i, uid);
        } else if (known !== uid) {
          this.report(
            INVARIANTS.stateMachineSafety,
            now,
            `S${s.id} commits a different entry at index ${i} than the one committed there before`,
          );
        }
      }
    }
  }

  /** State machine safety: no two servers apply different entries at one index. */
  onApply(s: ServerState, index: number, e: Entry, now: number): void {
    const known = vecGet(this.state.committed, index);
    if (known !== undefined && known !== e.uid) {
      this.report(
        INVARIANTS.stateMachineSafety,
        now,
        `S${s.id} applies ${describe(e)} at index ${index}, where another entry was committed and applied`,
      );
    }
  }

  private checkWrites(s: ServerState, from: number, now: number): void {
    const reg = this.state.registry;
    for (let i = Math.max(1, from); i <= s.log.last; i++) {
      const e = entryAt(s.log, i)!;
      const prev = entryAt(s.log, i - 1)?.uid ?? 0;
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
      this.state.violations.push({ invariant, at, detail });
  }
}

function describe(e: Entry): string {
  return e.kind === 'noop' ? `a no-op of term ${e.term}` : `"${e.command}" of term ${e.term}`;
}
