// Randomized runs with faults and membership changes, seeds 151 to 300 (split so that Vitest's workers share them).
import { describe, expect, it } from 'vitest';
import { MEMBERSHIP_FAULT_MS, membershipSeed } from './membership.ts';

describe(`seeds 151 to 300: ${MEMBERSHIP_FAULT_MS / 1000} virtual seconds of faults and configuration changes each`, () => {
  it('never violate safety, and heal into a committed configuration that commits a new command on every member', () => {
    const problems: string[] = [];
    for (let seed = 151; seed <= 300; seed++) problems.push(...membershipSeed(seed));
    expect(problems).toEqual([]);
  }, 300_000);
});
