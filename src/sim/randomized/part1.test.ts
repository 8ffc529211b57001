// Randomized runs with faults, seeds 1 to 150 (split in two files so that Vitest's workers share them).
import { describe, expect, it } from 'vitest';
import { FAULT_MINUTES, sweepSeed } from './sweep.ts';

describe(`seeds 1 to 150: ${FAULT_MINUTES} virtual minutes of random faults each`, () => {
  it('never violate safety, and heal into a cluster that elects a leader and commits everywhere', () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 150; seed++) problems.push(...sweepSeed(seed));
    expect(problems).toEqual([]);
  }, 300_000);
});
