import { describe, expect, it } from 'vitest';
import type { Command, EventFrame, Frame } from '../protocol/index.ts';
import { createPacer, PANEL_GROUPS, PANEL_INTERVAL_MS } from './pace.ts';
import { createAppStore, type StoreEnv } from './store.ts';
import { frame as baseFrame, options } from './testing.ts';

describe('pacer', () => {
  it('brings every group up to date when asked to', () => {
    const p = createPacer(100);
    expect(p.due(0, true)).toEqual(PANEL_GROUPS);
    expect(p.due(1, true)).toEqual(PANEL_GROUPS);
  });

  it('while playing, one group at most per frame, each about once per interval', () => {
    const p = createPacer(100);
    const seen = new Map<string, number[]>();
    for (let t = 0; t <= 1000; t += 16) {
      const due = p.due(t, false);
      expect(due.length).toBeLessThanOrEqual(1);
      for (const g of due) seen.set(g, [...(seen.get(g) ?? []), t]);
    }
    for (const g of PANEL_GROUPS) {
      const times = seen.get(g) ?? [];
      // 1000 ms at one update per 100 ms: about ten, never two within the interval.
      expect(times.length).toBeGreaterThanOrEqual(8);
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
    }
  });

  it('keeps each group to its own interval', () => {
    const p = createPacer({ logs: 400, events: 100, side: 100, timeline: 500 });
    const count = new Map<string, number>();
    for (let t = 0; t <= 4000; t += 16)
      for (const g of p.due(t, false)) count.set(g, (count.get(g) ?? 0) + 1);
    // Four seconds: about 40 updates at 100 ms, 10 at 400 ms, 8 at 500 ms.
    expect(count.get('events')).toBeGreaterThanOrEqual(30);
    expect(count.get('logs')).toBeGreaterThanOrEqual(8);
    expect(count.get('logs')).toBeLessThanOrEqual(11);
    expect(count.get('timeline')).toBeGreaterThanOrEqual(6);
    expect(count.get('timeline')).toBeLessThanOrEqual(9);
  });

  it('picks the stalest group first', () => {
    const p = createPacer(100);
    p.due(0, true);
    const order = [p.due(100, false), p.due(116, false), p.due(132, false)].flat();
    expect(new Set(order).size).toBe(3);
    expect(p.due(148, false).length).toBe(1);
    expect(p.due(164, false)).toEqual([]); // all four updated within the interval
  });
});

/** A frame of a run that plays at 1x. */
function frame(patch: Partial<Frame>): Frame {
  return baseFrame({ playing: true, speed: 1, ...patch });
}

function ev(id: number): EventFrame {
  return { id, n: id, at: id, kind: 'x', servers: [1], text: `e${id}`, notes: [], minor: false };
}

describe('panels in the store', () => {
  function setup() {
    let t = 0;
    const env: StoreEnv = {
      clock: { now: () => t, later: () => {} },
      writeFragment: () => {},
      linkFor: () => '',
      download: () => {},
    };
    const sent: Command[] = [];
    const store = createAppStore((c) => sent.push(c), { speed: 1, theme: 'light', options }, env);
    return {
      s: () => store.getState(),
      at: (ms: number) => (t = ms),
      sent,
    };
  }

  it('while playing, the cluster sees every frame and the panels a few a second', () => {
    const { s, at } = setup();
    s().applyFrame(frame({ simNow: 0 }));
    let eventUpdates = 0;
    let last = s().panels.events;
    for (let i = 1; i <= 60; i++) {
      at(i * 16);
      s().applyFrame(frame({ simNow: i * 16, newEvents: [ev(i)] }));
      expect(s().frame!.simNow).toBe(i * 16);
      if (s().panels.events !== last) {
        eventUpdates++;
        last = s().panels.events;
      }
    }
    // One second of frames: every event arrived in the store, the event log saw
    // about 1000 / PANEL_INTERVAL_MS updates, each with all events so far.
    expect(s().events.length).toBe(60);
    expect(eventUpdates).toBeGreaterThanOrEqual(Math.floor(1000 / PANEL_INTERVAL_MS) - 1);
    expect(eventUpdates).toBeLessThanOrEqual(Math.ceil(1000 / PANEL_INTERVAL_MS) + 1);
    // The event log's copy is the store's list as of its last update.
    const shown = s().panels.events.events;
    expect(shown.length).toBeGreaterThan(40);
    expect(s().events.slice(-shown.length)).toEqual(shown);
  });

  it('never updates two groups in one frame while playing', () => {
    const { s, at } = setup();
    s().applyFrame(frame({}));
    for (let i = 1; i <= 120; i++) {
      const before = { ...s().panels };
      at(i * 16);
      s().applyFrame(frame({ simNow: i * 16 }));
      const changed = PANEL_GROUPS.filter((g) => s().panels[g] !== before[g]);
      expect(changed.length).toBeLessThanOrEqual(1);
    }
  });

  it('follows every frame when paused, after a jump, and once the user’s act is answered', () => {
    const { s, at } = setup();
    s().applyFrame(frame({}));
    at(16);
    s().applyFrame(frame({ simNow: 16, playing: false }));
    for (const g of PANEL_GROUPS) expect(s().panels[g].frame!.simNow).toBe(16);
    at(32);
    s().applyFrame(frame({ simNow: 32, jumped: true }));
    for (const g of PANEL_GROUPS) expect(s().panels[g].frame!.simNow).toBe(32);
    // Playing on: the next frames do not all reach the panels...
    at(40);
    s().applyFrame(frame({ simNow: 40 }));
    at(48);
    s().applyFrame(frame({ simNow: 48 }));
    expect(PANEL_GROUPS.some((g) => s().panels[g].frame!.simNow !== 48)).toBe(true);
    // ...but the frame that answers a crash does (ack counts the commands handled).
    s().crash(2);
    at(56);
    s().applyFrame(frame({ simNow: 56, ack: 0 })); // not yet handled
    expect(PANEL_GROUPS.some((g) => s().panels[g].frame!.simNow !== 56)).toBe(true);
    at(64);
    s().applyFrame(frame({ simNow: 64, ack: 1 }));
    for (const g of PANEL_GROUPS) expect(s().panels[g].frame!.simNow).toBe(64);
  });

  it('a change of the log view is not an act: the panels keep their pace', () => {
    const { s, at } = setup();
    s().applyFrame(frame({}));
    s().setLogView({ from: 5, count: 10, follow: false });
    at(8);
    s().applyFrame(frame({ simNow: 8, ack: 1 }));
    expect(PANEL_GROUPS.some((g) => s().panels[g].frame!.simNow !== 8)).toBe(true);
  });
});
