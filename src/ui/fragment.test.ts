import { describe, expect, it } from 'vitest';
import { hashForScenario } from '../scenario/codec.ts';
import { PRESETS } from '../scenario/presets.ts';
import { readFragment } from './fragment.ts';

describe('readFragment', () => {
  it('says nothing of an empty fragment', () => {
    expect(readFragment('')).toBeNull();
    expect(readFragment('#')).toBeNull();
    expect(readFragment('#:~:text=raft')).toBeNull();
  });
  it('reads a scenario link, with or without other parts', () => {
    const s = PRESETS[0]!.scenario;
    const hash = hashForScenario(s);
    const r = readFragment(hash);
    expect(r?.ok).toBe(true);
    if (r?.ok) expect(hashForScenario(r.scenario)).toBe(hash);
    expect(readFragment(`${hash}&x=1`)?.ok).toBe(true);
  });
  it('refuses anything else with a message quoting it', () => {
    for (const h of ['#hello', '#%%%x%%%', '#x=1', '#S=abc']) {
      const r = readFragment(h);
      expect(r?.ok, h).toBe(false);
      if (r && !r.ok) expect(r.error).toContain(h);
    }
    const long = readFragment(`#${'z'.repeat(500)}`);
    expect(long?.ok).toBe(false);
    if (long && !long.ok) expect(long.error.length).toBeLessThan(200);
  });
  it('passes on what is wrong with a damaged scenario', () => {
    const r = readFragment('#s=garbage');
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error).not.toContain('#s=garbage');
  });
});
