import { describe, expect, it } from 'vitest';
import {
  copyResolvedOptions,
  normalizeRuntime,
  resolveOptions,
  resolveRunOptions,
} from './options.ts';

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

describe('snapshotMargin (dissertation §5.1: entries kept after a snapshot)', () => {
  it('is absent unless given, so runs without it keep the options they had', () => {
    expect('snapshotMargin' in resolveOptions({ snapshotThreshold: 5 })).toBe(false);
    expect('snapshotMargin' in copyResolvedOptions(resolveOptions({}))).toBe(false);
  });

  it('is validated at the start and during a run, and survives a copy', () => {
    const o = resolveOptions({ snapshotThreshold: 5, snapshotMargin: 3 });
    expect(o.snapshotMargin).toBe(3);
    expect(copyResolvedOptions(o)).toEqual(o);
    expect(resolveOptions({ snapshotMargin: 0 }).snapshotMargin).toBe(0);
    for (const bad of [-1, 2.5, 1e9, '3'])
      expect(() => resolveOptions({ snapshotMargin: bad as never })).toThrow(/snapshotMargin/);
    expect(normalizeRuntime({ snapshotMargin: 4 })).toEqual({ snapshotMargin: 4 });
    expect(() => normalizeRuntime({ snapshotMargin: -2 })).toThrow(/snapshotMargin/);
  });
});
