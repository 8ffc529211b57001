import { describe, expect, it } from 'vitest';
import { readParams, speedLabel } from './params.ts';

describe('readParams', () => {
  it('reads speed, servers, seed and load', () => {
    const p = readParams('?speed=1&servers=3&seed=42&load=20');
    expect(p).toMatchObject({ speed: 1, servers: 3, seed: 42, load: 20, notices: [] });
  });
  it('defaults to a speed slow enough to follow a message', () => {
    expect(readParams('').speed).toBe(0.01);
  });
  it('clamps out-of-range values and says so', () => {
    const p = readParams('?speed=1000&servers=12');
    expect(p.speed).toBe(100);
    expect(p.servers).toBe(9);
    expect(p.notices).toHaveLength(2);
    expect(p.notices[0]).toMatch(/out of range/);
  });
  it('ignores garbage with a notice', () => {
    const p = readParams('?speed=fast&seed=1.5');
    expect(p.speed).toBe(0.01);
    expect(p.seed).toBeNull();
    expect(p.notices).toHaveLength(2);
  });
});

describe('readParams: the classroom', () => {
  it('reads ?presenter=, ?embed= and ?preset=', () => {
    expect(readParams('?presenter=1&preset=split-vote')).toMatchObject({
      presenter: true,
      embed: false,
      preset: 'split-vote',
    });
    expect(readParams('?embed=true')).toMatchObject({
      presenter: false,
      embed: true,
      preset: null,
    });
  });
});

describe('speedLabel', () => {
  it('writes slow speeds as fractions', () => {
    expect(speedLabel(0.01)).toBe('1/100×');
    expect(speedLabel(1)).toBe('1×');
    expect(speedLabel(0.3)).toBe('0.3×');
  });
});
