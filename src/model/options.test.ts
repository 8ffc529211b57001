import { describe, expect, it } from 'vitest';
import { resolveOptions, resolveRunOptions } from './options.ts';

describe('resolveRunOptions', () => {
  it('is resolveOptions without starting logs', () => {
    const { initial, ...rest } = resolveOptions({ seed: 7, servers: 3, clientLoadPerSecond: 5 });
    expect(initial).toEqual([]);
    const run = resolveRunOptions({ seed: 7, servers: 3, clientLoadPerSecond: 5 });
    expect(run).toEqual(rest);
    expect('initial' in run).toBe(false);
  });

  it('rejects what resolveOptions rejects', () => {
    expect(() => resolveRunOptions({ servers: 10 })).toThrow(/servers/);
  });
});
