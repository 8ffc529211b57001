import { describe, expect, it } from 'vitest';
import {
  LOST_STUB_FRAC,
  LOST_STUB_PX,
  arrowEnd,
  dotKey,
  markAfterKey,
  markStops,
  tabStop,
  FOLLOW_AT,
  SPAN_MS_MIN,
  arrowText,
  clampPan,
  following,
  laneY,
  scaled,
  spanMax,
  zoomed,
} from './spacetime.ts';

describe('the space-time diagram window', () => {
  it('following, the present stands at FOLLOW_AT of the window', () => {
    const [a, b] = following(1000, 600);
    expect(b - a).toBe(600);
    expect((1000 - a) / 600).toBeCloseTo(FOLLOW_AT);
  });

  it('a wheel zoom keeps the time under the pointer where it was', () => {
    const view = { from: 1000, to: 2000 };
    const width = 500;
    // d3-zoom: zooming by 2 around pixel 100 gives x = 100 - 2 * 100.
    const [a, b] = zoomed(view, { k: 1, x: 0 }, { k: 2, x: -100 }, width, 5000);
    expect(b - a).toBeCloseTo(500);
    const before = view.from + (100 / width) * (view.to - view.from);
    const after = a + (100 / width) * (b - a);
    expect(after).toBeCloseTo(before);
  });

  it('a drag pans by the pixels moved', () => {
    const [a, b] = zoomed({ from: 1000, to: 2000 }, { k: 3, x: 40 }, { k: 3, x: 90 }, 500, 5000);
    // 50 px to the right at 2 ms a pixel: 100 ms earlier.
    expect(a).toBeCloseTo(900);
    expect(b).toBeCloseTo(1900);
  });

  it('the span stays between SPAN_MS_MIN and the run (and a margin)', () => {
    const [a, b] = zoomed({ from: 0, to: 100 }, { k: 1, x: 0 }, { k: 100, x: 0 }, 500, 5000);
    expect(b - a).toBeCloseTo(SPAN_MS_MIN);
    const [c, d] = scaled({ from: 0, to: 1000 }, 1000, 500, 3000);
    expect(d - c).toBeCloseTo(spanMax(3000));
  });

  it('a pan stops at the run: not long before 0, nor after its end', () => {
    expect(clampPan(-500, 500, 10_000)[0]).toBeCloseTo(-50);
    const [, b] = clampPan(20_000, 21_000, 10_000);
    expect(b).toBeCloseTo(10_000 + 1000 * (1 - FOLLOW_AT));
  });

  it('lanes: S1 at the top, the client at the bottom', () => {
    expect(laneY(1, 5, 20, 30)).toBe(35);
    expect(laneY(5, 5, 20, 30)).toBe(20 + 4.5 * 30);
    expect(laneY(0, 5, 20, 30)).toBe(20 + 5.5 * 30);
  });

  it('an arrow says what it carried and when', () => {
    const base = {
      id: 1,
      from: 2,
      to: 3,
      term: 4,
      sentAt: 10,
      at: 30,
      n: 7,
      ok: true,
      minor: false,
    };
    const delivered = { loss: null, reached: 1 } as const;
    expect(arrowText({ ...base, ...delivered, type: 'RequestVote', lost: false, entries: 0 })).toBe(
      'S2 asks S3 for its vote (term 4): sent at 10 ms, delivered at 30 ms',
    );
    const down = { loss: 'down', reached: 1 } as const;
    expect(arrowText({ ...base, ...down, type: 'AppendEntries', lost: true, entries: 0 })).toBe(
      'Heartbeat from S2 to S3 (term 4): sent at 10 ms, lost at 30 ms: S3 is down',
    );
    const cut = { loss: 'cut', reached: 0.5 } as const;
    expect(arrowText({ ...base, ...cut, type: 'RequestVote', lost: true, entries: 0 })).toBe(
      'S2 asks S3 for its vote (term 4): sent at 10 ms, lost at 30 ms: the link from S2 to S3 was cut',
    );
    const dropped = { loss: 'drop', reached: 0, at: 10 } as const;
    expect(arrowText({ ...base, ...dropped, type: 'RequestVote', lost: true, entries: 0 })).toBe(
      'S2 asks S3 for its vote (term 4): dropped by the network as it was sent at 10 ms',
    );
  });

  it('a message lost on its way ends where it got to, at least a stub long', () => {
    // Delivered, or lost at a crashed receiver: on the receiver's lane.
    expect(arrowEnd({ loss: null, reached: 1 }, 0, 0, 100, 50)).toEqual([100, 50]);
    expect(arrowEnd({ loss: 'down', reached: 1 }, 0, 0, 100, 50)).toEqual([100, 50]);
    // Cut three quarters of the way: three quarters down, at the moment of the cut.
    expect(arrowEnd({ loss: 'cut', reached: 0.75 }, 0, 0, 100, 40)).toEqual([100, 30]);
    // Dropped as it was sent: a stub towards the receiver.
    expect(arrowEnd({ loss: 'drop', reached: 0 }, 10, 0, 10, 100)).toEqual([
      10 + LOST_STUB_PX,
      100 * LOST_STUB_FRAC,
    ]);
  });

  it('the keyboard moves between marks in time order; the tab stop is where it was, or the present', () => {
    const arrow = (id: number, at: number, n: number) => ({ id, at, n });
    const dot = (at: number, n: number) => ({ kind: 'leader' as const, server: 2, at, n });
    const stops = markStops({
      arrows: [arrow(7, 30, 4), arrow(5, 10, 2)] as never,
      dots: [dot(30, 4), dot(20, 3)] as never,
    });
    expect(stops.map((s) => s.key)).toEqual(['a5', dotKey(dot(20, 3)), 'a7', dotKey(dot(30, 4))]);
    expect(markAfterKey(stops, 'a5', 'ArrowRight')).toBe(dotKey(dot(20, 3)));
    expect(markAfterKey(stops, 'a5', 'ArrowLeft')).toBe('a5');
    expect(markAfterKey(stops, 'a5', 'End')).toBe(dotKey(dot(30, 4)));
    expect(markAfterKey(stops, 'a7', 'Home')).toBe('a5');
    expect(markAfterKey(stops, 'a7', 'x')).toBeNull();
    expect(tabStop(stops, 'a7', 0)).toBe('a7');
    expect(tabStop(stops, 'gone', 25)).toBe(dotKey(dot(20, 3)));
    expect(tabStop(stops, null, 0)).toBe('a5');
    expect(tabStop([], null, 0)).toBeNull();
  });
});
