/**
 * Property-based tests (fast-check): arbitrary sequences of user actions, with
 * time passing between them, with or without log compaction (§7), never break a
 * safety invariant, and every run is rebuilt exactly by replaying its recorded
 * actions. fast-check shrinks a failure to a minimal sequence and prints it with
 * its seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulation, replay, type Simulation } from './index.ts';

type Act =
  | { kind: 'advance'; ms: number }
  | { kind: 'step'; times: number }
  | { kind: 'crash' | 'restart' | 'timeout' | 'isolate' | 'connect'; id: number }
  | { kind: 'partition'; groups: number[][] }
  | { kind: 'heal' }
  | { kind: 'setLink'; from: number; to: number; up: boolean }
  | { kind: 'network'; dropRate: number; duplicateRate: number }
  | { kind: 'submit'; key: string; client: number; read: boolean }
  | { kind: 'transfer'; to: number }
  | { kind: 'dropFirst' };

const SERVERS = 5;
const id = fc.integer({ min: 1, max: SERVERS });
/** Log compaction (§7) off, or snapshots every few entries (a few dozen are applied in a run). */
const snapshotThreshold = fc.constantFrom(0, 2, 6);

const act: fc.Arbitrary<Act> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 1500 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      times: fc.integer({ min: 1, max: 30 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom(
        'crash' as const,
        'restart' as const,
        'timeout' as const,
        'isolate' as const,
        'connect' as const,
      ),
      id,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('partition' as const),
      groups: fc
        .array(fc.integer({ min: 0, max: 2 }), { minLength: SERVERS, maxLength: SERVERS })
        .map((g) => {
          const groups: number[][] = [[], [], []];
          g.forEach((k, i) => groups[k]!.push(i + 1));
          return groups.filter((x) => x.length > 0);
        }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('heal' as const) }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ kind: fc.constant('setLink' as const), from: id, to: id, up: fc.boolean() })
      .filter((a) => a.from !== a.to),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('network' as const),
      dropRate: fc.integer({ min: 0, max: 40 }).map((x) => x / 100),
      duplicateRate: fc.integer({ min: 0, max: 30 }).map((x) => x / 100),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      key: fc.constantFrom('a', 'b', 'c'),
      client: fc.integer({ min: 1, max: 3 }),
      read: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), to: id }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropFirst' as const) }) },
);

function run(sim: Simulation, acts: Act[]): void {
  acts.forEach((a, i) => {
    switch (a.kind) {
      case 'advance':
        return sim.advance(a.ms);
      case 'step':
        for (let k = 0; k < a.times; k++) sim.step();
        return;
      case 'crash':
      case 'restart':
      case 'timeout':
      case 'isolate':
      case 'connect':
        return sim[a.kind](a.id);
      case 'partition':
        return sim.partition(a.groups);
      case 'heal':
        return sim.heal();
      case 'setLink':
        return sim.setLink(a.from, a.to, a.up);
      case 'network':
        return sim.setNetwork({ dropRate: a.dropRate, duplicateRate: a.duplicateRate });
      case 'submit':
        sim.submit(a.read ? `get ${a.key}` : `append ${a.key} ${i}`, { client: a.client });
        return;
      case 'transfer': {
        const leader = sim.leader();
        if (leader !== null) sim.transferLeadership(leader, a.to);
        return;
      }
      case 'dropFirst': {
        const m = sim.messages()[0];
        if (m) sim.drop(m.id);
        return;
      }
    }
  });
}

/**
 * PreVote, CheckQuorum and the read mode, each on or off (dissertation §9.6, §6.2, §6.4),
 * and the entries kept after a snapshot (dissertation §5.1; nothing without snapshots).
 */
const features = fc.record({
  preVote: fc.boolean(),
  checkQuorum: fc.boolean(),
  readMode: fc.constantFrom('log' as const, 'readIndex' as const, 'lease' as const),
  snapshotMargin: fc.constantFrom(0, 1, 4),
});

describe('any sequence of actions', () => {
  it('keeps every safety invariant, and heals to a cluster that commits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        snapshotThreshold,
        fc.array(act, { minLength: 5, maxLength: 40 }),
        features,
        (seed, threshold, acts, f) => {
          const sim = createSimulation({
            seed,
            servers: SERVERS,
            clientLoadPerSecond: 5,
            snapshotThreshold: threshold,
            ...f,
          });
          run(sim, acts);
          expect(sim.violations()).toEqual([]);
          // Heal everything: a leader is elected and a new command commits everywhere.
          for (let s = 1; s <= SERVERS; s++) sim.restart(s);
          sim.heal();
          sim.setNetwork({ dropRate: 0, duplicateRate: 0 });
          sim.advance(3000);
          const op = sim.submit('set done yes', { client: 9 });
          sim.advance(3000);
          expect(sim.leader()).not.toBeNull();
          expect(sim.clientOps().find((o) => o.id === op)?.result).toBe('OK');
          for (const s of sim.servers()) expect(s.kv.done).toBe('yes');
          expect(sim.violations()).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('is rebuilt exactly by replaying its recorded actions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        snapshotThreshold,
        fc.array(act, { maxLength: 25 }),
        features,
        (seed, threshold, acts, f) => {
          const options = {
            seed,
            servers: SERVERS,
            clientLoadPerSecond: 10,
            snapshotThreshold: threshold,
            ...f,
          };
          const sim = createSimulation(options);
          run(sim, acts);
          const copy = replay(options, sim.actions(), {
            time: sim.now,
            events: sim.stats().events,
          });
          expect(copy.traceHash()).toBe(sim.traceHash());
          expect(copy.servers()).toEqual(sim.servers());
          expect(copy.messages()).toEqual(sim.messages());
        },
      ),
      { numRuns: 60 },
    );
  });
});
