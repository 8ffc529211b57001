/**
 * The replicated log as plain data: a list of fixed-size chunks of immutable
 * entries. Copying a log (for a checkpoint) copies the list of chunks, not the
 * entries: both copies then treat the chunks they share as read-only and copy a
 * chunk before changing it. Logs are only ever changed at their tail (append,
 * truncate a suffix), so a checkpoint of a long log costs length / CHUNK words.
 *
 * Indices are 1-based as in the paper; index 0 is the empty prefix with term 0.
 * `start` is reserved for snapshots (a log whose first entry is start + 1).
 */
import type { Entry } from './types.ts';

export const CHUNK = 256;

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

export interface Log {
  chunks: Entry[][];
  /** Index of the last entry. */
  last: number;
  /** Entries up to `start` are compacted away (0 until snapshots exist). */
  start: number;
  /** Chunks below this position are shared with a copy: copy before writing. */
  owned: number;
  /** How many times a suffix was removed (the leader append-only checker watches it). */
  truncations: number;
  /** The lowest index written since the last `takeChangedFrom` (Infinity: none). */
  changedFrom: number;
}

export function emptyLog(): Log {
  return { chunks: [], last: 0, start: 0, owned: 0, truncations: 0, changedFrom: Infinity };
}

export function lastIndex(log: Log): number {
  return log.last;
}

export function entryAt(log: Log, index: number): Entry | undefined {
  if (index <= log.start || index > log.last) return undefined;
  const i = index - log.start - 1;
  return log.chunks[(i / CHUNK) | 0]![i % CHUNK];
}

export function termAt(log: Log, index: number): number {
  if (index === 0) return 0;
  return entryAt(log, index)?.term ?? 0;
}

export function lastTerm(log: Log): number {
  return termAt(log, log.last);
}

export function append(log: Log, entry: Entry): void {
  const i = log.last - log.start;
  const c = (i / CHUNK) | 0;
  if (c === log.chunks.length) {
    log.chunks.push([entry]);
  } else {
    ownChunk(log, c).push(entry);
  }
  log.last++;
  if (log.last < log.changedFrom) log.changedFrom = log.last;
}

/** Removes every entry at `from` and after (§5.3: a conflicting entry and all that follow it). */
export function truncateFrom(log: Log, from: number): void {
  if (from > log.last) return;
  const keep = Math.max(0, from - log.start - 1);
  const c = Math.ceil(keep / CHUNK);
  log.chunks.length = c;
  if (keep % CHUNK !== 0) ownChunk(log, c - 1).length = keep % CHUNK;
  log.owned = Math.min(log.owned, log.chunks.length);
  log.last = log.start + keep;
  log.truncations++;
  if (from < log.changedFrom) log.changedFrom = from;
}

/** Entries from `from` to the end, at most `max` of them. */
export function entriesFrom(log: Log, from: number, max: number): readonly Entry[] {
  const to = Math.min(log.last, from + max - 1);
  if (to < from) return NO_ENTRIES; // a heartbeat: share one empty list
  const out: Entry[] = [];
  for (let i = Math.max(from, log.start + 1); i <= to; i++) out.push(entryAt(log, i)!);
  return out;
}

/** A copy that shares every chunk; both sides copy a shared chunk before writing to it. */
export function copyLog(log: Log): Log {
  log.owned = log.chunks.length;
  return { ...log, chunks: log.chunks.slice(), owned: log.chunks.length };
}

function ownChunk(log: Log, c: number): Entry[] {
  let chunk = log.chunks[c]!;
  if (c >= log.owned) return chunk;
  chunk = chunk.slice();
  log.chunks[c] = chunk;
  // Only the tail is ever written, so every chunk after c is new and owned.
  log.owned = c;
  return chunk;
}

/** The lowest index written since the last call (Infinity: none), and forget it. */
export function takeChangedFrom(log: Log): number {
  const from = log.changedFrom;
  log.changedFrom = Infinity;
  return from;
}
