/**
 * The preset scenarios of the "Scenarios" menu: each a story about Raft, told
 * by a recorded run (seed, settings, starting state, timed actions) and a
 * paragraph in plain language shown beside the cluster.
 *
 * Pure data: the runs were recorded by driving the simulator
 * (src/cli/preset-runs.ts) and are stored in ./presets.recorded.ts, so the UI
 * reads them without the simulator. Regenerate them after a change of the
 * engine with `npx tsx src/cli/presets.ts --write`; presets.test.ts checks
 * that every story still happens as its words say.
 */
import type { InitialServer, SimulationOptions } from '../model/options.ts';
import type { Scenario, ScenarioAction } from '../model/scenario.ts';
import { PRESET_RUNS } from './presets.recorded.ts';
import { scenarioFrom } from './scenario.ts';

/** A point of a run: virtual time and events processed. */
export interface Moment {
  time: number;
  events: number;
}

/** A recorded run (generated data). */
export interface PresetRun {
  id: string;
  options: Omit<SimulationOptions, 'initial'>;
  initial?: InitialServer[];
  actions: ScenarioAction[];
  /** A moment worth pausing at. */
  pause?: Moment;
  /** Where the story has been told, with the trace hash there. */
  end: Moment & { hash: string };
}

export interface Preset {
  /** Stable: links and tests name a preset by it. */
  id: string;
  /** The menu entry. */
  title: string;
  /** One paragraph for students, shown beside the cluster. */
  explanation: string;
  /** The run, from time 0 (no `moment`: a preset starts at the beginning). */
  scenario: Scenario;
  /** Where the story has been told: play to here. `hash` is the trace hash there. */
  end: Moment & { hash: string };
  /** A moment worth pausing at, and what to look at then. */
  pause?: Moment & { note: string };
}

interface PresetText {
  id: string;
  title: string;
  explanation: string;
  pauseNote?: string;
}

const TEXTS: PresetText[] = [
  {
    id: 'first-election',
    title: 'First election',
    explanation:
      'Five servers start as followers in term 0, each with an election timer set to a random time ' +
      'between 150 and 300 ms. S4’s timer runs out first: it becomes a candidate for term 1, votes ' +
      'for itself and asks the others for their votes. None of them has voted in term 1 yet, so each ' +
      'grants its vote to the first candidate that asks: S4. With 3 of 5 votes S4 is the leader. It ' +
      'appends an empty entry of its own term, which is committed once a majority stores it, and sends ' +
      'heartbeats every 50 ms; they reset the followers’ timers, so no one else times out. Random ' +
      'timeouts are what usually lets one server start, and win, an election before anyone else tries ' +
      '(§5.2).',
    pauseNote:
      'S4’s timer has just run out: it is a candidate for term 1 and its vote requests are on their way.',
  },
  {
    id: 'split-vote',
    title: 'Split vote',
    explanation:
      'A split vote takes candidates who start an election at the same moment. To make it happen on ' +
      'cue, S1, S2 and S3 are made to time out together at 100 ms: each becomes a candidate for term 1 ' +
      'and votes for itself. A server grants at most one vote per term, to whoever asks first, so S4 ' +
      'votes for S3, S5 votes for S1, and S2 gets no vote at all. Nobody has the 3 of 5 votes it needs: ' +
      'term 1 ends without a leader. Each candidate then waits a new random election timeout. S1’s runs ' +
      'out first: it starts term 2 before anyone else, collects every vote and leads. Random timeouts ' +
      'make split votes rare, and make them end quickly when they happen (§5.2).',
    pauseNote:
      'Every vote of term 1 has been counted: S1 and S3 have two each, S2 one. Nobody has a majority.',
  },
  {
    id: 'leader-crash',
    title: 'Leader crash',
    explanation:
      'S5 leads term 1. At 400 ms three clients each send it a command; S5 appends them to its log and ' +
      'starts replicating them. At 450 ms S5 crashes in the middle of it: its three new entries have ' +
      'reached S2 and S3, S1 and S4 have only the first, no server has committed them and no client ' +
      'has had an answer. Without heartbeats the followers time out; S2 is first and asks for votes in ' +
      'term 2. Its log is at least as up to date as the others’, so S1, S3 and S4 vote for it (the ' +
      'election restriction, §5.4.1). The new leader fills in the logs of S1 and S4. Once its own ' +
      'first entry of term 2 is stored on a majority it is committed, and with it every entry before ' +
      'it (§5.4.2): S2 answers the three clients. When S5 restarts it still has its log; it rejoins as ' +
      'a follower of term 2 and catches up. Nothing was lost.',
    pauseNote:
      'S5 has just crashed. Its three new entries are on S2 and S3, but no server has committed them.',
  },
  {
    id: 'partitioned-leader',
    title: 'Partitioned leader',
    explanation:
      'S1 leads term 1, and “set x 1” is committed everywhere. At 500 ms the network splits: S1 and S2 ' +
      'on one side, S3, S4 and S5 on the other. S1 does not know it is cut off. It still acts as leader ' +
      'and accepts two more commands, “set y 2” and “set z 2”, at indexes 3 and 4, and copies them to ' +
      'S2; but two servers of five are not a majority, so these entries are never committed and their ' +
      'clients get no answer. On the other side S4 times out, wins term 2 with the votes of S3 and S5, ' +
      'and commits “set x 3”. For a while there are two leaders, of different terms, and only one of ' +
      'them can commit anything. At 950 ms the partition heals: S1 sees S4’s term 2, steps down, and ' +
      'S1 and S2 replace their uncommitted entries with S4’s (§5.3). The two clients that got no ' +
      'answer time out, ask again, are sent on to S4, and their commands are committed in term 2.',
    pauseNote:
      'Two leaders: S1 of term 1, cut off with S2, and S4 of term 2, with the majority. Only S4 can commit.',
  },
  {
    id: 'log-repair',
    title: 'Log repair (Figure 7)',
    explanation:
      'This starts where Figure 7 of the paper does: seven servers whose logs disagree in every way ' +
      'the figure shows. S1 times out at once and runs for term 8. S4 and S5 refuse it their votes, ' +
      'because their logs are more up to date, but S2, S3, S6 and S7 make a majority. The followers’ ' +
      'logs differ from the leader’s: S2 (the figure’s a) and S3 (b) miss entries, S4 (c) and S5 (d) ' +
      'have extra entries that were never committed, S6 (e) and S7 (f) hold entries of terms the leader ' +
      'never had. The leader does not negotiate: it makes their logs match its own (§5.3). Each ' +
      'AppendEntries names the entry just before the new ones; a follower that does not have it ' +
      'refuses and says where its log differs, and the leader steps back to there and tries again. A ' +
      'few round trips later every log is the leader’s: missing entries filled in, extra and ' +
      'conflicting ones deleted and replaced, and the leader’s new entry of term 8 commits them all.',
    pauseNote: 'S1 has just become leader of term 8. Watch each follower’s log being repaired.',
  },
  {
    id: 'commit-rule',
    title: 'Why the commit rule (Figure 8)',
    explanation:
      'Figure 8 of the paper, with the leader’s no-op entries switched off as in the figure. Entry 2 of ' +
      'term 2 (“set x 2”) was written by S1 when it led term 2 and reached only S2; then S5 led term 3 ' +
      'and wrote a different entry 2 (“set x 3”) that reached no one. S5 is down. S1 is elected for term ' +
      '4 and copies its entry 2 to S3 and S4: it is now stored on a majority. But it is an entry of an ' +
      'older term, and a leader commits by counting replicas only entries of its own term (§5.4.2), so ' +
      'S1 does not commit it. Then S1 crashes and S5 comes back. Its last entry (term 3) is newer than ' +
      'everyone else’s (term 2), so after a first attempt in term 4 is refused, it wins term 5 and ' +
      'overwrites entry 2 everywhere with its own. That is fine: entry 2 had never been committed, and ' +
      'no client had been told it was. Compare with the next scenario, where this rule is switched off.',
    pauseNote:
      'Entry 2 of term 2 is stored on a majority, yet S1 has not committed it: it is not of S1’s term.',
  },
  {
    id: 'commit-rule-unsafe',
    title: 'Why the commit rule: broken',
    explanation:
      'The same run as the previous scenario, with one difference: the unsafe switch “commit old ' +
      'terms by count” lets a leader commit any entry stored on a majority. So when S1, leader of term ' +
      '4, sees entry 2 (“set x 2”, of term 2) on a majority, it commits and applies it: x is 2 on S1, ' +
      'and a client could have been told so. Then S1 crashes, S5 wins term 5 exactly as before, and ' +
      'overwrites entry 2 with its own “set x 3” on every server. A committed entry has been lost, and ' +
      'the checkers say so: S5 became leader without a committed entry (leader completeness), and the ' +
      'servers then commit and apply a different entry at index 2 (state machine safety). This is why ' +
      'a Raft leader counts replicas only for entries of its current term.',
    pauseNote: 'S1 has just committed entry 2 of term 2 by counting replicas: x is 2 on S1.',
  },
  {
    id: 'flaky-network',
    title: 'Flaky network',
    explanation:
      'Here every message between servers has a 20% chance of being lost and a 20% chance of arriving ' +
      'twice. Raft only needs some messages to get through. Two clients send six commands; five of ' +
      'them append a letter to s. A lost AppendEntries is made good later: the follower that missed an ' +
      'entry refuses the next one, and the leader steps back and sends the missing entry again. A ' +
      'duplicated message changes nothing: an entry already in the log is not appended twice, and a ' +
      'reply that was already counted is not counted again. Every command is answered once, and every ' +
      'server ends with the same log and s = “abcde”: each command ran exactly once.',
    pauseNote:
      'S2 missed an entry because a message was lost, and refused the next one. S1 steps back and sends it again.',
  },
  {
    id: 'disruptive-rejoin',
    title: 'Disruptive rejoin',
    explanation:
      'S1 leads term 1 and all is well until S5 is cut off from everyone at 450 ms. Hearing no ' +
      'heartbeats, S5 times out and becomes a candidate; no one hears it, so it times out again, and ' +
      'again: by 1300 ms it is in term 4, while the others, who committed “set x 2” without it, are ' +
      'still in term 1. Then S5’s links come back. Its next vote request carries term 5, every server ' +
      'that sees it adopts the higher term, and S1, a perfectly healthy leader, steps down. S5 cannot ' +
      'win: its log lacks “set x 2”, so everyone refuses it (§5.4.1). But the cluster has no leader ' +
      'until S3 wins term 6. One server with a bad link cost a leader and an election. PreVote ' +
      '(section 9.6 of Ongaro’s dissertation) prevents this: a server first asks whether it could win, ' +
      'and raises its term only if a majority says yes.',
    pauseNote:
      'S1 has just seen term 5 in S5’s vote request and stepped down, though nothing was wrong with it.',
  },
  {
    id: 'disruptive-rejoin-prevote',
    title: 'Disruptive rejoin, with PreVote',
    explanation:
      'The same run as “Disruptive rejoin”, with one difference: PreVote is on (section 9.6 of ' +
      'Ongaro’s dissertation). S5 is cut off at 450 ms and times out again and again, but each time ' +
      'it first asks for pre-votes, which do not raise anyone’s term, its own included. No one hears ' +
      'it, so it never gets a majority and never starts a real election: at 1300 ms it is still in ' +
      'term 1. When its links come back it has no higher term to unseat anyone with: S1’s heartbeats ' +
      'reach it, and S5 follows S1 and catches up on “set x 2”. S1 leads term 1 to the end: no leader lost, no election held. Same schedule, ' +
      'two outcomes.',
    pauseNote:
      'S5’s links are back. It is still in term 1: its pre-votes raised no term while it was cut off.',
  },
  {
    id: 'minority-leader',
    title: 'Leader in a minority',
    explanation:
      'S1 leads term 1. At 400 ms the network splits: S1 and S2 on one side, S3, S4 and S5 on the ' +
      'other. The majority side elects S5 (after two split votes, in term 4). S1 cannot hear from a ' +
      'majority any more, but nothing in the paper’s rules tells it so: it still believes it leads ' +
      'term 1. At 1100 ms a client sends it “set x 1”; S1 appends it and waits for a majority that ' +
      'will never answer, and the client waits with it. Only when the partition heals at 1400 ms does ' +
      'S1 see term 4 and step down; the client times out, tries again and is answered by S5. Compare ' +
      'with the next scenario, where CheckQuorum is on.',
    pauseNote:
      'Two leaders: S1 of term 1, cut off with S2, still accepts requests it can never commit.',
  },
  {
    id: 'minority-leader-checkquorum',
    title: 'Leader in a minority, with CheckQuorum',
    explanation:
      'The same run as “Leader in a minority”, with CheckQuorum on (dissertation §6.2): a leader that ' +
      'has not heard from a majority within an election timeout steps down. The network splits at ' +
      '400 ms, S1 and S2 on one side. About an election timeout later, at 699 ms, S1 has heard only ' +
      'from S2 and steps down to follower: from then on it refuses requests instead of accepting them ' +
      'into a log that cannot commit. The majority side elects S5 in term 4. The client that sends ' +
      '“set x 1” to S1 at 1100 ms is not taken in by a leader that cannot commit, and is answered at ' +
      '1418 ms, against 1819 ms in the previous scenario, where it waited on a leader cut off from ' +
      'its majority.',
    pauseNote:
      'S1 has not heard from a majority for an election timeout: it has just stepped down.',
  },
  {
    id: 'leadership-transfer',
    title: 'Leadership transfer',
    explanation:
      'S4 leads term 1, and “set x 1” is committed. At 500 ms S4 is asked to hand leadership to S2 ' +
      '(dissertation §3.10), as an operator does before taking a server down. S4 stops accepting ' +
      'requests, makes sure S2’s log is as up to date as its own, then sends it TimeoutNow. S2 starts ' +
      'an election at once, for term 2, without waiting for its timer, and wins it. S2 leads term 2, S4 follows it, and the next request, “set x 2”, is committed by S2. ' +
      'No election timeout was waited out: the cluster was without a leader only for one round of votes.',
    pauseNote: 'S4 has just been asked to hand leadership to S2.',
  },
  {
    id: 'catch-up-by-snapshot',
    title: 'Catch up by snapshot',
    explanation:
      'Three servers, a steady load of client commands, and a snapshot threshold of 8: once more than ' +
      '8 applied entries are in a server’s log, it writes its state machine to a snapshot and ' +
      'discards those entries (§7). S3 crashes at 400 ms with 8 entries in its log. By the time it ' +
      'restarts, at 1415 ms, S1 and S2 have snapshotted everything up to index 27: the entries S3 ' +
      'needs next are gone. The leader S2 cannot send them, so it sends InstallSnapshot instead: its ' +
      'snapshot, up to index 27. S3 replaces its state with it and then receives the entries after it ' +
      'as usual. In the log grid each snapshot is one block, with its last index and term.',
    pauseNote: 'S3 has just installed S2’s snapshot: its log now starts after index 27.',
  },
  {
    id: 'stale-read',
    title: 'Stale read',
    explanation:
      'With the unsafe switch “stale reads”, any server answers a read at once from its own state ' +
      'machine. S1 leads term 1 and x is 1. At 450 ms S1 and S2 are cut off from the others; S5 ' +
      'becomes leader of term 2, and a second client sets x to 2, committed by S3, S4 and S5. Then a ' +
      'third client asks S1 for x. S1 still believes it leads and answers 1 at once, though x = 2 ' +
      'was committed before the read was sent. The checkers flag it (“reads see ' +
      'committed”): the read returned a value older than one committed before it began. Compare with ' +
      'the next scenario, where reads go through ReadIndex (§6.4, §8).',
    pauseNote: 'The read of x is on its way to S1, which still believes it leads term 1.',
  },
  {
    id: 'stale-read-readindex',
    title: 'Stale read, under ReadIndex',
    explanation:
      'The same schedule as “Stale read”, with reads served by ReadIndex and no unsafe switch. When ' +
      'the read of x reaches S1, it records its commit index and sends a round of heartbeats to ' +
      'confirm it still leads; it answers only once a majority has acknowledged (dissertation §6.4). ' +
      'Cut off with S2, S1 never gets a majority: it does not answer. When the partition heals S1 ' +
      'learns of term 2 and steps down; the client asks again and reads x = 2 from the new leader. A read ' +
      'costs a round trip, but it is never stale, and the checkers find nothing.',
    pauseNote: 'The read of x is on its way to S1, which can no longer confirm that it leads.',
  },
  {
    id: 'lease-without-vote-wait',
    title: 'A lease without the vote wait',
    explanation:
      'Reads are served under a lease (dissertation §6.4.1): a leader answers a read at once, with no ' +
      'round trip, for a minimum election timeout (here 300 ms) after a majority acknowledged its ' +
      'heartbeats. That is safe only because voters refuse votes for that long after hearing from a ' +
      'leader, so no new leader can be elected while the lease holds. The unsafe switch “lease ' +
      'without the vote wait” lets voters grant votes at once. S1 leads term 1; at 800 ms it is cut ' +
      'off with S2, and S3 is made to time out at once: S4 and S5 vote for it without waiting, and S3 ' +
      'leads term 2 at 855 ms and commits x = 2. At 956 ms a client reads x from S1. S1’s lease has ' +
      'not run out, so it answers 1 at once: a stale read, and the checkers flag it (“reads see ' +
      'committed”).',
    pauseNote:
      'x = 2 is committed by S3; the read of x is on its way to S1, whose lease still holds.',
  },
];

function assemble(text: PresetText): Preset {
  const run = PRESET_RUNS.find((r) => r.id === text.id);
  if (run === undefined) throw new Error(`No recorded run for the preset "${text.id}".`);
  const scenario = scenarioFrom(
    run.initial ? { ...run.options, initial: run.initial } : run.options,
    run.actions,
  );
  scenario.title = text.title;
  const preset: Preset = {
    id: text.id,
    title: text.title,
    explanation: text.explanation,
    scenario,
    end: { ...run.end },
  };
  if (run.pause) preset.pause = { ...run.pause, note: text.pauseNote ?? '' };
  return preset;
}

/** The presets, in the order of the menu. */
export const PRESETS: readonly Preset[] = TEXTS.map(assemble);

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
