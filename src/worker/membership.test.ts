/**
 * Membership in the worker (issue 10): frames carry each server's configuration, its
 * place in the cluster and its votes per half; the proposeConfig command goes through the
 * leader, is refused with a notice, and marks the timeline.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Notice, RunOptions, WorkerMessage } from '../protocol/index.ts';
import { resolveRunOptions } from '../model/options.ts';
import { Engine } from './engine.ts';

function setup(o: Parameters<typeof resolveRunOptions>[0]) {
  const options: RunOptions = resolveRunOptions(o);
  const out: WorkerMessage[] = [];
  let wall = 0;
  const engine = new Engine(
    (m) => out.push(m),
    () => wall,
    options,
    1,
  );
  const frame = (): Frame => {
    engine.handle({ type: 'pull' });
    return out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
  };
  const play = (ms: number) => {
    engine.handle({ type: 'play' });
    for (let t = 0; t < ms; t += 50) {
      wall += 50;
      frame();
    }
    engine.handle({ type: 'pause' });
  };
  /** The latest markers sent (a frame carries them only when they change). */
  const markers = () => {
    frame();
    return (
      out.filter((m): m is Frame => m.type === 'frame' && m.timeline.markers !== undefined).at(-1)
        ?.timeline.markers ?? []
    );
  };
  const notices = () => out.filter((m): m is Notice => m.type === 'notice').map((n) => n.text);
  return { engine, frame, play, notices, markers };
}

describe('frames and membership', () => {
  it('each server: the configuration it uses and its place (voter, outside)', () => {
    const { frame, play } = setup({ seed: 3, servers: 5, members: [1, 2, 3] });
    play(1000);
    const f = frame();
    expect(f.options.members).toEqual([1, 2, 3]);
    expect(f.membership).toMatchObject({ members: [1, 2, 3], old: null, inPlay: true, need: 2 });
    for (const s of f.servers) {
      expect(s.config).toEqual({ members: [1, 2, 3], old: null });
      expect(s.member).toBe(s.id <= 3 ? 'voter' : 'outside');
    }
  });

  it('votes needed follow the configuration, not the number of servers (the bug of votes/n)', () => {
    const { engine, frame, play } = setup({ seed: 3, servers: 5, members: [1, 2, 3] });
    play(1000);
    const follower = frame().servers.find((s) => s.id <= 3 && s.role === 'follower')!;
    engine.handle({ type: 'timeout', id: follower.id });
    const c = frame().servers.find((s) => s.id === follower.id)!;
    expect(c.role).toBe('candidate');
    // A majority of {S1, S2, S3} is 2, whatever the 5 servers.
    expect(c.quorum).toEqual([{ half: 'new', got: 1, need: 2, size: 3 }]);
  });

  it('proposeConfig: learners, then C_old,new (votes per half), then C_new; a marker each', () => {
    const { engine, frame, play, markers } = setup({ seed: 3, servers: 5, members: [1, 2, 3] });
    play(1000);
    const leader = frame().membership.by!;
    engine.handle({ type: 'proposeConfig', members: [1, 2, 3, 4] });
    let f = frame();
    expect(f.membership.learners).toEqual([4]);
    expect(f.servers[3]!.member).toBe('learner');
    let joint: Frame | null = null;
    for (let i = 0; i < 500 && !joint; i++) {
      engine.handle({ type: 'step' });
      f = frame();
      if (f.membership.old) joint = f;
    }
    expect(joint!.membership).toMatchObject({
      members: [1, 2, 3, 4],
      old: [1, 2, 3],
      need: 3,
      oldNeed: 2,
    });
    expect(joint!.servers[leader - 1]!.config).toEqual({ members: [1, 2, 3, 4], old: [1, 2, 3] });
    expect(joint!.servers[3]).toMatchObject({ member: 'voter', change: 'joining' });
    const leaderQuorum = joint!.servers[leader - 1]!.quorum.map((h) => h.half);
    expect(leaderQuorum).toEqual(['new', 'old']);
    play(1000);
    f = frame();
    expect(f.membership).toMatchObject({ members: [1, 2, 3, 4], old: null, committed: true });
    const texts = markers()
      .filter((m) => m.kind === 'config')
      .map((m) => m.text);
    expect(texts[0]).toMatch(/^Membership change asked of S\d: \{S1, S2, S3, S4\}$/);
    // C_old,new commits and C_new is appended in the same step (§6): one marker for both.
    expect(texts.slice(1)).toEqual([
      `S${leader} appends C_old,new {S1, S2, S3} → {S1, S2, S3, S4} at index 2`,
      `S${leader} appends C_new {S1, S2, S3, S4} at index 3 (C_old,new committed)`,
      'C_new {S1, S2, S3, S4} committed',
    ]);
  });

  it('a change the leader would refuse is not taken: a notice says why, nothing recorded', () => {
    const { engine, frame, play, notices, markers } = setup({
      seed: 3,
      servers: 5,
      membership: 'single',
    });
    engine.handle({ type: 'proposeConfig', members: [1, 2, 3] });
    expect(notices().at(-1)).toMatch(/^No leader/);
    play(1000);
    engine.handle({ type: 'proposeConfig', members: [1, 2, 3] });
    expect(notices().at(-1)).toMatch(/refuses the membership change: one server at a time/);
    expect(markers().filter((m) => m.kind === 'config')).toEqual([]);
    engine.handle({ type: 'proposeConfig', members: [1, 2, 3, 4] });
    play(500);
    expect(frame().membership.members).toEqual([1, 2, 3, 4]);
  });
});
