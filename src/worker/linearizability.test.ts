/** The verdict as the worker frames it: of the moment shown, with the timeline's operations. */
import { describe, expect, it } from 'vitest';
import { resolveRunOptions } from '../model/options.ts';
import type { Frame, WorkerMessage } from '../protocol/index.ts';
import { lostWriteOptions, lostWriteRun } from '../sim/randomized/lostWrite.ts';
import { scenarioFrom } from '../scenario/scenario.ts';
import { Engine } from './engine.ts';
import { linearizabilityFrame } from './views.ts';

describe('linearizabilityFrame', () => {
  it('names the key, the moment, and the operations, the smallest set marked', () => {
    const sim = lostWriteRun();
    const f = sim.linearizabilityFailure()!;
    const frame = linearizabilityFrame(sim);
    expect(frame).toMatchObject({ ok: false, key: f.key, at: f.at, events: f.events });
    expect(frame.ops.filter((o) => o.culprit).map((o) => o.id)).toEqual(sim.linearizable().ops);
    for (const o of frame.ops) {
      const op = sim.clientOps()[o.id - 1]!;
      expect(o).toMatchObject({
        command: op.command,
        completedAt: op.completedAt,
        result: op.result,
      });
      expect(o.sentAt).toBeGreaterThanOrEqual(op.submittedAt);
    }
  });
});

describe('the engine', () => {
  it('frames the verdict of the moment shown, before and after a seek back', () => {
    const run = lostWriteRun();
    const f = run.linearizabilityFailure()!;
    let last: Frame | null = null;
    const post = (m: WorkerMessage) => {
      if (m.type === 'frame') last = m;
    };
    const e = new Engine(post, () => 0, resolveRunOptions({ seed: 1 }), 1);
    const scenario = scenarioFrom(lostWriteOptions(), run.actions(), {
      time: f.at + 100,
      events: f.events + 5,
    });
    e.handle({ type: 'load', scenario, source: 'test' });
    e.handle({ type: 'pull' });
    expect(last!.linearizability).toMatchObject({ ok: false, key: f.key });
    e.handle({ type: 'seek', to: { time: f.at, events: f.events - 1 } });
    e.handle({ type: 'pull' });
    expect(last!.linearizability).toMatchObject({ ok: true, key: null, ops: [] });
    e.handle({ type: 'seek', to: { time: f.at, events: f.events } });
    e.handle({ type: 'pull' });
    expect(last!.linearizability).toMatchObject({ ok: false, at: f.at, events: f.events });
  });
});
