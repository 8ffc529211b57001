/**
 * A live linearizability checker for the clients' history of the key-value
 * store (Herlihy & Wing, "Linearizability", 1990).
 *
 * The search is Porcupine's: Wing & Gong's depth-first search for a sequential
 * order that respects real time and the model, with Lowe's memoization
 * ("Testing for linearizability", 2017): a (set of operations already ordered,
 * model state) pair that failed once is never explored again. The history is
 * partitioned by key (each key is an independent register, so the whole is
 * linearizable iff every key's part is; Porcupine's `Partition`).
 *
 * Live, as the run goes: an operation joins its key's open window when its
 * client sends it; when a read is answered, only its key is searched again,
 * and only its window (a write's answer cannot break a linearizable history:
 * it may always be ordered last; it only lets the window settle). A window's prefix whose operations all completed before every later
 * operation of the key began is settled: every linearization orders it first,
 * so it is replaced by the set of states it may leave the key in, and the
 * window stays small however long the run. Each check has a budget in search
 * steps (not wall time, so the verdict is deterministic): a history too hard
 * for it is `null`, undecided, and the key is not checked again.
 *
 * Intervals are closed: an operation that completes in the same millisecond as
 * another begins is concurrent with it (either order is allowed). A pending
 * write may have taken effect or not; a pending read constrains nothing.
 *
 * When a key's history fails, the checker searches for a smallest set of its
 * completed operations whose removal makes it linearizable (iterative
 * deepening over "drop this operation" moves in the same memoized search),
 * among the operations still in the window and the last RECENT_OPS_MAX settled
 * ones. Those operations are set aside and the key is checked on as if they
 * had not happened; a later failure of the same key adds its own set. So the
 * set reported is always one whose removal makes the key's history
 * linearizable, and a smallest one whenever the key failed once and its
 * searched stretch held the culprits (the usual case: one stale read). After
 * FAILURES_MAX failures a key is no longer checked (each failure's search may
 * take a whole budget): it stays not linearizable. Offline,
 * `checkHistory` searches each key's whole history at once: exact.
 */
import { parseCommand } from '../model/command.ts';

/** An operation as the checker needs it (ClientOp's fields, plus where it happened). */
export interface HistoryOp {
  id: number;
  client: number;
  command: string;
  submittedAt: number;
  /**
   * When its client sent it (a client sends one request at a time, so a request
   * queued behind another begins only then). Its interval starts here; absent:
   * at submittedAt.
   */
  sentAt?: number;
  completedAt: number | null;
  result: string | null;
  /** Events processed when it was submitted / answered (0 if unknown): its moments. */
  submittedEvents?: number;
  completedEvents?: number | null;
}

export interface LinearizabilityVerdict {
  /** true: linearizable; false: not; null: undecided within the budget. */
  ok: boolean | null;
  /** ok false: a smallest set of one key's operations whose removal makes it linearizable. */
  ops: number[];
}

/** Search steps one check may take (one step: one node of the search). */
export const CHECK_STEPS_MAX = 20_000;
/** Settled operations kept per key for the search of a smallest set. */
export const RECENT_OPS_MAX = 4;
/** An open window this long (a request pending for ages) makes the key undecided. */
export const WINDOW_OPS_MAX = 400;
/** So many possible states at a settled point make the key undecided. */
export const STATES_MAX = 256;
/** A key that failed this many times is no longer checked (it stays not linearizable). */
export const FAILURES_MAX = 4;

/** A key's value; null: the key is absent. */
type Value = string | null;

const SET = 0;
const APPEND = 1;
const DEL = 2;
const GET = 3;

/** One operation on one key, immutable (copies share it). */
interface KeyOp {
  readonly op: HistoryOp;
  readonly kind: number;
  /** The written value (set, append) or the value read (get). */
  readonly value: Value;
  readonly call: number;
  /** Infinity while pending. */
  readonly ret: number;
}

interface Settled {
  starts: Value[];
  ops: KeyOp[];
}

export interface KeyFailure {
  key: string;
  /** The moment the completion that broke it arrived. */
  at: number;
  events: number;
  /** The operations searched (the window and the recent settled ones), by submission. */
  context: HistoryOp[];
  /** A smallest set of them whose removal makes the key's history linearizable. */
  removed: number[];
}

interface KeyState {
  /** The states the key may be in where the window starts. */
  starts: Value[];
  /** Operations not yet settled, in submission order. */
  window: KeyOp[];
  /** The latest settled segments (each with the states it started from). */
  recent: Settled[];
  /** false: no longer checked (too hard for the budget, or failed FAILURES_MAX times). */
  decided: boolean;
  failures: number;
  /** The copy of the checker that may change it in place (see copyLinState). */
  epoch: number;
}

/** Everything the checker remembers: plain data, copied with the world. */
export interface LinState {
  keys: Map<string, KeyState>;
  /** The key of each pending operation (by op id). */
  pendingKey: Map<number, string>;
  failure: KeyFailure | null;
  undecided: number;
  /** Checks run and search steps taken, for the benchmark. */
  checks: number;
  steps: number;
  /** Answers taken in (every completion seen while its key was checked). */
  answers: number;
  /** Key states with this epoch are this copy's own; others are shared with a copy. */
  epoch: number;
}

/** Epochs tell copies apart: each copy, and its source after copying, takes a new one. */
let nextEpoch = 1;

export function newLinState(): LinState {
  return {
    keys: new Map(),
    pendingKey: new Map(),
    failure: null,
    undecided: 0,
    checks: 0,
    answers: 0,
    steps: 0,
    epoch: nextEpoch++,
  };
}

/** A copy costing O(keys + open windows): settled history is not kept. */
export function copyLinState(s: LinState): LinState {
  // Copy on write: both sides share every key's state and copy one before changing it
  // (own), so a checkpoint costs O(keys + pending), not the windows and recent stretches.
  s.epoch = nextEpoch++;
  // Field by field in newLinState's order (not a spread): one hidden class for all copies.
  return {
    keys: new Map(s.keys),
    pendingKey: new Map(s.pendingKey),
    failure: s.failure,
    undecided: s.undecided,
    checks: s.checks,
    answers: s.answers,
    steps: s.steps,
    epoch: nextEpoch++,
  };
}

/** The state of `key` that `s` may change in place (a copy, if it was shared). */
function own(s: LinState, key: string, ks: KeyState): KeyState {
  if (ks.epoch === s.epoch) return ks;
  const mine: KeyState = {
    starts: ks.starts.slice(),
    window: ks.window.slice(),
    recent: ks.recent.slice(),
    decided: ks.decided,
    failures: ks.failures,
    epoch: s.epoch,
  };
  s.keys.set(key, mine);
  return mine;
}

export function verdictOf(s: LinState): LinearizabilityVerdict {
  if (s.failure !== null) return { ok: false, ops: s.failure.removed.slice() };
  return { ok: s.undecided > 0 ? null : true, ops: [] };
}

function keyOp(op: HistoryOp): { key: string; k: KeyOp } | null {
  const p = parseCommand(op.command);
  if (!p.ok) return null;
  const c = p.command;
  const kind = c.op === 'set' ? SET : c.op === 'append' ? APPEND : c.op === 'del' ? DEL : GET;
  const value = c.op === 'set' || c.op === 'append' ? c.value : c.op === 'get' ? op.result : null;
  const ret = op.completedAt ?? Infinity;
  return { key: c.key, k: { op, kind, value, call: op.sentAt ?? op.submittedAt, ret } };
}

/** An operation began: its client sent it. */
export function linSubmit(s: LinState, op: HistoryOp): void {
  const p = keyOp(op);
  if (p === null) return;
  let ks = s.keys.get(p.key);
  if (ks === undefined) {
    ks = { starts: [null], window: [], recent: [], decided: true, failures: 0, epoch: s.epoch };
    s.keys.set(p.key, ks);
  } else ks = own(s, p.key, ks);
  s.pendingKey.set(op.id, p.key);
  // A pending read constrains nothing, but it holds the window open: once
  // answered it may be ordered before what completes meanwhile.
  if (!ks.decided) return;
  // By call (the simulator sends in time order; offline histories may come in any order).
  const w = ks.window;
  if (w.length >= WINDOW_OPS_MAX) return undecide(s, ks);
  let j = w.length;
  while (j > 0 && w[j - 1]!.call > p.k.call) j--;
  w.splice(j, 0, p.k);
}

/**
 * Operation `id` was answered with `result` at `now`, after `events` events:
 * its key, and only its key, is checked again.
 */
export function linComplete(
  s: LinState,
  id: number,
  result: string | null,
  now: number,
  events: number,
  budget = CHECK_STEPS_MAX,
): void {
  const key = s.pendingKey.get(id);
  if (key === undefined) return;
  s.pendingKey.delete(id);
  const ks = own(s, key, s.keys.get(key)!);
  if (!ks.decided) return;
  const w = ks.window;
  let i = w.length - 1;
  while (i >= 0 && w[i]!.op.id !== id) i--;
  if (i < 0) return;
  const k = keyOp({ ...w[i]!.op, completedAt: now, result, completedEvents: events })!.k;
  w[i] = k;
  s.answers++;
  // A write's answer never breaks a history that was linearizable: it may always be
  // ordered last (nothing already in the window began after it ended). Only a read's
  // answer is searched; a write's lets the window settle.
  if (k.kind === GET) checkKey(s, key, ks, now, events, budget);
  else settle(s, ks, now, budget);
}

function undecide(s: LinState, ks: KeyState): void {
  ks.decided = false;
  ks.window = [];
  ks.recent = [];
  s.undecided++;
}

function checkKey(
  s: LinState,
  key: string,
  ks: KeyState,
  now: number,
  events: number,
  budget: number,
): void {
  s.checks++;
  // The common case, one operation after another: a fold, no search.
  const seq = foldSequential(ks.starts, ks.window);
  let found: boolean | null;
  if (seq !== undefined) found = seq.length > 0;
  else {
    const search = new Search(ks.window, budget);
    found = search.run(ks.starts, 0);
    s.steps += search.used;
  }
  if (found === null) return undecide(s, ks);
  if (!found) return fail(s, key, ks, now, events, budget);
  settle(s, ks, now, budget);
}

/** Moves the window's longest prefix that precedes all the rest (and now) into `recent`. */
function settle(s: LinState, ks: KeyState, now: number, budget: number): void {
  const w = ks.window;
  let cut = 0;
  let maxRet = -Infinity;
  for (let i = 0; i < w.length; i++) {
    const o = w[i]!;
    if (o.ret === Infinity) break;
    maxRet = Math.max(maxRet, o.ret);
    const next = w[i + 1];
    if (maxRet < now && (next === undefined || maxRet < next.call)) cut = i + 1;
  }
  if (cut === 0) return;
  const ops = w.slice(0, cut);
  let ends = foldSequential(ks.starts, ops) ?? null;
  if (ends === null) {
    const search = new Search(ops, budget);
    ends = search.ends(ks.starts);
    s.steps += search.used;
  }
  if (ends === null || ends.length > STATES_MAX) return undecide(s, ks);
  ks.recent.push({ starts: ks.starts, ops });
  let kept = 0;
  for (const r of ks.recent) kept += r.ops.length;
  while (ks.recent.length > 1 && kept - ks.recent[0]!.ops.length >= RECENT_OPS_MAX)
    kept -= ks.recent.shift()!.ops.length;
  ks.starts = ends;
  ks.window = w.slice(cut);
}

function fail(
  s: LinState,
  key: string,
  ks: KeyState,
  now: number,
  events: number,
  budget: number,
): void {
  const starts = ks.recent[0]?.starts ?? ks.starts;
  const ops: KeyOp[] = [];
  for (const r of ks.recent) ops.push(...r.ops);
  ops.push(...ks.window);
  const search = new Search(ops, budget);
  let removed = smallestDrop(search, starts, ops);
  s.steps += search.used;
  // Out of budget: every completed operation of the window (a valid, not smallest, set).
  removed ??= ks.window.filter((o) => o.ret !== Infinity).map((o) => o.op.id);
  // Checked on without them (the window holds the stretch searched, from its start),
  // unless it failed too often: each failure's search may take the whole budget.
  if (++ks.failures >= FAILURES_MAX) {
    ks.decided = false;
    ks.window = [];
    ks.recent = [];
  }
  const gone = new Set(removed);
  if (ks.decided) {
    ks.starts = starts;
    ks.window = ops.filter((o) => !gone.has(o.op.id));
    ks.recent = [];
  }
  const f = s.failure;
  if (f === null) {
    s.failure = {
      key,
      at: now,
      events,
      context: ops.map((o) => o.op),
      removed: removed.sort(byNumber),
    };
  } else if (f.key === key) {
    // A copy, never an edit: checkpoints share the old one.
    const known = new Set(f.context.map((o) => o.id));
    s.failure = {
      ...f,
      context: f.context.concat(ops.map((o) => o.op).filter((o) => !known.has(o.id))),
      removed: f.removed.concat(removed).sort(byNumber),
    };
  }
  if (ks.decided) settle(s, ks, now, budget);
}

const byNumber = (a: number, b: number) => a - b;

/** Iterative deepening: the fewest completed operations to drop. null: out of budget. */
function smallestDrop(
  search: Search,
  starts: readonly Value[],
  ops: readonly KeyOp[],
): number[] | null {
  const completed = ops.filter((o) => o.ret !== Infinity).length;
  for (let k = 1; k <= completed; k++) {
    const r = search.run(starts, k);
    if (r === null) return null;
    if (r) return search.dropped;
  }
  return null;
}

/**
 * When the operations follow one another (each ended before the next began;
 * the last may be pending, and then, being optional with nothing after it, is
 * left out), there is one order: the states it may end in from `starts`
 * ([]: none, not linearizable). undefined: some overlap, search instead.
 */
function foldSequential(starts: readonly Value[], ops: readonly KeyOp[]): Value[] | undefined {
  const n = ops.length;
  for (let i = 0; i + 1 < n; i++) if (ops[i]!.ret >= ops[i + 1]!.call) return undefined;
  let states: Value[] = starts.slice();
  for (let i = 0; i < n && states.length > 0; i++) {
    const o = ops[i]!;
    if (o.ret === Infinity) break;
    const next: Value[] = [];
    for (const v of states) {
      const x = apply(v, o);
      if (x !== undefined && !next.includes(x)) next.push(x);
    }
    states = next;
  }
  return states;
}

/** Applies one operation to a key's value: the next value, or undefined if the result is impossible. */
function apply(v: Value, o: KeyOp): Value | undefined {
  switch (o.kind) {
    case SET:
      return o.value;
    case APPEND:
      return (v ?? '') + o.value!;
    case DEL:
      return null;
    default:
      return o.value === v ? v : undefined;
  }
}

class OutOfBudget extends Error {}

/**
 * One search over a key's operations (sorted by call): Wing & Gong's DFS with
 * Lowe's memo, plus optional "drop" moves for the smallest-set search.
 */
class Search {
  private readonly n: number;
  /** 0: to order; 1: ordered; 2: dropped. */
  private readonly done: Uint8Array;
  private readonly bits: Uint16Array;
  /** Indices by completion, for the earliest completion still to order. */
  private readonly byRet: number[];
  /** (done set, state) -> most drops left with which it failed. */
  private readonly memo = new Map<string, number>();
  private completedLeft = 0;
  private collect: Set<Value> | null = null;
  used = 0;
  dropped: number[] | null = null;

  constructor(
    private readonly ops: readonly KeyOp[],
    private readonly budget: number,
  ) {
    this.n = ops.length;
    this.done = new Uint8Array(this.n);
    this.bits = new Uint16Array(Math.ceil(this.n / 16));
    this.byRet = ops.map((_, i) => i).sort((a, b) => ops[a]!.ret - ops[b]!.ret || a - b);
  }

  /** Is there an order (dropping at most `drops` completed operations)? null: out of budget. */
  run(starts: readonly Value[], drops: number): boolean | null {
    this.reset();
    try {
      for (const v of new Set(starts)) if (this.dfs(v, drops)) return true;
      return false;
    } catch (e) {
      if (e instanceof OutOfBudget) return null;
      throw e;
    }
  }

  /** Every state an order of all the operations may end in (all are completed). null: out of budget. */
  ends(starts: readonly Value[]): Value[] | null {
    this.reset();
    this.collect = new Set();
    try {
      for (const v of new Set(starts)) this.dfs(v, 0);
      return [...this.collect];
    } catch (e) {
      if (e instanceof OutOfBudget) return null;
      throw e;
    } finally {
      this.collect = null;
    }
  }

  private reset(): void {
    this.done.fill(0);
    this.bits.fill(0);
    this.completedLeft = 0;
    for (const o of this.ops) if (o.ret !== Infinity) this.completedLeft++;
    this.dropped = null;
  }

  private mark(i: number, how: number): void {
    this.done[i] = how;
    this.bits[i >> 4]! ^= 1 << (i & 15);
    if (this.ops[i]!.ret !== Infinity) this.completedLeft += how === 0 ? 1 : -1;
  }

  private dfs(v: Value, drops: number): boolean {
    if (this.completedLeft === 0) {
      if (this.collect) {
        this.collect.add(v);
        return false;
      }
      this.dropped = [];
      for (let i = 0; i < this.n; i++)
        if (this.done[i] === 2) this.dropped.push(this.ops[i]!.op.id);
      return true;
    }
    if (++this.used > this.budget) throw new OutOfBudget();
    const key = String.fromCharCode(...this.bits) + (v === null ? '\u0000' : '=' + v);
    const failed = this.memo.get(key);
    if (failed !== undefined && failed >= drops) return false;
    // The earliest completion among operations still to order: whatever began
    // at or before it may go next (intervals touching at one ms are concurrent).
    let minRet = Infinity;
    for (const i of this.byRet) {
      if (this.done[i] === 0) {
        minRet = this.ops[i]!.ret;
        break;
      }
    }
    const ops = this.ops;
    for (let i = 0; i < this.n; i++) {
      const o = ops[i]!;
      if (o.call > minRet) break;
      if (this.done[i] !== 0) continue;
      // A pending read has no effect and no result to explain: never ordered.
      if (o.kind === GET && o.ret === Infinity) continue;
      const next = apply(v, o);
      if (next !== undefined) {
        this.mark(i, 1);
        const ok = this.dfs(next, drops);
        this.mark(i, 0);
        if (ok) return true;
      }
      if (drops > 0 && o.ret !== Infinity) {
        this.mark(i, 2);
        const ok = this.dfs(v, drops - 1);
        this.mark(i, 0);
        if (ok) return true;
      }
    }
    this.memo.set(key, drops);
    return false;
  }
}

/**
 * Checks a whole history offline (tests, the command line): each key's whole
 * history in one search, so the smallest set is exact. The key reported is the
 * one whose failing operations were submitted first.
 */
export function checkHistory(
  ops: readonly HistoryOp[],
  opts: { steps?: number } = {},
): LinearizabilityVerdict & { failure: KeyFailure | null } {
  const budget = opts.steps ?? CHECK_STEPS_MAX;
  const byKey = new Map<string, KeyOp[]>();
  for (const op of ops) {
    const p = keyOp(op);
    if (p === null) continue;
    const list = byKey.get(p.key) ?? [];
    list.push(p.k);
    byKey.set(p.key, list);
  }
  let undecided = false;
  let failure: KeyFailure | null = null;
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.call - b.call || a.op.id - b.op.id);
    const search = new Search(list, budget);
    const found = search.run([null], 0);
    if (found === null) undecided = true;
    if (found !== false) continue;
    const removed = smallestDrop(search, [null], list);
    if (removed === null) {
      undecided = true;
      continue;
    }
    removed.sort(byNumber);
    if (failure !== null && failure.removed[0]! < removed[0]!) continue;
    const last = list.reduce((m, o) => (o.ret !== Infinity && o.ret > m.ret ? o : m), list[0]!);
    failure = {
      key,
      at: last.ret,
      events: last.op.completedEvents ?? 0,
      context: list.map((o) => o.op),
      removed,
    };
  }
  if (failure !== null) return { ok: false, ops: failure.removed.slice(), failure };
  return { ok: undecided ? null : true, ops: [], failure: null };
}

/** The same history through the live checker, fed submissions and completions in time order. */
export function checkHistoryLive(
  ops: readonly HistoryOp[],
  opts: { steps?: number } = {},
): LinearizabilityVerdict & { state: LinState } {
  const s = newLinState();
  const budget = opts.steps ?? CHECK_STEPS_MAX;
  type Ev = { at: number; done: boolean; op: HistoryOp };
  const evs: Ev[] = [];
  for (const op of ops) {
    const sent = op.sentAt ?? op.submittedAt;
    evs.push({ at: sent, done: false, op: { ...op, completedAt: null, result: null } });
    if (op.completedAt !== null) evs.push({ at: op.completedAt, done: true, op });
  }
  // Submissions first at equal times: the checker treats them as concurrent either way.
  evs.sort((a, b) => a.at - b.at || Number(a.done) - Number(b.done) || a.op.id - b.op.id);
  for (const e of evs) {
    if (e.done) linComplete(s, e.op.id, e.op.result, e.at, e.op.completedEvents ?? 0, budget);
    else linSubmit(s, e.op);
  }
  return { ...verdictOf(s), state: s };
}
