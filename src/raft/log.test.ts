import { describe, expect, it } from 'vitest';
import {
  append,
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
import type { Entry } from './types.ts';
import { vecNodesNotIn } from '../model/pvec.ts';

/** Nodes of the persistent vector hold 32 entries: the tests cross their boundaries. */
const CHUNK = 32;

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

  it('a copy shares its entries, and neither side sees the other change (copy on write)', () => {
    const original = logOf(CHUNK + 10);
    const copy = copyLog(original);
    expect(vecNodesNotIn(copy.entries, original.entries)).toBe(0); // shared, not copied
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

describe('copy on write, against a plain array model', () => {
  // Random appends, truncations and copies of copies around chunk boundaries: every log
  // must read back exactly as its own model, whatever happened to the logs it shares with.
  it('no log ever sees another change, across chunk boundaries', () => {
    let x = 12345;
    const rand = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return (x >>> 8) % n;
    };
    const logs = [logOf(CHUNK - 3)];
    const models: number[][] = [Array.from({ length: CHUNK - 3 }, (_, i) => i + 1)];
    let uid = 10_000;
    for (let round = 0; round < 3000; round++) {
      const k = rand(logs.length);
      const log = logs[k]!;
      const model = models[k]!;
      const op = rand(10);
      if (op < 5) {
        const n = 1 + rand(CHUNK + 20); // may fill several chunks
        for (let i = 0; i < n; i++) {
          append(log, entry(1, ++uid));
          model.push(uid);
        }
      } else if (op < 8) {
        // Truncate near a chunk boundary most of the time.
        const boundary = CHUNK * rand(Math.floor(model.length / CHUNK) + 1);
        const from = Math.max(1, Math.min(model.length + 1, boundary + rand(5) - 2));
        truncateFrom(log, from);
        model.length = Math.min(model.length, from - 1);
      } else if (logs.length < 8) {
        logs.push(copyLog(log));
        models.push(model.slice());
      }
      if (model.length > 6 * CHUNK) {
        truncateFrom(log, 2 * CHUNK);
        model.length = 2 * CHUNK - 1;
      }
      if (round % 10 === 0) checkAll(round);
    }
    checkAll(3000);
    expect(logs.length).toBe(8);

    function checkAll(round: number) {
      logs.forEach((log, k) => {
        const model = models[k]!;
        expect(lastIndex(log), `log ${k}, round ${round}`).toBe(model.length);
        const uids: number[] = [];
        for (let i = 1; i <= lastIndex(log); i++) uids.push(entryAt(log, i)!.uid);
        expect(uids, `log ${k}, round ${round}`).toEqual(model);
      });
    }
  });

  it('a copy taken at an exact chunk boundary: appends on either side stay apart', () => {
    const original = logOf(2 * CHUNK);
    const copy = copyLog(original);
    append(original, entry(2, -1));
    append(copy, entry(3, -2));
    expect(entryAt(original, 2 * CHUNK + 1)!.uid).toBe(-1);
    expect(entryAt(copy, 2 * CHUNK + 1)!.uid).toBe(-2);
    // Truncating the copy inside a shared chunk, then writing there, leaves the original whole.
    truncateFrom(copy, CHUNK + 1);
    truncateFrom(copy, CHUNK - 1);
    append(copy, entry(4, -3));
    expect(entryAt(copy, CHUNK - 1)!.uid).toBe(-3);
    expect(lastIndex(original)).toBe(2 * CHUNK + 1);
    for (const i of [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK])
      expect(entryAt(original, i)!.uid).toBe(i);
    // And the original's writes never reach the copy.
    truncateFrom(original, 1);
    expect(lastIndex(copy)).toBe(CHUNK - 1);
    expect(entryAt(copy, 1)!.uid).toBe(1);
  });

  it('a copy of a long log costs nothing, then what is written after it', () => {
    const original = logOf(1000 * CHUNK);
    const copy = copyLog(original);
    expect(vecNodesNotIn(copy.entries, original.entries)).toBe(0);
    append(original, entry(2, -1)); // one new leaf and its path
    expect(vecNodesNotIn(original.entries, copy.entries)).toBeLessThanOrEqual(3);
    truncateFrom(original, 500 * CHUNK + 3);
    append(original, entry(2, -2)); // one shared leaf copied, with its path
    expect(vecNodesNotIn(original.entries, copy.entries)).toBeLessThanOrEqual(6);
    expect(entryAt(copy, 500 * CHUNK + 3)!.uid).toBe(500 * CHUNK + 3);
    expect(entryAt(original, 500 * CHUNK + 3)!.uid).toBe(-2);
    expect(lastIndex(copy)).toBe(1000 * CHUNK);
  });
});
