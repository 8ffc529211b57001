/** The random fault driver: drawn from its seed, applied through the API, healed at the end. */
import { describe, expect, it } from 'vitest';
import { faultWeights, injectFaults, runWithFaults } from './faults.ts';
import { replay } from './replay.ts';
import { Sim } from './simulation.ts';

const options = { seed: 3, servers: 5, clientLoadPerSecond: 10 };

function faulty(seed: number, extra: { churn?: number } = {}): Sim {
  const sim = new Sim({ ...options, seed });
  runWithFaults(sim, { seed, durationMs: 30_000, ...extra });
  return sim;
}

const calls = (sim: Sim) => sim.actions().map((a) => a.call);

describe('the fault driver', () => {
  it('is a pure function of its seed, and its faults are recorded actions that replay exactly', () => {
    const a = faulty(5);
    const b = faulty(5);
    expect(a.actions()).toEqual(b.actions());
    expect(a.traceHash()).toBe(b.traceHash());
    expect(faulty(6).actions()).not.toEqual(a.actions());
    const again = replay({ ...options, seed: 5 }, a.actions(), { time: a.now });
    expect(again.traceHash()).toBe(a.traceHash());
  });

  it('draws every kind of fault over a long run', () => {
    const sim = new Sim(options);
    injectFaults(sim, { seed: 1, durationMs: 5 * 60_000 });
    const seen = new Set(calls(sim));
    for (const call of [
      'crash',
      'restart',
      'isolate',
      'connect',
      'partition',
      'setLink',
      'heal',
      'setNetwork',
      'timeout',
    ]) {
      expect(seen, call).toContain(call);
    }
    const cuts = sim.actions().filter((a) => a.call === 'setLink');
    expect(cuts.every((a) => a.args[2] === false && a.args[0] !== a.args[1])).toBe(true);
    const rates = sim.actions().filter((a) => a.call === 'setNetwork');
    for (const r of rates) {
      const o = r.args[0] as { dropRate: number; duplicateRate: number };
      expect(o.dropRate).toBeGreaterThanOrEqual(0);
      expect(o.dropRate).toBeLessThanOrEqual(0.3);
      expect(o.duplicateRate).toBeLessThanOrEqual(0.2);
    }
  });

  it('heals at the end: every server up, every link up, a reliable network', () => {
    for (const seed of [1, 2, 3]) {
      const sim = faulty(seed);
      expect(calls(sim).slice(-2)).toEqual(['heal', 'setNetwork']);
      expect(sim.servers().every((s) => s.up)).toBe(true);
      for (let a = 1; a <= 5; a++)
        for (let b = 1; b <= 5; b++) if (a !== b) expect(sim.linkUp(a, b)).toBe(true);
      expect(sim.options).toMatchObject({ dropRate: 0, duplicateRate: 0 });
      expect(sim.now).toBe(30_000);
    }
  });

  it('keeps mostly a minority down, sometimes a majority', () => {
    let samples = 0;
    let overMinority = 0;
    let overMajority = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const sim = new Sim({ ...options, seed });
      sim.onEvent = () => {
        let down = 0;
        for (let id = 1; id <= 5; id++) if (!sim.inner(id).up) down++;
        samples++;
        if (down > 2) overMinority++;
        if (down > 3) overMajority++;
      };
      injectFaults(sim, { seed, durationMs: 20_000 });
    }
    expect(overMajority).toBe(0); // at most a majority: 3 of 5
    expect(overMinority / samples).toBeGreaterThan(0.01); // a majority down, sometimes
    expect(overMinority / samples).toBeLessThan(0.25); // mostly not
    console.log(`a majority down for ${((100 * overMinority) / samples).toFixed(1)}% of events`);
  });

  it('churn scales crashes and restarts', () => {
    const count = (churn: number) => {
      let n = 0;
      for (let seed = 1; seed <= 5; seed++)
        n += calls(faulty(seed, { churn })).filter((c) => c === 'crash').length;
      return n;
    };
    expect(count(0)).toBe(0);
    expect(count(4)).toBeGreaterThan(count(1) * 1.5);
    expect(faultWeights({ churn: 2 })).toMatchObject({ crash: 8, restart: 8, partition: 3 });
    expect(() => faultWeights({ churn: -1 })).toThrow(/churn/);
    expect(() => faultWeights({ weights: { heal: 0.5 } })).toThrow(/weight of heal/);
  });
});
