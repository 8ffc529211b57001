import { describe, expect, it } from 'vitest';
import {
  bandPath,
  besidePlace,
  labelBeside,
  presenterLayout,
  clientPlace,
  LABEL_WIDTH,
  memberRuns,
  labelBox,
  labelPlace,
  TIMER_GAP,
  TIMER_WIDTH,
  linkKey,
  linkPairs,
  linkState,
  messageFrac,
  messagePosition,
  boxClearOfCircles,
  hitRadius,
  ringLayout,
  RING_CENTER,
  serverPosition,
  timeoutArc,
  timerFrac,
  VIEW_H,
  VIEW_W,
} from './geometry.ts';

describe('serverPosition', () => {
  it('puts server 1 at the top and goes clockwise', () => {
    const p1 = serverPosition(1, 4);
    const p2 = serverPosition(2, 4);
    expect(p1.x).toBeCloseTo(RING_CENTER.x);
    expect(p1.y).toBeLessThan(RING_CENTER.y);
    expect(p2.x).toBeGreaterThan(RING_CENTER.x); // clockwise: to the right
    expect(p2.y).toBeCloseTo(RING_CENTER.y);
  });

  it('puts a single server in the centre', () => {
    expect(serverPosition(1, 1)).toEqual(RING_CENTER);
  });

  it('keeps every server, timer ring and labels inside the view and apart, for 1 to 9 servers', () => {
    for (let n = 1; n <= 9; n++) {
      const { body } = ringLayout(n);
      const outer = body + TIMER_GAP + TIMER_WIDTH;
      const pts = Array.from({ length: n }, (_, i) => serverPosition(i + 1, n));
      const boxes = pts.map((p, i) => labelBox(p, labelPlace(i + 1, n, outer, 44)));
      pts.forEach((p, i) => {
        expect(p.x - outer).toBeGreaterThan(0);
        expect(p.x + outer).toBeLessThan(VIEW_W);
        expect(p.y - outer - 44).toBeGreaterThan(0); // crown above
        const b = boxes[i]!;
        expect(b.x0).toBeGreaterThanOrEqual(0);
        expect(b.x1).toBeLessThanOrEqual(VIEW_W);
        expect(b.y0).toBeGreaterThanOrEqual(0);
        expect(b.y1).toBeLessThanOrEqual(VIEW_H);
        // No label covers any server (its own or another's).
        for (const q of pts) {
          const cx = Math.max(b.x0, Math.min(q.x, b.x1));
          const cy = Math.max(b.y0, Math.min(q.y, b.y1));
          expect(Math.hypot(cx - q.x, cy - q.y), `n=${n} label of S${i + 1}`).toBeGreaterThan(
            outer - 1,
          );
        }
        // No two labels overlap.
        boxes.forEach((c, j) => {
          if (j <= i) return;
          const apart = b.x1 <= c.x0 || c.x1 <= b.x0 || b.y1 <= c.y0 || c.y1 <= b.y0;
          expect(apart, `n=${n} labels of S${i + 1} and S${j + 1}`).toBe(true);
        });
      });
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const d = Math.hypot(pts[i]!.x - pts[j]!.x, pts[i]!.y - pts[j]!.y);
          expect(d).toBeGreaterThan(2 * outer + 20);
        }
    }
  });
});

describe('messagePosition', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('goes from a to b as frac goes from 0 to 1', () => {
    expect(messagePosition(a, b, 0)).toEqual({ x: 0, y: 0 });
    expect(messagePosition(a, b, 0.5)).toEqual({ x: 50, y: 0 });
    expect(messagePosition(a, b, 1)).toEqual({ x: 100, y: 0 });
  });
  it('clamps frac and trims the ends by the inset', () => {
    expect(messagePosition(a, b, -1, 10)).toEqual({ x: 10, y: 0 });
    expect(messagePosition(a, b, 2, 10)).toEqual({ x: 90, y: 0 });
  });
  it('moves to the right of the direction of travel by lane, so two directions do not overlap', () => {
    const there = messagePosition(a, b, 0.5, 0, 6);
    const back = messagePosition(b, a, 0.5, 0, 6);
    expect(there.y).toBeCloseTo(6);
    expect(back.y).toBeCloseTo(-6);
  });
  it('stays put for a zero-length link', () => {
    expect(messagePosition(a, a, 0.5, 5, 5)).toEqual(a);
  });
  it('trims the far end by its own inset when given one', () => {
    expect(messagePosition(a, b, 0, 30, 0, 10)).toEqual({ x: 30, y: 0 });
    expect(messagePosition(a, b, 1, 30, 0, 10)).toEqual({ x: 90, y: 0 });
    expect(messagePosition(a, b, 0.5, 30, 0, 10)).toEqual({ x: 60, y: 0 });
  });
  it('on a link shorter than both trims, holds where the trims divide it', () => {
    expect(messagePosition(a, b, 0, 60, 0, 60)).toEqual({ x: 50, y: 0 });
    expect(messagePosition(a, b, 1, 60, 0, 60)).toEqual({ x: 50, y: 0 });
    expect(messagePosition(a, b, 0.3, 90, 0, 30).x).toBeCloseTo(75);
  });
});

describe('boxClearOfCircles', () => {
  const centres = [
    { x: 0, y: 0 },
    { x: 300, y: 0 },
  ];
  it('is clear when the box nowhere reaches a circle', () => {
    expect(boxClearOfCircles({ x: 150, y: 0 }, 20, 10, centres, 100)).toBe(true);
  });
  it('is not when a side reaches into a circle', () => {
    expect(boxClearOfCircles({ x: 115, y: 0 }, 20, 10, centres, 100)).toBe(false);
    expect(boxClearOfCircles({ x: 185, y: 0 }, 20, 10, centres, 100)).toBe(false);
  });
  it('measures to the nearest corner, not the box around the circle', () => {
    // The corner (80, 80) is 113 from the centre: outside the circle, inside its box.
    expect(boxClearOfCircles({ x: 90, y: 90 }, 10, 10, centres, 100)).toBe(true);
    expect(boxClearOfCircles({ x: 75, y: 75 }, 10, 10, centres, 100)).toBe(false);
  });
});

describe('messageFrac and timerFrac', () => {
  it('interpolates between sentAt and deliverAt', () => {
    expect(messageFrac(15, 10, 30)).toBe(0.25);
    expect(messageFrac(5, 10, 30)).toBe(0);
    expect(messageFrac(40, 10, 30)).toBe(1);
    expect(messageFrac(10, 10, 10)).toBe(1);
  });
  it('empties a timer from 1 to 0', () => {
    expect(timerFrac(100, 100, 300)).toBe(1);
    expect(timerFrac(200, 100, 300)).toBe(0.5);
    expect(timerFrac(400, 100, 300)).toBe(0);
  });
});

describe('timeoutArc', () => {
  it('is empty at 0 and a closed ring at 1', () => {
    expect(timeoutArc(0, 10, 12)).toBe('');
    expect(timeoutArc(1, 10, 12)).toMatch(/^M/);
    expect(timeoutArc(0.5, 10, 12)).toMatch(/^M/);
  });
  it('starts at the top (12 o clock)', () => {
    const d = timeoutArc(0.25, 10, 12);
    // d3's arc starts at angle 0 = top: the first point is (0, -outer).
    expect(d.startsWith('M0,-12')).toBe(true);
  });
});

describe('links', () => {
  it('keys a link by its smaller id first', () => {
    expect(linkKey(3, 1)).toBe('1-3');
    expect(linkKey(1, 3)).toBe('1-3');
  });
  it('names the directions that still carry messages', () => {
    expect(linkState(true, true, 1, 2)).toBe('both');
    expect(linkState(false, false, 1, 2)).toBe('none');
    expect(linkState(true, false, 1, 2)).toBe('1-2');
    expect(linkState(false, true, 1, 2)).toBe('2-1');
  });
  it('lists n(n-1)/2 pairs', () => {
    expect(linkPairs(5)).toHaveLength(10);
    expect(linkPairs(9)).toHaveLength(36);
    expect(linkPairs(1)).toHaveLength(0);
  });
});

describe('hit areas', () => {
  it("never overlap a neighbour's, selection ring and its stroke included, at 2 to 9 servers", () => {
    for (let n = 2; n <= 9; n++) {
      const { body } = ringLayout(n);
      const reach = hitRadius(body) + 2 + 3; // the selection ring, and half its stroke
      for (let id = 1; id <= n; id++) {
        const a = serverPosition(id, n);
        for (let other = id + 1; other <= n; other++) {
          const b = serverPosition(other, n);
          expect(Math.hypot(a.x - b.x, a.y - b.y), `${id}-${other} of ${n}`).toBeGreaterThan(
            2 * reach,
          );
        }
      }
    }
  });
});

describe('memberRuns (a configuration drawn as bands through its members)', () => {
  const step = (n: number) => (2 * Math.PI) / n;
  it('every server: one full turn; nobody: nothing', () => {
    expect(memberRuns([1, 2, 3], 3)).toEqual([{ start: 0, end: 2 * Math.PI }]);
    expect(memberRuns([], 5)).toEqual([]);
  });
  it('neighbours join into one stretch, each slot half way to its neighbours', () => {
    const s = step(6);
    expect(memberRuns([1, 2, 3], 6)).toEqual([{ start: -s / 2, end: -s / 2 + 3 * s }]);
    const r = memberRuns([4, 5, 6], 6);
    expect(r).toHaveLength(1);
    expect(r[0]!.start).toBeCloseTo(3 * s - s / 2);
    expect(r[0]!.end - r[0]!.start).toBeCloseTo(3 * s);
  });
  it('a stretch over the top is not cut in two; apart members make apart stretches', () => {
    const s = step(5);
    const wrap = memberRuns([5, 1, 2], 5);
    expect(wrap).toHaveLength(1);
    expect(wrap[0]!.start).toBeCloseTo(4 * s - s / 2);
    expect(wrap[0]!.end - wrap[0]!.start).toBeCloseTo(3 * s);
    expect(memberRuns([1, 3], 5)).toHaveLength(2);
  });
  it('every member slot is covered, no other', () => {
    for (let n = 2; n <= 9; n++)
      for (let mask = 1; mask < 1 << n; mask++) {
        const ids = Array.from({ length: n }, (_, i) => i + 1).filter(
          (id) => mask & (1 << (id - 1)),
        );
        const runs = memberRuns(ids, n);
        const covered = (a: number) =>
          runs.some((r) => [a, a + 2 * Math.PI].some((x) => x >= r.start && x <= r.end));
        for (let id = 1; id <= n; id++)
          expect(covered((id - 1) * step(n)), `n=${n} ids=${ids} S${id}`).toBe(ids.includes(id));
      }
  });
  it('bandPath draws a path', () => {
    expect(bandPath({ start: 0, end: 1 }, 10, 20)).toMatch(/^M/);
  });
});

describe('where the clients stand in presenter mode', () => {
  it('the bottom-left corner unless grown labels reach it; pushed out as far as the canvas shows', () => {
    const plain = clientPlace(5, 1, LABEL_WIDTH);
    expect(plain.x).toBeLessThan(100);
    expect(plain.y).toBeGreaterThan(800);
    // At 1024x768 the ring grows by about 1.6: S4's labels reach the corner.
    const grown = clientPlace(5, 1.6, 180);
    expect(grown.y < 800 || grown.x > VIEW_W / 2).toBe(true);
    // Room beside the view box: the clients go out into it, clear of the ring.
    const wide = clientPlace(5, 2.2, 180, { x: 600, y: 0 });
    expect(wide.x).toBeLessThan(0);
  });
});

describe('presenterLayout', () => {
  const outer = (n: number) => ringLayout(n).body + TIMER_GAP + TIMER_WIDTH;
  // Canvases as presenter mode measures them (view units): 1024x768 beside a story,
  // one too narrow to fit, a wide one, the view box itself.
  const cases = [
    { grow: 2.03, visible: { x0: -518, y0: -161, x1: 1518, y1: 900 } },
    { grow: 2.23, visible: { x0: -2, y0: -179, x1: 1002, y1: 900 } },
    { grow: 2.2, visible: { x0: -15, y0: -180, x1: 1015, y1: 905 } },
    { grow: 1.1, visible: { x0: -600, y0: -120, x1: 1600, y1: 900 } },
    { grow: 1, visible: { x0: 0, y0: 0, x1: 1000, y1: 900 } },
  ];
  for (const { grow, visible } of cases)
    for (const n of [3, 5, 7])
      it(`n=${n}, grow ${grow}: servers apart, inside what the canvas shows, or says it does not fit`, () => {
        const l = presenterLayout(n, grow, 180, visible);
        expect(l.places.length).toBe(n + 1);
        const r = outer(n) * grow;
        for (let i = 1; i <= n; i++) {
          const p = l.places[i]!;
          expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
          if (!l.fits) continue;
          expect(p.x - r).toBeGreaterThanOrEqual(visible.x0);
          expect(p.x + r).toBeLessThanOrEqual(visible.x1);
          expect(p.y - r).toBeGreaterThanOrEqual(visible.y0);
          expect(p.y + r).toBeLessThanOrEqual(visible.y1);
          for (let j = i + 1; j <= n; j++) {
            const q = l.places[j]!;
            expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThan(2 * r);
          }
        }
      });

  it('fits a 5-server ring on the canvases presenter mode measures, labels beside when short', () => {
    const short = presenterLayout(5, cases[0]!.grow, 180, cases[0]!.visible);
    expect(short.fits).toBe(true);
    expect(short.beside).not.toBe('none');
    expect(labelBeside(1, 5, 'sides')).toBe(false);
    expect(labelBeside(2, 5, 'sides')).toBe(true);
    expect(besidePlace(5, 5, 80).anchor).toBe('end');
    expect(besidePlace(2, 5, 80).anchor).toBe('start');
    // A tall canvas keeps the usual look: labels outside the ring, a circle.
    const tall = presenterLayout(5, 1, 180, cases[4]!.visible);
    expect(tall.fits).toBe(true);
    expect(tall.beside).toBe('none');
    expect(tall.rx).toBe(tall.ry);
  });
});
