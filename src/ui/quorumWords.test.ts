import { describe, expect, it } from 'vitest';
import { quorumWords } from './quorumWords.ts';

describe('quorumWords: a candidate’s votes against its own configuration (§6)', () => {
  it('one configuration: votes got of the majority needed, never of the number of servers', () => {
    const h = [{ half: 'new' as const, got: 1, need: 2, size: 3 }];
    expect(quorumWords(h, 'short')).toBe('1/2 votes');
    expect(quorumWords(h, 'long')).toBe('1 of the 2 needed (a majority of 3)');
  });
  it('C_old,new: both halves, C_old first', () => {
    const h = [
      { half: 'new' as const, got: 2, need: 3, size: 4 },
      { half: 'old' as const, got: 2, need: 2, size: 3 },
    ];
    expect(quorumWords(h, 'short')).toBe('old 2/2 · new 2/3');
    expect(quorumWords(h, 'long')).toBe(
      'C_old: 2 of the 2 needed (of 3); C_new: 2 of the 3 needed (of 4)',
    );
  });
  it('a follower: nothing', () => {
    expect(quorumWords([], 'short')).toBe('');
  });
});
