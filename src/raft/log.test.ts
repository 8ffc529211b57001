import { describe, expect, it } from 'vitest';
import {
  append,
  CHUNK,
  copyLog,
  emptyLog,
  entriesFrom,
  entryAt,
  lastIndex,
  lastTerm,
  takeChangedFrom,
  termAt,
  truncateFrom,
} from './log.ts';
import { majority, quorumIndex, quorumIndexOf } from './quorum.ts';
import type { Entry } from './types.ts';

const entry = (term: number, uid: number): Entry => ({
  term,
  uid,
  kind: 'noop',
  client: 0,
  seq: 0,
});

function logOf(n: number, term = 1) {
  const log = emptyLog();
  for (let i = 1; i <= n; i++) append(log, entry(term, i));
  return log;
}

describe('the chunked log', () => {
  it('indexes from 1, with term 0 at index 0', () => {
    const log = logOf(3, 2);
    expect(lastIndex(log)).toBe(3);
    expect(lastTerm(log)).toBe(2);
    expect(termAt(log, 0)).toBe(0);
    expect(entryAt(log, 0)).toBeUndefined();
    expect(entryAt(log, 4)).toBeUndefined();
    expect(entryAt(log, 2)!.uid).toBe(2);
  });

  it('truncates a suffix across chunk boundaries and appends again', () => {
    const log = logOf(3 * CHUNK + 5);
    truncateFrom(log, CHUNK + 1);
    expect(lastIndex(log)).toBe(CHUNK);
    append(log, entry(2, 9999));
    expect(entryAt(log, CHUNK + 1)!.uid).toBe(9999);
    expect(log.truncations).toBe(1);
    truncateFrom(log, 10);
    expect(lastIndex(log)).toBe(9);
    expect(entriesFrom(log, 8, 100).map((e) => e.uid)).toEqual([8, 9]);
    expect(entriesFrom(log, 10, 100)).toEqual([]);
  });

  it('a copy shares chunks, and neither side sees the other change (copy on write)', () => {
    const original = logOf(CHUNK + 10);
    const copy = copyLog(original);
    expect(copy.chunks[0]).toBe(original.chunks[0]); // shared, not copied
    truncateFrom(original, 5);
    append(original, entry(7, -1));
    append(copy, entry(8, -2));
    expect(lastIndex(original)).toBe(5);
    expect(entryAt(original, 5)!.uid).toBe(-1);
    expect(lastIndex(copy)).toBe(CHUNK + 11);
    expect(entryAt(copy, 5)!.uid).toBe(5);
    expect(entryAt(copy, CHUNK + 11)!.uid).toBe(-2);
    // A copy of a copy, then the middle one changes.
    const third = copyLog(copy);
    truncateFrom(copy, CHUNK);
    expect(lastIndex(third)).toBe(CHUNK + 11);
    expect(entryAt(third, CHUNK)!.uid).toBe(CHUNK);
  });

  it('tells the lowest index written since it was last asked', () => {
    const log = logOf(10);
    takeChangedFrom(log);
    expect(takeChangedFrom(log)).toBe(Infinity);
    truncateFrom(log, 7);
    append(log, entry(2, 100));
    expect(takeChangedFrom(log)).toBe(7);
  });
});

describe('quorum', () => {
  it('majority of n', () => {
    expect([1, 2, 3, 4, 5, 9].map(majority)).toEqual([1, 2, 2, 3, 3, 5]);
  });

  it('the highest index stored on a majority', () => {
    expect(quorumIndex([5, 3, 4, 1, 2])).toBe(3);
    expect(quorumIndex([7, 7, 0, 0])).toBe(0);
    expect(quorumIndex([9])).toBe(9);
    const values = [0, 5, 3, 4, 1, 2];
    expect(quorumIndexOf(values, 1, 5)).toBe(3);
    for (let i = 0; i < 200; i++) {
      const xs = Array.from({ length: 1 + (i % 9) }, (_, k) => (i * 7 + k * 13) % 17);
      expect(quorumIndexOf([0, ...xs], 1, xs.length)).toBe(quorumIndex(xs));
    }
  });
});
