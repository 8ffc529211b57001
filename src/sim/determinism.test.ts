/** The run is a pure function of (options, actions): the contract of issue 2. */
import { describe, expect, it } from 'vitest';
import { runWithFaults } from './faults.ts';
import { createSimulation, replay, Sim } from './index.ts';
import { applyActions } from './replay.ts';

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

describe('determinism under faults, checkpoints and replay', () => {
  const faultOptions = { seed: 9, servers: 5, clientLoadPerSecond: 20 };

  it('a checkpoint taken mid-run of random faults, then the remaining actions, gives the same run', () => {
    const full = new Sim(faultOptions);
    runWithFaults(full, { seed: 9, durationMs: 20_000 });
    full.advance(1000);
    const actions = full.actions();
    expect(actions.length).toBeGreaterThan(20);
    for (const cut of [5, Math.floor(actions.length / 2), actions.length - 3]) {
      const a = actions[cut]!;
      // Rebuild up to just before action `cut`, among the events of its millisecond.
      const head = replay(faultOptions, actions.slice(0, cut), { time: a.at, events: a.events });
      expect(head.stats().events).toBe(a.events);
      const restored = new Sim((head as Sim).save());
      applyActions(restored, actions.slice(cut));
      restored.advance(full.now - restored.now);
      expect(restored.traceHash(), `cut at action ${cut}`).toBe(full.traceHash());
      expect(restored.servers()).toEqual(full.servers());
      expect(restored.clientOps()).toEqual(full.clientOps());
      expect(restored.violations()).toEqual(full.violations());
    }
  });

  it('a checkpoint taken between two events of one millisecond continues identically', () => {
    const sim = new Sim(options);
    sim.advance(300);
    while (sim.nextEventAt() !== sim.now || sim.stats().events < 50) sim.step();
    const copy = new Sim(sim.save());
    for (const s of [sim, copy]) {
      expect(s.nextEventAt()).toBe(s.now); // an event of this millisecond is still due
      s.crash(3);
      s.step();
      s.submit('set m 1', { client: 4 });
      s.advance(2000);
    }
    expect(copy.traceHash()).toBe(sim.traceHash());
    expect(copy.stats()).toEqual(sim.stats());
    // The actions recorded after the checkpoint replay from the start, too.
    expect(replay(options, sim.actions(), { time: sim.now }).traceHash()).toBe(sim.traceHash());
  });

  it('replay stops at until.events, even in the middle of a millisecond', () => {
    const sim = new Sim(options);
    sim.advance(1000);
    const events = sim.stats().events;
    const stopped = replay(options, sim.actions(), { time: 1000, events: events - 1 });
    expect(stopped.stats().events).toBe(events - 1);
    stopped.advance(sim.now - stopped.now);
    expect(stopped.traceHash()).toBe(sim.traceHash());
  });

  it('the checkpoint is unaffected by the run it came from, and by the runs restored from it', () => {
    const sim = new Sim(options);
    sim.advance(1500);
    const checkpoint = sim.save();
    const hash = sim.traceHash();
    const views = sim.servers();
    sim.crash(1);
    sim.advance(3000);
    const a = new Sim(checkpoint);
    a.partition([
      [1, 2],
      [3, 4, 5],
    ]);
    a.advance(3000);
    const b = new Sim(checkpoint);
    expect(b.traceHash()).toBe(hash);
    expect(b.servers()).toEqual(views);
  });
});

describe('more bad arguments: a clear error, nothing changed', () => {
  it('rejects each with a message naming what is wrong', () => {
    const sim = new Sim(options);
    sim.advance(800);
    const hash = sim.traceHash();
    const servers = sim.servers();
    const messages = sim.messages();
    const bad: [() => unknown, RegExp][] = [
      [() => sim.timeout(6), /No server 6/],
      [() => sim.isolate(1.5), /No server 1.5/],
      [() => sim.connect(-1), /No server -1/],
      [() => sim.partition([[1, 7]]), /No server 7/],
      [() => sim.setLink(1, 2, 'no' as never), /true or false/],
      [() => sim.setNetwork({ dropRate: -0.1 }), /dropRate/],
      [() => sim.setNetwork({ duplicateRate: 1.5 }), /duplicateRate/],
      [() => sim.setOptions({ electionTimeoutMs: [300, 100] }), /electionTimeoutMs/],
      [() => sim.submit('get x', { to: 0 }), /No server 0/],
      [() => sim.submit(''), /Empty command/],
      [() => sim.propose(8, 'get x'), /No server 8/],
      [() => sim.drop(-1), /No message -1/],
      [() => sim.advance(Number.NaN), /advance/],
      [
        () => replay(options, [{ at: 5, events: 0, call: 'explode', args: [] }]),
        /not a known action/,
      ],
    ];
    for (const [call, message] of bad) expect(call).toThrow(message);
    expect(sim.traceHash()).toBe(hash);
    expect(sim.servers()).toEqual(servers);
    expect(sim.messages()).toEqual(messages);
    expect(sim.actions().length).toBe(0);
  });
});

describe('readers return copies', () => {
  it('changing what a reader returned changes nothing inside', () => {
    const sim = new Sim({ ...options, dropRate: 0, duplicateRate: 0 });
    sim.advance(1000);
    sim.submit('set q 1');
    const carriesEntries = () =>
      sim
        .messages()
        .some((m) => m.type === 'AppendEntries' && (m.fields.entries as unknown[]).length > 0);
    while (!carriesEntries()) sim.step(); // entries on their way
    const msgs = sim.messages();
    const withEntries = msgs.find(
      (m) => m.type === 'AppendEntries' && (m.fields.entries as unknown[]).length > 0,
    )!;
    expect(withEntries).toBeDefined();
    (withEntries.fields.entries as { term: number }[])[0]!.term = 99;
    withEntries.deliverAt = 0;
    expect(sim.messages()).not.toEqual(msgs);
    const applied = sim.applied(sim.leader()!);
    applied.length = 0;
    expect(sim.applied(sim.leader()!).length).toBeGreaterThan(0);
    const view = sim.server(1);
    view.kv.q = 'tampered';
    view.log.length = 0;
    sim.advance(1000);
    expect(sim.server(1).kv.q).toBe('1');
    expect(sim.servers().every((s) => s.log.every((e) => e.term < 99))).toBe(true);
    const actions = sim.actions();
    actions[0]!.args[0] = 'get tampered';
    expect(sim.actions()[0]!.args[0]).toBe('set q 1');
  });
});

describe('actions are recorded and hashed in one canonical form', () => {
  /** Two runs with the same effects, the second with its arguments written another way. */
  function pair(write: (sim: Sim, which: 0 | 1) => void): [Sim, Sim] {
    return [0, 1].map((which) => {
      const sim = new Sim(options);
      sim.advance(500);
      write(sim, which as 0 | 1);
      sim.advance(1500);
      return sim;
    }) as [Sim, Sim];
  }

  it('keys in another order, a command with more spaces, groups in another order: the same hash', () => {
    const [a, b] = pair((sim, which) => {
      if (which === 0) {
        sim.setNetwork({ latencyMs: [5, 20], dropRate: 0.1, duplicateRate: 0.02 });
        sim.setOptions({
          heartbeatMs: 40,
          unsafe: { commitOldTermsByCount: false },
          leaderNoop: true,
        });
        sim.submit('set x 3', { client: 2, to: 1 });
        sim.submit('get x', { client: 1 });
        sim.partition([
          [1, 2, 3],
          [4, 5],
        ]);
      } else {
        sim.setNetwork({ duplicateRate: 0.02, dropRate: 0.1, latencyMs: [5, 20] });
        sim.setOptions({
          leaderNoop: true,
          heartbeatMs: 40,
          unsafe: { commitOldTermsByCount: false },
        });
        sim.submit('  set   x  3 ', { to: 1, client: 2 });
        sim.submit('get x');
        sim.partition([[5, 4], [], [3, 1, 2]]);
      }
    });
    expect(b.actions()).toEqual(a.actions());
    expect(b.traceHash()).toBe(a.traceHash());
    expect(a.actions().map((x) => x.args)).toEqual([
      [{ latencyMs: [5, 20], dropRate: 0.1, duplicateRate: 0.02 }],
      [{ heartbeatMs: 40, leaderNoop: true, unsafe: { commitOldTermsByCount: false } }],
      ['set x 3', { client: 2, to: 1 }],
      ['get x'],
      [
        [
          [1, 2, 3],
          [4, 5],
        ],
      ],
    ]);
  });

  it('a different value still hashes apart', () => {
    const [a, b] = pair((sim, which) => sim.setNetwork({ dropRate: which === 0 ? 0.1 : 0.2 }));
    expect(b.traceHash()).not.toBe(a.traceHash());
  });

  it('an unknown setting is refused with a message, and nothing is recorded', () => {
    const sim = new Sim(options);
    const hash = sim.traceHash();
    expect(() => sim.setNetwork({ dropRate: 0.1, lossRate: 0.5 } as never)).toThrow(/lossRate/);
    expect(() => sim.setOptions({ heartbeatMs: 40, speed: 2 } as never)).toThrow(/speed/);
    expect(() => sim.setOptions({ unsafe: { skipCommit: true } as never })).toThrow(/skipCommit/);
    expect(() => sim.submit('get x', { client: 1, server: 2 } as never)).toThrow(/server/);
    expect(sim.actions()).toEqual([]);
    expect(sim.traceHash()).toBe(hash);
  });
});
