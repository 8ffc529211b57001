import { describe, expect, it } from 'vitest';
import { checkLesson, LESSONS, lessonById, scenarioOf } from './index.ts';
import { baselineOf, holds, probe, type LessonView } from './conditions.ts';
import { parseLesson } from './schema.ts';
import { anyInRole, serverChoices, serversUpTo } from './choices.ts';

const minimal = {
  id: 'tiny',
  title: 'Tiny',
  summary: 'A lesson of one step.',
  source: { seed: 1, servers: 3 },
  steps: [{ title: 'One', text: 'Look.', section: '§5', start: { at: { time: 0 } } }],
};

describe('lesson files', () => {
  it('every lesson fits the schema and names known presets', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'replicated-state-machines',
      'leader-election',
      'heartbeats',
      'split-vote',
      'follower-cut-off',
      'log-replication',
      'majority',
      'commit-rule',
      'safety-leader-change',
      'clients',
      'stale-redirect',
      'membership',
    ]);
    for (const l of LESSONS) {
      expect(l.steps[0]!.start).not.toBe('continue');
      expect(scenarioOf(l.source).options).toBeDefined();
      for (const s of l.steps) expect(s.section).toMatch(/§|Figure/);
    }
    expect(lessonById('commit-rule')?.steps).toHaveLength(6);
  });

  it('refuses a bad lesson with every problem named', () => {
    expect(parseLesson(minimal).ok).toBe(true);
    const bad = parseLesson({
      ...minimal,
      id: 'Bad Id',
      steps: [{ ...minimal.steps[0], start: 'continue', task: 'Do it' }],
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toContain('id');
      expect(bad.error).toContain('A task needs a `done` condition.');
      expect(bad.error).toContain('The first step starts at a moment.');
    }
    expect(() => checkLesson({ ...minimal, source: { preset: 'nope' } })).toThrow(/unknown preset/);
    expect(() =>
      checkLesson({
        ...minimal,
        steps: [
          {
            ...minimal.steps[0],
            question: {
              prompt: 'Committed?',
              choices: [
                { id: 'a', label: 'A' },
                { id: 'b', label: 'B' },
              ],
              reveal: 'none',
              answer: { kind: 'holds', condition: { kind: 'violation' } },
              right: 'r',
              wrong: 'w',
            },
          },
        ],
      }),
    ).toThrow(/"yes" and "no"/);
  });

  it('a question’s explanations do not repeat the panel’s “Right.” or “Not quite”', () => {
    const asking = (right: string, wrong: string) =>
      parseLesson({
        ...minimal,
        steps: [
          {
            ...minimal.steps[0],
            question: {
              prompt: 'Who wins?',
              choices: [
                { id: 'a', label: 'A' },
                { id: 'b', label: 'B' },
              ],
              reveal: 'none',
              answer: { kind: 'holds', condition: { kind: 'violation' } },
              right,
              wrong,
            },
          },
        ],
      });
    expect(asking('S1 wins.', 'S2 wins.').ok).toBe(true);
    const twice = asking('Right. S1 wins.', 'Not quite: S2 wins.');
    expect(twice.ok).toBe(false);
    if (!twice.ok) {
      expect(twice.error).toContain('does not begin with “Right” again');
      expect(twice.error).toContain('does not begin with it again');
    }
    expect(asking('Right: S1 wins.', 'S2 wins.').ok).toBe(false);
  });
});

function view(over: Partial<LessonView> = {}): LessonView {
  const server = (id: number, role: 'follower' | 'leader', term: number, commitIndex = 0) => ({
    id,
    up: true,
    role,
    term,
    commitIndex,
    lastIndex: 2,
    lastTerm: term,
  });
  return {
    servers: [server(1, 'leader', 2, 2), server(2, 'follower', 2, 1), server(3, 'follower', 2)],
    links: [
      [false, false, false, false],
      [false, false, true, true],
      [false, true, false, true],
      [false, true, true, false],
    ],
    ops: [
      { command: 'set x 1', completedAt: 30, result: 'OK', target: null, attempts: 0 },
      { command: 'append s a', completedAt: null, result: null, target: 3, attempts: 2 },
    ],
    logs: {
      1: {
        from: 1,
        entries: [
          { term: 1, command: null },
          { term: 2, command: 'set x 1' },
        ],
      },
    },
    violationCount: 0,
    events: 10,
    ...over,
  };
}

describe('conditions', () => {
  it('read the frame', () => {
    const v = view();
    const base = baselineOf(v);
    expect(holds({ kind: 'leader', server: 1 }, v, base)).toBe(true);
    expect(holds({ kind: 'leader', server: 2 }, v, base)).toBe(false);
    expect(holds({ kind: 'newLeader' }, v, base)).toBe(false);
    expect(holds({ kind: 'answered', command: 'set x 1' }, v, base)).toBe(true);
    expect(holds({ kind: 'answered', command: 'get x' }, v, base)).toBe(false);
    expect(holds({ kind: 'committed', index: 1, count: 2 }, v, base)).toBe(true);
    expect(holds({ kind: 'committed', index: 1 }, v, base)).toBe(false);
    expect(
      holds({ kind: 'entry', server: 1, index: 2, term: 2, command: 'set x 1' }, v, base),
    ).toBe(true);
    expect(holds({ kind: 'entry', server: 1, index: 3, term: 2 }, v, base)).toBe(false);
    expect(holds({ kind: 'linkCut', a: 1, b: 2 }, v, base)).toBe(false);
    expect(holds({ kind: 'logsMatch' }, v, base)).toBe(true);
    expect(holds({ kind: 'stepped', count: 1 }, v, base)).toBe(false);
    expect(probe({ kind: 'leader' }, v, base)).toBe('S1');
    expect(holds({ kind: 'answered', command: 'set x 1', result: 'OK' }, v, base)).toBe(true);
    expect(holds({ kind: 'answered', command: 'set x 1', result: 'x' }, v, base)).toBe(false);
    expect(holds({ kind: 'request', command: 'append s a', target: 3 }, v, base)).toBe(true);
    expect(holds({ kind: 'request', command: 'append s a', attempts: 3 }, v, base)).toBe(false);
    expect(holds({ kind: 'request', command: 'set x 1' }, v, base)).toBe(false); // answered
    expect(probe({ kind: 'target', command: 'append s a' }, v, base)).toBe('S3');
    expect(probe({ kind: 'target', command: 'set x 1' }, v, base)).toBe('none');
    expect(probe({ kind: 'candidate' }, v, base)).toBe('none');
    expect(holds({ kind: 'entry', server: 1, index: 2, command: 'set x 1' }, v, base)).toBe(true);
    // Only S1's log is in view: S2 and S3 hold no "set x 1".
    expect(holds({ kind: 'entries', command: 'set x 1', count: 1 }, v, base)).toBe(false);
    const one = view({ servers: view().servers.slice(0, 1) });
    expect(holds({ kind: 'entries', command: 'set x 1', count: 1 }, one, base)).toBe(true);
  });

  it('helpers name every server once', () => {
    expect(serversUpTo(3)).toEqual([1, 2, 3]);
    expect(serverChoices([2, 4])).toEqual([
      { id: 'S2', label: 'S2' },
      { id: 'S4', label: 'S4' },
    ]);
    const c = anyInRole([1, 2], 'candidate');
    expect(c).toEqual({
      kind: 'any',
      of: [
        { kind: 'role', server: 1, role: 'candidate' },
        { kind: 'role', server: 2, role: 'candidate' },
      ],
    });
    const v = view();
    expect(holds(anyInRole([2, 3], 'leader'), v, baselineOf(v))).toBe(false);
    expect(holds(anyInRole([1, 3], 'leader'), v, baselineOf(v))).toBe(true);
  });

  it('compare with the moment the step began', () => {
    const base = baselineOf(view());
    const later = view({
      servers: [
        { id: 1, up: false, role: 'leader', term: 2, commitIndex: 2, lastIndex: 2, lastTerm: 2 },
        { id: 2, up: true, role: 'leader', term: 3, commitIndex: 2, lastIndex: 3, lastTerm: 3 },
        { id: 3, up: true, role: 'follower', term: 3, commitIndex: 2, lastIndex: 2, lastTerm: 2 },
      ],
      links: [[], [false, false, false, true], [false, true, false, true], []],
      events: 40,
    });
    expect(holds({ kind: 'leaderDown' }, later, base)).toBe(true);
    expect(holds({ kind: 'newLeader' }, later, base)).toBe(true);
    expect(holds({ kind: 'linkCut', a: 2, b: 1 }, later, base)).toBe(true);
    expect(holds({ kind: 'logsMatch' }, later, base)).toBe(false);
    expect(holds({ kind: 'stepped', count: 30 }, later, base)).toBe(true);
    expect(probe({ kind: 'leader' }, later, base)).toBe('S2');
    expect(
      probe(
        { kind: 'holds', condition: { kind: 'all', of: [{ kind: 'down', server: 1 }] } },
        later,
        base,
      ),
    ).toBe('yes');
  });
});

describe('membership conditions', () => {
  const v = view({
    servers: [
      {
        id: 1,
        up: true,
        role: 'leader',
        term: 1,
        commitIndex: 1,
        lastIndex: 2,
        lastTerm: 1,
        config: { members: [1, 2, 3, 4], old: [1, 2, 3] },
        configIndex: 2,
        member: 'voter',
      },
      {
        id: 4,
        up: true,
        role: 'follower',
        term: 1,
        commitIndex: 1,
        lastIndex: 1,
        lastTerm: 1,
        config: { members: [1, 2, 3], old: null },
        configIndex: 0,
        member: 'learner',
      },
    ],
  });
  const base = baselineOf(v);

  it('read the configuration a server uses, from its own log', () => {
    expect(holds({ kind: 'config', server: 1, joint: true }, v, base)).toBe(true);
    expect(holds({ kind: 'config', server: 1, joint: false }, v, base)).toBe(false);
    expect(holds({ kind: 'config', server: 1, includes: 4 }, v, base)).toBe(true);
    expect(holds({ kind: 'config', server: 4, includes: 4 }, v, base)).toBe(false);
    // C_old,new at index 2, commitIndex 1: not committed yet.
    expect(holds({ kind: 'config', server: 1, committed: true }, v, base)).toBe(false);
    expect(holds({ kind: 'config', server: 1, committed: false }, v, base)).toBe(true);
    // The starting configuration (index 0) is committed from the start.
    expect(holds({ kind: 'config', server: 4, joint: false, committed: true }, v, base)).toBe(true);
    // A server that is not there, or a frame without configurations: false.
    expect(holds({ kind: 'config', server: 3 }, v, base)).toBe(false);
    expect(holds({ kind: 'config', server: 1 }, view(), base)).toBe(false);
    expect(
      probe({ kind: 'holds', condition: { kind: 'config', server: 1, joint: true } }, v, base),
    ).toBe('yes');
  });

  it('read a server’s place in the cluster', () => {
    expect(holds({ kind: 'member', server: 4, state: 'learner' }, v, base)).toBe(true);
    expect(holds({ kind: 'member', server: 4, state: 'voter' }, v, base)).toBe(false);
    expect(holds({ kind: 'member', server: 1, state: 'voter' }, v, base)).toBe(true);
  });

  it('a lesson source may start with some servers outside the configuration', () => {
    const s = scenarioOf({ seed: 1, servers: 4, members: [1, 2, 3] });
    expect(s.options.members).toEqual([1, 2, 3]);
    expect(scenarioOf({ seed: 1, servers: 4 }).options.members).toBeUndefined();
    expect(parseLesson({ ...minimal, source: { seed: 1, servers: 3, members: [] } }).ok).toBe(
      false,
    );
    expect(lessonById('membership')?.steps.at(-2)?.source).toEqual({ preset: 'figure-10' });
  });
});
