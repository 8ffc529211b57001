/**
 * At most one call per interval, the last request never lost: a request within
 * the interval of the previous call is put off to the interval's end (several
 * such requests make one call). Browsers ignore a flood of history updates;
 * this keeps the address bar's fragment to about one write a second.
 */
export interface Clock {
  now(): number;
  later(fn: () => void, ms: number): void;
}

export interface Throttle {
  /** Asks for a call: now if the interval has passed, else at its end. */
  request(): void;
}

export function createThrottle(fn: () => void, intervalMs: number, clock: Clock): Throttle {
  let last = -Infinity;
  let scheduled = false;
  const fire = () => {
    scheduled = false;
    last = clock.now();
    fn();
  };
  return {
    request() {
      if (scheduled) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) {
        fire();
        return;
      }
      scheduled = true;
      clock.later(fire, wait);
    },
  };
}
