/** The live linearizability checker inside the simulation: correct runs pass, a lost write is caught. */
import { describe, expect, it } from 'vitest';
import { healAll, injectFaults } from './faults.ts';
import {
  findLostWrite,
  lostWriteOptions,
  lostWriteRun,
  LOST_WRITE_SEED,
} from './randomized/lostWrite.ts';
import { replay } from './replay.ts';
import { Sim } from './simulation.ts';
import { CHECKPOINT_EVERY_EVENTS, Timeline } from './timeline.ts';

describe('Simulation.linearizable()', () => {
  it('a fresh run, and a quiet one, are linearizable', () => {
    const sim = new Sim({ seed: 1 });
    expect(sim.linearizable()).toEqual({ ok: true, ops: [] });
    sim.advance(2000);
    sim.submit('set x 1');
    sim.submit('get x', { client: 2 });
    sim.advance(2000);
    expect(sim.clientOps().every((o) => o.completedAt !== null)).toBe(true);
    expect(sim.linearizable()).toEqual({ ok: true, ops: [] });
  });

  it('correct runs under faults and load stay linearizable (and cost a few steps per check)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const sim = new Sim({ seed, servers: [3, 5][seed % 2]!, clientLoadPerSecond: 20 });
      injectFaults(sim, { seed, durationMs: 30_000 });
      healAll(sim);
      sim.advance(5000);
      expect(sim.linearizable(), `seed ${seed}`).toEqual({ ok: true, ops: [] });
      const cost = sim.linearizabilityCost();
      expect(cost.answers).toBeGreaterThan(300);
      // One search per read answered, of a few steps: the window, not the history.
      expect(cost.checks).toBeLessThan(cost.answers);
      expect(cost.steps / cost.answers).toBeLessThan(50);
    }
  });

  it('a fixed search finds a lost write under unsafe.skipElectionRestriction, and it stays found', () => {
    expect(findLostWrite()).toBe(LOST_WRITE_SEED);
    const sim = lostWriteRun();
    const v = sim.linearizable();
    expect(v.ok).toBe(false);
    expect(v.ops).toHaveLength(1);
    const f = sim.linearizabilityFailure()!;
    // The set names a read answered from a log that lost a completed write.
    const ops = sim.clientOps();
    const read = ops[v.ops[0]! - 1]!;
    expect(read.command).toBe(`get ${f.key}`);
    expect(f.at).toBe(read.completedAt);
    const write = f.context.find((o) => o.id !== read.id)!;
    expect(write.completedAt).toBeLessThan(read.submittedAt);
    // The ids are clientOps() ids, and the moment names the event that delivered the answer.
    const early = sim.actions().filter((a) => a.at < f.at);
    const at = replay(lostWriteOptions(), early, { time: f.at, events: f.events });
    expect(at.linearizable().ok).toBe(false);
    const before = replay(lostWriteOptions(), early, { time: f.at, events: f.events - 1 });
    expect(before.linearizable()).toEqual({ ok: true, ops: [] });
  });

  it('is the verdict of the moment: a seek back through a checkpoint restores it', () => {
    const sim = lostWriteRun();
    const f = sim.linearizabilityFailure()!;
    const t = new Timeline(lostWriteOptions(), sim.actions());
    t.seek({ time: 14_000, events: Infinity });
    expect(t.sim.linearizable().ok).toBe(false);
    t.seek({ time: f.at, events: f.events - 1 });
    expect(t.sim.linearizable().ok).toBe(true);
    t.seek({ time: f.at, events: f.events });
    expect(t.sim.linearizable()).toEqual(sim.linearizable());
    // A checkpoint restored (a long run's) carries the checker's state too.
    const long = new Sim({ seed: 3, clientLoadPerSecond: 50 });
    long.advance(60_000);
    expect(long.stats().events).toBeGreaterThan(CHECKPOINT_EVERY_EVENTS);
    const copy = new Sim(long.save());
    copy.advance(10_000);
    long.advance(10_000);
    expect(copy.linearizable()).toEqual(long.linearizable());
    expect(copy.linearizabilityCost()).toEqual(long.linearizabilityCost());
  });
});
