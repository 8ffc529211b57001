/** Frames and options for the UI's unit tests (not part of the app). */
import { resolveRunOptions } from '../model/options.ts';
import type { Frame, RunOptions } from '../protocol/index.ts';

export const options: RunOptions = resolveRunOptions({ servers: 3 });

export function frame(patch: Partial<Frame> = {}): Frame {
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
    membership: {
      by: null,
      members: [1, 2, 3],
      old: null,
      learners: [],
      committed: false,
      index: 0,
      need: 2,
      oldNeed: null,
      inPlay: false,
      rival: null,
    },
    logs: [],
    messages: [],
    links: [],
    newEvents: [],
    ops: [],
    loadOps: [],
    opCount: 0,
    violationCount: 0,
    violations: [],
    linearizability: {
      ok: true,
      checked: 0,
      version: 'true',
      key: null,
      at: 0,
      events: 0,
      ops: [],
    },
    kv: null,
    kvServer: null,
    timeline: { head: { time: 0, events: 0 }, canUndo: false, markersVersion: 0 },
    jumped: false,
    ...patch,
  };
}
