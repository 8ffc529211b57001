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
  /** The moments worth pausing at, in order. */
  pauses?: Moment[];
  /** Where the story has been told, with the trace hash there. */
  end: Moment & { hash: string };
}

/** A pause point of a preset: a moment of its run, and the part of the story told there. */
export interface PausePoint extends Moment {
  text: string;
}

export interface Preset {
  /** Stable: links and tests name a preset by it. */
  id: string;
  /** The menu entry. */
  title: string;
  /** What is set up, told before anything happens (never the ending). */
  intro: string;
  /**
   * The story told step by step: the pause points in order, each with what
   * happened up to it; the last is the end of the story.
   */
  points: PausePoint[];
  /** The whole story, intro and every part, in one paragraph. */
  explanation: string;
  /** The run, from time 0 (no `moment`: a preset starts at the beginning). */
  scenario: Scenario;
  /** Where the story has been told: play to here. `hash` is the trace hash there. */
  end: Moment & { hash: string };
}

interface PresetText {
  id: string;
  title: string;
  intro: string;
  /** One part per recorded pause point, then the part told at the end. */
  parts: string[];
}

const TEXTS: PresetText[] = [
  {
    id: 'first-election',
    title: 'First election',
    intro:
      'Five servers start as followers in term 0, each with an election timer (the arc around it) set ' +
      'to a random time between 150 and 300 ms. Nobody leads yet, so the timers run on.',
    parts: [
      'S4’s timer runs out first: it becomes a candidate for term 1, votes for itself and asks the ' +
        'others for their votes.',
      'None of them had voted in term 1 yet, so each granted its vote to the first candidate that ' +
        'asked: S4. With 3 of 5 votes S4 is the leader (§5.2).',
      'It appended an empty entry of its own term, committed once a majority stored it, and sends ' +
        'heartbeats every 50 ms; they reset the followers’ timers, so no one else times out. Random ' +
        'timeouts are what usually lets one server start, and win, an election before anyone else ' +
        'tries (§5.2).',
    ],
  },
  {
    id: 'split-vote',
    title: 'Split vote',
    intro:
      'A split vote takes candidates who start an election at the same moment. To make it happen on ' +
      'cue, S1, S2 and S3 are made to time out together at 100 ms: each becomes a candidate for term 1 ' +
      'and votes for itself. S4 and S5 have one vote each to give.',
    parts: [
      'Every vote of term 1 has been counted. A server grants at most one vote per term, to whoever ' +
        'asks first: S4 voted for S3, S5 for S1, and S2 got no vote at all. Nobody has the 3 of 5 ' +
        'votes it needs: term 1 ends without a leader.',
      'Each candidate waited a new random election timeout. S1’s ran out first: it starts term 2 ' +
        'before anyone else.',
      'S1 collected every vote of term 2 and leads. Random timeouts make split votes rare, and make ' +
        'them end quickly when they happen (§5.2).',
    ],
  },
  {
    id: 'leader-crash',
    title: 'Leader crash',
    intro:
      'S5 leads term 1. At 400 ms three clients each send it a command; S5 appends them to its log and ' +
      'starts replicating them.',
    parts: [
      'At 450 ms S5 crashes in the middle of it: its three new entries have reached S2 and S3, S1 and ' +
        'S4 have only the first, no server has committed them and no client has had an answer.',
      'Without heartbeats the followers timed out; S2 was first and asked for votes in term 2. Its log ' +
        'is at least as up to date as the others’, so they voted for it (the election restriction, ' +
        '§5.4.1): S2 leads.',
      'The new leader filled in the logs of S1 and S4. Once its own first entry of term 2 was stored ' +
        'on a majority it was committed, and with it every entry before it (§5.4.2): S2 answered the ' +
        'three clients.',
      'At 900 ms S5 restarted with its log; it rejoined as a follower of term 2 and caught up. Nothing ' +
        'was lost.',
    ],
  },
  {
    id: 'partitioned-leader',
    title: 'Partitioned leader',
    intro:
      'S1 leads term 1, and “set x 1” is committed everywhere. At 500 ms the network splits: S1 and S2 ' +
      'on one side, S3, S4 and S5 on the other.',
    parts: [
      'S1 does not know it is cut off. It still acts as leader: it accepted “set y 2” and “set z 2” at ' +
        'indexes 3 and 4 and copied them to S2. But two servers of five are not a majority, so these ' +
        'entries are not committed and their clients get no answer.',
      'On the other side S4 timed out and won term 2 with the votes of S3 and S5. Two leaders, of ' +
        'different terms, and only S4, with a majority, can commit anything.',
      'S4 has committed “set x 3”; S1 still has not committed its entries. At 950 ms the partition ' +
        'heals.',
      'S1 saw S4’s term 2 and stepped down, and S1 and S2 replaced their uncommitted entries with S4’s ' +
        '(§5.3). The two clients that got no answer timed out, asked again, were sent on to S4, and ' +
        'their commands were committed in term 2.',
    ],
  },
  {
    id: 'log-repair',
    title: 'Log repair (Figure 7)',
    intro:
      'This starts where Figure 7 of the paper does: seven servers whose logs disagree in every way the ' +
      'figure shows. S2 (the figure’s a) and S3 (b) miss entries, S4 (c) and S5 (d) have extra entries ' +
      'that were never committed, S6 (e) and S7 (f) hold entries of terms the others never saw. S1 ' +
      'times out at once and runs for term 8.',
    parts: [
      'S4 and S5 refused S1 their votes, because their logs are more up to date, but S2, S3, S6 and S7 ' +
        'make a majority: S1 leads term 8. A leader does not negotiate: it makes the followers’ logs ' +
        'match its own (§5.3).',
      'Each AppendEntries names the entry just before the new ones. A follower that does not hold it ' +
        'refuses and says where its log differs; the leader steps back to there and tries again.',
      'A few round trips later every log is the leader’s: missing entries filled in, extra and ' +
        'conflicting ones deleted and replaced, and the leader’s new entry of term 8 commits them all.',
    ],
  },
  {
    id: 'commit-rule',
    title: 'Why the commit rule (Figure 8)',
    intro:
      'Figure 8 of the paper, with the leader’s no-op entries switched off as in the figure. Entry 2 of ' +
      'term 2 (“set x 2”) was written by S1 when it led term 2 and reached only S2; then S5 led term 3 ' +
      'and wrote a different entry 2 (“set x 3”) that reached no one. S5 is down, and S1 runs for term 4.',
    parts: [
      'S1 leads term 4 and has copied its entry 2 to S3 and S4: it is stored on a majority. But it is ' +
        'an entry of an older term, and a leader commits by counting replicas only entries of its own ' +
        'term (§5.4.2), so S1 does not commit it.',
      'Then S1 crashed and S5 came back. Its last entry (term 3) is newer than everyone else’s (term 2), ' +
        'so after a first attempt in term 4 was refused, it won term 5.',
      'S5 overwrote entry 2 everywhere with its own. That is fine: entry 2 had never been committed, and ' +
        'no client had been told it was. Compare with the next scenario, where this rule is switched off.',
    ],
  },
  {
    id: 'commit-rule-unsafe',
    title: 'Why the commit rule: broken',
    intro:
      'The same run as the previous scenario, with one difference: the unsafe switch “commit old terms ' +
      'by count” lets a leader commit any entry stored on a majority.',
    parts: [
      'So when S1, leader of term 4, sees entry 2 (“set x 2”, of term 2) on a majority, it commits and ' +
        'applies it: x is 2 on S1, and a client could have been told so.',
      'Then S1 crashed, and S5 won term 5 exactly as before, though its log lacks that committed entry.',
      'S5 overwrote entry 2 with its own “set x 3” on every server. A committed entry has been lost, and ' +
        'the checkers say so: S5 became leader without a committed entry (leader completeness), and the ' +
        'servers then committed and applied a different entry at index 2 (state machine safety). This ' +
        'is why a Raft leader counts replicas only for entries of its current term.',
    ],
  },
  {
    id: 'flaky-network',
    title: 'Flaky network',
    intro:
      'Here every message between servers has a 20% chance of being lost and a 20% chance of arriving ' +
      'twice. Raft only needs some messages to get through. Once a leader is elected, two clients send ' +
      'six commands; five of them append a letter to s.',
    parts: [
      'S2 missed an entry because a message was lost, and refused the next one. A lost AppendEntries is ' +
        'made good later: S1 steps back and sends the missing entry again.',
      'A duplicated message changed nothing: an entry already in the log is not appended twice, and a ' +
        'reply that was already counted is not counted again. Every command was answered once, and every ' +
        'server ends with the same log and s = “abcde”: each command ran exactly once.',
    ],
  },
  {
    id: 'disruptive-rejoin',
    title: 'Disruptive rejoin',
    intro: 'S1 leads term 1 and all is well until S5 is cut off from everyone at 450 ms.',
    parts: [
      'Hearing no heartbeats, S5 timed out and became a candidate; no one heard it, so it timed out ' +
        'again, and again: it is in term 4, while the others, who committed “set x 2” without it, are ' +
        'still in term 1. Now S5’s links come back.',
      'S5’s next vote request carried term 5. Every server that saw it adopted the higher term, and S1, ' +
        'a perfectly healthy leader, stepped down.',
      'S5 cannot win: its log lacks “set x 2”, so everyone refuses it (§5.4.1). But the cluster had no ' +
        'leader until S3 won term 6. One server with a bad link cost a leader and an election. PreVote ' +
        '(section 9.6 of Ongaro’s dissertation) prevents this: a server first asks whether it could ' +
        'win, and raises its term only if a majority says yes.',
    ],
  },
  {
    id: 'add-server',
    title: 'Add a server',
    intro:
      'S1, S2 and S3 form the cluster; S4 exists but stands outside it, with an empty log, and never starts an election. At 600 ms S1, the leader, is asked to add S4.',
    parts: [
      'S1 did not add it at once: a new server with an empty log would hold up commits while it catches up. S4 first received the log as a non-voting member, not counted in any majority (§6). It has caught up, and S1 has just appended the configuration entry C_old,new ({S1, S2, S3} → {S1, S2, S3, S4}), which it uses at once, committed or not: from now on an election or a commit needs a majority of {S1, S2, S3} and a majority of {S1, S2, S3, S4}.',
      'When C_old,new was committed, S1 appended C_new ({S1, S2, S3, S4}); once that committed, the change was over (Figure 11). S4 is now a voter and applies every command, the old ones and “set w 4”.',
    ],
  },
  {
    id: 'remove-leader',
    title: 'Remove the leader',
    intro:
      'Five servers; S1 leads term 1. At 500 ms S1 is asked to remove itself: the new configuration is {S2, S3, S4, S5}.',
    parts: [
      'S1 appended C_old,new and, once it committed, C_new {S2, S3, S4, S5}, as in any change. Now S1 is in a strange place: it leads a cluster it is not part of. It keeps replicating entries and counts the commit by a majority of C_new, not counting itself (§6).',
      'When C_new was committed, S1 stepped down: it is outside the configuration, so it never starts an election again. The others heard no more heartbeats, one of them timed out and won term 2 with the votes of C_new, and the cluster goes on without S1: “set y 2” is committed by S2 to S5 alone.',
    ],
  },
  {
    id: 'replace-majority',
    title: 'Replace a majority',
    intro:
      'S1, S2 and S3 form the cluster; S4, S5 and S6 wait outside. At 550 ms the leader S1 is asked to hand the cluster over to {S4, S5, S6}: every server changes. Switching straight to the new set would be unsafe (see “Why two phases”).',
    parts: [
      'S4 to S6 first caught up as non-voting members; then S1 appended C_old,new ({S1, S2, S3} → {S4, S5, S6}). While it is in use nothing is decided without a majority of the old servers and a majority of the new ones: 2 of {S1, S2, S3} and 2 of {S4, S5, S6}. Watch both bands on the ring.',
      'C_old,new committed, S1 appended C_new, and when C_new committed S1 stepped down; a new server won an election among S4, S5 and S6 and committed “set z 3” (§6, Figure 11). S2 and S3 never heard of C_new: they time out and stand for election in higher and higher terms, but S4, S5 and S6 ignore their vote requests while they hear from their leader (§6). An operator would now shut them down.',
    ],
  },
  {
    id: 'figure-10',
    title: 'Why two phases (Figure 10)',
    intro:
      'Figure 10 of the paper, made to happen. The unsafe switch “change configurations in one step” lets a leader go straight from C_old to C_new. S3 leads {S1, S2, S3}. At 400 ms the network splits S1 and S2 from S3, S4 and S5, and S3 is asked to grow the cluster to {S1, S2, S3, S4, S5}.',
    parts: [
      'S3 appended C_new and used it at once; S4 got it, S1 and S2 could not. Now the servers use different configurations: S1 uses C_old {S1, S2, S3}, S4 uses C_new {S1, …, S5}. Both have just timed out, for term 2.',
      'S1 still uses C_old: the votes of S1 and S2 are 2 of 3, a majority, and S1 leads. S4 uses C_new: the votes of S3, S4 and S5 are 3 of 5, a majority, and S4 leads. Two leaders in one term: the checker flags it, naming each leader’s configuration. The two majorities do not overlap. With joint consensus (the switch off) S4 would need a majority of C_old too, which S1 holds (§6).',
    ],
  },
  {
    id: 'disruptive-rejoin-prevote',
    title: 'Disruptive rejoin, with PreVote',
    intro:
      'The same run as “Disruptive rejoin”, with one difference: PreVote is on (section 9.6 of Ongaro’s dissertation). S1 leads term 1 until S5 is cut off from everyone at 450 ms.',
    parts: [
      'S5 timed out again and again, but each time it first asked for pre-votes, which do not raise anyone’s term, its own included. No one heard it, so it never got a majority and never started a real election. Its links are back now, and it is still in term 1.',
      'S5 had no higher term to unseat anyone with: S1’s heartbeats reached it, and S5 followed S1 and caught up on “set x 2”. S1 leads term 1 to the end: no leader lost, no election held. Same schedule, two outcomes.',
    ],
  },
  {
    id: 'minority-leader',
    title: 'Leader in a minority',
    intro:
      'S1 leads term 1. At 400 ms the network splits: S1 and S2 on one side, S3, S4 and S5 on the other.',
    parts: [
      'The majority side elected S5 (after two split votes, in term 4). S1 cannot hear from a majority any more, but nothing in the paper’s rules tells it so: it still believes it leads term 1. Two leaders: S1, cut off with S2, still accepts requests it can never commit.',
      'At 1100 ms a client sent S1 “set x 1”; S1 appended it and waited for a majority that would never answer, and the client waited with it. Only when the partition healed at 1400 ms did S1 see term 4 and step down; the client timed out, tried again and was answered by S5. Compare with the next scenario, where CheckQuorum is on.',
    ],
  },
  {
    id: 'minority-leader-checkquorum',
    title: 'Leader in a minority, with CheckQuorum',
    intro:
      'The same run as “Leader in a minority”, with CheckQuorum on (dissertation §6.2): a leader that has not heard from a majority within an election timeout steps down. The network splits at 400 ms, S1 and S2 on one side.',
    parts: [
      'About an election timeout later, at 699 ms, S1 had heard only from S2, and it has just stepped down to follower: from now on it refuses requests instead of accepting them into a log that cannot commit.',
      'The majority side elected S5 in term 4. The client that sent “set x 1” to S1 at 1100 ms was not taken in by a leader that cannot commit, and was answered at 1418 ms, against 1819 ms in the previous scenario, where it waited on a leader cut off from its majority.',
    ],
  },
  {
    id: 'leadership-transfer',
    title: 'Leadership transfer',
    intro:
      'S4 leads term 1, and “set x 1” is committed. At 500 ms S4 is asked to hand leadership to S2 (dissertation §3.10), as an operator does before taking a server down.',
    parts: [
      'S4 has just been asked to hand leadership to S2. It stops accepting requests, makes sure S2’s log is as up to date as its own, then sends it TimeoutNow.',
      'S2 started an election at once, for term 2, without waiting for its timer, and won it. S2 leads term 2, S4 follows it, and the next request, “set x 2”, was committed by S2. No election timeout was waited out: the cluster was without a leader only for one round of votes.',
    ],
  },
  {
    id: 'catch-up-by-snapshot',
    title: 'Catch up by snapshot',
    intro:
      'Three servers, a steady load of client commands, and a snapshot threshold of 8: once more than 8 applied entries are in a server’s log, it writes its state machine to a snapshot and discards those entries (§7). S3 crashes at 400 ms with 8 entries in its log.',
    parts: [
      'By the time S3 restarted, at 1415 ms, S1 and S2 had snapshotted everything up to index 27: the entries S3 needs next are gone. The leader S2 could not send them, so it sent InstallSnapshot instead: its snapshot, up to index 27. S3 has just installed it: its log now starts after index 27.',
      'S3 then received the entries after the snapshot as usual. In the log grid each snapshot is one block, with its last index and term.',
    ],
  },
  {
    id: 'stale-read',
    title: 'Stale read',
    intro:
      'With the unsafe switch “stale reads”, any server answers a read at once from its own state machine. S1 leads term 1 and x is 1. At 450 ms S1 and S2 are cut off from the others.',
    parts: [
      'S5 became leader of term 2, and a second client set x to 2, committed by S3, S4 and S5. Now a third client’s read of x is on its way to S1, which still believes it leads term 1.',
      'S1 answered 1 at once, though x = 2 was committed before the read was sent. The checkers flag it (“reads see committed”): the read returned a value older than one committed before it began. Compare with the next scenario, where reads go through ReadIndex (§6.4, §8).',
    ],
  },
  {
    id: 'stale-read-readindex',
    title: 'Stale read, under ReadIndex',
    intro:
      'The same schedule as “Stale read”, with reads served by ReadIndex and no unsafe switch. S1 leads term 1 and x is 1; at 450 ms S1 and S2 are cut off from the others.',
    parts: [
      'S5 leads term 2 and x = 2 is committed. The read of x is on its way to S1, which can no longer confirm that it leads.',
      'When the read reached S1, it recorded its commit index and sent a round of heartbeats to confirm it still leads; it answers only once a majority has acknowledged (dissertation §6.4). Cut off with S2, S1 never got a majority: it did not answer. When the partition healed S1 learned of term 2 and stepped down; the client asked again and read x = 2 from the new leader. A read costs a round trip, but it is never stale, and the checkers find nothing.',
    ],
  },
  {
    id: 'lease-without-vote-wait',
    title: 'A lease without the vote wait',
    intro:
      'Reads are served under a lease (dissertation §6.4.1): a leader answers a read at once, with no round trip, for a minimum election timeout (here 300 ms) after a majority acknowledged its heartbeats. That is safe only because voters refuse votes for that long after hearing from a leader, so no new leader can be elected while the lease holds. The unsafe switch “lease without the vote wait” lets voters grant votes at once. S1 leads term 1; at 800 ms it is cut off with S2.',
    parts: [
      'S3 was made to time out at once: S4 and S5 voted for it without waiting, and S3 led term 2 at 855 ms and committed x = 2. Now a client’s read of x is on its way to S1, whose lease still holds.',
      'S1’s lease had not run out, so it answered 1 at once: a stale read, and the checkers flag it (“reads see committed”).',
    ],
  },
  {
    id: 'stale-redirect-readindex',
    title: 'Stale redirect, under ReadIndex',
    intro:
      'A question from a student’s notes: what if a follower’s term is stale and it redirects a client to a stale leader? Reads are served by ReadIndex. S1 leads term 1 and x is 1. At 450 ms S1 and S2 are cut off from S3, S4 and S5, and at 811 ms a client asks S2 for x.',
    parts: [
      'S5 won term 2 on the majority side, where x = 2 is committed. S2 still hears S1’s heartbeats of term 1: its term is stale, and so is its idea of the leader. It redirected the client to S1 (§8), which still believes it leads term 1 and has just received the read.',
      'Under ReadIndex S1 does not answer from its state machine: it recorded its commit index and sent a round of heartbeats to confirm that it still leads, and answers only once a majority acknowledges (dissertation §6.4). With S2 alone it never gets one, so the read waits, unanswered. Now the partition heals.',
      'S1 saw term 2, stepped down and sent the client on to S5, which answered x = 2 at 1532 ms. The stale redirect cost the client time, not a stale answer (under the unsafe switch “stale reads” S2 would have answered x = 1 itself, at once). Compare with the next scenario, where CheckQuorum is on as well.',
    ],
  },
  {
    id: 'stale-redirect-checkquorum',
    title: 'Stale redirect, with CheckQuorum',
    intro:
      'The same schedule as “Stale redirect, under ReadIndex”, with CheckQuorum on as well (dissertation §6.2): a leader that has not heard from a majority within an election timeout steps down. S1 and S2 are cut off from the others at 450 ms; at 811 ms a client asks S2 for x.',
    parts: [
      'S1 stepped down at 749 ms, an election timeout after the split, and S5 leads term 2 with x = 2 committed. S2, still in term 1, has not noticed: it redirected the client to S1, a stale leader that is now a follower, exactly the case of the question. S1 knows no leader, and says so.',
      'The client went back and forth between S2 and S1 until S2, hearing no heartbeats, stood for election and knew no leader either. The client then tried S3, which sent it on to S5, the real leader: x = 2 at 1270 ms, before the partition healed (1532 ms without CheckQuorum).',
      'At 1400 ms the partition healed. S2 had raised its term standing for election in vain, and its vote requests made S5 step down; S5 won again, in term 6 (the disruption PreVote prevents, see “Disruptive rejoin”). No stale answer in either scenario; CheckQuorum ended the stale redirect sooner.',
    ],
  },
  {
    id: 'follower-cut-off',
    title: 'One follower cut off',
    intro:
      'A question from a student’s notes: if a partition separates one follower from the leader while the leader still reaches all the others, will the follower start an election? S3 leads term 1 and “set x 1” is committed everywhere. At 450 ms the link between S3 and S1 is cut both ways; S1 still talks to S2, S4 and S5, and they still hear S3.',
    parts: [
      'Yes: S1 heard no heartbeat for an election timeout, so it became a candidate for term 2 (§5.2). Followers send each other nothing that says the leader is alive.',
      'S1’s vote requests carried term 2 to S2, S4 and S5; they adopted it and answered S3’s next heartbeats with it, and S3, a healthy leader that reached a majority, stepped down (§5.1).',
      'S1’s log was as up to date as anyone’s: it won term 2. Now S3 could not hear its leader: it stood for term 3 and unseated S1 in turn, and S4 won term 4. One bad link cost three elections in a second. Compare with the next scenario, where PreVote is on.',
    ],
  },
  {
    id: 'follower-cut-off-prevote',
    title: 'One follower cut off, with PreVote',
    intro:
      'The same schedule as “One follower cut off”, with PreVote on (dissertation §9.6). S3 leads term 1 and “set x 1” is committed everywhere. At 450 ms the link between S3 and S1 is cut both ways; S2, S4 and S5 still hear S3.',
    parts: [
      'S1 heard no heartbeat for an election timeout. Under PreVote it does not become a candidate: it stays in term 1 and first asks the others whether they would vote for it in term 2.',
      'S2, S4 and S5 refused. S1’s log is as up to date as theirs, but each heard from the leader S3 less than a minimum election timeout ago, and grants no pre-vote while it does. No term was raised anywhere.',
      'S1 kept timing out, asking and being refused; S3 led term 1 throughout and no election was held. PreVote does not mend the link: S1 is still cut off, but one bad link no longer costs a healthy leader. Same schedule, two outcomes.',
    ],
  },
];

function assemble(text: PresetText): Preset {
  const run = PRESET_RUNS.find((r) => r.id === text.id);
  if (run === undefined) throw new Error(`No recorded run for the preset "${text.id}".`);
  const moments = [...(run.pauses ?? []), { time: run.end.time, events: run.end.events }];
  if (moments.length !== text.parts.length)
    throw new Error(
      `The preset "${text.id}" has ${text.parts.length} parts for ${moments.length} pause points (the end included).`,
    );
  const scenario = scenarioFrom(
    run.initial ? { ...run.options, initial: run.initial } : run.options,
    run.actions,
  );
  scenario.title = text.title;
  return {
    id: text.id,
    title: text.title,
    intro: text.intro,
    points: moments.map((m, i) => ({ ...m, text: text.parts[i]! })),
    explanation: [text.intro, ...text.parts].join(' '),
    scenario,
    end: { ...run.end },
  };
}

/** The pause points reached at moment `now` (every one at or before it). */
export function pointsReached(p: Pick<Preset, 'points'>, now: Moment): number {
  let n = 0;
  for (const q of p.points)
    if (q.time < now.time || (q.time === now.time && q.events <= now.events)) n++;
    else break;
  return n;
}

/** The presets, in the order of the menu. */
export const PRESETS: readonly Preset[] = TEXTS.map(assemble);

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
