import { describe, expect, it } from 'vitest';
import type { Command, WorkerMessage } from '../protocol/index.ts';
import { resolveRunOptions } from '../model/options.ts';
import { Engine } from '../worker/engine.ts';
import { createAppStore } from './store.ts';
import { createLessonStore, readLessonParams } from './lessons.ts';

/** The app store wired to a real engine, as the page does, with frames pulled after each command. */
function setup() {
  const queue: Command[] = [];
  let engine: Engine | null = null;
  const app = createAppStore((c) => queue.push(c), {
    speed: 0.01,
    theme: 'light',
    options: resolveRunOptions({ seed: 1 }),
  });
  const deliver = (m: WorkerMessage) => {
    const s = app.getState();
    if (m.type === 'frame') s.applyFrame(m);
    else if (m.type === 'scenario') s.receiveScenario(m);
    else if (m.type === 'notice') s.notice(m);
  };
  /** Works off every command sent so far, with a frame after them (the first builds the engine, as in worker.ts). */
  const flush = () => {
    for (let i = 0; i < 500 && queue.length > 0; i++) {
      while (queue.length > 0) {
        const c = queue.shift()!;
        if (engine === null) {
          if (c.type === 'newRun')
            engine = new Engine(deliver, () => 0, c.options, c.speed ?? 0.01, c.playing ?? false);
        } else engine.handle(c);
      }
      engine!.handle({ type: 'pull' });
    }
  };
  // The page's first command, through the store (it counts what a frame's `ack` answers).
  app.getState().start(false);
  flush();
  const links: string[] = [];
  const lessons = createLessonStore(app, {
    remember: () => {},
    linkFor: (q, s) => {
      links.push(q);
      return `${q}${s ? '#s' : ''}`;
    },
  });
  return { app, lessons, flush };
}

describe('the lesson store', () => {
  it('walks a lesson: a task done by the run, a question read off it, Restart step', () => {
    const { app, lessons, flush } = setup();
    lessons.getState().start('commit-rule');
    expect(lessons.getState().busy).toBe(true);
    flush();
    expect(lessons.getState()).toMatchObject({ busy: false, index: 0, done: false });
    expect(app.getState().frame!.events).toBe(0);
    for (let i = 0; i < 20 && !lessons.getState().done; i++) {
      app.getState().notable(1);
      flush();
    }
    expect(lessons.getState().done).toBe(true);
    expect(app.getState().frame!.servers[0]!.role).toBe('leader');

    lessons.getState().next();
    flush();
    expect(app.getState().frame!.events).toBe(23);
    expect(lessons.getState().stepLink()).toBe('?lesson=commit-rule&step=2');
    // An answer already in the picture needs no command, and no frame, to be read.
    lessons.getState().choose('yes');
    expect(lessons.getState().answer).toEqual({ chosen: 'yes', actual: 'no' });

    lessons.getState().next();
    flush();
    lessons.getState().choose('S5');
    flush();
    expect(lessons.getState().answer).toEqual({ chosen: 'S5', actual: 'S5' });
    expect(lessons.getState().stepLink()).toBe('?lesson=commit-rule&step=3#s');

    // Restart step: back to where step 3 began, the answer cleared.
    const leader = app.getState().frame!.servers.find((s) => s.role === 'leader')!.id;
    lessons.getState().restart();
    flush();
    expect(lessons.getState().answer).toBeNull();
    expect(app.getState().frame!.events).toBe(23);
    expect(app.getState().frame!.servers[leader - 1]!.role).not.toBe('leader');

    // A reveal that steps until the logs match.
    lessons.getState().choose('S5');
    flush();
    lessons.getState().next();
    flush();
    lessons.getState().choose('no');
    flush();
    expect(lessons.getState().answer).toEqual({ chosen: 'no', actual: 'yes' });
  });

  it('a new run that is not the lesson’s ends it', () => {
    const { app, lessons, flush } = setup();
    lessons.getState().start('leader-election');
    flush();
    expect(lessons.getState().lesson?.id).toBe('leader-election');
    app.getState().newRun();
    flush();
    expect(lessons.getState().lesson).toBeNull();
  });

  it('reads a step link', () => {
    expect(readLessonParams('?lesson=commit-rule&step=3')).toEqual({ id: 'commit-rule', step: 3 });
    expect(readLessonParams('?lesson=x&step=-2')).toEqual({ id: 'x', step: 1 });
    expect(readLessonParams('?seed=3')).toBeNull();
  });
});
