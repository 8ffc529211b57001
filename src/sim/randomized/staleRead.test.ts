/** The live linearizability checker catches the classic stale read (`unsafe.staleReads`), found by a fixed search. */
import { describe, expect, it } from 'vitest';
import { replay } from '../replay.ts';
import {
  findStaleRead,
  staleReadOptions,
  staleReadRun,
  STALE_READ_BY_MS,
  STALE_READ_SEED,
} from './staleRead.ts';

describe('a fixed search under unsafe.staleReads', () => {
  it('finds a seed whose history linearizable() rejects, and it stays found', () => {
    expect(findStaleRead()).toBe(STALE_READ_SEED);
    const sim = staleReadRun();
    const v = sim.linearizable();
    expect(v.ok).toBe(false);
    expect(v.ops.length).toBeGreaterThan(0);
    const f = sim.linearizabilityFailure()!;
    expect(f.at).toBeLessThanOrEqual(STALE_READ_BY_MS);
    // The set names a read (the switch changes only how reads are served), and a write
    // of its key completed before it was sent.
    const ops = sim.clientOps();
    const read = ops[v.ops[0]! - 1]!;
    expect(read.command).toBe(`get ${f.key}`);
    expect(f.at).toBe(read.completedAt);
    const before = f.context.filter(
      (o) => o.id !== read.id && o.completedAt !== null && o.completedAt < read.submittedAt,
    );
    expect(before.length).toBeGreaterThan(0);
    // It replays from the recorded actions, failing at the same moment and not before.
    const early = sim.actions().filter((a) => a.at < f.at);
    const at = replay(staleReadOptions(), early, { time: f.at, events: f.events });
    expect(at.linearizable().ok).toBe(false);
    const just = replay(staleReadOptions(), early, { time: f.at, events: f.events - 1 });
    expect(just.linearizable()).toEqual({ ok: true, ops: [] });
  });

  it('the same seeds and fault profile without the switch: every history is linearizable', () => {
    for (let seed = 1; seed <= STALE_READ_SEED; seed++) {
      const sim = staleReadRun(seed, false);
      expect(sim.linearizable(), `seed ${seed}`).toEqual({ ok: true, ops: [] });
      expect(sim.violations(), `seed ${seed}`).toEqual([]);
      // The runs are not idle: reads were answered.
      expect(
        sim.clientOps().filter((o) => o.command.startsWith('get') && o.completedAt !== null).length,
      ).toBeGreaterThan(3);
    }
  });
});
