import { describe, expect, it } from 'vitest';
import { CANVAS_STEP, logColumns } from './logColumns.ts';

describe('logColumns', () => {
  const base = { width: 500, cellWidth: 50, scrollLeft: 0, follow: true, overscan: 2 };
  it('fills the view when the logs are short', () => {
    const c = logColumns({ ...base, maxLast: 3 });
    expect(c.total).toBe(10);
    expect(c.first).toBe(1);
    expect(c.maxScroll).toBe(0);
  });
  it('does not scroll short logs, even when the view ends in a part column', () => {
    const c = logColumns({ ...base, width: 361, cellWidth: 49, maxLast: 2 });
    expect(c.maxScroll).toBe(0);
    expect(c.first).toBe(1);
  });
  it('following, draws the newest entries and one empty column', () => {
    const c = logColumns({ ...base, maxLast: 1000 });
    expect(c.total).toBe(1002);
    expect(c.last).toBe(1002);
    expect(c.first).toBeLessThanOrEqual(993);
    expect(c.first).toBeGreaterThan(980);
    expect(c.from + c.count - 1).toBeGreaterThanOrEqual(1000);
  });
  it('grows the canvas by whole steps; scrolling ends at the logs', () => {
    const a = logColumns({ ...base, maxLast: 1000 });
    const b = logColumns({ ...base, maxLast: 1001 });
    expect(a.canvas).toBe(b.canvas);
    expect(a.canvas % CANVAS_STEP).toBe(0);
    expect(a.canvas).toBeGreaterThanOrEqual(a.total);
    expect(a.canvas - a.total).toBeLessThan(CANVAS_STEP);
    expect(b.maxScroll - a.maxScroll).toBe(50);
    expect(b.maxScroll).toBe(1003 * 50 - 500);
  });
  it('scrolled away, draws only the columns around the scroll position', () => {
    const c = logColumns({ ...base, maxLast: 1000, follow: false, scrollLeft: 5000 });
    expect(c.first).toBe(99);
    expect(c.last).toBe(113);
    expect(c.count).toBeLessThan(20);
  });
});
