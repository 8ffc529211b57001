/** Labels of a 9-server ring with membership on (issue 10): short enough, and apart. */
import { describe, expect, it } from 'vitest';
import { configLabel } from './components/ServerNode.tsx';
import {
  LABEL_LINE,
  RING_CENTER,
  TIMER_GAP,
  TIMER_WIDTH,
  VIEW_H,
  VIEW_W,
  labelPlace,
  ringLayout,
  serverPosition,
} from './geometry.ts';

describe('configuration labels', () => {
  it('draw runs of three or more as a range', () => {
    expect(configLabel({ members: [1, 2, 3, 4, 5, 6, 7, 8, 9], old: null })).toBe('{1–9}');
    expect(configLabel({ members: [1, 2, 3, 4, 5], old: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(
      '{1–9}→{1–5}',
    );
    expect(configLabel({ members: [1, 2, 4, 5], old: null })).toBe('{1,2,4,5}');
    expect(configLabel({ members: [1, 3, 4, 5, 7], old: null })).toBe('{1,3–5,7}');
  });

  it('the two lowest servers of 9 put their labels beside the ring, away from each other', () => {
    const n = 9;
    const { body } = ringLayout(n);
    const outer = body + TIMER_GAP + TIMER_WIDTH;
    const five = labelPlace(5, n, outer);
    const six = labelPlace(6, n, outer);
    expect(five.anchor).toBe('start');
    expect(six.anchor).toBe('end');
    // Four lines (role, vote, joining or leaving, configuration) stay in the view.
    for (const id of [5, 6]) {
      const p = serverPosition(id, n);
      expect(p.y + labelPlace(id, n, outer).y + 4 * LABEL_LINE).toBeLessThanOrEqual(VIEW_H);
    }
    // A side label of 190 units (about "Follower", "voted S1") stays in the view.
    for (const id of [3, 4, 7, 8]) {
      const p = serverPosition(id, n);
      const l = labelPlace(id, n, outer);
      const x = p.x + l.x;
      if (l.anchor === 'start') expect(x + 160).toBeLessThanOrEqual(VIEW_W);
      else expect(x - 160).toBeGreaterThanOrEqual(0);
    }
    expect(RING_CENTER.x).toBe(VIEW_W / 2);
  });
});
