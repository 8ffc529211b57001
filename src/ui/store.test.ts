import { describe, expect, it } from 'vitest';
import type { Command, Frame } from '../protocol/index.ts';
import { presetById } from '../scenario/presets.ts';
import { Engine } from '../worker/engine.ts';
import { createAppStore, mergeFrame, nextCommand, NOTICE_FADE_MS, type StoreEnv } from './store.ts';
import { frame, options } from './testing.ts';

function setup() {
  const sent: Command[] = [];
  const store = createAppStore((c) => sent.push(c), { speed: 0.01, theme: 'light', options });
  return { sent, store, s: () => store.getState() };
}

describe('store', () => {
  it('sends playback commands and sets the state at once', () => {
    const { sent, s } = setup();
    s().play();
    expect(s().playing).toBe(true);
    s().togglePlay();
    expect(s().playing).toBe(false);
    s().setSpeed(1000);
    expect(s().speed).toBe(100);
    expect(sent.map((c) => c.type)).toEqual(['play', 'pause', 'speed']);
  });

  it('keeps its own playback state until the worker has seen the command', () => {
    const { s } = setup();
    s().play();
    s().applyFrame(frame({ ack: 0, playing: false }));
    expect(s().playing).toBe(true); // a stale frame
    s().applyFrame(frame({ ack: 1, playing: false }));
    expect(s().playing).toBe(false);
  });

  it('a frame the worker made before Play does not undo it: Space twice plays, then pauses', () => {
    // Wired as the page is: the store's first command builds the engine (src/worker/worker.ts).
    const { sent, s } = setup();
    s().start(false);
    const boot = sent.shift()!;
    if (boot.type !== 'newRun') throw new Error(`the first command is ${boot.type}`);
    const made: Frame[] = [];
    const engine = new Engine(
      (m) => void (m.type === 'frame' && made.push(m)),
      () => 0,
      boot.options,
      boot.speed ?? 0.01,
      boot.playing,
    );
    const work = () => {
      while (sent.length > 0) engine.handle(sent.shift()!);
      engine.handle({ type: 'pull' });
      return made.at(-1)!;
    };
    s().applyFrame(work());
    expect(s().playing).toBe(false);
    // Step, and its frame is still on its way when Space plays.
    s().step();
    const stepped = work();
    s().togglePlay();
    s().applyFrame(stepped);
    expect(s().playing).toBe(true);
    s().togglePlay();
    expect(sent.map((c) => c.type)).toEqual(['play', 'pause']);
    s().applyFrame(work());
    expect(s().playing).toBe(false);
    expect(s().frame!.playing).toBe(false);
  });

  it('merges log windows: a window not resent keeps its reference', () => {
    const { s } = setup();
    const w1 = { server: 1, from: 1, entries: [{ term: 1, command: null }] };
    const w2 = { server: 2, from: 1, entries: [] };
    s().applyFrame(frame({ logs: [w1, w2] }));
    const w2b = { server: 2, from: 1, entries: [{ term: 1, command: 'set x 1' }] };
    s().applyFrame(frame({ logs: [w2b] }));
    expect(s().logs[1]).toBe(w1);
    expect(s().logs[2]).toBe(w2b);
    s().applyFrame(frame({ run: 2, logs: [] }));
    expect(s().logs).toEqual({});
  });

  it('keeps events newest first and forgets a selected message once delivered', () => {
    const { s } = setup();
    const ev = (id: number) => ({
      id,
      n: id,
      at: id,
      kind: 'deliver',
      servers: [1],
      text: `e${id}`,
      notes: [],
      minor: false,
    });
    const msg = {
      id: 7,
      type: 'RequestVote' as const,
      from: 1,
      to: 2,
      term: 1,
      sentAt: 0,
      deliverAt: 10,
      label: 'RV',
      ok: true,
      summary: '',
      fields: {},
    };
    s().applyFrame(frame({ newEvents: [ev(1), ev(2)], messages: [msg] }));
    s().selectMessage(7);
    s().applyFrame(frame({ newEvents: [ev(3)], messages: [msg] }));
    expect(s().events.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(s().selectedMessage).toBe(7);
    s().applyFrame(frame());
    expect(s().selectedMessage).toBeNull();
  });

  it('checks a command before sending it, and offers the next one', () => {
    const { sent, s } = setup();
    s().setCommandText('sett x');
    expect(s().sendCommand()).toBe(false);
    expect(s().commandError).toMatch(/Unknown command/);
    s().setCommandText('set x 3');
    expect(s().sendCommand(2)).toBe(true);
    expect(sent.at(-1)).toEqual({ type: 'submit', command: 'set x 3', to: 2 });
    expect(s().commandText).toBe('set x 4');
    expect(nextCommand('get x')).toBe('get x');
  });

  it('clicking a link cuts both ways, clicking a cut one restores both', () => {
    const { sent, s } = setup();
    const up = [
      [false, false, false],
      [false, false, true],
      [false, true, false],
    ];
    s().applyFrame(frame({ links: up }));
    s().toggleLink(1, 2);
    expect(sent.slice(-2)).toEqual([
      { type: 'setLink', from: 1, to: 2, up: false },
      { type: 'setLink', from: 2, to: 1, up: false },
    ]);
    s().applyFrame(
      frame({
        links: [
          [false, false, false],
          [false, false, true],
          [false, false, false],
        ],
      }),
    );
    s().toggleLink(1, 2);
    expect(sent.at(-1)).toEqual({ type: 'setLink', from: 2, to: 1, up: true });
  });

  it('changing the server count starts a new run; other settings apply in place', () => {
    const { sent, s } = setup();
    s().applyFrame(frame());
    s().applySettings({ ...options, heartbeatMs: 80 });
    expect(sent.at(-1)?.type).toBe('settings');
    s().applySettings({ ...options, servers: 7 });
    expect(sent.some((c) => c.type === 'newRun')).toBe(true);
  });
});

describe('store: timeline and scenarios', () => {
  it('seeks, steps back and undoes, pausing at once', () => {
    const { sent, s } = setup();
    s().play();
    s().seek({ time: 120, events: 7 });
    expect(s().playing).toBe(false);
    s().stepBack();
    s().undo();
    s().jumpTo({ at: 40, n: 3 });
    expect(sent.slice(-4)).toEqual([
      { type: 'seek', to: { time: 120, events: 7 } },
      { type: 'stepBack' },
      { type: 'undo' },
      { type: 'seek', to: { time: 40, events: 3 } },
    ]);
  });

  it('after a jump keeps only the events up to the moment shown', () => {
    const { s } = setup();
    const ev = (n: number, at: number) => ({
      id: n,
      n,
      at,
      kind: 'deliver',
      servers: [1],
      text: `e${n}`,
      notes: [],
      minor: false,
    });
    s().applyFrame(frame({ newEvents: [ev(1, 10), ev(2, 20), ev(3, 30)] }));
    expect(s().events.map((e) => e.n)).toEqual([3, 2, 1]);
    s().applyFrame(frame({ jumped: true, events: 2, simNow: 20 }));
    expect(s().events.map((e) => e.n)).toEqual([2, 1]);
  });

  it('keeps the markers until the worker sends new ones', () => {
    const { s } = setup();
    const marker = { time: 5, events: 1, kind: 'crash' as const, server: 1, text: 'S1 crashes' };
    const tl = { head: { time: 5, events: 1 }, canUndo: false, markersVersion: 1 };
    s().applyFrame(frame({ timeline: { ...tl, markers: [marker] } }));
    s().applyFrame(frame({ timeline: tl }));
    expect(s().markers).toEqual([marker]);
    expect(mergeFrame(s(), frame({ run: 2, timeline: tl })).markers).toEqual([]);
  });

  it('refuses a bad file with a message and sends nothing', () => {
    const { sent, s } = setup();
    const n = sent.length;
    s().importText('{"format":"raftlab-scenario"', 'x.json');
    s().importText(
      '{"format":"raftlab-scenario","version":1,"engine":1,"options":{"servers":99},"actions":[]}',
      'y.json',
    );
    expect(sent.length).toBe(n);
    expect(s().notices.map((x) => x.level)).toEqual(['error', 'error']);
    expect(s().notices[0]!.text).toMatch(/Could not import x\.json: .*not valid JSON/);
    expect(s().notices[1]!.text).toMatch(/y\.json/);
  });

  it('loads a preset paused at its start and shows its explanation', () => {
    const { sent, s } = setup();
    s().loadPreset('first-election');
    const p = presetById('first-election')!;
    expect(sent.at(-1)).toMatchObject({
      type: 'load',
      at: { time: 0, events: 0 },
      horizon: { time: p.end.time, events: p.end.events },
    });
    expect(s().explanation).toEqual({ id: p.id, title: p.title });
    expect(s().playing).toBe(false);
    s().dismissExplanation();
    expect(s().explanation).toBeNull();
  });

  it('goes to the next pause point, and on to the one after when asked twice before a frame', () => {
    const { sent, s } = setup();
    s().loadPreset('first-election');
    const p = presetById('first-election')!;
    const at = (i: number) => ({ time: p.points[i]!.time, events: p.points[i]!.events });
    s().applyFrame(frame({ ack: 0, simNow: 0, events: 0 }));
    s().nextPausePoint();
    expect(sent.at(-1)).toEqual({ type: 'seek', to: at(0) });
    s().nextPausePoint(); // no frame yet: the next one, not the same again
    expect(sent.at(-1)).toEqual({ type: 'seek', to: at(1) });
    // A frame at the last pause point: nothing after it, and a notice says so.
    s().applyFrame(frame({ ack: 999, simNow: p.end.time, events: p.end.events }));
    const n = sent.length;
    s().nextPausePoint();
    expect(sent.length).toBe(n);
    expect(s().notices.at(-1)?.text).toMatch(/end of the story/);
  });

  it('asks for the address bar’s scenario after acting, at most once a second', () => {
    let t = 0;
    const timers: (() => void)[] = [];
    const written: unknown[] = [];
    const env: StoreEnv = {
      clock: { now: () => t, later: (fn) => void timers.push(fn) },
      writeFragment: (x) => written.push(x),
      linkFor: () => 'link',
      download: () => {},
    };
    const sent: Command[] = [];
    const store = createAppStore((c) => sent.push(c), { speed: 1, theme: 'light', options }, env);
    const s = () => store.getState();
    const asks = () => sent.filter((c) => c.type === 'scenario').length;
    s().crash(1);
    expect(asks()).toBe(1);
    t = 100;
    s().restart(1);
    s().heal();
    s().pause();
    expect(asks()).toBe(1);
    t = 1000;
    timers.splice(0).forEach((fn) => fn());
    expect(asks()).toBe(2);
    s().setSpeed(2); // not an action
    expect(asks()).toBe(2);
    const scenario = presetById('split-vote')!.scenario;
    s().receiveScenario({ type: 'scenario', purpose: 'fragment', scenario });
    s().receiveScenario({ type: 'scenario', purpose: 'share', scenario });
    expect(written).toEqual([scenario]);
    expect(s().shareLink).toBe('link');
  });

  it('lets information fade and keeps warnings and errors until dismissed', () => {
    const timers: { fn: () => void; ms: number }[] = [];
    const env: StoreEnv = {
      clock: { now: () => 0, later: (fn, ms) => void timers.push({ fn, ms }) },
      writeFragment: () => {},
      linkFor: () => '',
      download: () => {},
    };
    const store = createAppStore(() => {}, { speed: 1, theme: 'light', options }, env);
    const s = () => store.getState();
    s().notice({ level: 'error', text: 'broken' });
    s().notice({ level: 'info', text: 'clamped' });
    s().notice({ level: 'warning', text: 'stopped' });
    s().notice({ level: 'warning', text: 'stopped' }); // said again: still one
    expect(s().notices.map((n) => n.text)).toEqual(['broken', 'clamped', 'stopped']);
    expect(timers.map((t) => t.ms)).toEqual([NOTICE_FADE_MS]);
    timers.splice(0).forEach((t) => t.fn());
    expect(s().notices.map((n) => n.text)).toEqual(['broken', 'stopped']);
    s().dismissNotice(s().notices[0]!.id);
    s().dismissNotice(s().notices[0]!.id);
    expect(s().notices).toEqual([]);
    // A notice that offers a reload stays until acted on, however many come after it.
    s().notice({ level: 'info', text: 'new version', reload: true });
    for (let i = 0; i < 6; i++) s().notice({ level: 'info', text: `elected ${i}` });
    timers.splice(0).forEach((t) => t.fn());
    expect(s().notices).toEqual([
      { id: expect.any(Number), level: 'info', text: 'new version', reload: true },
    ]);
  });
});

describe('store: the space-time diagram', () => {
  const answer = (seq: number, run = 1) => ({
    type: 'diagram' as const,
    run,
    seq,
    from: 0,
    to: 100,
    arrows: [],
    dots: [],
    bands: [],
    down: [],
    buckets: [],
  });

  it('asks one question at a time; asked meanwhile, only the newest follows the answer', () => {
    const { sent, s } = setup();
    s().applyFrame(frame({ run: 1 }));
    const q = (from: number) => ({ from, to: from + 100, width: 500, heartbeats: false });
    s().queryDiagram(q(0));
    s().queryDiagram(q(10));
    s().queryDiagram(q(20));
    const asked = () => sent.filter((c) => c.type === 'diagram');
    expect(asked()).toHaveLength(1);
    s().receiveDiagram(answer(1));
    expect(s().diagram?.seq).toBe(1);
    expect(asked()).toHaveLength(2);
    expect(asked()[1]).toMatchObject({ from: 20, to: 120 });
    s().receiveDiagram(answer(2));
    expect(asked()).toHaveLength(2);
    // A question is not an act: it does not hold the playback state back.
    expect(s().commandsSent()).toBe(0);
  });

  it('drops an answer about an older run', () => {
    const { s } = setup();
    s().applyFrame(frame({ run: 2 }));
    s().queryDiagram({ from: 0, to: 100, width: 500, heartbeats: false });
    s().receiveDiagram(answer(1, 1));
    expect(s().diagram).toBeNull();
  });
});
