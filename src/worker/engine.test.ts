import { describe, expect, it } from 'vitest';
import type {
  EventFrame,
  Frame,
  RunOptions,
  ScenarioMessage,
  WorkerMessage,
} from '../protocol/index.ts';
import { MINOR_KEPT, NARRATION_EVERY_EVENTS, NOTABLE_KEPT } from './narration.ts';
import { resolveRunOptions } from '../model/options.ts';
import { presetById } from '../scenario/presets.ts';
import { Engine } from './engine.ts';
import { decodeScenario, encodeScenario } from '../scenario/codec.ts';

const options: RunOptions = resolveRunOptions({ seed: 7, clientLoadPerSecond: 5 });

function setup() {
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
    const f = out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
    return f;
  };
  const play = (ms: number) => {
    engine.handle({ type: 'play' });
    for (let t = 0; t < ms; t += 50) {
      wall += 50;
      frame();
    }
    engine.handle({ type: 'pause' });
  };
  const snapshot = (f: Frame) =>
    JSON.stringify({ s: f.servers, m: f.messages.map((x) => x.id), now: f.simNow, e: f.events });
  return { engine, out, frame, play, snapshot };
}

describe('Engine on a timeline', () => {
  it('seeking back then forward lands on identical states', () => {
    const { engine, frame, play, snapshot } = setup();
    play(1500);
    const mid = frame();
    play(1500);
    const end = frame();
    engine.handle({ type: 'seek', to: { time: mid.simNow, events: mid.events } });
    expect(snapshot(frame())).toBe(snapshot(mid));
    engine.handle({ type: 'seek', to: { time: end.simNow, events: end.events } });
    expect(snapshot(frame())).toBe(snapshot(end));
  });

  it('works on the latest of several seeks only, and never past the head', () => {
    const { engine, frame, play } = setup();
    play(2000);
    const head = frame().timeline.head;
    for (let t = 100; t <= 1000; t += 100)
      engine.handle({ type: 'seek', to: { time: t, events: Infinity } });
    const f = frame();
    expect(f.simNow).toBe(1000);
    expect(f.jumped).toBe(true);
    engine.handle({ type: 'seek', to: { time: 1e9, events: 0 } });
    const g = frame();
    expect({ time: g.simNow, events: g.events }).toEqual(head);
  });

  it('steps back exactly one event, and Step returns to the same state', () => {
    const { engine, frame, play, snapshot } = setup();
    play(800);
    const before = frame();
    engine.handle({ type: 'stepBack' });
    const back = frame();
    expect(back.events).toBe(before.events - 1);
    engine.handle({ type: 'step' });
    const again = frame();
    expect(again.events).toBe(before.events);
    expect(JSON.stringify(again.servers)).toBe(JSON.stringify(frame().servers));
    void snapshot;
  });

  it('Step ×5 then Step back ×5 passes through the same moments, clock included', () => {
    const { engine, frame, play } = setup();
    play(587);
    const moment = (f: Frame) =>
      JSON.stringify({ now: f.now, e: f.events, s: f.servers, m: f.messages.map((x) => x.id) });
    const forward = [moment(frame())];
    for (let i = 0; i < 5; i++) {
      engine.handle({ type: 'step' });
      const f = frame();
      // A Step shows the clock at the event it processed.
      expect(f.now).toBe(f.simNow);
      forward.push(moment(f));
    }
    for (let i = 4; i >= 0; i--) {
      engine.handle({ type: 'stepBack' });
      expect(moment(frame())).toBe(forward[i]);
    }
    // Without Steps before it, Step back shows the moment a Step to that event shows.
    play(300);
    const here = frame();
    engine.handle({ type: 'stepBack' });
    engine.handle({ type: 'stepBack' });
    engine.handle({ type: 'step' });
    const stepped = frame();
    engine.handle({ type: 'seek', to: { time: here.simNow, events: here.events } });
    frame();
    engine.handle({ type: 'stepBack' });
    expect(moment(frame())).toBe(moment(stepped));
  });

  it('acting in the past forks; Undo restores the dropped future', () => {
    const { engine, frame, play } = setup();
    play(2000);
    const end = frame();
    const headBefore = end.timeline.head;
    engine.handle({ type: 'seek', to: { time: 600, events: Infinity } });
    frame();
    const leader = frame().servers.find((s) => s.role === 'leader' && s.up)!;
    engine.handle({ type: 'crash', id: leader.id });
    const forked = frame();
    expect(forked.timeline.canUndo).toBe(true);
    expect(forked.timeline.head.time).toBe(600);
    engine.handle({ type: 'undo' });
    const undone = frame();
    expect(undone.timeline.head).toEqual(headBefore);
    expect(undone.timeline.canUndo).toBe(false);
    engine.handle({ type: 'seek', to: { time: end.simNow, events: end.events } });
    expect(JSON.stringify(frame().servers)).toBe(JSON.stringify(end.servers));
  });

  it('collects markers: elections, leaders, commits and the user’s crashes', () => {
    const { engine, frame, play } = setup();
    play(1000);
    const leader = frame().servers.find((s) => s.role === 'leader' && s.up)!;
    engine.handle({ type: 'crash', id: leader.id });
    play(1500);
    engine.handle({ type: 'heal' });
    const kinds = new Set((frame().timeline.markers ?? []).map((m) => m.kind));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['election', 'leader', 'commit', 'crash', 'heal']),
    );
  });

  it('gives the scenario at the current moment, and loading it lands on the same state and hash', () => {
    const a = setup();
    a.play(1200);
    a.engine.handle({ type: 'crash', id: 2 });
    a.play(700);
    const fa = a.frame();
    a.engine.handle({ type: 'scenario', purpose: 'share' });
    const msg = a.out.find((m): m is ScenarioMessage => m.type === 'scenario')!;
    expect(msg.scenario.moment).toMatchObject({ time: fa.simNow, events: fa.events });
    const b = setup();
    b.engine.handle({ type: 'load', scenario: msg.scenario, source: 'The link' });
    const fb = b.frame();
    expect(b.out.some((m) => m.type === 'notice')).toBe(false);
    expect(JSON.stringify(fb.servers)).toBe(JSON.stringify(fa.servers));
    expect(fb.messages.map((m) => m.id)).toEqual(fa.messages.map((m) => m.id));
    expect(fb.playing).toBe(false);
  });

  it('a link made before the last action opens at its moment, with the later actions as its future', () => {
    const a = setup();
    a.play(1200);
    const mid = a.frame();
    a.play(300);
    a.engine.handle({ type: 'crash', id: 2 });
    const crashAt = a.frame();
    a.play(700);
    const end = a.frame();
    a.engine.handle({ type: 'seek', to: { time: mid.simNow, events: mid.events } });
    const fa = a.frame();
    a.engine.handle({ type: 'scenario', purpose: 'share' });
    const s = a.out.find((m): m is ScenarioMessage => m.type === 'scenario')!.scenario;
    expect(s.moment).toMatchObject({ time: mid.simNow, events: mid.events });
    const decoded = decodeScenario(encodeScenario(s));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const b = setup();
    b.engine.handle({ type: 'load', scenario: decoded.scenario, source: 'The link' });
    const fb = b.frame();
    expect(b.out.filter((m) => m.type === 'notice')).toEqual([]);
    expect({ now: fb.simNow, events: fb.events }).toEqual({ now: fa.simNow, events: fa.events });
    expect(JSON.stringify(fb.servers)).toBe(JSON.stringify(fa.servers));
    // The crash is still ahead: Play (here a seek forward) goes through it as recorded.
    expect(fb.timeline.head).toEqual({ time: crashAt.simNow, events: crashAt.events });
    b.play(end.simNow - mid.simNow + 200);
    b.engine.handle({ type: 'seek', to: { time: end.simNow, events: end.events } });
    const fc = b.frame();
    expect(fc.servers[1]!.up).toBe(false);
    expect(fc.events).toBe(end.events);
    expect(JSON.stringify(fc.servers)).toBe(JSON.stringify(end.servers));
  });

  it('says so when a link replays to another hash; a run that cannot be replayed leaves the run as it was', () => {
    const a = setup();
    a.play(500);
    a.engine.handle({ type: 'scenario', purpose: 'share' });
    const s = a.out.find((m): m is ScenarioMessage => m.type === 'scenario')!.scenario;
    const b = setup();
    b.engine.handle({
      type: 'load',
      scenario: { ...s, moment: { ...s.moment!, hash: '0123456789abcdef' } },
      source: 'The link',
    });
    expect(b.out.some((m) => m.type === 'notice' && /different version/.test(m.text))).toBe(true);
    const c = setup();
    c.play(300);
    const before = c.frame();
    c.engine.handle({
      type: 'load',
      scenario: { ...s, actions: [{ at: 10, events: 999_999, call: 'crash', args: [1] }] },
      source: 'The file',
      playOnFailure: true,
    });
    const after = c.frame();
    expect(after.playing).toBe(true);
    expect(c.out.some((m) => m.type === 'notice' && m.level === 'error')).toBe(true);
    expect(after.run).toBe(before.run);
    expect(after.simNow).toBe(before.simNow);
  });

  it('loads a preset paused at its start, with markers over its recorded run', () => {
    const { engine, frame } = setup();
    const p = presetById('leader-crash')!;
    engine.handle({ type: 'load', scenario: p.scenario, source: 'x', at: { time: 0, events: 0 } });
    const f = frame();
    expect(f.simNow).toBe(0);
    expect(f.events).toBe(0);
    expect(f.timeline.head.time).toBeGreaterThan(0);
    expect((f.timeline.markers ?? []).some((m) => m.kind === 'crash')).toBe(true);
    const kinds = new Set((f.timeline.markers ?? []).map((m) => m.kind));
    expect([...kinds]).toEqual(
      expect.arrayContaining(['election', 'leader', 'commit', 'crash', 'restart']),
    );
    // The election of term 2 comes after the crash that caused it.
    const crash = f.timeline.markers!.find((m) => m.kind === 'crash')!;
    expect(f.timeline.markers!.some((m) => m.kind === 'election' && m.time > crash.time)).toBe(
      true,
    );
  });
});

describe('Engine: a horizon past the head (a preset’s story)', () => {
  it('seeks up to the horizon, never past it, collecting the markers on the way', () => {
    const { engine, frame } = setup();
    const p = presetById('first-election')!; // no actions: the head is the start
    const end = { time: p.end.time, events: p.end.events };
    engine.handle({ type: 'load', scenario: p.scenario, source: 'x', at: { time: 0, events: 0 } });
    expect(frame().timeline.horizon).toBeUndefined();
    engine.handle({
      type: 'load',
      scenario: p.scenario,
      source: 'x',
      at: { time: 0, events: 0 },
      horizon: end,
    });
    let f = frame();
    expect(f.timeline.head).toEqual({ time: 0, events: 0 });
    expect(f.timeline.horizon).toEqual(end);
    expect(f.timeline.markers ?? []).toEqual([]); // nothing run yet: nothing told
    // A pause point: S4 leads term 1.
    const at = p.points[1]!;
    engine.handle({ type: 'seek', to: { time: at.time, events: at.events } });
    f = frame();
    expect([f.simNow, f.events]).toEqual([at.time, at.events]);
    expect(f.servers.find((s) => s.id === 4)).toMatchObject({ role: 'leader', term: 1 });
    expect(f.timeline.head).toEqual({ time: at.time, events: at.events });
    expect(f.timeline.markers!.map((m) => m.kind)).toEqual(['election', 'leader']);
    // What the caption and the event log tell is the moment's: the vote, not the start.
    expect(f.narration!.at(-1)!.at).toBe(at.time);
    // Past the horizon: the seek stops there.
    engine.handle({ type: 'seek', to: { time: 5000, events: Infinity } });
    f = frame();
    expect([f.simNow, f.events]).toEqual([end.time, end.events]);
    expect(f.timeline.horizon).toBeUndefined(); // the head has reached it
    // A new run has no horizon.
    engine.handle({ type: 'newRun', options });
    expect(frame().timeline.horizon).toBeUndefined();
  });
});

describe('Engine: the narration after a jump', () => {
  it('tells the events that follow recorded actions (three timeouts at 100 ms, then the votes)', () => {
    const { engine, frame } = setup();
    const p = presetById('split-vote')!;
    const q = p.points[0]!; // every vote of term 1 counted, at 156 ms
    engine.handle({
      type: 'load',
      scenario: p.scenario,
      source: 'x',
      at: { time: q.time, events: q.events },
    });
    const f = frame();
    expect([f.simNow, f.events]).toEqual([q.time, q.events]);
    const told = f.narration!;
    expect(told.at(-1)!.at).toBeGreaterThan(100);
    expect(told.filter((e) => e.at > 100).length).toBeGreaterThan(5);
    // A moment just after the actions: nothing after it is told.
    engine.handle({
      type: 'load',
      scenario: p.scenario,
      source: 'x',
      at: { time: 101, events: Number.MAX_SAFE_INTEGER },
    });
    const g = frame();
    expect(g.simNow).toBe(101);
    expect(g.narration!.every((e) => e.at <= 101)).toBe(true);
    expect(g.narration!.at(-1)!.at).toBe(100);
  });
});

describe('Engine: next notable event', () => {
  it('steps to a notable moment, back to the previous one, and says when it gave up', () => {
    const out: WorkerMessage[] = [];
    const engine = new Engine(
      (m) => out.push(m),
      () => 0,
      resolveRunOptions({ seed: 7 }),
      1,
    );
    const frame = (): Frame => {
      engine.handle({ type: 'pull' });
      return out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
    };
    engine.handle({ type: 'notable', dir: 1 });
    const a = frame();
    expect(a.servers.filter((s) => s.role === 'candidate')).toHaveLength(1);
    expect(a.newEvents.at(-1)!.kind).toBe('election-timeout');
    engine.handle({ type: 'notable', dir: 1 });
    const b = frame();
    expect(b.events).toBeGreaterThan(a.events);
    engine.handle({ type: 'notable', dir: -1 });
    const back = frame();
    expect({ t: back.simNow, e: back.events }).toEqual({ t: a.simNow, e: a.events });
    expect(back.jumped).toBe(true);
    // A settled leader with no clients: nothing but heartbeats for the whole cap.
    engine.handle({ type: 'nextElection' });
    engine.handle({ type: 'step' });
    const capped = () =>
      out.some(
        (m) =>
          m.type === 'notice' && m.text.startsWith('Nothing notable within 10 virtual seconds'),
      );
    for (let i = 0; i < 40 && !capped(); i++) engine.handle({ type: 'notable', dir: 1 });
    expect(capped()).toBe(true);
  });
});

describe('Narration at the moment shown', () => {
  const quiet: RunOptions = resolveRunOptions({ seed: 9 });
  const EVENTS_PER_FRAME_MAX_SENT = 300;
  const strip = (e: EventFrame) =>
    `${e.n}@${e.at} ${e.text} ${e.notes.map((n) => n.text).join('; ')}`;

  function engineOf(o: RunOptions) {
    const out: WorkerMessage[] = [];
    let wall = 0;
    const engine = new Engine(
      (m) => out.push(m),
      () => wall,
      o,
      100,
    );
    const frame = (): Frame => {
      engine.handle({ type: 'pull' });
      return out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
    };
    const play = (ms: number, live: EventFrame[] = []) => {
      engine.handle({ type: 'play' });
      for (let t = 0; t < ms; t += 50) {
        wall += 50;
        live.push(...frame().newEvents);
      }
      engine.handle({ type: 'pause' });
      live.push(...frame().newEvents);
      return live;
    };
    return { engine, out, frame, play };
  }

  it('after a seek, tells the newest notable events however many heartbeats came after them', () => {
    const a = engineOf(quiet);
    const live = a.play(1500); // 150 virtual seconds at 100x: one election, then heartbeats
    const end = a.frame();
    expect(end.events).toBeGreaterThan(3 * NARRATION_EVERY_EVENTS);
    const notable = live.filter((e) => !e.minor);
    const lastNotable = notable.at(-1)!;
    expect(lastNotable.n).toBeLessThan(NARRATION_EVERY_EVENTS);
    // A moment long after the last notable event, in a stretch the seek has not shown.
    const target = live.find((e) => e.n >= end.events - 2500)!;
    a.engine.handle({ type: 'seek', to: { time: target.at, events: target.n } });
    const f = a.frame();
    expect(f.jumped).toBe(true);
    const told = f.narration!;
    const want = live.filter((e) => e.n <= target.n);
    expect(told.filter((e) => !e.minor).map(strip)).toEqual(
      want
        .filter((e) => !e.minor)
        .slice(-NOTABLE_KEPT)
        .map(strip),
    );
    // Only heartbeats since: the last MINOR_KEPT events, every one of them.
    expect(told.filter((e) => e.minor).map((e) => e.n)).toEqual(
      Array.from({ length: MINOR_KEPT }, (_, i) => target.n - MINOR_KEPT + 1 + i),
    );
    // The newest row is the last event processed: what the moment shows.
    expect(told.at(-1)!.n).toBe(target.n);

    // A link to that moment, opened fresh, tells the same.
    a.engine.handle({ type: 'scenario', purpose: 'share' });
    const s = a.out.find((m): m is ScenarioMessage => m.type === 'scenario')!.scenario;
    const b = engineOf(quiet);
    b.engine.handle({ type: 'load', scenario: s, source: 'The link' });
    expect(b.frame().narration!.map(strip)).toEqual(told.map(strip));
  });

  it('tells recorded actions in the past, and a Step back or a jump to the start', () => {
    const a = engineOf(quiet);
    a.play(5);
    a.engine.handle({ type: 'crash', id: 3 });
    const crash = a.frame().newEvents.find((e) => e.action)!;
    expect(crash.text).toMatch(/S3 crashes/);
    a.play(20);
    a.engine.handle({ type: 'seek', to: { time: crash.at, events: crash.n } });
    const told = a.frame().narration!;
    expect(told.at(-1)!.text).toBe(crash.text);
    a.engine.handle({ type: 'seek', to: { time: 0, events: 0 } });
    expect(a.frame().narration).toEqual([]);
  });

  it('sends notable events ahead of heartbeats when a frame holds many', () => {
    const a = engineOf(quiet);
    // One frame at 100x: 5 virtual seconds, an election then hundreds of heartbeats.
    const live = a.play(50);
    expect(a.frame().events).toBeGreaterThan(EVENTS_PER_FRAME_MAX_SENT);
    expect(live.some((e) => / wins the election/.test(e.notes.map((n) => n.text).join(' ')))).toBe(
      true,
    );
  });
});

describe('The client panel at the moment shown', () => {
  it('after a jump lists the requests made by then, as many as it counts', () => {
    const { engine, frame } = setup();
    const p = presetById('leader-crash')!;
    engine.handle({ type: 'load', scenario: p.scenario, source: 'The preset' });
    const head = frame().timeline.head;
    engine.handle({ type: 'seek', to: head });
    const end = frame();
    const submits = p.scenario.actions.filter((a) => a.call === 'submit');
    expect(end.ops.map((o) => o.command)).toEqual(submits.map((a) => a.args[0]));
    expect(end.opCount).toBe(end.ops.length + end.loadOps.length);
    const first = submits[0]!;
    engine.handle({ type: 'seek', to: { time: first.at - 1, events: first.events } });
    const early = frame();
    expect(early.ops).toEqual([]);
    expect(early.opCount).toBe(0);
  });
});

describe('Engine: partition', () => {
  it('cuts every link between groups at once; bad groups change nothing and say why', () => {
    const { engine, out, frame } = setup();
    engine.handle({
      type: 'partition',
      groups: [
        [1, 2],
        [2, 3],
      ],
    });
    expect(out.filter((m) => m.type === 'notice').at(-1)).toMatchObject({
      level: 'error',
      text: expect.stringContaining('S2 is named in two groups'),
    });
    expect(frame().links[1]![3]).toBe(true);
    engine.handle({
      type: 'partition',
      groups: [
        [1, 2],
        [3, 4, 5],
      ],
    });
    const f = frame();
    expect(f.links[1]![2] && f.links[2]![1] && f.links[3]![5]).toBe(true);
    for (const a of [1, 2])
      for (const b of [3, 4, 5]) expect(f.links[a]![b] || f.links[b]![a]).toBe(false);
    expect(f.timeline.markers?.some((m) => m.kind === 'partition')).toBe(true);
  });
});

describe('Engine: issue 11 commands', () => {
  it('transferLeadership hands leadership from the current leader to the target, as a recorded action', () => {
    const { engine, out, frame, play } = setup();
    play(1500);
    const leader = frame().servers.find((s) => s.up && s.role === 'leader')!;
    const to = leader.id === 1 ? 2 : 1;
    engine.handle({ type: 'transferLeadership', to });
    engine.handle({ type: 'scenario', purpose: 'share' });
    const sc = out.filter((m): m is ScenarioMessage => m.type === 'scenario').at(-1)!;
    expect(sc.scenario.actions.at(-1)).toMatchObject({
      call: 'transferLeadership',
      args: [leader.id, to],
    });
    play(1000);
    const after = frame().servers;
    expect(after.find((s) => s.up && s.role === 'leader' && s.term > leader.term)?.id).toBe(to);
  });

  it('transferLeadership to the leader itself changes nothing and says so', () => {
    const { engine, out, frame, play } = setup();
    play(1500);
    const leader = frame().servers.find((s) => s.up && s.role === 'leader')!;
    engine.handle({ type: 'transferLeadership', to: leader.id });
    expect(out.at(-1)).toMatchObject({ type: 'notice', text: `S${leader.id} already leads.` });
  });

  it('settings carry the switches to the run, and frames carry each server’s snapshot', () => {
    const { engine, frame, play } = setup();
    engine.handle({
      type: 'settings',
      runtime: { preVote: true, checkQuorum: true, readMode: 'lease', snapshotThreshold: 3 },
    });
    play(3000);
    const f = frame();
    expect(f.options).toMatchObject({
      preVote: true,
      checkQuorum: true,
      readMode: 'lease',
      snapshotThreshold: 3,
    });
    const snap = f.servers.find((s) => s.snapshot !== null)?.snapshot;
    expect(snap?.index).toBeGreaterThan(0);
    expect(snap?.term).toBeGreaterThan(0);
  });
});

describe('Engine: a run has a ceiling (RUN_RECORDS_MAX)', () => {
  // A small ceiling, as the app's 2,000,000 would take minutes to reach.
  function capped(max: number) {
    const out: WorkerMessage[] = [];
    let wall = 0;
    const o = resolveRunOptions({ seed: 3, servers: 3, clientLoadPerSecond: 50 });
    const engine = new Engine(
      (m) => out.push(m),
      () => wall,
      o,
      10,
      false,
      max,
    );
    const frame = (): Frame => {
      engine.handle({ type: 'pull' });
      return out.filter((m): m is Frame => m.type === 'frame').at(-1)!;
    };
    const warnings = () =>
      out.flatMap((m) => (m.type === 'notice' && m.level === 'warning' ? [m.text] : []));
    const tick = (n: number) => {
      for (let i = 0; i < n; i++) {
        wall += 50;
        frame();
      }
    };
    return { engine, frame, warnings, tick };
  }

  it('stops playing at the ceiling with a warning, and goes no further by Play, Step or a jump', () => {
    const { engine, frame, warnings, tick } = capped(200);
    engine.handle({ type: 'play' });
    tick(200); // 100 virtual seconds at 10x: 5,000 requests if nothing stopped it
    const f = frame();
    expect(f.playing).toBe(false);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(
      /^This run has recorded 200 (log entries|client requests), as many as one run keeps in memory: it stops here\./,
    );
    // Stopped within a frame of the ceiling (a frame at 10x is 500 virtual ms: 25 requests).
    expect(f.opCount).toBeGreaterThan(150);
    expect(f.opCount).toBeLessThan(260);
    const at = { time: f.simNow, events: f.events, playing: false };
    for (const c of [
      { type: 'play' },
      { type: 'step' },
      { type: 'nextElection' },
      { type: 'notable', dir: 1 },
    ] as const) {
      engine.handle(c);
      tick(20);
      const g = frame();
      expect({ time: g.simNow, events: g.events, playing: g.playing }).toEqual(at);
    }
    expect(warnings()).toHaveLength(5);
  });

  it('lets the past be played again, up to the ceiling', () => {
    const { engine, frame, warnings, tick } = capped(200);
    engine.handle({ type: 'play' });
    tick(200);
    const end = frame();
    const half = Math.floor(end.simNow / 2);
    engine.handle({ type: 'seek', to: { time: half, events: Infinity } });
    expect(frame().simNow).toBe(half);
    engine.handle({ type: 'step' });
    expect(frame().simNow).toBeGreaterThanOrEqual(half);
    engine.handle({ type: 'play' });
    tick(200);
    const again = frame();
    // Stopped again at the ceiling: frames fall elsewhere, so within the first run's last second.
    expect(again.playing).toBe(false);
    expect(again.events).toBeLessThanOrEqual(end.events);
    expect(again.simNow).toBeGreaterThan(end.simNow - 1000);
    expect(warnings()).toHaveLength(2);
  });
});
