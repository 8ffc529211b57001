/** The rules of a configuration change, as pure functions (§6, dissertation §4.1). */
import { describe, expect, it } from 'vitest';
import {
  configData,
  direct,
  enterJoint,
  leaveJoint,
  simple,
  symmetricDifference,
  votersOf,
} from './confchange.ts';
import { isMajority } from './quorum.ts';

const plain = (...ids: number[]) => ({ incoming: ids, outgoing: [] });

describe('confchange', () => {
  // Reference: §6 (joint consensus: C_old,new first)
  it('enterJoint keeps C_old as the outgoing half and sets C_new as the incoming one', () => {
    expect(enterJoint(plain(1, 2, 3), [5, 4, 3])).toEqual({
      ok: true,
      membership: { incoming: [3, 4, 5], outgoing: [1, 2, 3] },
    });
    expect(enterJoint(plain(1, 2, 3), [3, 2, 1])).toEqual({ ok: false, error: 'no change' });
    expect(enterJoint(plain(1, 2, 3), [])).toMatchObject({ ok: false });
    expect(enterJoint({ incoming: [1, 2], outgoing: [1, 2, 3] }, [1])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/in progress/),
    });
  });

  // Reference: §6 (C_new once C_old,new is committed)
  it('leaveJoint drops the outgoing half', () => {
    expect(leaveJoint({ incoming: [3, 4, 5], outgoing: [1, 2, 3] })).toEqual({
      ok: true,
      membership: { incoming: [3, 4, 5], outgoing: [] },
    });
    expect(leaveJoint(plain(1, 2, 3))).toMatchObject({ ok: false });
  });

  // Reference: dissertation §4.1 (one server at a time)
  it('simple allows one server added or removed, and refuses two', () => {
    expect(simple(plain(1, 2, 3), [1, 2, 3, 4])).toEqual({
      ok: true,
      membership: { incoming: [1, 2, 3, 4], outgoing: [] },
    });
    expect(simple(plain(1, 2, 3), [1, 2])).toMatchObject({ ok: true });
    expect(simple(plain(1, 2, 3), [1, 2, 4])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/one server at a time/),
    });
    expect(simple(plain(1, 2, 3), [1, 2, 3, 4, 5])).toMatchObject({ ok: false });
  });

  // Reference: dissertation §4.1: why one at a time is safe: any majority of C_old meets any of C_new
  it('one server changed: every majority of C_old overlaps every majority of C_new; two: not always', () => {
    const subsets = (ids: number[]) =>
      Array.from({ length: 1 << ids.length }, (_, m) => ids.filter((_, i) => m & (1 << i)));
    const overlapAlways = (a: number[], b: number[]) =>
      subsets(a)
        .filter((x) => isMajority(a, new Set(x)))
        .every((x) =>
          subsets(b)
            .filter((y) => isMajority(b, new Set(y)))
            .every((y) => x.some((id) => y.includes(id))),
        );
    for (const [old, next] of [
      [
        [1, 2, 3],
        [1, 2, 3, 4],
      ],
      [
        [1, 2, 3, 4],
        [1, 2, 3],
      ],
      [
        [1, 2, 3, 4],
        [1, 2, 3, 4, 5],
      ],
      [[1, 2], [1]],
    ] as [number[], number[]][]) {
      expect(simple(plain(...old), next).ok).toBe(true);
      expect(overlapAlways(old, next), `${old} → ${next}`).toBe(true);
    }
    // Figure 10: 3 → 5 servers at once: {1, 2} is a majority of C_old, {3, 4, 5} of C_new.
    expect(simple(plain(1, 2, 3), [1, 2, 3, 4, 5]).ok).toBe(false);
    expect(overlapAlways([1, 2, 3], [1, 2, 3, 4, 5])).toBe(false);
    expect(direct(plain(1, 2, 3), [1, 2, 3, 4, 5])).toEqual({
      ok: true,
      membership: { incoming: [1, 2, 3, 4, 5], outgoing: [] },
    });
  });

  it('configuration entries carry the voters and back', () => {
    const v = { incoming: [3, 4, 5], outgoing: [1, 2, 3] };
    expect(configData(v)).toEqual({ members: [3, 4, 5], old: [1, 2, 3] });
    expect(votersOf(configData(v))).toEqual(v);
    expect(configData(plain(1, 2))).toEqual({ members: [1, 2], old: null });
    expect(symmetricDifference([1, 2, 3], [2, 3, 4])).toEqual([1, 4]);
  });
});
