/** Lesson: split votes, and how random timeouts end them (§5.2). */
import type { LessonInput } from './schema.ts';
import { serverChoices, serversUpTo } from './choices.ts';

export default {
  id: 'split-vote',
  title: 'Split votes',
  summary:
    'Three servers ask for votes at the same moment. Predict whether anyone wins, and who breaks the tie.',
  source: { preset: 'split-vote' },
  steps: [
    {
      title: 'Three candidates at once',
      section: '§5.2',
      text: 'S1, S2 and S3 have just timed out together (the scenario makes them): each is a candidate for term 1, has voted for itself and asks the others. A server grants at most one vote per term, to the first candidate that asks. A win takes a majority: 3 votes of 5.',
      start: { at: { time: 100, events: 0 } },
      question: {
        prompt: 'Will one of them win term 1?',
        choices: [
          { id: 'yes', label: 'Yes: one of them collects 3 votes' },
          { id: 'no', label: 'No: the votes split' },
        ],
        reveal: {
          until: {
            kind: 'any',
            of: serversUpTo(5).map((server) => ({ kind: 'term', server, atLeast: 2 })),
          },
        },
        answer: { kind: 'holds', condition: { kind: 'leader' } },
        right:
          'Each candidate voted for itself, and S4 and S5 had one vote each to give: no one could reach 3. Term 1 ends without a leader; the next timeout starts term 2.',
        wrong:
          'No one won term 1. Each candidate voted for itself, so only S4 and S5 had votes to give, one each: two at most for anyone, never 3 of 5. A split vote wastes a term; the next timeout starts term 2.',
      },
    },
    {
      title: 'Who breaks the tie?',
      section: '§5.2',
      text: 'After a split vote every candidate waits a new election timeout, drawn at random between 150 and 300 ms, and then starts a new term. Look at the arcs around the servers: they show how much of each timer is left.',
      start: 'continue',
      question: {
        prompt: 'Which server will lead term 2?',
        choices: serverChoices(serversUpTo(5)),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'Its new timeout ran out first: it started term 2 before anyone else could, and every server granted it the first vote it was asked for in term 2.',
        wrong:
          'The winner is the server whose new random timeout ran out first: it started term 2 alone and collected every vote before anyone else asked. Random timeouts make it unlikely that two candidates start together again.',
      },
    },
    {
      title: 'Why random timeouts',
      section: '§5.2, §9.3',
      text: 'With equal timeouts, the same candidates would time out together again and split the vote forever. Raft draws each timeout at random from a range (150 to 300 ms here), so usually one server times out first and wins before the others start. The paper measured it: a range wider than the network delay makes split votes rare and short.',
      start: 'continue',
      task: 'Press “Next notable event” (Shift+→) until the new leader’s first entry is committed on every server.',
      done: { kind: 'committed', index: 1 },
    },
  ],
} satisfies LessonInput;
