import { describe, expect, it } from 'vitest';
import { MarkerTracker, actionMarkers, type ServerGlance } from './markers.ts';

const f = (term: number, commitIndex = 0): ServerGlance => ({
  up: true,
  role: 'follower',
  term,
  commitIndex,
});
const l = (term: number, commitIndex = 0): ServerGlance => ({
  ...f(term, commitIndex),
  role: 'leader',
});

describe('MarkerTracker', () => {
  it('marks a new term, a new leader and a commit once each', () => {
    const t = new MarkerTracker();
    t.start([f(0), f(0), f(0)]);
    t.observe({ time: 10, events: 1 }, [f(1), f(0), f(0)]);
    t.observe({ time: 20, events: 2 }, [l(1), f(1), f(0)]);
    t.observe({ time: 30, events: 3 }, [l(1, 1), f(1), f(1)]);
    t.observe({ time: 40, events: 4 }, [l(1, 1), f(1), f(1)]);
    expect(t.markers.map((m) => m.kind)).toEqual(['election', 'leader', 'commit']);
    expect(t.markers[1]!.server).toBe(1);
  });

  it('ignores moments it has already seen (playing again after going back)', () => {
    const t = new MarkerTracker();
    t.start([f(0), f(0)]);
    t.observe({ time: 10, events: 1 }, [f(1), f(0)]);
    t.observe({ time: 10, events: 1 }, [f(2), f(0)]);
    t.observe({ time: 5, events: 0 }, [f(3), f(0)]);
    expect(t.markers).toHaveLength(1);
  });

  it('names a leader change', () => {
    const t = new MarkerTracker();
    t.start([f(0), f(0)]);
    t.observe({ time: 10, events: 1 }, [l(1), f(1)]);
    t.observe({ time: 20, events: 2 }, [f(2), l(2)]);
    expect(t.markers.at(-1)!.text).toMatch(/Leader change: S2 leads term 2 \(was S1\)/);
  });

  it('thins commits of a steady load to one marker per gap', () => {
    const t = new MarkerTracker();
    t.start([l(1)]);
    for (let i = 1; i <= 100; i++) t.observe({ time: i * 10, events: i }, [l(1, i)]);
    const commits = t.markers.filter((m) => m.kind === 'commit');
    expect(commits.length).toBeGreaterThan(2);
    expect(commits.length).toBeLessThanOrEqual(5);
  });

  it('drops the markers after a fork and brings them back on undo', () => {
    const t = new MarkerTracker();
    t.start([f(0), f(0)]);
    t.observe({ time: 10, events: 1 }, [f(1), f(0)]);
    t.observe({ time: 100, events: 9 }, [f(1), f(2)]);
    t.fork({ time: 50, events: 5 });
    expect(t.markers).toHaveLength(1);
    t.observe({ time: 60, events: 6 }, [f(1), f(1)]);
    t.undo();
    expect(t.markers.map((m) => m.time)).toEqual([10, 100]);
  });
});

describe('actionMarkers', () => {
  it('marks crashes, restarts, cuts and heals, not commands', () => {
    const m = actionMarkers([
      { at: 1, events: 1, call: 'crash', args: [2] },
      { at: 2, events: 2, call: 'submit', args: ['set x 1'] },
      { at: 3, events: 3, call: 'setLink', args: [1, 2, false] },
      { at: 4, events: 4, call: 'setLink', args: [1, 2, true] },
      { at: 5, events: 5, call: 'heal', args: [] },
      { at: 6, events: 6, call: 'restart', args: [2] },
    ]);
    expect(m.map((x) => x.kind)).toEqual(['crash', 'partition', 'heal', 'heal', 'restart']);
  });
});
