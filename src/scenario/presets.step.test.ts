/**
 * The app walks a loaded preset one event at a time (the worker's scan for
 * markers, then Step): stepping through every preset must take each recorded
 * action where it was taken and reach the same state as replaying to its end.
 */
import { describe, expect, it } from 'vitest';
import { Timeline } from '../sim/index.ts';
import { PRESETS } from './presets.ts';
import { optionsOf } from './scenario.ts';

describe('every preset can be stepped through', () => {
  for (const p of PRESETS) {
    it(p.id, () => {
      const tl = new Timeline(optionsOf(p.scenario), p.scenario.actions);
      tl.seek({ time: 0, events: 0 });
      while (tl.now.events < p.end.events) expect(tl.step()).not.toBeNull();
      expect(tl.now.time).toBeLessThanOrEqual(p.end.time);
      // Actions recorded after the last event, up to the end's time.
      tl.advance(p.end.time - tl.now.time);
      expect(tl.now).toEqual({ time: p.end.time, events: p.end.events });
      expect(tl.sim.actionCount).toBe(p.scenario.actions.length);
      expect(tl.sim.traceHash()).toBe(p.end.hash);
    });
  }
});
