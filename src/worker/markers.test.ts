import { describe, expect, it } from 'vitest';
import {
  COMMIT_MARKERS_MAX,
  COMMIT_MARKER_GAP_MS,
  MarkerTracker,
  actionMarkers,
  type ServerGlance,
} from './markers.ts';

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

  it('keeps marking elections in a long run under load: commit markers thin as they pass the cap', () => {
    const t = new MarkerTracker();
    t.start([l(1), f(1)]);
    // Four virtual hours of commits every 50 ms: over 280,000 commits.
    const end = 4 * 3600_000;
    let i = 0;
    for (let time = 50; time <= end; time += 50) {
      i++;
      t.observe({ time, events: i }, [l(1, i), f(1, i)]);
    }
    // Then a new term and a new leader: they are marked, however many commits came before.
    t.observe({ time: end + 10, events: i + 1 }, [f(2, i), f(2, i)]);
    t.observe({ time: end + 20, events: i + 2 }, [f(2, i), l(2, i)]);
    const kinds = t.markers.map((m) => m.kind);
    expect(kinds.slice(-2)).toEqual(['election', 'leader']);
    const commits = t.markers.filter((m) => m.kind === 'commit');
    expect(commits.length).toBeLessThanOrEqual(COMMIT_MARKERS_MAX);
    expect(commits.length).toBeGreaterThan(COMMIT_MARKERS_MAX / 4);
    // Spread over the whole run, at least the doubled gap apart, in order.
    expect(commits[0]!.time).toBeLessThan(end / 100);
    expect(commits.at(-1)!.time).toBeGreaterThan(end * 0.99);
    for (let k = 1; k < commits.length; k++)
      expect(commits[k]!.time - commits[k - 1]!.time).toBeGreaterThanOrEqual(
        2 * COMMIT_MARKER_GAP_MS,
      );
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
