import { describe, expect, it } from 'vitest';
import { replay } from './index.ts';
import {
  CHECKPOINT_EVERY_EVENTS,
  CHECKPOINT_SPACING_OLD,
  CHECKPOINTS_DENSE,
  spacingFor,
  thinMoments,
  Timeline,
} from './timeline.ts';

const options = { seed: 5, clientLoadPerSecond: 20 };

/** A run with actions, remembering the trace hash at a few moments. */
function recordedRun() {
  const tl = new Timeline(options);
  const seen: { time: number; events: number; hash: string }[] = [];
  const note = () => seen.push({ ...tl.now, hash: tl.sim.traceHash() });
  // A moment includes the actions taken at it: note moments after acting.
  tl.advance(3000);
  tl.act((sim) => sim.crash(sim.leader()!));
  note();
  tl.advance(2000);
  tl.act((sim) => sim.restart(1));
  tl.act((sim) => sim.submit('set a 1'));
  note();
  for (let i = 0; i < 40; i++) tl.step();
  note();
  tl.advance(25_000);
  note();
  return { tl, seen };
}

describe('Timeline', () => {
  it('takes checkpoints as the run grows', () => {
    const { tl } = recordedRun();
    tl.advance(40_000);
    expect(tl.sim.stats().events).toBeGreaterThan(2 * CHECKPOINT_EVERY_EVENTS);
    expect(tl.checkpointCount).toBe(
      1 + Math.floor(tl.sim.stats().events / CHECKPOINT_EVERY_EVENTS),
    );
  });

  it('seeking back then forward lands on identical states', () => {
    const { tl, seen } = recordedRun();
    for (const m of [
      seen[1]!,
      seen[0]!,
      seen[3]!,
      seen[2]!,
      { time: 0, events: 0, hash: '' },
      seen[3]!,
    ]) {
      tl.seek(m);
      expect(tl.now).toEqual({ time: m.time, events: m.events });
      if (m.hash) expect(tl.sim.traceHash()).toBe(m.hash);
    }
  });

  it('agrees with replay of the recorded actions', () => {
    const { tl, seen } = recordedRun();
    const end = seen[3]!;
    const again = replay(options, tl.actions(), { time: end.time, events: end.events });
    expect(again.traceHash()).toBe(end.hash);
    const fresh = new Timeline(options, tl.actions());
    fresh.seek(end);
    expect(fresh.sim.traceHash()).toBe(end.hash);
  });

  it('acting in the past forks the run, and undo restores the dropped future', () => {
    const { tl, seen } = recordedRun();
    const actionsBefore = tl.actions();
    const head = tl.head;
    tl.seek(seen[0]!);
    tl.act((sim) => sim.isolate(2));
    expect(tl.actions().map((a) => a.call)).toEqual(['crash', 'isolate']);
    expect(tl.head).toEqual(seen[0] && { time: seen[0].time, events: seen[0].events });
    expect(tl.canUndo).toBe(true);
    tl.advance(1000);
    expect(tl.undo()).toBe(true);
    expect(tl.actions()).toEqual(actionsBefore);
    expect(tl.head).toEqual(head);
    expect(tl.now).toEqual({ time: seen[0]!.time, events: seen[0]!.events });
    tl.seek(seen[3]!);
    expect(tl.sim.traceHash()).toBe(seen[3]!.hash);
  });

  it('a bad action leaves the timeline as it was', () => {
    const { tl, seen } = recordedRun();
    tl.seek(seen[1]!);
    expect(() => tl.act((sim) => sim.crash(42))).toThrow(/No server 42/);
    expect(tl.canUndo).toBe(false);
    tl.seek(seen[3]!);
    expect(tl.sim.traceHash()).toBe(seen[3]!.hash);
  });

  it('step takes every action recorded before the next event, each at its own time', () => {
    // Two actions after the same event: a partition, then 20 ms later a submit
    // (as in the "Partitioned leader" preset).
    const rec = new Timeline(options);
    rec.advance(1000);
    const n = rec.now.events;
    rec.act((sim) =>
      sim.partition([
        [1, 2],
        [3, 4, 5],
      ]),
    );
    const gap = rec.sim.nextEventAt()! - rec.now.time;
    expect(gap).toBeGreaterThan(2);
    rec.seek({ time: rec.now.time + gap - 1, events: n });
    rec.act((sim) => sim.submit('set x 1'));
    rec.advance(500);
    const actions = rec.actions();
    expect(actions.map((a) => [a.call, a.events])).toEqual([
      ['partition', n],
      ['submit', n],
    ]);
    expect(actions[1]!.at).toBeGreaterThan(actions[0]!.at);

    const tl = new Timeline(options, actions);
    tl.seek({ time: 0, events: 0 });
    while (tl.now.events < n) tl.step();
    const e = tl.step();
    expect(tl.sim.actionCount).toBe(2);
    expect(e!.n).toBe(n + 1);
    expect(tl.sim.clientOps().find((o) => o.command === 'set x 1')?.submittedAt).toBe(
      actions[1]!.at,
    );
    // Stepping on agrees with running there.
    for (let i = 0; i < 200; i++) tl.step();
    const there = tl.now;
    const hash = tl.sim.traceHash();
    const again = new Timeline(options, actions);
    again.seek(there);
    expect(again.sim.traceHash()).toBe(hash);
  });

  it('a seek anywhere gives the state a straight run to there gives', { timeout: 120_000 }, () => {
    // A long run with crashes, restarts and a partition (truncated logs, conflicts,
    // requests answered late), checkpoints on the way; seek to moments in random order
    // and compare everything with a fresh run of the same actions straight to there.
    const opts = { seed: 9, servers: 5, clientLoadPerSecond: 40 };
    const tl = new Timeline(opts);
    for (let i = 0; i < 12; i++) {
      tl.advance(6000);
      const leader = tl.sim.leader();
      if (i % 4 === 0 && leader !== null) tl.act((sim) => sim.crash(leader));
      if (i % 4 === 1) tl.act((sim) => sim.restart(((i >> 2) % 5) + 1));
      if (i % 4 === 2)
        tl.act((sim) =>
          sim.partition([
            [1, 2],
            [3, 4, 5],
          ]),
        );
      if (i % 4 === 3) tl.act((sim) => sim.heal());
      tl.act((sim) => sim.submit(`set k${i} ${i}`, { client: (i % 3) + 1 }));
    }
    tl.advance(3000);
    const head = tl.head;
    expect(tl.checkpointCount).toBeGreaterThan(5);
    const actions = tl.actions();
    const state = (sim: typeof tl.sim) =>
      JSON.stringify({
        hash: sim.traceHash(),
        servers: sim.servers(),
        applied: [1, 2, 3, 4, 5].map((id) => sim.applied(id)),
        ops: sim.clientOps(),
        violations: sim.violations(),
        leaders: sim.leadersByTerm(),
        messages: sim.messages(),
      });
    let x = 12_345;
    for (let k = 0; k < 8; k++) {
      x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
      // Half the moments just after a checkpoint: what the run rewrote later (an answer
      // to a request, a log after a conflict) must not show in the checkpoint.
      const random = { time: head.time, events: x % head.events };
      const events = k % 2 === 0 ? random.events : tl.checkpointAtOrBefore(random).events + (x % 3);
      const straight = new Timeline(opts, actions);
      straight.seek({ time: 0, events: 0 });
      while (straight.now.events < events) straight.step();
      const at = straight.now;
      tl.seek(at);
      expect(tl.now).toEqual(at);
      expect(state(tl.sim)).toBe(state(straight.sim));
    }
    tl.seek(head);
    expect(tl.now).toEqual(head);
  });
});

describe('Timeline.lastSeek', () => {
  it('says whether a seek restored a checkpoint and how many events it replayed', () => {
    const tl = new Timeline({ seed: 5, servers: 3, clientLoadPerSecond: 20 });
    tl.advance(60_000);
    const head = tl.head;
    expect(tl.checkpointCount).toBeGreaterThan(2);
    // Back: from the checkpoint at or before the target, at most CHECKPOINT_EVERY_EVENTS.
    const target = { time: 30_000, events: Number.MAX_SAFE_INTEGER };
    tl.seek(target);
    const at = tl.now.events;
    const mark = tl.checkpointAtOrBefore(target);
    expect(tl.lastSeek).toEqual({ restored: true, replayed: at - mark.events });
    expect(tl.lastSeek.replayed).toBeLessThan(CHECKPOINT_EVERY_EVENTS);
    // Forward within the same stretch: no restore, only the events between.
    tl.seek({ time: 30_050, events: Number.MAX_SAFE_INTEGER });
    if (tl.checkpointAtOrBefore(tl.now).events === mark.events)
      expect(tl.lastSeek).toEqual({ restored: false, replayed: tl.now.events - at });
    tl.seek(head);
    expect(tl.now).toEqual(head);
  });

  it('thins old checkpoints: the latest dense, older ones at most CHECKPOINT_SPACING_OLD apart', () => {
    const nine = { ...options, servers: 9 };
    const tl = new Timeline(nine);
    tl.advance(20 * 60_000);
    const head = tl.now;
    const count = 1 + Math.floor(head.events / CHECKPOINT_EVERY_EVENTS);
    expect(count).toBeGreaterThan(CHECKPOINTS_DENSE + 20);
    expect(tl.checkpointCount).toBeLessThan(
      CHECKPOINTS_DENSE + (count - CHECKPOINTS_DENSE) / 2 + 2,
    );
    // Near the head, a seek replays less than CHECKPOINT_EVERY_EVENTS; anywhere, at most
    // CHECKPOINT_SPACING_OLD.
    const recent = head.events - (CHECKPOINTS_DENSE - 2) * CHECKPOINT_EVERY_EVENTS;
    for (let e = 0; e <= head.events; e += 1237) {
      const at = tl.checkpointAtOrBefore({ time: Infinity, events: e });
      expect(e - at.events).toBeLessThan(
        e >= recent ? CHECKPOINT_EVERY_EVENTS : CHECKPOINT_SPACING_OLD,
      );
    }
    // A seek into the thinned past lands where a straight run lands.
    const target = { time: 90_000, events: Number.MAX_SAFE_INTEGER };
    tl.seek(target);
    expect(tl.lastSeek.restored).toBe(true);
    expect(tl.lastSeek.replayed).toBeLessThan(CHECKPOINT_SPACING_OLD);
    const straight = new Timeline(nine);
    straight.advance(90_000);
    expect(tl.now).toEqual(straight.now);
    expect(tl.sim.traceHash()).toBe(straight.sim.traceHash());
    tl.seek(head);
    expect(tl.now).toEqual(head);
  });

  it('thinMoments keeps the first, the latest few, and older ones at most the spacing apart', () => {
    const list: { time: number; events: number }[] = [];
    for (let k = 0; k <= 100; k++) {
      list.push({ time: k, events: k * 10 });
      thinMoments(list, 5, 30);
    }
    expect(list[0]!.events).toBe(0);
    expect(list.slice(-5).map((m) => m.events)).toEqual([960, 970, 980, 990, 1000]);
    for (let i = 1; i < list.length; i++)
      expect(list[i]!.events - list[i - 1]!.events).toBeLessThanOrEqual(30);
    expect(list.length).toBeLessThan(6 + 100 / 3 + 2);
  });

  it('thinMoments bounds the past: the spacing doubles once the past holds more than max spacings', () => {
    const list: { time: number; events: number }[] = [];
    const counts: number[] = [];
    for (let k = 0; k <= 5000; k++) {
      list.push({ time: k, events: k * 10 });
      thinMoments(list, 5, 30, 8);
      counts.push(list.length);
    }
    // 50,000 events of past: 30 doubled until 8 spacings cover it (30 * 2^8 = 7,680).
    const s = spacingFor(list[list.length - 6]!.events, 30, 8);
    expect(s).toBe(7680);
    expect(list[0]!.events).toBe(0);
    expect(list.slice(-5).map((m) => m.events)).toEqual([49960, 49970, 49980, 49990, 50000]);
    const old = list.slice(0, -5);
    for (let i = 1; i < old.length; i++)
      expect(old[i]!.events - old[i - 1]!.events).toBeLessThanOrEqual(s);
    // Every multiple of the spacing in the past is kept (two lists on the same moments agree).
    for (let e = s; e < old[old.length - 1]!.events; e += s)
      expect(old.some((m) => m.events === e)).toBe(true);
    // Bounded: never more than the dense ones, the first, and about 2 * max before them.
    expect(Math.max(...counts)).toBeLessThanOrEqual(5 + 1 + 2 * 8 + 2);
    expect(list.length).toBeLessThanOrEqual(5 + 1 + 2 * 8 + 2);
  });
});
