/**
 * Safety checkers (Figure 3 of the paper, plus monotonic terms). They run after
 * every event, cost O(1) per event (plus O(entries written)), and record
 * violations instead of throwing: a teacher flips an unsafe switch to see one.
 */
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
const TERM_SPAN = 0x400000; // (index, term) keys: index * TERM_SPAN + term

/** What a server looked like before a step, to judge the step by. */
export interface Before {
  role: Role;
  term: number;
  truncations: number;
  commitIndex: number;
}

export interface CheckerState {
  violations: Violation[];
  total: number;
  leaderOfTerm: Map<number, number>;
  /** (index, term) -> [uid of the entry, uid of the entry before it]. */
  registry: Map<number, [number, number]>;
  /** uid of the entry committed at each index (0: none yet). */
  committed: number[];
  termSeen: number[];
}

export function newCheckerState(servers: number): CheckerState {
  return {
    violations: [],
    total: 0,
    leaderOfTerm: new Map(),
    registry: new Map(),
    committed: [0],
    termSeen: new Array<number>(servers + 1).fill(0),
  };
}

export function copyCheckerState(c: CheckerState): CheckerState {
  return {
    violations: c.violations.slice(),
    total: c.total,
    leaderOfTerm: new Map(c.leaderOfTerm),
    registry: new Map(c.registry),
    committed: c.committed.slice(),
    termSeen: c.termSeen.slice(),
  };
}

export class Checkers {
  constructor(public state: CheckerState) {}

  /** The starting logs are facts, not events: register them without judging. */
  registerInitial(s: ServerState): void {
    const log = s.log;
    for (let i = 1; i <= log.last; i++) {
      const e = entryAt(log, i)!;
      const key = i * TERM_SPAN + e.term;
      if (!this.state.registry.has(key))
        this.state.registry.set(key, [e.uid, entryAt(log, i - 1)?.uid ?? 0]);
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
      const other = st.leaderOfTerm.get(s.currentTerm);
      if (other !== undefined && other !== s.id) {
        this.report(
          INVARIANTS.electionSafety,
          now,
          `Two leaders in term ${s.currentTerm}: S${other} and S${s.id}`,
        );
      } else {
        st.leaderOfTerm.set(s.currentTerm, s.id);
      }
      // By log matching, holding the last committed entry means holding all before it.
      const top = st.committed.length - 1;
      if (top > 0 && entryAt(s.log, top)?.uid !== st.committed[top]) {
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
        const known = st.committed[i];
        if (known === undefined) {
          st.committed[i] = uid;
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
    const known = this.state.committed[index];
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
      const key = i * TERM_SPAN + e.term;
      const known = reg.get(key);
      if (known === undefined) {
        reg.set(key, [e.uid, prev]);
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
