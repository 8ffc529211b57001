/** Lesson: leader election and terms (§5.1, §5.2). */
import type { LessonInput } from './schema.ts';
import { anyInRole, anyServer, serverChoices, serversUpTo } from './choices.ts';

export default {
  id: 'leader-election',
  title: 'Leader election and terms',
  summary:
    'Watch a follower’s timer run out, predict who wins, then start a new term yourself and see what it does to the old leader.',
  source: { preset: 'first-election' },
  steps: [
    {
      title: 'Followers wait for a leader',
      section: '§5.2',
      text: 'Every server starts as a follower in term 0. Each has an election timer (the arc around it) set to a random time between 150 and 300 ms; hearing from a leader resets it. Nobody leads yet, so the timers run on.',
      start: { at: { time: 0, events: 0 } },
      task: 'Press Step (→) until one server’s timer runs out and it becomes a candidate.',
      done: anyInRole(serversUpTo(5), 'candidate'),
    },
    {
      title: 'A candidate asks for votes',
      section: '§5.2',
      text: 'The candidate moved to term 1, voted for itself and sent RequestVote to everyone. Each server grants one vote per term, to the first candidate that asks. A candidate that gets votes from a majority (3 of 5) becomes leader.',
      start: 'continue',
      question: {
        prompt: 'Which server will win this election?',
        choices: serverChoices(serversUpTo(5)),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'The first candidate to ask collects the votes: no other server had voted in term 1, so each granted its vote to it.',
        wrong:
          'The server whose timer ran out first asked first, and no other server had voted in term 1, so each granted it its vote: a majority, and it leads.',
      },
    },
    {
      title: 'Terms are a logical clock',
      section: '§5.1',
      text: 'Time in Raft is divided into terms, numbered in order; each begins with an election. Every message carries its sender’s term, and a server that sees a higher term adopts it at once. Now start a new term yourself.',
      start: 'continue',
      task: 'Click a follower and press “Force timeout” (or T): it becomes a candidate in term 2.',
      done: anyServer([1, 2, 3, 5], (server) => ({ kind: 'term', server, atLeast: 2 })),
    },
    {
      title: 'An old leader meets a new term',
      section: '§5.1',
      text: 'S4 led term 1 and nothing is wrong with it. But a candidate of term 2 is asking for votes.',
      start: 'continue',
      question: {
        prompt: 'What will S4 do when the new term reaches it?',
        choices: [
          { id: 'yes', label: 'Keep leading: it did nothing wrong' },
          { id: 'no', label: 'Step down to follower' },
        ],
        reveal: { until: { kind: 'term', server: 4, atLeast: 2 } },
        answer: { kind: 'holds', condition: { kind: 'role', server: 4, role: 'leader' } },
        right:
          'Any server, leader included, that sees a higher term than its own adopts it and becomes a follower (§5.1). That is how a stale leader learns it has been replaced; it leads again only by winning a later election.',
        wrong:
          'Look at S4: it adopted the new term and is a follower. Any server, leader included, that sees a higher term than its own steps down at once (§5.1); it leads again only by winning a later election.',
      },
    },
    {
      title: 'What to remember',
      section: '§5.1, §5.2',
      text: 'At most one leader per term (each server votes once per term, and a win needs a majority). Random timeouts make split votes rare. Terms let every server detect stale information: a message of an older term is refused, a newer term is adopted.',
      start: 'continue',
    },
  ],
} satisfies LessonInput;
