/**
 * Each checker against the fault it is for: a mutant of the server (a real
 * server with one rule broken, planted through the `raft` seam of `Sim`, which
 * only a subclass can reach) runs under random faults until the checker flags
 * it; the same seeds run clean with the real server. The mutants are the bugs
 * students write: applying beyond commitIndex, dropping the client sessions,
 * adopting leaderCommit whatever it is, truncating on every AppendEntries,
 * keeping the store across a restart; and with log compaction (§7), installing a
 * snapshot older than the commitIndex, or dropping the entries after a snapshot, or
 * (with entries kept after it, dissertation §5.1) applying kept entries again.
 */
import { describe, expect, it } from 'vitest';
import { executeCommand } from '../model/command.ts';
import type { SimulationOptions } from '../model/options.ts';
import { entryAt, termAt, truncateFrom } from '../raft/log.ts';
import * as raft from '../raft/server.ts';
import type { Env, Message, ServerState } from '../raft/types.ts';
import { INVARIANTS } from './checkers.ts';
import { runWithFaults, type FaultProfile } from './faults.ts';
import { applyActions, seekTo } from './replay.ts';
import { Sim, type ServerSteps } from './simulation.ts';

type Mutant = Partial<ServerSteps>;

/** A simulation whose servers are the real ones with the mutant's entry points swapped in. */
function mutantSim(options: SimulationOptions, mutant: Mutant): Sim {
  class MutantSim extends Sim {
    protected override readonly raft: ServerSteps = { ...raft, ...mutant };
  }
  return new MutantSim(options);
}

/** A state machine that applies everything up to `to`, with no sessions at all. */
function applyBlindly(s: ServerState, env: Env, to = s.commitIndex): void {
  while (s.lastApplied < to) {
    const index = s.lastApplied + 1;
    const e = entryAt(s.log, index);
    if (e === undefined) return;
    s.lastApplied = index;
    const result = e.cmd ? executeCommand(s.kv, e.cmd) : null;
    env.applied(s, index, e, result, e.cmd !== undefined);
  }
}

const afterStep =
  (f: (s: ServerState, m: Message, env: Env) => void) =>
  (s: ServerState, m: Message, env: Env): void => {
    raft.step(s, m, env);
    if (s.up) f(s, m, env);
  };

interface Case {
  /** What the mutant gets wrong. */
  bug: string;
  mutant: Mutant;
  invariant: string;
  options: SimulationOptions;
  faults: Omit<FaultProfile, 'seed'>;
}

const SEEDS = 40;
const reordering = { latencyMs: [2, 60] as [number, number], duplicateRate: 0.2 };

const cases: Case[] = [
  {
    bug: 'applies entries beyond its commitIndex (and answers from them)',
    invariant: INVARIANTS.appliesCommitted,
    mutant: {
      step: afterStep((s, _m, env) => applyBlindly(s, env, s.log.last)),
    },
    options: { servers: 3, clientLoadPerSecond: 20 },
    faults: { durationMs: 5000 },
  },
  {
    bug: 'runs every copy of a request: the session check removed',
    invariant: INVARIANTS.atMostOnce,
    mutant: {
      step: (s, m, env) => {
        s.sessions.clear();
        raft.step(s, m, env);
      },
    },
    options: { servers: 5, clientLoadPerSecond: 30 },
    faults: { durationMs: 20_000, churn: 3 },
  },
  {
    bug: 'commits up to leaderCommit from its own log, not the entries the leader sent (Figure 2, AppendEntries rule 5)',
    invariant: INVARIANTS.appliedAgreement,
    mutant: {
      step: afterStep((s, m, env) => {
        if (m.type !== 'AppendEntries' || m.term !== s.currentTerm || s.role !== 'follower') return;
        const c = Math.min(m.leaderCommit, s.log.last);
        if (c <= s.commitIndex) return;
        s.commitIndex = c;
        applyBlindly(s, env);
      }),
    },
    options: { servers: 5, clientLoadPerSecond: 30 },
    faults: { durationMs: 20_000, churn: 3 },
  },
  {
    bug: 'adopts leaderCommit even when it is lower (a late heartbeat)',
    invariant: INVARIANTS.commitIndexMonotonic,
    mutant: {
      step: afterStep((s, m) => {
        if (m.type === 'AppendEntries' && m.term === s.currentTerm && s.role === 'follower')
          s.commitIndex = Math.min(m.leaderCommit, s.log.last, s.lastApplied);
      }),
    },
    options: { servers: 3, clientLoadPerSecond: 20, ...reordering },
    faults: { durationMs: 5000, weights: { timeout: 1 } },
  },
  {
    bug: 'deletes everything after prevLogIndex on every AppendEntries, a late one included',
    invariant: INVARIANTS.noTruncateCommitted,
    mutant: {
      step: (s, m, env) => {
        if (
          s.up &&
          m.type === 'AppendEntries' &&
          m.term === s.currentTerm &&
          s.role === 'follower' &&
          m.prevLogIndex < s.log.last &&
          termAt(s.log, m.prevLogIndex) === m.prevLogTerm
        )
          truncateFrom(s.log, m.prevLogIndex + 1);
        raft.step(s, m, env);
      },
    },
    options: { servers: 3, clientLoadPerSecond: 20, ...reordering },
    faults: { durationMs: 5000, weights: { timeout: 1 } },
  },
  {
    bug: 'keeps its key-value store across a restart, then applies the log again on top of it',
    invariant: INVARIANTS.kvAgreement,
    mutant: {
      crash: (s) => {
        const kv = s.kv;
        raft.crash(s);
        s.kv = kv;
      },
      restart: (s, env) => {
        const kv = s.kv;
        raft.restart(s, env);
        s.kv = kv;
      },
    },
    options: { servers: 3, clientLoadPerSecond: 20 },
    faults: { durationMs: 10_000, churn: 3 },
  },
  {
    bug: 'installs a snapshot at or below its commitIndex (a late or duplicated InstallSnapshot): its state machine goes back (§7)',
    invariant: INVARIANTS.appliesCommitted,
    mutant: {
      step: (s, m, env) => {
        // The guard of snapshot.ts forgotten: the snapshot is taken as news whatever it holds.
        if (s.up && m.type === 'InstallSnapshot' && m.term >= s.currentTerm) {
          const commitIndex = s.commitIndex;
          s.commitIndex = Math.min(s.commitIndex, m.lastIncludedIndex - 1);
          raft.step(s, m, env);
          if (s.commitIndex < m.lastIncludedIndex) s.commitIndex = commitIndex; // not installed
          return;
        }
        raft.step(s, m, env);
      },
    },
    options: { servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 5, ...reordering },
    faults: { durationMs: 10_000, churn: 3 },
  },
  {
    bug: 'discards the entries after a snapshot it holds, even those that match (Figure 13, rule 6): a late copy of the InstallSnapshot removes committed entries',
    invariant: INVARIANTS.noTruncateCommitted,
    mutant: {
      step: afterStep((s, m) => {
        if (
          m.type === 'InstallSnapshot' &&
          s.snapshot === m.snapshot &&
          s.log.start === m.lastIncludedIndex
        )
          truncateFrom(s.log, m.lastIncludedIndex + 1);
      }),
    },
    options: { servers: 3, clientLoadPerSecond: 40, snapshotThreshold: 5, ...reordering },
    faults: { durationMs: 10_000, churn: 3 },
  },
  {
    bug: 'keeps entries after a snapshot (dissertation §5.1) and, restarted, applies them again on top of the snapshot: it takes the log’s start for the snapshot’s index',
    invariant: INVARIANTS.kvAgreement,
    mutant: {
      restart: (s, env) => {
        raft.restart(s, env);
        s.lastApplied = s.commitIndex = Math.min(s.lastApplied, s.log.start);
      },
    },
    options: { servers: 3, clientLoadPerSecond: 20, snapshotThreshold: 5, snapshotMargin: 3 },
    faults: { durationMs: 10_000, churn: 3 },
  },
];

function run(seed: number, c: Case, mutant: Mutant | null): Sim {
  const options = { seed, ...c.options };
  const sim = mutant ? mutantSim(options, mutant) : new Sim(options);
  runWithFaults(sim, { seed, ...c.faults });
  sim.advance(2000);
  return sim;
}

describe('every checker catches the fault it is for; the real server is clean', () => {
  for (const c of cases) {
    it(`${c.invariant}: a server that ${c.bug}`, () => {
      let found: number | null = null;
      for (let seed = 1; seed <= SEEDS && found === null; seed++) {
        const v = run(seed, c, c.mutant).violations();
        if (v.some((x) => x.invariant === c.invariant)) found = seed;
      }
      expect(found, `no seed in 1..${SEEDS} caught the mutant`).not.toBeNull();
      for (let seed = 1; seed <= found!; seed++)
        expect(run(seed, c, null).violations(), `seed ${seed}, real server`).toEqual([]);
    }, 120_000);
  }

  for (const invariant of [INVARIANTS.kvAgreement, INVARIANTS.commitIndexMonotonic]) {
    it(`a violation (${invariant}) names its moment: the run replayed to it has it, one event before does not`, () => {
      const c = cases.find((x) => x.invariant === invariant)!;
      let seed = 0;
      let full: Sim;
      do full = run(++seed, c, c.mutant);
      while (seed < SEEDS && !full.violations().some((x) => x.invariant === invariant));
      const first = full.violations()[0]!;
      const actions = full.actions();
      const replayTo = (time: number, events: number): Sim => {
        const sim = mutantSim({ seed, ...c.options }, c.mutant);
        applyActions(
          sim,
          actions.filter((a) => a.at < time || (a.at === time && a.events <= events)),
        );
        seekTo(sim, time, events);
        return sim;
      };
      expect(replayTo(first.at, first.events).violations()[0]).toEqual(first);
      expect(replayTo(first.at, first.events - 1).violations()).toEqual([]);
    });
  }
});
