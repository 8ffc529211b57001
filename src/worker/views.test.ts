/** Frames of a run with log compaction (§7): the log windows start after the snapshot. */
import { describe, expect, it } from 'vitest';
import { Sim } from '../sim/simulation.ts';
import { presetById } from '../scenario/presets.ts';
import { optionsOf } from '../scenario/scenario.ts';
import { applyActions, seekTo } from '../sim/replay.ts';
import { logWindow, membershipFrame, messageFrame, serverFrame, windowKey } from './views.ts';

describe('log windows after a snapshot', () => {
  it('start after the snapshot, each entry at its own index, and change key when the log is compacted', () => {
    const sim = new Sim({ seed: 8, servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 10 });
    sim.advance(1500);
    const keys = new Set<string>();
    let compacted = 0;
    for (let t = 0; t < 40; t++) {
      sim.advance(100);
      const log = sim.inner(1).log;
      if (log.start > 0) compacted++;
      keys.add(windowKey(sim, 1, 1, 40));
      // The UI asks for the window from index 1 (the grid scrolled to the left).
      const w = logWindow(sim, 1, 1, 40);
      expect(w.from).toBe(Math.max(1, log.start + 1));
      const view = sim.server(1).log;
      w.entries.forEach((e, k) => {
        const at = view.find((x) => x.index === w.from + k)!;
        expect(e.term).toBe(at.term);
        expect(e.command).toBe(at.command ?? null);
      });
      // Following the tail: the window's entries are the log's last ones.
      const tail = logWindow(sim, 1, log.last - 5, 10);
      expect(tail.from + tail.entries.length - 1).toBe(log.last);
    }
    expect(compacted).toBeGreaterThan(0);
    expect(keys.size).toBeGreaterThan(1);
    const frame = serverFrame(sim, 1, membershipFrame(sim));
    const view = sim.server(1);
    expect(frame.lastIndex).toBe(view.log.at(-1)?.index ?? view.snapshot!.index);
    expect(frame.lastTerm).toBe(view.log.at(-1)?.term ?? view.snapshot!.term);
  });

  it('with entries kept after a snapshot (dissertation §5.1): the frame names the snapshot’s index and where the log starts, the window starts after the log’s start', () => {
    const sim = new Sim({
      seed: 8,
      servers: 3,
      clientLoadPerSecond: 40,
      snapshotThreshold: 10,
      snapshotMargin: 6,
    });
    sim.advance(3000);
    const s = sim.inner(1);
    expect(s.snapshot).not.toBeNull();
    expect(s.log.start).toBeLessThan(s.snapshot!.index);
    const frame = serverFrame(sim, 1, membershipFrame(sim));
    expect(frame.snapshot).toEqual({
      index: s.snapshot!.index,
      term: s.snapshot!.term,
      logStart: s.log.start,
    });
    const w = logWindow(sim, 1, 1, 200);
    expect(w.from).toBe(s.log.start + 1);
    expect(w.entries[s.snapshot!.index - w.from]?.term).toBe(s.snapshot!.term);
  });

  it('draws InstallSnapshot and its reply as messages with fields', () => {
    const sim = new Sim({ seed: 9, servers: 3, snapshotThreshold: 5 });
    sim.advance(1000);
    const leader = sim.leader()!;
    const down = leader === 1 ? 2 : 1;
    sim.crash(down);
    for (let i = 0; i < 30; i++) sim.submit(`set k ${i}`);
    sim.advance(3000);
    sim.restart(down);
    const seen = new Set<string>();
    for (let i = 0; i < 400 && seen.size < 2; i++) {
      sim.step();
      for (const f of sim.flights()) {
        if (f.msg.type !== 'InstallSnapshot' && f.msg.type !== 'InstallSnapshotReply') continue;
        const m = messageFrame(f);
        seen.add(m.type);
        expect(m.summary).toMatch(/snapshot/);
        expect(m.fields.term).toBe(f.msg.term);
      }
    }
    expect([...seen].sort()).toEqual(['InstallSnapshot', 'InstallSnapshotReply']);
  });
});

describe('membership after an unsafe one-step change (Figure 10)', () => {
  it('names the second leader’s configuration, and its voters are voters', () => {
    const p = presetById('figure-10')!;
    const sim = new Sim(optionsOf(p.scenario));
    applyActions(sim, p.scenario.actions);
    seekTo(sim, p.end.time, p.end.events);
    const m = membershipFrame(sim);
    expect(m.rival).not.toBeNull();
    const leaders = [m.by, m.rival!.by].sort();
    expect(leaders).toEqual([1, 4]);
    const c4 = m.by === 4 ? m.members : m.rival!.members;
    expect(c4).toEqual([1, 2, 3, 4, 5]);
    // S5 is in S4's configuration: a voter, not "Outside".
    expect(serverFrame(sim, 5, m).member).toBe('voter');
  });

  it('is null with one leader', () => {
    const sim = new Sim({ seed: 1, servers: 4, members: [1, 2, 3] });
    sim.advance(600);
    const m = membershipFrame(sim);
    expect(m.rival).toBeNull();
    expect(serverFrame(sim, 4, m).member).toBe('outside');
  });
});
