/**
 * Every preset tells the story its words promise: each test replays the
 * recorded scenario through the simulator and checks the concrete facts of the
 * story (who leads, terms, which entries are committed where, what the checkers
 * flag), not only the trace hash.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../model/scenario.ts';
import { FIGURE_7, buildPresetRuns } from '../cli/preset-runs.ts';
import { INVARIANTS, type LogEntry, type Sim, type SimEvent } from '../sim/index.ts';
import { applyActions, seekTo } from '../sim/replay.ts';
import { Sim as Simulator } from '../sim/simulation.ts';
import { decodeScenario, encodeScenario } from './codec.ts';
import { PRESETS, pointsReached, presetById, type Moment, type Preset } from './presets.ts';
import { PRESET_RUNS } from './presets.recorded.ts';
import { optionsOf, scenarioFrom } from './scenario.ts';

// ---------------------------------------------------------------------------
// Helpers

function preset(id: string): Preset {
  const p = presetById(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}

/** The run of `p` at moment `m` (actions recorded at `m` taken), watching every event. */
function runTo(p: Preset, m: Moment = p.end, onEvent?: (e: SimEvent, sim: Sim) => void): Sim {
  const sim = new Simulator(optionsOf(p.scenario));
  if (onEvent) sim.onEvent = (e) => onEvent(e, sim);
  const due = p.scenario.actions.filter(
    (a) => a.at < m.time || (a.at === m.time && a.events <= m.events),
  );
  applyActions(sim, due);
  seekTo(sim, m.time, m.events);
  return sim;
}

/** The moment an action of `p` was taken (the first with this call and these arguments). */
function actionMoment(p: Preset, call: string, args?: unknown[]): Moment {
  const a = p.scenario.actions.find(
    (x) =>
      x.call === call && (args === undefined || JSON.stringify(x.args) === JSON.stringify(args)),
  );
  if (!a) throw new Error(`${p.id} has no ${call} action`);
  return { time: a.at, events: a.events };
}

/** The pause point each story's test looks at (where the single pause of earlier versions was). */
const KEY_PAUSE: Record<string, number> = { 'partitioned-leader': 1, 'disruptive-rejoin': 1 };
function pause(p: Preset): Moment {
  const q = p.points[KEY_PAUSE[p.id] ?? 0]!;
  return { time: q.time, events: q.events };
}

const terms = (log: LogEntry[]) => log.map((e) => e.term);
const commands = (log: LogEntry[]) => log.filter((e) => e.kind === 'command').map((e) => e.command);

/** Every live server holds the same log, all of it committed and applied. */
function expectConverged(sim: Sim): LogEntry[] {
  const views = sim.servers().filter((s) => s.up);
  const log = views[0]!.log;
  for (const s of views) {
    expect(s.log, `S${s.id}'s log`).toEqual(log);
    expect(s.commitIndex, `S${s.id}'s commit index`).toBe(log.length);
    expect(s.lastApplied, `S${s.id}'s last applied`).toBe(log.length);
  }
  return log;
}

function electionTimeouts(p: Preset, from = 0): SimEvent[] {
  const out: SimEvent[] = [];
  runTo(p, p.end, (e) => {
    if (e.kind === 'election-timeout' && e.at >= from) out.push(e);
  });
  return out;
}

// ---------------------------------------------------------------------------
// The library

describe('the preset library', () => {
  it('lists the eight stories of issue 4 (Figure 8 played twice), the four of issue 10, then those of issue 11', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'first-election',
      'split-vote',
      'leader-crash',
      'partitioned-leader',
      'log-repair',
      'commit-rule',
      'commit-rule-unsafe',
      'flaky-network',
      'disruptive-rejoin',
      'add-server',
      'remove-leader',
      'replace-majority',
      'figure-10',
      'disruptive-rejoin-prevote',
      'minority-leader',
      'minority-leader-checkquorum',
      'leadership-transfer',
      'catch-up-by-snapshot',
      'stale-read',
      'stale-read-readindex',
      'lease-without-vote-wait',
      'stale-redirect-readindex',
      'stale-redirect-checkquorum',
      'follower-cut-off',
      'follower-cut-off-prevote',
    ]);
    expect(new Set(PRESETS.map((p) => p.title)).size).toBe(PRESETS.length);
    expect(presetById('leader-crash')).toBe(PRESETS[2]);
    expect(presetById('no-such-preset')).toBeUndefined();
  });

  it('keeps the recorded runs in step with their builders (else: npx tsx src/cli/presets.ts --write)', () => {
    expect(buildPresetRuns()).toEqual(PRESET_RUNS);
  });

  for (const p of PRESETS) {
    describe(p.id, () => {
      it('is a valid scenario that survives a share link', () => {
        const r = validateScenario(p.scenario);
        expect(r.ok ? '' : r.error).toBe('');
        const back = decodeScenario(encodeScenario(p.scenario));
        expect(back.ok && back.scenario).toEqual(p.scenario);
        expect(p.scenario.moment).toBeUndefined(); // a preset starts at the beginning
        expect(scenarioFrom(optionsOf(p.scenario), p.scenario.actions)).toEqual({
          ...p.scenario,
          title: undefined,
        });
      });

      it('has words: a title, an intro, and one part per pause point, told in order', () => {
        expect(p.title.length).toBeGreaterThan(0);
        expect(p.scenario.title).toBe(p.title);
        expect(p.explanation).not.toMatch(/\n/);
        expect(p.explanation.length).toBeGreaterThan(300);
        expect(p.explanation.length).toBeLessThan(1400);
        expect(p.intro.length).toBeGreaterThan(40);
        expect(p.points.length).toBeGreaterThanOrEqual(2);
        for (const q of p.points) expect(q.text.length).toBeGreaterThan(40);
        expect(p.explanation).toBe([p.intro, ...p.points.map((q) => q.text)].join(' '));
      });

      it('tells its story within a few virtual seconds, its pause points in order, the last at the end', () => {
        expect(p.end.time).toBeLessThanOrEqual(2000);
        const last = p.scenario.actions[p.scenario.actions.length - 1];
        if (last) expect(p.end.time).toBeGreaterThan(last.at);
        const end = p.points[p.points.length - 1]!;
        expect({ time: end.time, events: end.events }).toEqual({
          time: p.end.time,
          events: p.end.events,
        });
        for (let i = 1; i < p.points.length; i++) {
          const [a, b] = [p.points[i - 1]!, p.points[i]!];
          expect(a.time < b.time || (a.time === b.time && a.events < b.events)).toBe(true);
        }
        expect(pointsReached(p, { time: 0, events: 0 })).toBe(
          p.points[0]!.time === 0 && p.points[0]!.events === 0 ? 1 : 0,
        );
        expect(pointsReached(p, p.end)).toBe(p.points.length);
        expect(pointsReached(p, pause(p))).toBe((KEY_PAUSE[p.id] ?? 0) + 1);
      });

      it('replays to the recorded trace hash', () => {
        const sim = runTo(p);
        expect(sim.now).toBe(p.end.time);
        expect(sim.stats().events).toBe(p.end.events);
        expect(sim.traceHash()).toBe(p.end.hash);
      });

      if (
        !['commit-rule-unsafe', 'figure-10', 'stale-read', 'lease-without-vote-wait'].includes(p.id)
      ) {
        it('breaks no safety property', () => {
          expect(runTo(p).violations()).toEqual([]);
        });
      }
    });
  }
});

// ---------------------------------------------------------------------------
// The stories

describe('1. first election', () => {
  const p = preset('first-election');

  it('S4 times out first, alone, and is the only candidate', () => {
    const timeouts = electionTimeouts(p);
    expect(timeouts.map((e) => [e.server, e.at])).toEqual([[4, pause(p).time]]);
    const sim = runTo(p, pause(p));
    expect(sim.server(4)).toMatchObject({ role: 'candidate', term: 1, votedFor: 4 });
    for (const id of [1, 2, 3, 5])
      expect(sim.server(id)).toMatchObject({ role: 'follower', term: 0 });
  });

  it('S4 wins term 1 with every vote and commits its first entry everywhere', () => {
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 4 }]);
    for (const s of sim.servers()) expect(s).toMatchObject({ term: 1, votedFor: 4 });
    const log = expectConverged(sim);
    expect(log).toEqual([{ index: 1, term: 1, kind: 'noop' }]);
  });
});

describe('2. split vote', () => {
  const p = preset('split-vote');

  it('three servers time out at the same instant', () => {
    const t = p.scenario.actions;
    expect(t.map((a) => [a.call, a.args[0]])).toEqual([
      ['timeout', 1],
      ['timeout', 2],
      ['timeout', 3],
    ]);
    expect(new Set(t.map((a) => `${a.at}/${a.events}`))).toEqual(new Set(['100/0']));
  });

  it('term 1 ends with the votes split and no leader', () => {
    const sim = runTo(p, pause(p));
    expect(sim.leadersByTerm()).toEqual([]);
    expect(sim.messages().filter((m) => m.type.startsWith('RequestVote'))).toEqual([]);
    for (const id of [1, 2, 3])
      expect(sim.server(id)).toMatchObject({ role: 'candidate', term: 1, votedFor: id });
    expect(sim.server(4).votedFor).toBe(3);
    expect(sim.server(5).votedFor).toBe(1);
    const votes = (id: number) => Object.values(sim.inner(id).votes).filter(Boolean).length;
    expect([votes(1), votes(2), votes(3)]).toEqual([2, 1, 2]);
  });

  it('a random timeout ends it: S1 times out first and wins term 2', () => {
    const later = electionTimeouts(p, pause(p).time + 1);
    expect(later.map((e) => e.server)).toEqual([1]);
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([{ term: 2, leader: 1 }]);
    for (const s of sim.servers()) expect(s).toMatchObject({ term: 2, votedFor: 1 });
    expectConverged(sim);
  });
});

describe('3. leader crash', () => {
  const p = preset('leader-crash');
  const crash = actionMoment(p, 'crash', [5]);
  const commandsSent = ['set x 1', 'set y 2', 'set z 3'];

  it('S5 crashes mid-replication: its entries on S2 and S3, committed nowhere', () => {
    expect(pause(p)).toMatchObject(crash);
    const sim = runTo(p, crash);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 5 }]);
    const s5 = sim.server(5);
    expect(s5.up).toBe(false);
    expect(commands(s5.log).sort()).toEqual(commandsSent);
    expect(terms(s5.log)).toEqual([1, 1, 1, 1]);
    expect(sim.server(2).log).toEqual(s5.log);
    expect(sim.server(3).log).toEqual(s5.log);
    for (const id of [1, 4]) expect(sim.server(id).log).toEqual(s5.log.slice(0, 2));
    for (const s of sim.servers()) expect(s.commitIndex).toBeLessThanOrEqual(1);
    expect(sim.clientOps().every((o) => o.completedAt === null)).toBe(true);
  });

  it('S2 wins term 2, commits the entries and answers the clients; S5 catches up', () => {
    const before = runTo(p, crash).server(5).log;
    expect(electionTimeouts(p, crash.time)[0]!.server).toBe(2);
    const sim = runTo(p);
    for (const id of [1, 3, 4]) expect(sim.server(id).votedFor).toBe(2);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 5 },
      { term: 2, leader: 2 },
    ]);
    const log = expectConverged(sim);
    expect(sim.servers().every((s) => s.up)).toBe(true);
    expect(log.slice(0, 4)).toEqual(before);
    expect(log[4]).toEqual({ index: 5, term: 2, kind: 'noop' });
    for (const s of sim.servers()) expect(s.kv).toEqual({ x: '1', y: '2', z: '3' });
    const ops = sim.clientOps();
    expect(ops.map((o) => o.command).sort()).toEqual(commandsSent);
    for (const o of ops) {
      expect(o.result).toBe('OK');
      expect(o.completedAt).toBeGreaterThan(crash.time);
    }
    expect(commands(sim.applied(5)).sort()).toEqual(commandsSent); // after its restart
  });
});

describe('4. partitioned leader', () => {
  const p = preset('partitioned-leader');
  const cut = actionMoment(p, 'partition');
  const heal = actionMoment(p, 'heal');

  it('the old leader keeps accepting commands in the minority; the majority elects S4', () => {
    expect(p.scenario.actions.find((a) => a.call === 'partition')!.args).toEqual([
      [
        [1, 2],
        [3, 4, 5],
      ],
    ]);
    const sim = runTo(p, pause(p));
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 1, commitIndex: 2 });
    expect(sim.server(4)).toMatchObject({ role: 'leader', term: 2 });
    expect(sim.leader()).toBe(4);
    expect([sim.server(3).votedFor, sim.server(5).votedFor]).toEqual([4, 4]);
    const old = sim.server(1).log;
    expect(terms(old)).toEqual([1, 1, 1, 1]);
    expect(commands(old)).toEqual(['set x 1', 'set z 2', 'set y 2']);
    expect(sim.server(2).log).toEqual(old);
    expect(
      runTo(p, cut)
        .servers()
        .every((s) => s.commitIndex === 2),
    ).toBe(true);
  });

  it('until the heal, S1 still leads term 1 and never commits its new entries', () => {
    let committedOld = false;
    const sim = runTo(p, heal, (_, s) => {
      for (const v of s.servers()) {
        if (v.log.slice(2, v.commitIndex).some((e) => e.term === 1)) committedOld = true;
      }
    });
    expect(committedOld).toBe(false);
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 1, commitIndex: 2 });
    expect(sim.server(1).log).toHaveLength(4);
    expect(sim.server(4)).toMatchObject({ role: 'leader', term: 2, commitIndex: 4 });
    expect(commands(sim.server(4).log)).toEqual(['set x 1', 'set x 3']);
    expect(sim.clientOps().find((o) => o.command === 'set x 3')!.completedAt).not.toBeNull();
  });

  it('after the heal the old leader steps down and its entries are overwritten', () => {
    let committedOld = false;
    const sim = runTo(p, p.end, (_, s) => {
      for (const v of s.servers()) {
        if (v.log.slice(2, v.commitIndex).some((e) => e.term === 1)) committedOld = true;
      }
    });
    expect(committedOld).toBe(false);
    expect(sim.server(1)).toMatchObject({ role: 'follower', term: 2 });
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 1 },
      { term: 2, leader: 4 },
    ]);
    const log = expectConverged(sim);
    expect(terms(log)).toEqual([1, 1, 2, 2, 2, 2]);
    expect(log[2]).toEqual({ index: 3, term: 2, kind: 'noop' });
    expect(log[3]).toMatchObject({ index: 4, term: 2, command: 'set x 3' });
    // The clients S1 never answered retried; their commands are committed in term 2.
    for (const command of ['set y 2', 'set z 2']) {
      const op = sim.clientOps().find((o) => o.command === command)!;
      expect(op.completedAt).toBeGreaterThan(heal.time);
      expect(log.find((e) => e.command === command)!.term).toBe(2);
    }
    for (const s of sim.servers()) expect(s.kv).toEqual({ x: '3', y: '2', z: '2' });
  });
});

describe('5. log repair (Figure 7)', () => {
  const p = preset('log-repair');
  const figure = {
    leader: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
    a: [1, 1, 1, 4, 4, 5, 5, 6, 6],
    b: [1, 1, 1, 4],
    c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    e: [1, 1, 1, 4, 4, 4, 4],
    f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
  };

  it('starts from the logs of Figure 7', () => {
    expect(p.scenario.options.servers).toBe(7);
    expect(p.scenario.initial).toEqual(FIGURE_7);
    const sim = runTo(p, { time: 0, events: 0 });
    expect(sim.servers().map((s) => terms(s.log))).toEqual(Object.values(figure));
  });

  it('S1 is elected for term 8 by a, b, e and f; c and d refuse', () => {
    const sim = runTo(p, pause(p));
    expect(sim.leadersByTerm()).toEqual([{ term: 8, leader: 1 }]);
    expect(sim.servers().map((s) => s.votedFor)).toEqual([1, 1, 1, null, null, 1, 1]);
  });

  it('every follower ends with the leader’s log, in a few round trips', () => {
    const refusals = new Map<number, number>();
    const sim = runTo(p, p.end, (e) => {
      const m = e.message;
      if (m?.type === 'AppendEntriesReply' && m.to === 1 && m.fields.success === false)
        refusals.set(m.from, (refusals.get(m.from) ?? 0) + 1);
    });
    const log = expectConverged(sim);
    expect(terms(log)).toEqual([...figure.leader, 8]);
    expect(log[10]).toEqual({ index: 11, term: 8, kind: 'noop' });
    expect(sim.leadersByTerm()).toEqual([{ term: 8, leader: 1 }]);
    // Missing entries (a, b), extra ones (c, d), conflicting ones (e, f): all repaired.
    for (const id of [2, 3, 4, 5, 6, 7]) expect(refusals.get(id) ?? 0).toBeLessThanOrEqual(3);
    expect(refusals.get(7)).toBeGreaterThanOrEqual(2); // f: two conflicting terms to step over
  });
});

describe('6. why the commit rule (Figure 8)', () => {
  const safe = preset('commit-rule');
  const unsafe = preset('commit-rule-unsafe');
  const entry2 = { index: 2, term: 2, kind: 'command', command: 'set x 2' };

  it('plays the same run twice, with and without the rule', () => {
    expect(unsafe.scenario.actions).toEqual(safe.scenario.actions);
    expect(unsafe.scenario.initial).toEqual(safe.scenario.initial);
    expect(unsafe.scenario.options).toEqual({
      ...safe.scenario.options,
      unsafe: { commitOldTermsByCount: true },
    });
    expect(safe.scenario.options.leaderNoop).toBe(false);
  });

  it('the two runs end with different trace hashes (one commits and loses entry 2)', () => {
    expect(runTo(safe).traceHash()).not.toBe(runTo(unsafe).traceHash());
  });

  for (const p of [safe, unsafe]) {
    it(`${p.id}: S1 leads term 4 with entry 2 of term 2 on a majority; then S5 wins term 5`, () => {
      const sim = runTo(p, pause(p));
      expect(sim.leadersByTerm()).toEqual([{ term: 4, leader: 1 }]);
      expect(sim.server(5).up).toBe(false);
      const holders = sim.servers().filter((s) => s.up && s.log[1]?.term === 2);
      expect(holders.map((s) => s.id)).toEqual([1, 2, 3, 4]);
      expect(sim.server(1).log[1]).toEqual(entry2);

      // S5 comes back and is refused in term 4 (everyone voted for S1), then wins term 5.
      const back = runTo(p, actionMoment(p, 'timeout', [5]));
      expect(back.server(1).up).toBe(false);
      expect(back.server(5)).toMatchObject({ up: true, role: 'candidate', term: 4 });
      expect(electionTimeouts(p, back.now)[0]!.server).toBe(5);
      const end = runTo(p);
      expect(end.leadersByTerm()).toEqual([
        { term: 4, leader: 1 },
        { term: 5, leader: 5 },
      ]);
      const log = expectConverged(end);
      expect(log.map((e) => [e.term, e.command])).toEqual([
        [1, 'set x 1'],
        [3, 'set x 3'],
        [5, 'set y 5'],
      ]);
      for (const s of end.servers()) expect(s.kv).toEqual({ x: '3', y: '5' });
    });
  }

  it('with the rule, S1 never commits entry 2, so overwriting it breaks nothing', () => {
    expect(runTo(safe, pause(safe)).server(1)).toMatchObject({ commitIndex: 0, kv: {} });
    let committed = false;
    const sim = runTo(safe, safe.end, (_, s) => {
      for (const v of s.servers()) if (v.commitIndex >= 2 && v.log[1]!.term === 2) committed = true;
    });
    expect(committed).toBe(false);
    expect(sim.violations()).toEqual([]);
  });

  it('without it, S1 commits entry 2 by counting, and the checkers flag its loss', () => {
    const atPause = runTo(unsafe, pause(unsafe));
    expect(atPause.server(1)).toMatchObject({ commitIndex: 2, kv: { x: '2' } });
    expect(atPause.applied(1)[1]).toEqual(entry2);
    expect(atPause.violations()).toEqual([]);

    const v = runTo(unsafe).violations();
    const kinds = new Set(v.map((x) => x.invariant));
    // S5 and then the others apply "set x 3" where S1 applied "set x 2": the state machines
    // disagree at index 2 too.
    expect(kinds).toEqual(
      new Set([
        INVARIANTS.leaderCompleteness,
        INVARIANTS.stateMachineSafety,
        INVARIANTS.appliedAgreement,
        INVARIANTS.kvAgreement,
      ]),
    );
    expect(v[0]).toMatchObject({ invariant: INVARIANTS.leaderCompleteness });
    expect(v[0]!.detail).toMatch(
      /S5 became leader of term 5 without the entry committed at index 2/,
    );
    expect(v.filter((x) => x.invariant === INVARIANTS.stateMachineSafety).length).toBeGreaterThan(
      0,
    );
    expect(v.every((x) => x.at > pause(unsafe).time)).toBe(true);
  });
});

describe('7. flaky network', () => {
  const p = preset('flaky-network');

  it('loses and duplicates messages, entries included', () => {
    expect(p.scenario.options).toMatchObject({ dropRate: 0.2, duplicateRate: 0.2 });
    const seen = new Set<string>();
    let duplicatedEntries = 0;
    let duplicates = 0;
    const sim = runTo(p, p.end, (e) => {
      const m = e.message;
      if (e.kind !== 'deliver' || !m || m.from === 0 || m.to === 0) return;
      const key = JSON.stringify([m.type, m.from, m.to, m.sentAt, m.fields]);
      if (seen.has(key)) {
        duplicates++;
        if (m.type === 'AppendEntries' && (m.fields.entries as unknown[]).length > 0)
          duplicatedEntries++;
      }
      seen.add(key);
    });
    expect(sim.stats().messagesDropped).toBeGreaterThan(10);
    expect(duplicates).toBeGreaterThan(10);
    expect(duplicatedEntries).toBeGreaterThan(0);
  });

  it('a follower that missed an entry refuses the next, and the leader sends it again', () => {
    let last: SimEvent | null = null;
    runTo(p, pause(p), (e) => (last = e));
    const m = (last as SimEvent | null)?.message;
    expect(m).toMatchObject({ type: 'AppendEntriesReply', from: 2, to: 1 });
    expect(m!.fields.success).toBe(false);
  });

  it('every command runs exactly once and every log converges', () => {
    const sim = runTo(p);
    const log = expectConverged(sim);
    expect(commands(log).sort()).toEqual(
      ['append s a', 'append s b', 'append s c', 'append s d', 'append s e', 'set x 1'].sort(),
    );
    for (const s of sim.servers()) {
      expect(s.kv).toEqual({ s: 'abcde', x: '1' });
      expect(commands(sim.applied(s.id))).toEqual(commands(log));
    }
    const ops = sim.clientOps();
    expect(ops).toHaveLength(6);
    expect(ops.every((o) => o.result === 'OK' && o.completedAt !== null)).toBe(true);
  });
});

describe('8. disruptive rejoin', () => {
  const p = preset('disruptive-rejoin');
  const isolate = actionMoment(p, 'isolate', [5]);
  const connect = actionMoment(p, 'connect', [5]);

  it('cut off, S5 runs up its term while S1 keeps leading term 1 without it', () => {
    const sim = runTo(p, connect);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 1 }]);
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 1 });
    expect(sim.server(5).role).toBe('candidate');
    expect(sim.server(5).term).toBe(4);
    expect(sim.server(5).log.length).toBeLessThan(sim.server(1).log.length);
    expect(commands(sim.server(1).log)).toEqual(['set x 1', 'set x 2']);
    expect(sim.server(1).commitIndex).toBe(sim.server(1).log.length);
    for (const id of [2, 3, 4]) expect(sim.server(id).term).toBe(1);
    const timeouts = electionTimeouts(p).filter((e) => e.at > isolate.time && e.at <= connect.time);
    expect(timeouts.every((e) => e.server === 5)).toBe(true);
    expect(timeouts.length).toBe(sim.server(5).term - 1); // one term more per timeout
  });

  it('back, it unseats the healthy leader, cannot win, and costs an election', () => {
    const termAtConnect = runTo(p, connect).server(5).term;
    const paused = runTo(p, pause(p));
    expect(paused.server(1)).toMatchObject({ role: 'follower', term: termAtConnect + 1 });
    expect(paused.leader()).toBeNull();

    const sim = runTo(p);
    const leaders = sim.leadersByTerm();
    expect(leaders).toEqual([
      { term: 1, leader: 1 },
      { term: 6, leader: 3 },
    ]);
    expect(leaders.some((l) => l.leader === 5)).toBe(false);
    const log = expectConverged(sim);
    expect(commands(log)).toEqual(['set x 1', 'set x 2']);
  });
});

// ---------------------------------------------------------------------------
// Membership changes (issue 10): §6, Figures 10 and 11

const cfg = (members: number[], old: number[] | null = null) => ({ members, old });

/** After every event: the configuration each server uses (for the order of the phases). */
function configTrail(p: Preset, id: number): string[] {
  const out: string[] = [];
  runTo(p, p.end, (_e, sim) => {
    const c = JSON.stringify(sim.server(id).config);
    if (out[out.length - 1] !== c) out.push(c);
  });
  return out;
}

describe('9. add a server', () => {
  const p = preset('add-server');
  const ask = actionMoment(p, 'proposeConfig');

  it('S4 starts outside: empty log, term 0, never a candidate', () => {
    const sim = runTo(p, ask);
    expect(sim.server(4)).toMatchObject({ term: 0, log: [], role: 'follower' });
    expect(sim.server(1).config).toEqual(cfg([1, 2, 3]));
  });

  it('S4 catches up as a non-voting member before any configuration entry', () => {
    let caughtUpFirst = false;
    runTo(p, p.points[0]!, (_e, sim) => {
      const leaderLog = sim.server(1).log;
      const hasConfig = leaderLog.some((e) => e.kind === 'config');
      if (!hasConfig && sim.server(4).log.length >= 4) caughtUpFirst = true;
    });
    expect(caughtUpFirst).toBe(true);
    const sim = runTo(p, p.points[0]!);
    expect(sim.inner(1).progress[4]?.learner ?? false).toBe(false);
    expect(sim.server(1).config).toEqual(cfg([1, 2, 3, 4], [1, 2, 3]));
  });

  it('then C_old,new, then C_new (Figure 11); S4 votes and applies everything', () => {
    expect(configTrail(p, 1)).toEqual([
      JSON.stringify(cfg([1, 2, 3])),
      JSON.stringify(cfg([1, 2, 3, 4], [1, 2, 3])),
      JSON.stringify(cfg([1, 2, 3, 4])),
    ]);
    const sim = runTo(p);
    const log = expectConverged(sim);
    expect(log.filter((e) => e.kind === 'config').map((e) => [e.members, e.old])).toEqual([
      [
        [1, 2, 3, 4],
        [1, 2, 3],
      ],
      [[1, 2, 3, 4], undefined],
    ]);
    for (const s of sim.servers()) expect(s.config).toEqual(cfg([1, 2, 3, 4]));
    expect(sim.server(4).kv).toEqual({ x: '1', y: '2', z: '3', w: '4' });
  });
});

describe('10. remove the leader', () => {
  const p = preset('remove-leader');

  it('S1 leads while C_new, without it, is not committed, not counting itself', () => {
    const sim = runTo(p, p.points[0]!);
    expect(sim.server(1)).toMatchObject({ role: 'leader', config: cfg([2, 3, 4, 5]) });
    const last = sim.server(1).log.length;
    expect(sim.server(1).commitIndex).toBeLessThan(last);
  });

  it('steps down once C_new commits; a member of C_new leads term 2; S1 stays quiet', () => {
    let downAt = -1;
    let committedAt = -1;
    runTo(p, p.end, (e, sim) => {
      const s1 = sim.server(1);
      const newIdx = s1.log.findIndex((x) => x.kind === 'config' && x.old === undefined) + 1;
      if (committedAt < 0 && newIdx > 0 && s1.commitIndex >= newIdx) committedAt = e.at;
      if (downAt < 0 && s1.role !== 'leader' && e.at > 500) downAt = e.at;
    });
    expect(committedAt).toBeGreaterThan(0);
    expect(downAt).toBe(committedAt);
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 1 },
      { term: 2, leader: sim.leader()! },
    ]);
    expect([2, 3, 4, 5]).toContain(sim.leader());
    expect(sim.server(1)).toMatchObject({ role: 'follower', term: 1 });
    expect(sim.inner(1).electionDeadline).toBeNull();
    expect(sim.clientOps().every((o) => o.result === 'OK')).toBe(true);
    for (const id of [2, 3, 4, 5]) expect(sim.server(id).kv.y).toBe('2');
  });
});

describe('11. replace a majority', () => {
  const p = preset('replace-majority');

  it('C_old,new {1,2,3} → {4,5,6}: a commit needs a majority of each', () => {
    const sim = runTo(p, p.points[0]!);
    expect(sim.server(1)).toMatchObject({ role: 'leader', config: cfg([4, 5, 6], [1, 2, 3]) });
    // The new servers caught up before the entry: each holds the log up to it.
    for (const id of [4, 5, 6])
      expect(sim.server(id).log.length).toBe(sim.server(1).log.length - 1);
  });

  it('goes through both phases; a new server leads; commands commit on S4 to S6', () => {
    expect(configTrail(p, 1)).toEqual([
      JSON.stringify(cfg([1, 2, 3])),
      JSON.stringify(cfg([4, 5, 6], [1, 2, 3])),
      JSON.stringify(cfg([4, 5, 6])),
    ]);
    const sim = runTo(p);
    const l = sim.leader()!;
    expect([4, 5, 6]).toContain(l);
    for (const id of [4, 5, 6]) {
      expect(sim.server(id).config).toEqual(cfg([4, 5, 6]));
      expect(sim.server(id).kv).toEqual({ x: '1', y: '2', z: '3' });
    }
    // The removed servers time out but never unseat the new leader (§6).
    expect(sim.server(l).term).toBe(sim.leadersByTerm().at(-1)!.term);
    expect(sim.violations()).toEqual([]);
  });
});

describe('12. why two phases (Figure 10)', () => {
  const p = preset('figure-10');

  it('runs with the unsafe switch, one step from C_old to C_new', () => {
    expect(p.scenario.options.unsafe?.directConfigChange).toBe(true);
    const sim = runTo(p, p.points[0]!);
    expect(sim.server(1).config).toEqual(cfg([1, 2, 3]));
    expect(sim.server(4).config).toEqual(cfg([1, 2, 3, 4, 5]));
    expect(sim.server(3).log.filter((e) => e.kind === 'config')).toEqual([
      { index: 3, term: 1, kind: 'config', members: [1, 2, 3, 4, 5] },
    ]);
  });

  it('two leaders in term 2, by disjoint majorities of C_old and C_new: the checker says so', () => {
    const sim = runTo(p);
    expect(sim.leadersByTerm().filter((l) => l.term === 2)).toHaveLength(1);
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 2 });
    expect(sim.server(4)).toMatchObject({ role: 'leader', term: 2 });
    const v = sim.violations();
    expect(v.map((x) => x.invariant)).toEqual([INVARIANTS.electionSafety]);
    expect(v[0]!.detail).toContain('Two leaders in term 2');
    expect(v[0]!.detail).toContain(
      'S1 by the votes of S1, S2 under the configuration {S1, S2, S3}',
    );
    expect(v[0]!.detail).toContain(
      'S4 by the votes of S3, S4, S5 under the configuration {S1, S2, S3, S4, S5}',
    );
    expect(v[0]!.detail).toMatch(/Figure 10\)$/);
  });

  it('the same actions with joint consensus elect one leader per term', () => {
    const { unsafe: _u, ...safe } = p.scenario.options;
    const sim = new Simulator({ ...safe, unsafe: {} });
    // The actions at their times (the run differs, so not at their event counts).
    for (const a of p.scenario.actions) {
      sim.advance(a.at - sim.now);
      (sim as unknown as Record<string, (...x: unknown[]) => unknown>)[a.call]!(...a.args);
    }
    sim.advance(p.end.time + 1000 - sim.now);
    expect(sim.violations()).toEqual([]);
    const terms = sim.leadersByTerm().map((l) => l.term);
    expect(new Set(terms).size).toBe(terms.length);
  });
});
describe('the pause points tell what has happened by then', () => {
  const at = (id: string, i: number) => {
    const p = preset(id);
    return { p, sim: runTo(p, p.points[i]!) };
  };

  it('first election: S4 a candidate, then the leader of term 1', () => {
    expect(at('first-election', 0).sim.server(4)).toMatchObject({ role: 'candidate', term: 1 });
    const { sim } = at('first-election', 1);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 4 }]);
    expect(sim.server(4).role).toBe('leader');
  });

  it('split vote: S1 is the first to start term 2', () => {
    const { sim } = at('split-vote', 1);
    expect(sim.server(1)).toMatchObject({ role: 'candidate', term: 2 });
    for (const id of [2, 3, 4, 5]) expect(sim.server(id).term).toBe(1);
  });

  it('leader crash: S2 leads term 2 with the votes of the others, then answers the clients', () => {
    const { sim } = at('leader-crash', 1);
    expect(sim.server(2)).toMatchObject({ role: 'leader', term: 2 });
    for (const id of [1, 3, 4]) expect(sim.server(id).votedFor).toBe(2);
    expect(sim.clientOps().some((o) => o.completedAt !== null)).toBe(false);
    const answered = at('leader-crash', 2).sim;
    expect(answered.clientOps().every((o) => o.completedAt !== null)).toBe(true);
    expect(answered.server(5).up).toBe(false);
  });

  it('partitioned leader: S1 copies its new entries to S2 only, commits nothing; the heal is a pause point', () => {
    const { p, sim } = at('partitioned-leader', 0);
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 1, commitIndex: 2 });
    expect(sim.server(2).log).toEqual(sim.server(1).log);
    expect(sim.server(2).log).toHaveLength(4);
    expect(sim.clientOps().filter((o) => o.completedAt !== null)).toHaveLength(1);
    expect(p.points[2]).toMatchObject(actionMoment(p, 'heal'));
  });

  it('log repair: a follower refuses an AppendEntries', () => {
    const p = preset('log-repair');
    let last: SimEvent | null = null;
    const sim = runTo(p, p.points[1]!, (e) => (last = e));
    const m = (last as SimEvent | null)?.message;
    expect(m).toMatchObject({ type: 'AppendEntriesReply', to: 1 });
    expect(m!.fields.success).toBe(false);
    expect(sim.server(1)).toMatchObject({ role: 'leader', term: 8 });
  });

  for (const id of ['commit-rule', 'commit-rule-unsafe'])
    it(`${id}: S1 is down and S5 leads term 5, its entry 2 of term 3`, () => {
      const { sim } = at(id, 1);
      expect(sim.server(1).up).toBe(false);
      expect(sim.server(5)).toMatchObject({ role: 'leader', term: 5 });
      expect(sim.server(5).log[1]).toMatchObject({ term: 3, command: 'set x 3' });
    });

  it('disruptive rejoin: the first pause point is where S5’s links come back', () => {
    const p = preset('disruptive-rejoin');
    expect(p.points[0]).toMatchObject(actionMoment(p, 'connect', [5]));
  });
});

/** The client operations of a run, by command. */
const op = (sim: Sim, command: string) => sim.clientOps().find((o) => o.command === command)!;

describe('9. disruptive rejoin, with PreVote: the same schedule, no disruption', () => {
  const p = preset('disruptive-rejoin-prevote');
  const without = preset('disruptive-rejoin');

  it('is the schedule of "Disruptive rejoin" with PreVote on', () => {
    expect(p.scenario.options).toEqual({ ...without.scenario.options, preVote: true });
    const strip = (q: Preset) => q.scenario.actions.map((a) => [a.at, a.call, a.args]);
    expect(strip(p)).toEqual(strip(without));
  });

  it('cut off, S5 raises no term; back, it unseats no one and S1 leads term 1 to the end', () => {
    const connect = actionMoment(p, 'connect', [5]);
    const atConnect = runTo(p, connect);
    expect(atConnect.server(5).term).toBe(1);
    expect(runTo(without, actionMoment(without, 'connect', [5])).server(5).term).toBe(4);
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 1 }]);
    for (const v of sim.servers()) expect(v.term).toBe(1);
    expect(commands(expectConverged(sim))).toEqual(['set x 1', 'set x 2']);
  });
});

describe('10. leader in a minority, with and without CheckQuorum', () => {
  const p = preset('minority-leader');
  const cq = preset('minority-leader-checkquorum');

  it('the same schedule, CheckQuorum the only difference', () => {
    expect(cq.scenario.options).toEqual({ ...p.scenario.options, checkQuorum: true });
    const strip = (q: Preset) => q.scenario.actions.map((a) => [a.at, a.call, a.args]);
    expect(strip(cq)).toEqual(strip(p));
  });

  it('without CheckQuorum, S1 leads term 1 in the minority until the heal and the client waits for it', () => {
    const heal = actionMoment(p, 'heal');
    const before = runTo(p, { time: heal.time, events: heal.events - 1 });
    expect(before.server(1)).toMatchObject({ role: 'leader', term: 1 });
    expect(before.server(5).role).toBe('leader');
    expect(op(before, 'set x 1').completedAt).toBeNull();
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 1 },
      { term: 4, leader: 5 },
    ]);
    expect(op(sim, 'set x 1')).toMatchObject({ completedAt: 1819, result: 'OK' });
  });

  it('with CheckQuorum, S1 steps down about an election timeout after the split, and the client is answered sooner', () => {
    const split = actionMoment(cq, 'partition');
    const paused = runTo(cq, cq.points[0]!);
    expect(paused.server(1).role).toBe('follower');
    expect(paused.server(1).term).toBe(1);
    const max = cq.scenario.options.electionTimeoutMs?.[1] ?? 300;
    expect(cq.points[0]!.time - split.time).toBeLessThanOrEqual(max);
    expect(runTo(cq, { time: cq.points[0]!.time - 1, events: 0 }).server(1).role).toBe('leader');
    const sim = runTo(cq);
    expect(op(sim, 'set x 1')).toMatchObject({ completedAt: 1418, result: 'OK' });
    expect(op(sim, 'set x 1').completedAt!).toBeLessThan(op(runTo(p), 'set x 1').completedAt!);
  });
});

describe('11. leadership transfer', () => {
  const p = preset('leadership-transfer');

  it('S4 hands leadership to S2, which wins term 2 before any election timer runs out', () => {
    const at = actionMoment(p, 'transferLeadership', [4, 2]);
    expect(runTo(p, at).leadersByTerm()).toEqual([{ term: 1, leader: 4 }]);
    const timeouts = electionTimeouts(p, at.time);
    expect(timeouts).toEqual([]);
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 4 },
      { term: 2, leader: 2 },
    ]);
    expect(commands(expectConverged(sim))).toEqual(['set x 1', 'set x 2']);
  });
});

describe('12. catch up by snapshot', () => {
  const p = preset('catch-up-by-snapshot');

  it('S3, down while the others compact their logs past it, is sent the leader’s snapshot', () => {
    const restart = actionMoment(p, 'restart', [3]);
    const before = runTo(p, restart);
    expect(before.server(2).role).toBe('leader');
    expect(before.server(2).snapshot).toEqual({ index: 27, term: 1 });
    let installs = 0;
    runTo(p, p.end, (e) => {
      if (e.kind === 'deliver' && e.message?.type === 'InstallSnapshot' && e.message.to === 3)
        installs++;
    });
    expect(installs).toBeGreaterThan(0);
    const paused = runTo(p, p.points[0]!);
    expect(paused.server(3).snapshot).toEqual({ index: 27, term: 1 });
    expect(paused.server(3).lastApplied).toBeGreaterThanOrEqual(27);
    const sim = runTo(p);
    const s2 = sim.server(2);
    for (const id of [1, 3]) {
      expect(sim.server(id).lastApplied).toBe(s2.lastApplied);
      expect(sim.server(id).kv).toEqual(s2.kv);
    }
  });
});

describe('13. stale read, and the same schedule under ReadIndex', () => {
  const p = preset('stale-read');
  const ri = preset('stale-read-readindex');

  it('the same schedule', () => {
    const strip = (q: Preset) => q.scenario.actions.map((a) => [a.at, a.call, a.args]);
    expect(strip(ri)).toEqual(strip(p));
    expect(p.scenario.options.unsafe).toEqual({ staleReads: true });
    expect(ri.scenario.options.readMode).toBe('readIndex');
  });

  it('with stale reads, the cut-off S1 answers x = 1 after x = 2 was committed; the checkers flag it', () => {
    const sim = runTo(p);
    const set = op(sim, 'set x 2');
    const get = op(sim, 'get x');
    expect(set.completedAt!).toBeLessThan(get.submittedAt);
    expect(get.result).toBe('1');
    expect(sim.violations().map((v) => v.invariant)).toEqual(['reads-see-committed']);
  });

  it('under ReadIndex, the read is not answered by S1 and returns x = 2; no violation', () => {
    const heal = actionMoment(ri, 'heal');
    expect(op(runTo(ri, heal), 'get x').completedAt).toBeNull();
    const sim = runTo(ri);
    expect(op(sim, 'get x').result).toBe('2');
    expect(sim.violations()).toEqual([]);
  });
});

describe('14. a lease without the vote wait', () => {
  const p = preset('lease-without-vote-wait');

  it('voters who do not wait elect S3 while S1’s lease holds; S1 answers a stale read; the checkers flag it', () => {
    expect(p.scenario.options).toMatchObject({
      readMode: 'lease',
      unsafe: { leaseWithoutVoteWait: true },
    });
    const timeout = actionMoment(p, 'timeout', [3]);
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 1 },
      { term: 2, leader: 3 },
    ]);
    const set = op(sim, 'set x 2');
    const get = op(sim, 'get x');
    expect(set.completedAt!).toBeLessThanOrEqual(get.submittedAt);
    expect(get.result).toBe('1');
    // S1 answered within its lease: less than a minimum election timeout after the split.
    expect(get.completedAt! - timeout.time).toBeLessThan(300);
    expect(sim.violations().map((v) => v.invariant)).toEqual(['reads-see-committed']);
  });

  it('the same schedule with voters waiting (the safe lease) reads nothing stale', () => {
    const safe = new Simulator({ ...optionsOf(p.scenario), unsafe: {} });
    // The same actions at the same times (the event counts differ once the runs part).
    const call = safe as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const a of p.scenario.actions) {
      safe.advance(a.at - safe.now);
      call[a.call]!.apply(safe, a.args);
    }
    safe.advance(p.end.time - safe.now);
    expect(safe.violations()).toEqual([]);
    // S1 may still answer 1 under its lease, but then x = 2 was not yet committed: no one
    // could be elected before the lease ran out.
    const get = op(safe, 'get x');
    const set = op(safe, 'set x 2');
    expect(get.result).toBe('1');
    expect(set.completedAt === null || set.completedAt > get.completedAt!).toBe(true);
  });
});

/** Every message of a type delivered in a run of `p`, with the moment. */
function delivered(
  p: Preset,
  type: string,
): { at: number; from: number; to: number; fields: Record<string, unknown> }[] {
  const out: { at: number; from: number; to: number; fields: Record<string, unknown> }[] = [];
  runTo(p, p.end, (e) => {
    const m = e.message;
    if (e.kind === 'deliver' && m?.type === type)
      out.push({ at: e.at, from: m.from, to: m.to, fields: m.fields as Record<string, unknown> });
  });
  return out;
}

describe('15. seed 004: a stale follower redirects a read to a stale leader', () => {
  const ri = preset('stale-redirect-readindex');
  const cq = preset('stale-redirect-checkquorum');
  const strip = (q: Preset) => q.scenario.actions.map((a) => [a.at, a.call, a.args]);
  const readReplies = (q: Preset) =>
    delivered(q, 'ClientReply').filter((m) => m.fields.client === 3);

  it('names the seed question in its intro, and plays one schedule, CheckQuorum the only difference', () => {
    expect(ri.intro).toMatch(
      /follower’s term is stale and it redirects a client to a stale leader/,
    );
    expect(ri.scenario.options).toMatchObject({ readMode: 'readIndex' });
    expect(cq.scenario.options).toEqual({ ...ri.scenario.options, checkQuorum: true });
    expect(strip(cq)).toEqual(strip(ri));
    expect(strip(ri)).toContainEqual([811, 'submit', ['get x', { client: 3, to: 2 }]]);
  });

  for (const q of [ri, cq]) {
    it(`${q.id}: S2, in term 1, redirects the read to S1 while S5 leads term 2`, () => {
      const at = runTo(q, q.points[0]!);
      expect(at.leadersByTerm()).toEqual([
        { term: 1, leader: 1 },
        { term: 2, leader: 5 },
      ]);
      expect(at.server(2)).toMatchObject({ role: 'follower', term: 1 });
      expect(at.inner(2).leaderId).toBe(1);
      expect(op(at, 'set x 2').completedAt!).toBeLessThan(op(at, 'get x').submittedAt);
      const first = readReplies(q)[0]!;
      expect(first).toMatchObject({ from: 2, fields: { ok: false, leaderHint: 1 } });
      expect(first.at).toBeLessThan(q.points[0]!.time);
    });
  }

  it('under ReadIndex the stale leader, still leading term 1, holds the read unanswered until the heal', () => {
    const at = runTo(ri, ri.points[0]!);
    expect(at.server(1)).toMatchObject({ role: 'leader', term: 1 });
    const heal = actionMoment(ri, 'heal');
    expect(op(runTo(ri, heal), 'get x').completedAt).toBeNull();
    // S1 never answered it with a value: no reply from S1 is ok.
    expect(readReplies(ri).filter((m) => m.from === 1 && m.fields.ok === true)).toEqual([]);
    const sim = runTo(ri);
    expect(op(sim, 'get x')).toMatchObject({ result: '2', completedAt: 1532 });
    expect(readReplies(ri).find((m) => m.fields.ok === true)!.from).toBe(5);
    expect(sim.violations()).toEqual([]);
    expect(sim.linearizable()).toEqual({ ok: true, ops: [] });
  });

  it('with CheckQuorum, S1 has stepped down, knows no leader, and the client reaches S5 before the heal', () => {
    const at = runTo(cq, cq.points[0]!);
    expect(at.server(1)).toMatchObject({ role: 'follower', term: 1 });
    const fromS1 = readReplies(cq).find((m) => m.from === 1)!;
    expect(fromS1.fields).toMatchObject({ ok: false, leaderHint: null });
    const answered = runTo(cq, cq.points[1]!);
    const get = op(answered, 'get x');
    expect(get).toMatchObject({ result: '2', completedAt: 1270 });
    expect(get.completedAt!).toBeLessThan(actionMoment(cq, 'heal').time);
    expect(get.completedAt!).toBeLessThan(op(runTo(ri), 'get x').completedAt!);
    expect(readReplies(cq).find((m) => m.fields.ok === true)!.from).toBe(5);
    const sim = runTo(cq);
    expect(sim.violations()).toEqual([]);
    expect(sim.linearizable()).toEqual({ ok: true, ops: [] });
  });

  it('the same schedule with the unsafe switch “stale reads”: S2 answers 1 itself, and the checkers reject it', () => {
    const sim = new Simulator({
      ...optionsOf(ri.scenario),
      readMode: 'log',
      unsafe: { staleReads: true },
    });
    let answeredBy = 0;
    sim.onEvent = (e) => {
      const m = e.message;
      if (
        e.kind === 'deliver' &&
        m?.type === 'ClientReply' &&
        m.fields.ok === true &&
        m.fields.client === 3
      )
        answeredBy = m.from;
    };
    // The same actions at the same times (the event counts differ once the runs part).
    const call = sim as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const a of ri.scenario.actions) {
      sim.advance(a.at - sim.now);
      call[a.call]!.apply(sim, a.args);
    }
    sim.advance(ri.end.time - sim.now);
    expect(answeredBy).toBe(2);
    expect(op(sim, 'get x').result).toBe('1');
    expect(sim.violations().map((v) => v.invariant)).toEqual(['reads-see-committed']);
    expect(sim.linearizable().ok).toBe(false);
  });
});

describe('16. seed 004: one follower cut off from the leader, without and with PreVote', () => {
  const p = preset('follower-cut-off');
  const pv = preset('follower-cut-off-prevote');
  const strip = (q: Preset) => q.scenario.actions.map((a) => [a.at, a.call, a.args]);

  it('names the seed question in its intro, and plays one schedule, PreVote the only difference', () => {
    expect(p.intro).toMatch(/will the follower start an election\\?/);
    expect(pv.scenario.options).toEqual({ ...p.scenario.options, preVote: true });
    expect(strip(pv)).toEqual(strip(p));
    expect(strip(p)).toEqual([
      [300, 'submit', ['set x 1', { to: 3 }]],
      [450, 'setLink', [3, 1, false]],
      [450, 'setLink', [1, 3, false]],
    ]);
  });

  it('without PreVote, S1 stands for term 2, the healthy S3 steps down, and leaders change', () => {
    const cut = actionMoment(p, 'setLink', [3, 1, false]);
    expect(runTo(p, cut).leadersByTerm()).toEqual([{ term: 1, leader: 3 }]);
    const timedOut = runTo(p, p.points[0]!);
    expect(timedOut.server(1)).toMatchObject({ role: 'candidate', term: 2 });
    expect(timedOut.server(3)).toMatchObject({ role: 'leader', term: 1 });
    const down = runTo(p, p.points[1]!);
    expect(down.server(3)).toMatchObject({ role: 'follower', term: 2 });
    const sim = runTo(p);
    expect(sim.leadersByTerm()).toEqual([
      { term: 1, leader: 3 },
      { term: 2, leader: 1 },
      { term: 4, leader: 4 },
    ]);
  });

  it('with PreVote, S1 asks for pre-votes in term 1, is refused by everyone who hears S3, and no term is raised', () => {
    const timedOut = runTo(pv, pv.points[0]!);
    expect(timedOut.server(1)).toMatchObject({ role: 'follower', term: 1 });
    const refused = delivered(pv, 'PreVoteReply').filter((m) => m.to === 1);
    expect(refused.length).toBeGreaterThanOrEqual(9);
    expect(refused.every((m) => m.fields.voteGranted === false)).toBe(true);
    const asked = runTo(pv, pv.points[1]!);
    // Refused for hearing from the leader, not for the log: S1's is as up to date as theirs.
    for (const id of [2, 4, 5]) expect(asked.server(1).log).toEqual(asked.server(id).log);
    expect(
      refused
        .filter((m) => m.at <= pv.points[1]!.time)
        .map((m) => m.from)
        .sort(),
    ).toEqual([2, 4, 5]);
    expect(delivered(pv, 'RequestVote').filter((m) => m.at > 450)).toEqual([]);
    const sim = runTo(pv);
    expect(sim.leadersByTerm()).toEqual([{ term: 1, leader: 3 }]);
    for (const v of sim.servers()) expect(v.term).toBe(1);
    expect(sim.server(3).role).toBe('leader');
  });
});
