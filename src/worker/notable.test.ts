import { describe, expect, it } from 'vitest';
import { Timeline, type Moment } from '../sim/timeline.ts';
import type { SimEvent } from '../sim/types.ts';
import { NOTABLE_CAP_MS, glance, isNotable, previousNotable, stepToNotable } from './notable.ts';

const leaderOf = (t: Timeline): number | null => t.sim.leader();

describe('next notable event', () => {
  it('from the start, stops right after the first election timer runs out', () => {
    const t = new Timeline({ seed: 7, servers: 5 });
    let last: SimEvent | null = null;
    t.sim.onEvent = (e) => (last = e);
    expect(stepToNotable(t)).toEqual({ found: true });
    expect(last!.kind).toBe('election-timeout');
    const candidates = t.sim.servers().filter((s) => s.role === 'candidate');
    expect(candidates).toHaveLength(1);
  });

  it('skips heartbeats and plain acknowledgements: a quiet leader gives nothing until the cap', () => {
    const t = new Timeline({ seed: 7, servers: 5 });
    t.advance(2000);
    const leader = leaderOf(t);
    expect(leader).not.toBeNull();
    const start = t.now;
    expect(stepToNotable(t)).toEqual({ found: false, reason: 'cap' });
    expect(t.sim.now).toBe(start.time + NOTABLE_CAP_MS);
    expect(t.now.events).toBeGreaterThan(start.events + 100); // heartbeats and their replies went by
    expect(leaderOf(t)).toBe(leader);
  });

  it('follows a command: its request, its entry on the followers, its commit', () => {
    const t = new Timeline({ seed: 7, servers: 5 });
    t.advance(2000);
    const leader = leaderOf(t)!;
    t.act((s) => s.submit('set x 1'));
    const seen: SimEvent[] = [];
    t.sim.onEvent = (e) => seen.push(e);
    const stops: SimEvent[] = [];
    for (let i = 0; i < 12; i++) {
      stepToNotable(t);
      stops.push(seen.at(-1)!);
    }
    // The first stop is the action's step, the request reaching a server.
    expect(stops[0]!.message?.type).toBe('ClientRequest');
    // Every stop changed something a student sees, and none was a bare heartbeat.
    for (const e of stops) expect(e.kind === 'heartbeat' && e.notes.length === 0).toBe(false);
    expect(t.sim.server(leader).commitIndex).toBeGreaterThanOrEqual(2);
    // Between the stops, only routine steps went by.
    const skipped = seen.filter((e) => !stops.includes(e));
    for (const e of skipped) {
      const type = e.message?.type;
      const routine =
        e.kind === 'heartbeat' ||
        e.kind === 'lost' ||
        e.kind === 'client-load' ||
        type === 'AppendEntries' ||
        (type === 'AppendEntriesReply' && e.message!.fields.success === true);
      expect(routine, e.text).toBe(true);
    }
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('goes back the same way it goes forward', () => {
    const t = new Timeline({ seed: 3, servers: 5 });
    const stops: Moment[] = [t.now];
    for (let i = 0; i < 8; i++) {
      expect(stepToNotable(t).found).toBe(true);
      stops.push(t.now);
    }
    let here = t.now;
    for (let i = stops.length - 2; i >= 1; i--) {
      const back = previousNotable(t, here);
      expect(back).toEqual(stops[i]);
      here = back!;
    }
    expect(previousNotable(t, stops[1]!)).toBeNull();
  });

  it('a recorded action is notable, a plain step is not', () => {
    const t = new Timeline({ seed: 7, servers: 3 });
    t.advance(1500);
    const a = glance(t.sim);
    expect(isNotable(a, glance(t.sim), null)).toBe(false);
    t.act((s) => s.crash(2));
    expect(isNotable(a, glance(t.sim), null)).toBe(true);
  });
});
