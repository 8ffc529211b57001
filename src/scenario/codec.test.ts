import { describe, expect, it } from 'vitest';
import {
  ENGINE_VERSION,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  parseScenarioJson,
  type Scenario,
} from '../model/scenario.ts';
import { compressToEncodedURIComponent } from 'lz-string';
import {
  decodeScenario,
  encodeScenario,
  hashForScenario,
  packScenario,
  scenarioFromHash,
} from './codec.ts';
import { optionsOf, scenarioFrom } from './scenario.ts';
import type { SimulationOptions } from '../model/options.ts';
import { replay, Sim } from '../sim/index.ts';

function sample(actions = 20): Scenario {
  const calls: Scenario['actions'] = [];
  for (let i = 0; i < actions; i++) {
    const at = 300 + i * 457;
    const events = 40 + i * 61;
    const k = i % 5;
    calls.push(
      k === 0
        ? { at, events, call: 'crash', args: [(i % 5) + 1] }
        : k === 1
          ? { at, events, call: 'restart', args: [(i % 5) + 1] }
          : k === 2
            ? { at, events, call: 'submit', args: [`set key${i} value${i}`] }
            : k === 3
              ? {
                  at,
                  events,
                  call: 'partition',
                  args: [
                    [
                      [1, 2],
                      [3, 4, 5],
                    ],
                  ],
                }
              : { at, events, call: 'heal', args: [] },
    );
  }
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    engine: ENGINE_VERSION,
    options: { seed: 12345, servers: 5 },
    actions: calls,
    moment: { time: 10_000, events: 1500, hash: '0123456789abcdef' },
  };
}

describe('scenario URL codec', () => {
  it('round-trips a scenario exactly', () => {
    const s = sample();
    const back = decodeScenario(encodeScenario(s));
    expect(back).toEqual({ ok: true, scenario: s });
  });

  it('fits a scenario of 20 actions in under 600 characters of URL', () => {
    const url = `http://127.0.0.1:5173/${hashForScenario(sample(20))}`;
    expect(url.length).toBeLessThan(600);
  });

  it('reads the scenario from a location hash, "+" included', () => {
    const s = sample(3);
    const r = scenarioFromHash(hashForScenario(s));
    expect(r).toEqual({ ok: true, scenario: s });
    expect(scenarioFromHash('#other=1')).toBeNull();
  });

  it.each([
    ['random bytes', 'q83v9Wm0nZ-xx$$%%'],
    ['empty', ''],
    ['truncated', encodeScenario(sample()).slice(0, 40)],
  ])('refuses %s with a message', (_, input) => {
    const r = decodeScenario(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
  });

  it('refuses a wrong version, naming it', () => {
    const r = parseScenarioJson(JSON.stringify({ ...sample(1), version: 99 }));
    expect(r).toEqual({ ok: false, error: expect.stringContaining('version 99') });
  });

  it('refuses out-of-range values, unknown actions and unknown servers', () => {
    const bad = (patch: object) => parseScenarioJson(JSON.stringify({ ...sample(1), ...patch }));
    expect(bad({ options: { servers: 12 } })).toMatchObject({
      ok: false,
      error: expect.stringContaining('options.servers'),
    });
    expect(bad({ actions: [{ at: 0, events: 0, call: 'explode', args: [] }] })).toMatchObject({
      ok: false,
    });
    expect(bad({ actions: [{ at: 0, events: 0, call: 'crash', args: [7] }] })).toMatchObject({
      ok: false,
      error: expect.stringContaining('no server 7'),
    });
    expect(
      bad({ actions: [{ at: 0, events: 0, call: 'submit', args: ['launch rockets'] }] }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unknown command'),
    });
  });

  it('refuses bad JSON and oversized input before parsing', () => {
    expect(parseScenarioJson('{"format":')).toMatchObject({
      ok: false,
      error: expect.stringContaining('not valid JSON'),
    });
    expect(parseScenarioJson('x'.repeat(3_000_000))).toMatchObject({
      ok: false,
      error: expect.stringContaining('too large'),
    });
  });
});

describe('scenario format version 2: membership changes', () => {
  it('opens a version 1 link as it was written (its actions named by their old positions)', () => {
    // A link as version 1 packed it: [version, engine, options, initial, actions, moment];
    // actions are [Δat, Δevents, call index, ...args] with version 1's list of calls.
    const v1 = [
      1,
      2,
      { seed: 7, servers: 3 },
      0,
      [
        [300, 40, 11, 'set x 1'],
        [200, 20, 12, 5],
        [10, 0, 0, 2],
      ],
      [100, 10],
    ];
    const r = decodeScenario(compressToEncodedURIComponent(JSON.stringify(v1)));
    expect(r).toEqual({
      ok: true,
      scenario: {
        format: SCENARIO_FORMAT,
        version: SCENARIO_VERSION,
        engine: 2,
        options: { seed: 7, servers: 3 },
        actions: [
          { at: 300, events: 40, call: 'submit', args: ['set x 1'] },
          { at: 500, events: 60, call: 'drop', args: [5] },
          { at: 510, events: 60, call: 'crash', args: [2] },
        ],
        moment: { time: 610, events: 70 },
      },
    });
    expect(SCENARIO_VERSION).toBe(4);
    // And a version 1 JSON file.
    const json = parseScenarioJson(JSON.stringify({ ...sample(2), version: 1 }));
    expect(json).toEqual({ ok: true, scenario: sample(2) });
  });

  it('carries members, the membership mode, the unsafe switch and proposeConfig', () => {
    const s: Scenario = {
      ...sample(1),
      options: {
        seed: 3,
        servers: 5,
        members: [1, 2, 3],
        membership: 'single',
        unsafe: { directConfigChange: true },
      },
      actions: [{ at: 1000, events: 200, call: 'proposeConfig', args: [2, [1, 2, 3, 4]] }],
      moment: { time: 2000, events: 400 },
    };
    expect(decodeScenario(encodeScenario(s))).toEqual({ ok: true, scenario: s });
    const bad = (args: unknown[]) =>
      parseScenarioJson(JSON.stringify({ ...s, actions: [{ ...s.actions[0], args }] }));
    expect(bad([2, [1, 1]])).toMatchObject({ ok: false, error: expect.stringMatching(/twice/) });
    expect(bad([2, []])).toMatchObject({ ok: false, error: expect.stringMatching(/non-empty/) });
    expect(bad([2, [6]])).toMatchObject({ ok: false });
    expect(bad([9, [1]])).toMatchObject({ ok: false, error: expect.stringMatching(/no server 9/) });
    expect(
      parseScenarioJson(JSON.stringify({ ...s, options: { ...s.options, members: [7] } })),
    ).toMatchObject({ ok: false });
  });
});

/**
 * A run with option `name` set to `first` from the start and to `later` by setOptions
 * while S2 is down: its scenario carries both, its link decodes to the same scenario,
 * it replays to the same trace hash without a violation, and a bad value is refused at
 * the start and in setOptions.
 */
function carriesOption(
  name: 'snapshotThreshold' | 'snapshotMargin',
  first: number,
  later: number,
  more: SimulationOptions = {},
) {
  const options: SimulationOptions = {
    seed: 9,
    servers: 3,
    clientLoadPerSecond: 20,
    ...more,
    [name]: first,
  };
  const sim = new Sim(options);
  sim.advance(3000);
  sim.crash(2);
  sim.advance(3000);
  sim.setOptions({ [name]: later });
  sim.advance(2000);
  sim.restart(2);
  sim.advance(2000);
  const s = scenarioFrom(options, sim.actions(), {
    time: sim.now,
    events: sim.stats().events,
    hash: sim.traceHash(),
  });
  expect(s.options[name]).toBe(first);
  expect(s.actions[1]).toMatchObject({ call: 'setOptions', args: [{ [name]: later }] });
  expect(decodeScenario(encodeScenario(s))).toEqual({ ok: true, scenario: s });
  const copy = replay(optionsOf(s), s.actions, s.moment);
  expect(copy.traceHash()).toBe(sim.traceHash());
  expect(copy.violations()).toEqual([]);
  const bad = (x: unknown) =>
    parseScenarioJson(JSON.stringify({ ...s, options: { ...s.options, [name]: x } }));
  expect(bad(-1)).toMatchObject({ ok: false });
  expect(bad(1.5)).toMatchObject({ ok: false });
  const badLater = {
    ...s,
    actions: [{ at: 1, events: 0, call: 'setOptions', args: [{ [name]: 'x' }] }],
  };
  expect(parseScenarioJson(JSON.stringify(badLater))).toMatchObject({ ok: false });
  return { sim, options };
}

describe('scenario format version 3: PreVote, CheckQuorum, read modes, leadership transfer', () => {
  it('opens a version 2 link and a version 2 file as they were written', () => {
    const v2 = [
      2,
      2,
      { seed: 7, servers: 5, members: [1, 2, 3], unsafe: { directConfigChange: true } },
      0,
      [
        [300, 40, 11, 'set x 1'],
        [700, 90, 13, 2, [1, 2, 3, 4]],
      ],
      [100, 10],
    ];
    const r = decodeScenario(compressToEncodedURIComponent(JSON.stringify(v2)));
    expect(r).toEqual({
      ok: true,
      scenario: {
        format: SCENARIO_FORMAT,
        version: SCENARIO_VERSION,
        engine: 2,
        options: { seed: 7, servers: 5, members: [1, 2, 3], unsafe: { directConfigChange: true } },
        actions: [
          { at: 300, events: 40, call: 'submit', args: ['set x 1'] },
          { at: 1000, events: 130, call: 'proposeConfig', args: [2, [1, 2, 3, 4]] },
        ],
        moment: { time: 1100, events: 140 },
      },
    });
    const json = parseScenarioJson(JSON.stringify({ ...sample(3), version: 2 }));
    expect(json).toEqual({ ok: true, scenario: sample(3) });
    // A version 1 file still opens too; a version from the future does not.
    expect(parseScenarioJson(JSON.stringify({ ...sample(3), version: 1 }))).toEqual({
      ok: true,
      scenario: sample(3),
    });
    expect(parseScenarioJson(JSON.stringify({ ...sample(3), version: 5 }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('version 5'),
    });
  });

  it('carries snapshotThreshold, at the start and in setOptions, and replays it to the same run', () => {
    const { sim } = carriesOption('snapshotThreshold', 25, 10);
    expect(sim.stats().messagesSent.InstallSnapshot).toBeGreaterThan(0);
  });

  it('carries snapshotMargin only when set, at the start and in setOptions, and replays it to the same run', () => {
    const { options } = carriesOption('snapshotMargin', 4, 12, { snapshotThreshold: 8 });
    // A link of a run that does not set it does not carry it.
    const { snapshotMargin: _m, ...without } = options;
    const plain = scenarioFrom(without, [], {
      time: 0,
      events: 0,
      hash: new Sim(without).traceHash(),
    });
    expect(JSON.stringify(packScenario(plain))).not.toContain('snapshotMargin');
  });

  it('carries the new switches and transferLeadership, and refuses bad ones', () => {
    const s: Scenario = {
      ...sample(1),
      options: {
        seed: 3,
        servers: 5,
        preVote: true,
        checkQuorum: true,
        readMode: 'lease',
        unsafe: { staleReads: true, leaseWithoutVoteWait: true },
      },
      actions: [
        { at: 1000, events: 200, call: 'transferLeadership', args: [2, 4] },
        {
          at: 1200,
          events: 240,
          call: 'setOptions',
          args: [{ preVote: false, checkQuorum: false, readMode: 'readIndex' }],
        },
      ],
      moment: { time: 2000, events: 400 },
    };
    expect(decodeScenario(encodeScenario(s))).toEqual({ ok: true, scenario: s });
    const withOptions = (options: object) =>
      parseScenarioJson(JSON.stringify({ ...s, options: { ...s.options, ...options } }));
    expect(withOptions({ readMode: 'quorum' })).toMatchObject({ ok: false });
    expect(withOptions({ preVote: 'yes' })).toMatchObject({ ok: false });
    const withAction = (args: unknown[]) =>
      parseScenarioJson(JSON.stringify({ ...s, actions: [{ ...s.actions[0], args }] }));
    expect(withAction([2, 2])).toMatchObject({ ok: false, error: expect.stringMatching(/itself/) });
    expect(withAction([2, 9])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no server 9/),
    });
    expect(withAction([2])).toMatchObject({
      ok: false,
      error: expect.stringMatching(/2 arguments/),
    });
  });
});

describe('scenario format version 4: entries kept after a snapshot', () => {
  it('opens a version 3 link and file as they were written (no margin: the run as before)', () => {
    const v3 = [
      3,
      2,
      { seed: 5, servers: 3, preVote: true, snapshotThreshold: 20 },
      0,
      [[300, 40, 11, 'set x 1']],
      [100, 10],
    ];
    const r = decodeScenario(compressToEncodedURIComponent(JSON.stringify(v3)));
    expect(r).toEqual({
      ok: true,
      scenario: {
        format: SCENARIO_FORMAT,
        version: 4,
        engine: 2,
        options: { seed: 5, servers: 3, preVote: true, snapshotThreshold: 20 },
        actions: [{ at: 300, events: 40, call: 'submit', args: ['set x 1'] }],
        moment: { time: 400, events: 50 },
      },
    });
    expect(parseScenarioJson(JSON.stringify({ ...sample(1), version: 3 }))).toEqual({
      ok: true,
      scenario: sample(1),
    });
  });
});
