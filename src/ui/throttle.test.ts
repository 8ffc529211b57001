import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle.ts';

function fakeClock() {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    later: (fn: () => void, ms: number) => void timers.push({ at: t + ms, fn }),
    advance(ms: number) {
      t += ms;
      for (const x of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (x.at <= t) x.fn();
        else timers.push(x);
      }
    },
    pending: () => timers.length,
  };
}

describe('createThrottle', () => {
  it('calls at once when the interval has passed', () => {
    const c = fakeClock();
    let calls = 0;
    const th = createThrottle(() => calls++, 1000, c);
    th.request();
    expect(calls).toBe(1);
    c.advance(1000);
    th.request();
    expect(calls).toBe(2);
  });

  it('folds a flood of requests into one call at the end of the interval', () => {
    const c = fakeClock();
    let calls = 0;
    const th = createThrottle(() => calls++, 1000, c);
    th.request();
    for (let i = 0; i < 50; i++) {
      c.advance(10);
      th.request();
    }
    expect(calls).toBe(1);
    expect(c.pending()).toBe(1);
    c.advance(1000);
    expect(calls).toBe(2);
  });

  it('never calls more than once per interval over a long burst', () => {
    const c = fakeClock();
    const at: number[] = [];
    const th = createThrottle(() => at.push(c.now()), 1000, c);
    for (let i = 0; i < 500; i++) {
      th.request();
      c.advance(20);
    }
    c.advance(2000);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
    // The last request is not lost: a call follows it.
    expect(at[at.length - 1]).toBeGreaterThanOrEqual(9980);
  });
});
