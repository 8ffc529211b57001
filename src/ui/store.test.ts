import { describe, expect, it } from 'vitest';
import type { Command, Frame, RunOptions } from '../protocol/index.ts';
import { createAppStore, nextCommand } from './store.ts';

const options: RunOptions = {
  seed: 1,
  servers: 3,
  electionTimeoutMs: [150, 300],
  heartbeatMs: 50,
  latencyMs: [10, 30],
  dropRate: 0,
  duplicateRate: 0,
  leaderNoop: true,
  clientLoadPerSecond: 0,
  unsafe: {
    skipElectionRestriction: false,
    commitOldTermsByCount: false,
    forgetVoteOnRestart: false,
  },
};

function frame(patch: Partial<Frame> = {}): Frame {
  return {
    type: 'frame',
    run: 1,
    ack: 0,
    options,
    playing: false,
    speed: 0.01,
    now: 0,
    simNow: 0,
    events: 0,
    nextEventAt: null,
    servers: [],
    logs: [],
    messages: [],
    links: [],
    newEvents: [],
    ops: [],
    loadOps: [],
    opCount: 0,
    violationCount: 0,
    violations: [],
    kv: null,
    kvServer: null,
    timeline: { head: { time: 0, events: 0 }, canUndo: false, markersVersion: 0 },
    jumped: false,
    ...patch,
  };
}

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
