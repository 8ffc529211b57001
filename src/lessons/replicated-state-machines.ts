/** Lesson: replicated state machines, and what consensus is for (§1, §2). */
import type { LessonInput } from './schema.ts';
import { serverChoices, serversUpTo } from './choices.ts';

export default {
  id: 'replicated-state-machines',
  title: 'Replicated state machines: what consensus is for',
  summary:
    'Five servers keep copies of one key-value store. Elect a leader, send it a command, crash it, and see that nothing is lost.',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'Five copies of one machine',
      section: '§2',
      text: 'Each server keeps a log of commands and a key-value store it builds by running them in order. If every log holds the same commands in the same order, every store ends the same: a replicated state machine. Keeping the logs identical while servers crash and messages are lost is the job of a consensus algorithm. Raft does it with a leader: one server takes every command and tells the others what to append.',
      start: { at: { time: 0, events: 0 } },
      task: 'Press “Next notable event” (Shift+→) until one server wears the crown: the leader.',
      done: { kind: 'leader' },
    },
    {
      title: 'A command goes through the leader',
      section: '§5.3',
      text: 'A client sends its command to the leader. The leader appends it to its own log, sends it to the others in AppendEntries messages, and once a majority stores it, the entry is committed: every server may run it, and the leader answers the client.',
      start: 'continue',
      task: 'Type “set x 1” in the client panel and press Send; step or play until the client has its answer.',
      done: { kind: 'answered', command: 'set x 1' },
    },
    {
      title: 'Servers fail',
      section: '§5.2',
      text: 'A replicated state machine must keep working when a server fails. A crashed server keeps its term, its vote and its log (they are on disk) but forgets everything else.',
      start: 'continue',
      task: 'Click the leader, then “Crash server”.',
      done: { kind: 'leaderDown' },
    },
    {
      title: 'Who takes over?',
      section: '§5.2',
      text: 'Without heartbeats from the leader, the followers’ election timers run out one after the other. The first to run out asks for votes; a server votes for the first candidate of a term whose log is at least as up to date as its own.',
      start: 'continue',
      question: {
        prompt: 'Which server will be the next leader?',
        choices: serverChoices(serversUpTo(5)),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'Its timer ran out first among the live servers, and its log held every committed entry, so a majority voted for it.',
        wrong:
          'Not this time: the winner is the live server whose timer ran out first and whose log was up to date enough to collect a majority of votes. Timers are random, which is what usually lets exactly one server start an election.',
      },
    },
    {
      title: 'Nothing was lost',
      section: '§5.4',
      text: '“set x 1” was committed before the crash, so it is in the log of a majority, and a new leader always comes from servers that have every committed entry (the election restriction). The store still says x = 1.',
      start: 'continue',
      task: 'Send “get x” and wait for the answer.',
      done: { kind: 'answered', command: 'get x' },
    },
  ],
} satisfies LessonInput;
