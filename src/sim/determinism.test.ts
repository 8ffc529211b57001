/** The run is a pure function of (options, actions): the contract of issue 2. */
import { describe, expect, it } from 'vitest';
import { createSimulation, replay, Sim } from './index.ts';

const options = {
  seed: 42,
  servers: 5,
  clientLoadPerSecond: 20,
  dropRate: 0.05,
  duplicateRate: 0.05,
};

function scripted(advance: (sim: Sim, ms: number) => void): Sim {
  const sim = new Sim(options);
  advance(sim, 700);
  sim.crash(sim.leader() ?? 1);
  advance(sim, 900);
  sim.partition([
    [1, 2, 3],
    [4, 5],
  ]);
  sim.submit('set a 1', { client: 2 });
  advance(sim, 1300);
  sim.heal();
  sim.restart(1);
  advance(sim, 2000);
  return sim;
}

describe('determinism', () => {
  it('same options and calls give the same trace hash; another seed does not', () => {
    const a = scripted((s, ms) => s.advance(ms));
    const b = scripted((s, ms) => s.advance(ms));
    expect(a.traceHash()).toBe(b.traceHash());
    expect(a.servers()).toEqual(b.servers());
    const c = new Sim({ ...options, seed: 43 });
    c.advance(a.now);
    expect(c.traceHash()).not.toBe(a.traceHash());
  });

  it('how time is advanced never changes the run', () => {
    const whole = scripted((s, ms) => s.advance(ms));
    const halves = scripted((s, ms) => {
      s.advance(Math.floor(ms / 2));
      s.advance(ms - Math.floor(ms / 2));
    });
    const ones = scripted((s, ms) => {
      for (let i = 0; i < ms; i++) s.advance(1);
    });
    const steps = scripted((s, ms) => {
      const end = s.now + ms;
      while ((s.nextEventAt() ?? Infinity) <= end) s.step();
      s.advance(end - s.now);
    });
    for (const other of [halves, ones, steps]) {
      expect(other.traceHash()).toBe(whole.traceHash());
      expect(other.stats()).toEqual(whole.stats());
    }
  });

  it('replay of actions() rebuilds the run, actions between events of one millisecond included', () => {
    const sim = createSimulation(options);
    sim.advance(400);
    // Stop between two events of the same millisecond, then act there.
    let guard = 0;
    for (;;) {
      const e = sim.step()!;
      const s = sim as Sim;
      if (s.nextEventAt() === e.at || ++guard > 10_000) break;
    }
    expect((sim as Sim).nextEventAt()).toBe(sim.now);
    sim.crash(2);
    sim.submit('append z 9');
    sim.step();
    sim.restart(2);
    sim.advance(1500);
    const again = replay(options, sim.actions(), { time: sim.now });
    expect(again.traceHash()).toBe(sim.traceHash());
    expect(again.servers()).toEqual(sim.servers());
    const untilLast = replay(options, sim.actions());
    expect(untilLast.now).toBe(sim.actions().at(-1)!.at);
  });

  it('a checkpoint continues exactly like the run it was taken from', () => {
    const sim = scripted((s, ms) => s.advance(ms));
    const copy = new Sim(sim.save());
    expect(copy.traceHash()).toBe(sim.traceHash());
    for (const s of [sim, copy]) {
      s.submit('set b 2');
      s.isolate(3);
      s.advance(3000);
    }
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.servers()).toEqual(sim.servers());
  });

  it('bad arguments throw a clear error and change nothing', () => {
    const sim = scripted((s, ms) => s.advance(ms));
    const hash = sim.traceHash();
    const actions = sim.actions().length;
    const bad: [() => unknown, RegExp][] = [
      [() => sim.crash(9), /No server 9/],
      [() => sim.restart(0), /No server 0/],
      [() => sim.advance(-5), /advance/],
      [() => sim.advance(1.5), /whole number/],
      [() => sim.setNetwork({ dropRate: 2 }), /dropRate/],
      [() => sim.setNetwork({ latencyMs: [30, 10] }), /latencyMs/],
      [() => sim.setOptions({ heartbeatMs: 0 }), /heartbeatMs/],
      [() => sim.setOptions({ unsafe: { nope: true } as never }), /Unknown unsafe switch/],
      [() => sim.submit('launch rockets'), /Unknown command/],
      [() => sim.submit('set x'), /needs a value/],
      [() => sim.submit('get x', { client: 12 }), /client/],
      [() => sim.propose(1, 'del'), /key is missing/],
      [() => sim.drop(999_999), /No message 999999/],
      [
        () =>
          sim.partition([
            [1, 2],
            [2, 3],
          ]),
        /two groups/,
      ],
      [() => sim.setLink(1, 1, false), /two different servers/],
      [() => createSimulation({ servers: 10 }), /servers/],
      [() => createSimulation({ initial: new Array(6).fill({ term: 1, log: [] }) }), /only 5/],
    ];
    for (const [call, message] of bad) expect(call).toThrow(message);
    expect(sim.traceHash()).toBe(hash);
    expect(sim.actions().length).toBe(actions);
  });

  it('readers return copies', () => {
    const sim = scripted((s, ms) => s.advance(ms));
    const view = sim.server(1);
    const log = view.log.length;
    const ops = sim.clientOps();
    const msgs = sim.messages();
    view.log.push({ index: 99, term: 99, kind: 'noop' });
    ops[0]!.result = 'tampered';
    sim.advance(2000);
    expect(sim.server(1).log.length).toBeGreaterThanOrEqual(log);
    expect(sim.server(1).log.some((e) => e.index === 99 && e.term === 99)).toBe(false);
    expect(sim.clientOps()[0]!.result).not.toBe('tampered');
    expect(msgs.every((m) => m.deliverAt <= sim.now)).toBe(true); // old messages are gone, the copies stay
  });
});
