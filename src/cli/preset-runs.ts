/**
 * The runs behind the preset scenarios, built by driving a simulation: advance
 * to the moment the story needs (a leader elected, entries half replicated …),
 * act, and keep what the simulator recorded. `npx tsx src/cli/presets.ts --write`
 * writes the result to src/scenario/presets.recorded.ts, which the app reads as
 * plain data; the words that go with each run live in src/scenario/presets.ts.
 *
 * Each builder asserts the turning points of its story as it goes, so a change
 * of the engine that breaks a story fails here, loudly, instead of quietly
 * recording a different one. Seeds were chosen by trying a few.
 */
import type { InitialServer, SimulationOptions } from '../model/options.ts';
import type { ScenarioAction } from '../model/scenario.ts';
import type { Moment, PresetRun } from '../scenario/presets.ts';
import { Sim, type SimEvent } from '../sim/index.ts';

class Story {
  readonly sim: Sim;
  /** The story's pause points, in order. */
  readonly pauses: Moment[] = [];
  /** The event processed last. */
  last: SimEvent | null = null;

  constructor(
    readonly id: string,
    readonly options: Omit<SimulationOptions, 'initial'>,
    readonly initial?: InitialServer[],
  ) {
    this.sim = new Sim(initial ? { ...options, initial } : options);
    this.sim.onEvent = (e) => (this.last = e);
  }

  get moment(): Moment {
    return { time: this.sim.now, events: this.sim.stats().events };
  }

  /** Runs to the absolute virtual time `ms`. */
  to(ms: number): this {
    this.sim.advance(ms - this.sim.now);
    return this;
  }

  /** Processes events one by one until `done` holds; fails past `capMs`. */
  until(done: (sim: Sim) => boolean, capMs: number, what: string): this {
    while (!done(this.sim)) {
      const next = this.sim.nextEventAt();
      if (next === null || next > capMs) {
        throw new Error(`${this.id}: ${what} did not happen by ${capMs} ms.`);
      }
      this.sim.step();
    }
    return this;
  }

  check(ok: boolean, what: string): this {
    if (!ok) throw new Error(`${this.id}: ${what} (at ${this.sim.now} ms)`);
    return this;
  }

  /** Marks a pause point here: the preset's explanation tells the next part of the story. */
  markPause(): this {
    const m = this.moment;
    const last = this.pauses[this.pauses.length - 1];
    if (last && !(last.time < m.time || (last.time === m.time && last.events < m.events)))
      throw new Error(`${this.id}: pause points must come one after the other (at ${m.time} ms).`);
    this.pauses.push(m);
    return this;
  }

  finish(): PresetRun {
    const run: PresetRun = {
      id: this.id,
      options: this.options,
      actions: this.sim.actions() as ScenarioAction[],
      end: { ...this.moment, hash: this.sim.traceHash() },
    };
    if (this.initial) run.initial = this.initial;
    run.pauses = this.pauses;
    return run;
  }
}

const leaderOf = (sim: Sim, term: number): number | null =>
  sim.leadersByTerm().find((l) => l.term === term)?.leader ?? null;

/** The leader of a five-server run, the mate it is cut off with (S1, or S2 if S1 leads), and the rest. */
interface Sides {
  old: number;
  mate: number;
  rest: number[];
}

function leaderSides(sim: Sim): Sides {
  const old = sim.leader();
  if (old === null) throw new Error('leaderSides: no leader to cut off');
  const mate = old === 1 ? 2 : 1;
  return { old, mate, rest: [1, 2, 3, 4, 5].filter((i) => i !== old && i !== mate) };
}

/** The prologue of the minority-leader stories: the leader and its mate on one side, the rest on the other. */
function splitLeader(sim: Sim, sides: Sides = leaderSides(sim)): Sides {
  sim.partition([[sides.old, sides.mate], sides.rest]);
  return sides;
}

const isCandidate = (sim: Sim, id: number): boolean => sim.server(id).role === 'candidate';

/** Every live server holds the same log and has committed all of it. */
const converged = (sim: Sim): boolean => {
  const views = sim.servers().filter((s) => s.up);
  const first = JSON.stringify(views[0]!.log);
  return views.every((s) => JSON.stringify(s.log) === first && s.commitIndex === s.log.length);
};

// ---------------------------------------------------------------------------
// 1. First election

function firstElection(): PresetRun {
  const story = new Story('first-election', { seed: 16 });
  const { sim } = story;
  story
    .until((s) => s.servers().some((v) => v.role === 'candidate'), 400, 'a first candidate')
    .markPause()
    .check(isCandidate(sim, 4) && sim.server(4).term === 1, 'S4 is the first candidate')
    .until((s) => s.leader() !== null, 600, 'a leader')
    .check(leaderOf(sim, 1) === 4, 'S4 leads term 1')
    .markPause()
    .until(converged, 800, 'the no-op committed everywhere')
    .to(500);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 2. Split vote

function splitVote(): PresetRun {
  const story = new Story('split-vote', { seed: 6 });
  const { sim } = story;
  story.to(100);
  sim.timeout(1);
  sim.timeout(2);
  sim.timeout(3);
  story
    .until(
      (s) => s.messages().filter((m) => m.type.startsWith('RequestVote')).length === 0,
      300,
      'the votes of term 1 counted',
    )
    .check(leaderOf(sim, 1) === null, 'no leader in term 1')
    .markPause()
    .until((s) => s.servers().some((v) => v.term === 2), 1000, 'a candidate for term 2')
    .check(isCandidate(sim, 1) && sim.server(1).term === 2, 'S1 is the first to start term 2')
    .markPause()
    .until((s) => s.leader() !== null, 1000, 'a leader')
    .check(leaderOf(sim, 2) === 1, 'S1 leads term 2')
    .until(converged, 1000, 'the no-op committed everywhere')
    .to(700);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 3. Leader crash

function leaderCrash(): PresetRun {
  const story = new Story('leader-crash', { seed: 8 });
  const { sim } = story;
  story.to(400).check(leaderOf(sim, 1) === 5, 'S5 leads term 1');
  sim.submit('set x 1', { client: 1, to: 5 });
  sim.submit('set y 2', { client: 2, to: 5 });
  sim.submit('set z 3', { client: 3, to: 5 });
  const holds = (id: number) => sim.server(id).log.filter((e) => e.kind === 'command').length === 3;
  story
    .until(() => holds(5) && [2, 3].every(holds), 600, 'the three entries on S2 and S3')
    .check(!holds(1) && !holds(4), 'S1 and S4 lack some entries')
    .check(
      sim.servers().every((v) => v.commitIndex <= 1),
      'no server has committed the new entries',
    );
  sim.crash(5);
  story
    .markPause()
    .until((s) => s.leader() !== null, 1000, 'a new leader')
    .check(leaderOf(sim, 2) === 2, 'S2 leads term 2')
    .markPause()
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 1000, 'the clients answered')
    .markPause()
    .to(900);
  sim.restart(5);
  story.until(converged, 1200, 'S5 caught up').to(1100);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 4. Partitioned leader

function partitionedLeader(): PresetRun {
  const story = new Story('partitioned-leader', { seed: 5 });
  const { sim } = story;
  story.to(350).check(leaderOf(sim, 1) === 1, 'S1 leads term 1');
  sim.submit('set x 1', { client: 1, to: 1 });
  story.until(converged, 500, 'the first command committed everywhere').to(500);
  sim.partition([
    [1, 2],
    [3, 4, 5],
  ]);
  story.to(520);
  sim.submit('set y 2', { client: 2, to: 1 });
  sim.submit('set z 2', { client: 3, to: 1 });
  story
    .until((s) => s.server(2).log.length === 4, 700, 'S2 holding both new entries')
    .check(sim.server(1).commitIndex === 2, 'S1 has not committed its new entries')
    .markPause()
    .until((s) => s.leader() !== 1, 1000, 'a leader in the majority')
    .check(leaderOf(sim, 2) === 4, 'S4 leads term 2')
    .check(sim.server(1).role === 'leader', 'S1 still believes it leads')
    .markPause();
  sim.submit('set x 3', { client: 4, to: 4 });
  story
    .until((s) => s.clientOps()[3]!.completedAt !== null, 1000, 'set x 3 committed')
    .check(sim.server(1).commitIndex === 2, 'S1 never committed its new entries')
    .to(950);
  sim.heal();
  story
    .markPause()
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 1500, 'every client answered')
    .until(converged, 1500, 'the logs converged')
    .to(1400);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 5. Log repair: Figure 7

const terms = (...ts: number[]) => ts.map((term) => ({ term }));

/** Figure 7 of the paper: the leader of term 8 (S1) and followers (a) to (f) as S2 to S7. */
export const FIGURE_7: InitialServer[] = [
  { term: 7, log: terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6) },
  { term: 6, log: terms(1, 1, 1, 4, 4, 5, 5, 6, 6) },
  { term: 4, log: terms(1, 1, 1, 4) },
  { term: 6, log: terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6) },
  { term: 7, log: terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7) },
  { term: 4, log: terms(1, 1, 1, 4, 4, 4, 4) },
  { term: 3, log: terms(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3) },
];

function logRepair(): PresetRun {
  const story = new Story('log-repair', { seed: 1, servers: 7 }, FIGURE_7);
  const { sim } = story;
  sim.timeout(1);
  story
    .until((s) => s.leader() !== null, 100, 'a leader')
    .check(leaderOf(sim, 8) === 1, 'S1 leads term 8')
    .markPause()
    .until(
      () => {
        const m = story.last?.message;
        return m?.type === 'AppendEntriesReply' && m.fields.success === false;
      },
      400,
      'a follower refusing an AppendEntries',
    )
    .markPause()
    .until(converged, 400, 'every log repaired')
    .to(300);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 6. Why the commit rule: Figure 8, with and without it

/**
 * Figure 8 of the paper, just before (c): S1 led term 2 and got entry 2 to S2
 * only; S5 led term 3 (votes of S3 and S4) and wrote a different entry 2.
 */
export const FIGURE_8: InitialServer[] = [
  {
    term: 3,
    log: [
      { term: 1, command: 'set x 1' },
      { term: 2, command: 'set x 2' },
    ],
  },
  {
    term: 3,
    log: [
      { term: 1, command: 'set x 1' },
      { term: 2, command: 'set x 2' },
    ],
  },
  { term: 3, votedFor: 5, log: [{ term: 1, command: 'set x 1' }] },
  { term: 3, votedFor: 5, log: [{ term: 1, command: 'set x 1' }] },
  {
    term: 3,
    votedFor: 5,
    log: [
      { term: 1, command: 'set x 1' },
      { term: 3, command: 'set x 3' },
    ],
  },
];

function commitRule(unsafe: boolean): PresetRun {
  const story = new Story(
    unsafe ? 'commit-rule-unsafe' : 'commit-rule',
    unsafe
      ? { seed: 9, leaderNoop: false, unsafe: { commitOldTermsByCount: true } }
      : { seed: 9, leaderNoop: false },
    FIGURE_8,
  );
  const { sim } = story;
  sim.crash(5);
  sim.timeout(1);
  const onMajority = (s: Sim) => {
    const progress = s.inner(1).progress;
    return [1, 2, 3, 4, 5].filter((id) => (progress[id]?.match ?? 0) >= 2).length >= 3;
  };
  story
    .until((s) => s.server(1).role === 'leader' && onMajority(s), 300, 'entry 2 on a majority')
    .check(leaderOf(sim, 4) === 1, 'S1 leads term 4')
    .check(
      sim.server(1).commitIndex === (unsafe ? 2 : 0),
      unsafe ? 'S1 commits entry 2 by counting' : 'S1 does not commit entry 2',
    )
    .markPause()
    .to(sim.now + 5)
    .check(sim.server(1).role === 'leader', 'S1 still leads');
  sim.crash(1);
  sim.restart(5);
  sim.timeout(5);
  story
    .until((s) => s.leader() === 5, 600, 'S5 leading')
    .check(leaderOf(sim, 5) === 5, 'S5 leads term 5')
    .markPause()
    .until((s) => s.server(2).log[1]?.term === 3, 600, 'S2 holding S5 entry 2');
  sim.submit('set y 5', { client: 1, to: 5 });
  story.until((s) => s.clientOps()[0]!.completedAt !== null, 800, 'set y 5 committed');
  sim.restart(1);
  story.until(converged, 1100, 'every log the same').to(story.sim.now + 100);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 7. Flaky network

function flakyNetwork(): PresetRun {
  const story = new Story('flaky-network', { seed: 11, dropRate: 0.2, duplicateRate: 0.2 });
  const { sim } = story;
  story.to(400).check(leaderOf(sim, 1) === 1, 'S1 leads term 1');
  for (const v of ['a', 'b', 'c', 'd', 'e']) sim.submit(`append s ${v}`, { client: 1 });
  sim.submit('set x 1', { client: 2 });
  const rejection = (s: Sim) => {
    const m = story.last?.message;
    return s.now > 400 && m?.type === 'AppendEntriesReply' && m.fields.success === false;
  };
  story
    .until(rejection, 1000, 'a follower asking for an entry it missed')
    .markPause()
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 1500, 'every client answered')
    .until(converged, 1500, 'the logs converged')
    .to(1100);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 8. Disruptive rejoin

function disruptiveRejoin(preVote = false): PresetRun {
  if (preVote) return disruptiveRejoinPreVote();
  const story = new Story('disruptive-rejoin', { seed: 5 });
  const { sim } = story;
  story.to(350).check(leaderOf(sim, 1) === 1, 'S1 leads term 1');
  sim.submit('set x 1', { client: 1, to: 1 });
  story.to(450);
  sim.isolate(5);
  story.to(600);
  sim.submit('set x 2', { client: 1 });
  story
    .to(1300)
    .check(sim.leader() === 1 && sim.server(1).term === 1, 'S1 still leads term 1')
    .check(sim.server(5).term === 4, 'S5 has run up its term to 4')
    .markPause();
  sim.connect(5);
  story
    .until((s) => s.server(1).role !== 'leader', 1500, 'S1 stepping down')
    .markPause()
    .until((s) => s.leader() !== null, 2000, 'a new leader')
    .check(leaderOf(sim, 6) === 3, 'S3 leads term 6')
    .until(converged, 2000, 'the logs converged')
    .to(1800);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 9-12. Membership changes (§6, Figures 10 and 11)

const config = (sim: Sim, id: number) => sim.server(id).config;
const uses = (sim: Sim, id: number, members: number[], old: number[] | null = null) =>
  JSON.stringify(config(sim, id)) === JSON.stringify({ members, old });

/** S4 starts outside; it catches up as a non-voting member, then joins through C_old,new. */
function addServer(): PresetRun {
  const story = new Story('add-server', { seed: 1, servers: 4, members: [1, 2, 3] });
  const { sim } = story;
  story.to(400).check(leaderOf(sim, 1) === 1, 'S1 leads term 1');
  sim.submit('set x 1', { client: 1 });
  sim.submit('set y 2', { client: 2 });
  sim.submit('set z 3', { client: 3 });
  story
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 700, 'the commands committed')
    .check(sim.server(4).log.length === 0, 'S4 has nothing yet')
    .to(600);
  const r = sim.proposeConfig(1, [1, 2, 3, 4]);
  story
    .check(r.index === 0, 'S4 catches up before the change')
    .until((s) => s.server(4).log.length >= 4, 900, 'S4 receiving the log')
    .check(uses(sim, 1, [1, 2, 3]), 'S1 still uses C_old while S4 catches up')
    .until((s) => uses(s, 1, [1, 2, 3, 4], [1, 2, 3]), 900, 'S1 appending C_old,new')
    .markPause()
    .until((s) => uses(s, 1, [1, 2, 3, 4]), 1000, 'S1 appending C_new')
    .until((s) => s.server(1).commitIndex === s.server(1).log.length, 1100, 'C_new committed')
    .to(story.sim.now + 100);
  sim.submit('set w 4', { client: 1 });
  story
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 1400, 'set w 4 committed')
    .until(converged, 1500, 'every log the same')
    .check(sim.server(4).kv.w === '4' && sim.server(4).kv.x === '1', 'S4 applies everything')
    .to(1400);
  return story.finish();
}

/** The leader removes itself: it manages the cluster until C_new commits, then steps down. */
function removeLeader(): PresetRun {
  const story = new Story('remove-leader', { seed: 1, servers: 5, members: [1, 2, 3, 4, 5] });
  const { sim } = story;
  story.to(400);
  const l = sim.leader()!;
  story.check(l === 1 && leaderOf(sim, 1) === 1, 'S1 leads term 1');
  sim.submit('set x 1', { client: 1 });
  story.to(500);
  const r = sim.proposeConfig(1, [2, 3, 4, 5]);
  story
    .check(r.index > 0, 'C_old,new appended at once (nobody to catch up)')
    .until((s) => uses(s, 1, [2, 3, 4, 5]), 700, 'S1 appending C_new')
    .check(sim.server(1).role === 'leader', 'S1 leads while C_new is not committed')
    .markPause()
    .until((s) => s.server(1).role !== 'leader', 800, 'S1 stepping down')
    .check(sim.server(1).commitIndex >= sim.server(1).log.length, 'C_new committed first')
    .until((s) => s.leader() !== null, 1500, 'a new leader')
    .check([2, 3, 4, 5].includes(sim.leader()!), 'the new leader is in C_new');
  sim.submit('set y 2', { client: 2 });
  story
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 2000, 'set y 2 committed')
    .to(1600)
    .check(
      sim.servers().every((v) => v.term <= 2),
      'S1, removed, never disrupts: term 2 at most',
    );
  return story.finish();
}

// 9. Disruptive rejoin under PreVote: the same schedule, and nothing happens

function disruptiveRejoinPreVote(): PresetRun {
  const story = new Story('disruptive-rejoin-prevote', { seed: 5, preVote: true });
  const { sim } = story;
  story.to(350).check(leaderOf(sim, 1) === 1, 'S1 leads term 1');
  sim.submit('set x 1', { client: 1, to: 1 });
  story.to(450);
  sim.isolate(5);
  story.to(600);
  sim.submit('set x 2', { client: 1 });
  story
    .to(1300)
    .check(sim.leader() === 1 && sim.server(1).term === 1, 'S1 still leads term 1')
    .check(sim.server(5).term === 1, 'S5 has not raised its term');
  sim.connect(5);
  story
    .markPause()
    .until(converged, 2000, 'the logs converged')
    .to(1800)
    .check(sim.leader() === 1 && sim.server(1).term === 1, 'S1 leads term 1 to the end')
    .check(sim.leadersByTerm().length === 1, 'no other election');
  return story.finish();
}

// ---------------------------------------------------------------------------
// 10. Leader in a minority, with and without CheckQuorum

function leaderInMinority(checkQuorum: boolean): PresetRun {
  const story = new Story(checkQuorum ? 'minority-leader-checkquorum' : 'minority-leader', {
    seed: 5,
    checkQuorum,
  });
  const { sim } = story;
  story.until((s) => s.leader() !== null, 600, 'a first leader');
  const sides = leaderSides(sim);
  const { old, rest } = sides;
  story.to(400);
  splitLeader(sim, sides);
  if (checkQuorum)
    story
      .until((s) => s.server(old).role !== 'leader', 1100, 'the old leader stepping down')
      .markPause();
  story.until(
    (s) => leadersOf(s).some((i) => rest.includes(i)),
    1100,
    'a leader on the majority side',
  );
  story.to(1100);
  if (!checkQuorum)
    story.check(sim.server(old).role === 'leader', 'the old leader still leads').markPause();
  sim.submit('set x 1', { client: 1, to: old });
  story.to(1400);
  sim.heal();
  story.until(converged, 2500, 'the logs converged').to(2000);
  return story.finish();
}

const leadersOf = (sim: Sim): number[] =>
  sim
    .servers()
    .filter((v) => v.up && v.role === 'leader')
    .map((v) => v.id);

// ---------------------------------------------------------------------------
// 11. Leadership transfer

function leadershipTransfer(): PresetRun {
  const story = new Story('leadership-transfer', { seed: 16 });
  const { sim } = story;
  story.until((s) => s.leader() !== null, 600, 'a first leader').to(400);
  const old = sim.leader()!;
  const to = old === 2 ? 3 : 2;
  sim.submit('set x 1', { client: 1, to: old });
  story.to(500);
  story.check(sim.transferLeadership(old, to), 'the transfer starts').markPause();
  story
    .until((s) => s.leader() === to, 1000, 'the target leading')
    .check(sim.server(to).term === sim.server(old).term, 'the old leader follows the new term');
  sim.submit('set x 2', { client: 1 });
  story.until(converged, 1500, 'the logs converged').to(1000);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 12. Catch up by snapshot

function catchUpBySnapshot(): PresetRun {
  const story = new Story('catch-up-by-snapshot', {
    seed: 3,
    servers: 3,
    clientLoadPerSecond: 20,
    snapshotThreshold: 8,
  });
  const { sim } = story;
  story.until((s) => s.leader() !== null, 600, 'a first leader').to(400);
  const lead = sim.leader()!;
  const slow = lead === 3 ? 2 : 3;
  sim.crash(slow);
  story
    .until(
      (s) => s.server(lead).snapshot !== null && s.server(lead).snapshot!.index > 20,
      4000,
      'the leader snapshotting past the follower',
    )
    .to(sim.now + 50);
  sim.restart(slow);
  let installed = false;
  sim.onEvent = (e) => {
    story.last = e;
    if (e.kind === 'deliver' && e.message?.type === 'InstallSnapshot' && e.message.to === slow)
      installed = true;
  };
  story.until(() => installed, sim.now + 1000, 'an InstallSnapshot delivered').markPause();
  story
    .to(sim.now + 500)
    .check(sim.server(slow).snapshot !== null, 'the follower holds a snapshot')
    .check(
      sim.server(slow).lastApplied >= sim.server(lead).snapshot!.index,
      'the follower applied it',
    );
  return story.finish();
}

/** Three servers to three others through C_old,new: never a moment without both majorities. */
function replaceMajority(): PresetRun {
  const story = new Story('replace-majority', { seed: 2, servers: 6, members: [1, 2, 3] });
  const { sim } = story;
  story.to(400);
  const l = sim.leader();
  story.check(l !== null && [1, 2, 3].includes(l), 'a leader among S1–S3');
  sim.submit('set x 1', { client: 1 });
  sim.submit('set y 2', { client: 2 });
  story.to(550);
  const r = sim.proposeConfig(l!, [4, 5, 6]);
  story
    .check(r.index === 0, 'S4–S6 catch up first')
    .until((s) => uses(s, l!, [4, 5, 6], [1, 2, 3]), 1000, 'C_old,new appended')
    .markPause()
    .until((s) => uses(s, l!, [4, 5, 6]), 1200, 'C_new appended')
    .until((s) => s.server(l!).role !== 'leader', 1300, 'the old leader stepping down')
    .until((s) => s.leader() !== null, 2000, 'a leader in C_new')
    .check([4, 5, 6].includes(sim.leader()!), 'the new leader is one of S4–S6');
  sim.submit('set z 3', { client: 3 });
  story
    .until((s) => s.clientOps().every((o) => o.completedAt !== null), 2500, 'set z 3 committed')
    .to(Math.max(1800, story.sim.now + 50));
  return story.finish();
}

/**
 * Figure 10 with the unsafe switch: C_old {1,2,3} straight to C_new {1..5}, no joint
 * phase. Cut off with S2, S1 still uses C_old and wins with 2 of 3; S4 uses C_new and wins
 * with 3 of 5. Two leaders in one term.
 */
function figure10(): PresetRun {
  const story = new Story('figure-10', {
    seed: 1,
    servers: 5,
    members: [1, 2, 3],
    unsafe: { directConfigChange: true },
  });
  const { sim } = story;
  sim.timeout(3);
  story.to(300).check(leaderOf(sim, 1) === 3, 'S3 leads term 1');
  sim.submit('set x 1', { client: 1, to: 3 });
  story.to(400);
  sim.partition([
    [1, 2],
    [3, 4, 5],
  ]);
  sim.setLink(3, 5, false);
  const r = sim.proposeConfig(3, [1, 2, 3, 4, 5]);
  story
    .check(r.index === 3, 'C_new appended at once, no joint phase')
    .until((s) => s.server(4).log.length >= 3, 600, 'S4 holding C_new')
    .check(uses(sim, 4, [1, 2, 3, 4, 5]) && uses(sim, 1, [1, 2, 3]), 'S1 uses C_old, S4 C_new')
    .markPause();
  sim.timeout(1);
  sim.timeout(4);
  story
    .until((s) => s.violations().length > 0, 700, 'two leaders in one term')
    .check(sim.violations()[0]!.invariant === 'election-safety', 'election safety broken')
    .to(story.sim.now + 10)
    .check(sim.violations().length === 1, 'nothing else broken yet');
  return story.finish();
}

// ---------------------------------------------------------------------------
// 13. Stale read, and the same schedule under ReadIndex

function staleRead(unsafe: boolean): PresetRun {
  const story = new Story(
    unsafe ? 'stale-read' : 'stale-read-readindex',
    unsafe ? { seed: 5, unsafe: { staleReads: true } } : { seed: 5, readMode: 'readIndex' },
  );
  const { sim } = story;
  story.until((s) => s.leader() !== null, 600, 'a first leader').to(350);
  const sides = leaderSides(sim);
  const { old } = sides;
  sim.submit('set x 1', { client: 1, to: old });
  story.to(450);
  splitLeader(sim, sides);
  story.until((s) => leadersOf(s).length === 2, 1500, 'a second leader on the majority side');
  const fresh = leadersOf(sim).find((i) => i !== old)!;
  sim.submit('set x 2', { client: 2, to: fresh });
  story.to(sim.now + 150);
  sim.submit('get x', { client: 3, to: old });
  story.markPause().to(sim.now + 300);
  if (unsafe) story.check(sim.violations().length > 0, 'the checker flags the stale read');
  else story.check(sim.violations().length === 0, 'no violation');
  sim.heal();
  story.to(sim.now + 600);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 14. A lease without the vote wait

function leaseWithoutVoteWait(): PresetRun {
  const story = new Story('lease-without-vote-wait', {
    seed: 5,
    readMode: 'lease',
    unsafe: { leaseWithoutVoteWait: true },
    electionTimeoutMs: [300, 450],
  });
  const { sim } = story;
  story.until((s) => s.leader() !== null, 1000, 'a first leader').to(700);
  const sides = leaderSides(sim);
  const { old, rest } = sides;
  sim.submit('set x 1', { client: 1, to: old });
  story.to(800);
  splitLeader(sim, sides);
  story.to(810);
  sim.timeout(rest[0]!);
  story.until(
    (s) => leadersOf(s).some((i) => rest.includes(i)),
    1000,
    'a leader on the majority side at once',
  );
  const fresh = leadersOf(sim).find((i) => i !== old)!;
  sim.submit('set x 2', { client: 2, to: fresh });
  story.until(
    (s) => s.clientOps().some((o) => o.command === 'set x 2' && o.completedAt !== null),
    1100,
    'x = 2 committed',
  );
  sim.submit('get x', { client: 3, to: old });
  story.markPause().to(sim.now + 100);
  story.check(sim.violations().length > 0, 'the checker flags the stale lease read');
  sim.heal();
  story.to(sim.now + 500);
  return story.finish();
}

// ---------------------------------------------------------------------------
// 15. Seed 004: "a follower's current term is stale, redirecting the client's request
// to a stale leader" (§8), under ReadIndex, with and without CheckQuorum

function staleRedirect(checkQuorum: boolean): PresetRun {
  const story = new Story(
    checkQuorum ? 'stale-redirect-checkquorum' : 'stale-redirect-readindex',
    checkQuorum
      ? { seed: 5, readMode: 'readIndex', checkQuorum }
      : { seed: 5, readMode: 'readIndex' },
  );
  const { sim } = story;
  story.until((s) => s.leader() !== null, 600, 'a first leader').to(350);
  const sides = leaderSides(sim);
  const { old, mate } = sides;
  sim.submit('set x 1', { client: 1, to: old });
  story.to(450);
  splitLeader(sim, sides);
  story.until((s) => leadersOf(s).length === 2, 1500, 'a second leader on the majority side');
  const fresh = leadersOf(sim).find((i) => i !== old)!;
  sim.submit('set x 2', { client: 2, to: fresh });
  story
    .to(sim.now + 150)
    .check(
      sim.inner(mate).leaderId === old && sim.server(mate).term === 1,
      'the mate still follows the old leader in term 1',
    );
  const get = sim.submit('get x', { client: 3, to: mate });
  story
    .until(
      () => {
        const m = story.last?.message;
        return (
          m?.type === 'ClientRequest' &&
          m.to === old &&
          m.fields.client === 3 &&
          story.last?.kind === 'deliver'
        );
      },
      1300,
      'the redirected read reaching the old leader',
    )
    .check(
      checkQuorum ? sim.server(old).role === 'follower' : sim.server(old).role === 'leader',
      checkQuorum ? 'the old leader has stepped down' : 'the old leader still believes it leads',
    )
    .markPause();
  if (checkQuorum)
    story
      .until(
        (s) => s.clientOps()[get - 1]!.completedAt !== null,
        1400,
        'the read answered before the heal',
      )
      .check(sim.clientOps()[get - 1]!.result === '2', 'the read returns x = 2')
      .markPause();
  story.to(1400);
  if (!checkQuorum)
    story
      .check(sim.clientOps()[get - 1]!.completedAt === null, 'the read unanswered until the heal')
      .markPause();
  sim.heal();
  story
    .until((s) => s.clientOps()[get - 1]!.completedAt !== null, 2000, 'the read answered')
    .check(sim.clientOps()[get - 1]!.result === '2', 'the read returns x = 2')
    .check(sim.violations().length === 0, 'no violation')
    .to(Math.max(1700, sim.now + 50));
  return story.finish();
}

// ---------------------------------------------------------------------------
// 16. Seed 004: "a network partition between a follower and the leader while the leader
// can communicate with all the other followers: will the follower still begin an
// election?" (§5.2), without and with PreVote (dissertation §9.6)

function followerCutOff(preVote: boolean): PresetRun {
  const story = new Story(preVote ? 'follower-cut-off-prevote' : 'follower-cut-off', {
    seed: 7,
    preVote,
  });
  const { sim } = story;
  story.until((s) => s.leader() !== null, 300, 'a first leader').to(300);
  const lead = sim.leader()!;
  const cut = lead === 1 ? 2 : 1;
  sim.submit('set x 1', { client: 1, to: lead });
  story.until(converged, 450, 'set x 1 committed everywhere').to(450);
  sim.setLink(lead, cut, false);
  sim.setLink(cut, lead, false);
  let timedOut = false;
  let refused = 0;
  sim.onEvent = (e) => {
    story.last = e;
    if (e.kind === 'election-timeout' && e.server === cut) timedOut = true;
    const m = e.message;
    if (e.kind === 'deliver' && m?.type === 'PreVoteReply' && m.to === cut && !m.fields.voteGranted)
      refused++;
  };
  story.until(() => timedOut, 1000, 'the cut-off follower timing out').markPause();
  if (preVote)
    story
      .check(sim.server(cut).term === 1, 'no term raised by the pre-vote')
      .until(() => refused === 3, 1000, 'the three others refusing their pre-votes')
      .check(
        JSON.stringify(sim.server(cut).log) === JSON.stringify(sim.server(lead).log),
        'the cut-off follower’s log is as up to date as the leader’s',
      )
      .markPause()
      .to(1500)
      .check(
        sim.leadersByTerm().length === 1 && sim.leader() === lead,
        'the leader leads to the end',
      )
      .check(
        sim.servers().every((v) => v.term === 1),
        'no term raised',
      );
  else
    story
      .check(sim.server(cut).term === 2, 'the cut-off follower stands for term 2')
      .until((s) => s.server(lead).role !== 'leader', 1000, 'the healthy leader stepping down')
      .markPause()
      .to(1500)
      .check(sim.leadersByTerm().length > 2, 'more than one new leader');
  return story.finish();
}

/** Every preset's run, in the order of the menu. */
export function buildPresetRuns(): PresetRun[] {
  return [
    firstElection(),
    splitVote(),
    leaderCrash(),
    partitionedLeader(),
    logRepair(),
    commitRule(false),
    commitRule(true),
    flakyNetwork(),
    disruptiveRejoin(),
    addServer(),
    removeLeader(),
    replaceMajority(),
    figure10(),
    disruptiveRejoin(true),
    leaderInMinority(false),
    leaderInMinority(true),
    leadershipTransfer(),
    catchUpBySnapshot(),
    staleRead(true),
    staleRead(false),
    leaseWithoutVoteWait(),
    staleRedirect(false),
    staleRedirect(true),
    followerCutOff(false),
    followerCutOff(true),
  ];
}
