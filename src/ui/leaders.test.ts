import { describe, expect, it } from 'vitest';
import { leadersOf } from './leaders.ts';

const s = (id: number, role: string, term: number, up = true) => ({ id, role, term, up });

describe('leadersOf', () => {
  it('names the leader of the highest term, whatever the order', () => {
    const old = s(1, 'leader', 1);
    const cur = s(3, 'leader', 2);
    const r = leadersOf([old, s(2, 'follower', 2), cur, s(4, 'follower', 1)]);
    expect(r.leader).toBe(cur);
    expect(r.believers).toEqual([old]);
    expect(leadersOf([cur, old]).leader).toBe(cur);
  });
  it('ignores crashed servers and says when no one leads', () => {
    expect(leadersOf([s(1, 'leader', 5, false), s(2, 'follower', 5)])).toEqual({
      leader: null,
      believers: [],
    });
    const only = s(2, 'leader', 3);
    expect(leadersOf([s(1, 'leader', 5, false), only])).toEqual({ leader: only, believers: [] });
  });
});
