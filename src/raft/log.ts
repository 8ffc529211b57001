/**
 * The replicated log as plain data: its entries (immutable objects) in a
 * persistent vector (src/model/pvec.ts). Copying a log for a checkpoint is O(1):
 * both copies share the vector's nodes and copy a node (32 slots) before
 * changing it, so a checkpoint of a long log costs what was written after it,
 * not the log's length.
 *
 * Indices are 1-based as in the paper; index 0 is the empty prefix with term 0.
 *
 * §7 log compaction: the entries up to `start` are covered by a snapshot and
 * gone from the log; `start` and `startTerm` (the snapshot's last included
 * index and term, or those of an entry below it when the server keeps a
 * margin of applied entries, dissertation §5.1) stand in for them in the
 * consistency check. Every accessor
 * takes them into account: nothing at or below `start` is read. The vector
 * keeps absolute keys (index - 1), so compaction moves no entry and what a
 * server applied can keep sharing its log's vector (src/sim/simulation.ts).
 */
import { emptyVec, forkVec, vecGet, vecSet, vecShareLeaf, type Vec } from '../model/pvec.ts';
import type { Entry } from './types.ts';

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

export interface Log {
  /** The entry at index k + 1 under key k (keys past `last` or up to `start` are stale: never read). */
  entries: Vec<Entry>;
  /** Index of the last entry (`start` when the log holds none after its snapshot). */
  last: number;
  /** Entries up to `start` are compacted into a snapshot (§7), which may cover more (§5.1 margin); 0: none. */
  start: number;
  /** The term of the entry at `start` (0 when start is 0). */
  startTerm: number;
  /** How many times a suffix was removed (the leader append-only checker watches it). */
  truncations: number;
  /** The lowest index written since the last `takeChangedFrom` (Infinity: none). */
  changedFrom: number;
}

export function emptyLog(): Log {
  return {
    entries: emptyVec(),
    last: 0,
    start: 0,
    startTerm: 0,
    truncations: 0,
    changedFrom: Infinity,
  };
}

export function lastIndex(log: Log): number {
  return log.last;
}

export function entryAt(log: Log, index: number): Entry | undefined {
  if (index <= log.start || index > log.last) return undefined;
  return vecGet(log.entries, index - 1);
}

/** The term at `index`: the snapshot's at `start` (§7), 0 where unknown (compacted away, or past the end). */
export function termAt(log: Log, index: number): number {
  if (index === log.start) return log.startTerm;
  return entryAt(log, index)?.term ?? 0;
}

/** Is `index` gone from the log (compacted away, or the last compacted entry)? With a
 *  snapshot margin (dissertation §5.1) the snapshot covers more: entries above `start`. */
export function isCompacted(log: Log, index: number): boolean {
  return index <= log.start;
}

export function lastTerm(log: Log): number {
  return termAt(log, log.last);
}

export function append(log: Log, entry: Entry): void {
  const key = log.last; // absolute keys (index - 1): the servers' leaves line up
  vecSet(log.entries, key, entry);
  // A leaf just filled: the servers' logs mostly hold the same entries, keep them once.
  if ((key & 31) === 31) vecShareLeaf(log.entries, key);
  log.last++;
  if (log.last < log.changedFrom) log.changedFrom = log.last;
}

/** Removes every entry at `from` and after (§5.3: a conflicting entry and all that follow it). */
export function truncateFrom(log: Log, from: number): void {
  if (from > log.last) return;
  // The entries past the new end stay in the vector, unread, until overwritten.
  log.last = Math.max(log.start, from - 1);
  log.truncations++;
  if (from < log.changedFrom) log.changedFrom = from;
}

/**
 * §7: discard the entries up to `index` (term `term`), which a snapshot now covers.
 * Entries after it stay. If the log ends before `index` (a snapshot from the leader
 * that covers more than this log holds), the log is empty after it. No entry after
 * `index` is removed: this is not a truncation.
 */
export function compactTo(log: Log, index: number, term: number): void {
  if (index <= log.start) return;
  log.start = index;
  log.startTerm = term;
  if (log.last < index) log.last = index;
}

/** Entries from `from` to the end, at most `max` of them. */
export function entriesFrom(log: Log, from: number, max: number): readonly Entry[] {
  const to = Math.min(log.last, from + max - 1);
  if (to < from) return NO_ENTRIES; // a heartbeat: share one empty list
  const out: Entry[] = [];
  for (let i = Math.max(from, log.start + 1); i <= to; i++) out.push(entryAt(log, i)!);
  return out;
}

/** An O(1) copy sharing every entry; each side copies a shared node before writing to it. */
export function copyLog(log: Log): Log {
  // Written out in emptyLog's order (not a spread): a copy shares the hidden class of a
  // new log, so code the JIT optimized on new logs runs on restored ones too.
  return {
    entries: forkVec(log.entries),
    last: log.last,
    start: log.start,
    startTerm: log.startTerm,
    truncations: log.truncations,
    changedFrom: log.changedFrom,
  };
}

/** The lowest index written since the last call (Infinity: none), and forget it. */
export function takeChangedFrom(log: Log): number {
  const from = log.changedFrom;
  log.changedFrom = Infinity;
  return from;
}
