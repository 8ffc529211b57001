import { describe, expect, it } from 'vitest';
import { CHECKPOINT_SPACING_OLD, CHECKPOINTS_DENSE } from '../sim/timeline.ts';
import { NARRATION_EVERY_EVENTS, Narrator } from './narration.ts';

describe('Narrator snapshots', () => {
  it('are thinned as the timeline thins its checkpoints: the latest dense, older ones sparser', () => {
    const n = new Narrator();
    const count = CHECKPOINTS_DENSE + 60;
    // An event every 250: its time (ms) is its count.
    for (let k = 250; k <= count * NARRATION_EVERY_EVENTS; k += 250)
      n.observe({
        id: k,
        n: k,
        at: k,
        kind: 'deliver',
        servers: [1],
        text: `event ${k}`,
        notes: [],
        minor: k % 2 === 0,
      });
    const head = count * NARRATION_EVERY_EVENTS;
    const recent = head - (CHECKPOINTS_DENSE - 1) * NARRATION_EVERY_EVENTS;
    let older = 0;
    for (let e = 1; e <= head; e += 777) {
      const base = n.base({ time: e, events: e });
      expect(base.events % NARRATION_EVERY_EVENTS).toBe(0);
      if (e >= recent) expect(e - base.events).toBeLessThan(NARRATION_EVERY_EVENTS);
      else {
        expect(e - base.events).toBeLessThan(CHECKPOINT_SPACING_OLD);
        if (e - base.events >= NARRATION_EVERY_EVENTS) older++;
      }
    }
    // Older snapshots are sparser: some moments lie more than one interval after theirs.
    expect(older).toBeGreaterThan(10);
    // Every snapshot of the past lies on a moment the timeline keeps a checkpoint at
    // (multiples of CHECKPOINT_SPACING_OLD there).
    for (let e = 1; e < recent - CHECKPOINT_SPACING_OLD; e += 777)
      expect(n.base({ time: e, events: e }).events % CHECKPOINT_SPACING_OLD).toBe(0);
  });
});
