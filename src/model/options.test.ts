import { describe, expect, it } from 'vitest';
import { normalizeRuntime, resolveOptions, resolveRunOptions } from './options.ts';

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

describe('PreVote, CheckQuorum and read modes', () => {
  it('are off by default', () => {
    const o = resolveOptions({});
    expect([o.preVote, o.checkQuorum, o.readMode]).toEqual([false, false, 'log']);
    expect(o.unsafe).toMatchObject({ staleReads: false, leaseWithoutVoteWait: false });
  });

  it('are validated at the start and during a run', () => {
    expect(resolveOptions({ readMode: 'lease', preVote: true }).readMode).toBe('lease');
    expect(() => resolveOptions({ readMode: 'fast' as never })).toThrow(/readMode must be/);
    expect(() => resolveOptions({ checkQuorum: 1 as never })).toThrow(/checkQuorum/);
    expect(normalizeRuntime({ readMode: 'readIndex', preVote: true, checkQuorum: false })).toEqual({
      preVote: true,
      checkQuorum: false,
      readMode: 'readIndex',
    });
    expect(normalizeRuntime({ unsafe: { staleReads: true } })).toEqual({
      unsafe: { staleReads: true },
    });
    expect(() => normalizeRuntime({ readMode: 'x' as never })).toThrow(/readMode/);
  });
});
