/**
 * Lesson: why a majority is enough before answering (§5.3, §5.4.1, §5.4.3).
 * Seed 004: “Why is it safe not to replicate the log on every follower before
 * responding to the client?”
 */
import type { LessonInput } from './schema.ts';
import { serverChoices } from './choices.ts';

export default {
  id: 'majority',
  title: 'Why a majority is enough',
  summary:
    'Commit with two servers down, then lose the leader and bring the others back. Two majorities always share a server.',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'Two followers down',
      section: '§5.3',
      text: 'S3 leads term 1. Waiting for every server before answering a client would stop the cluster whenever one server is down. Raft waits for a majority: 3 of 5.',
      start: { at: { time: 400 } },
      task: 'Crash S1 and S2 (click each, then “Crash server”).',
      done: {
        kind: 'all',
        of: [
          { kind: 'down', server: 1 },
          { kind: 'down', server: 2 },
        ],
      },
    },
    {
      title: 'Three of five',
      section: '§5.3',
      text: 'S3, S4 and S5 are up: a majority. The client does not know the leader; it tries servers until one answers or points it to the leader.',
      start: 'continue',
      task: 'Type “set x 1” in the client panel and press Send.',
      done: {
        kind: 'any',
        of: [
          { kind: 'request', command: 'set x 1' },
          { kind: 'answered', command: 'set x 1' },
        ],
      },
    },
    {
      title: 'Answered without S1 and S2?',
      section: '§5.3',
      text: 'The leader appends the command and sends it to the live followers. It commits the entry, applies it and answers once a majority stores it.',
      start: 'continue',
      question: {
        prompt: 'Will the client be answered while S1 and S2 are down?',
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No: they must store it too' },
        ],
        reveal: { until: { kind: 'answered', command: 'set x 1' } },
        answer: { kind: 'holds', condition: { kind: 'answered', command: 'set x 1' } },
        right:
          'S3, S4 and S5 store it, three of five, so it is committed and the client is told (§5.3). S1 and S2 will be brought up to date later.',
        wrong:
          'It was answered: S3, S4 and S5 store it, three of five, so it is committed (§5.3). S1 and S2 will be brought up to date when they return.',
      },
    },
    {
      title: 'A different majority',
      section: '§5.4.1',
      text: 'Now the servers that stored “set x 1” mostly go away: S3 and S4 crash, and S1 and S2, which never saw it, come back. The live servers are S1, S2 and S5: a majority again, but only S5 holds the entry.',
      start: 'continue',
      task: 'Crash S3 and S4, then restart S1 and S2.',
      done: {
        kind: 'all',
        of: [
          { kind: 'down', server: 3 },
          { kind: 'down', server: 4 },
          { kind: 'up', server: 1 },
          { kind: 'up', server: 2 },
        ],
      },
    },
    {
      title: 'Who can lead?',
      section: '§5.4.1, §5.4.3',
      text: 'A new leader needs 3 votes of 5, so the votes of S1, S2 and S5 all together. A voter refuses a candidate whose log is less up to date than its own.',
      start: 'continue',
      question: {
        prompt: 'Which server will lead?',
        choices: serverChoices([1, 2, 5]),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'S5 refuses S1 and S2 (their logs end before “set x 1”), and neither can win without it. Any two majorities of five share at least one server; that server holds every committed entry and only votes for a candidate as up to date as itself (§5.4.3). That is why a majority is enough.',
        wrong:
          'Only S5 can win. A win needs S5’s vote, and S5 refuses a candidate whose log ends before its own (§5.4.1). Any two majorities share a server, and that server keeps every committed entry in the next leader’s log (§5.4.3): a majority is enough.',
      },
    },
  ],
} satisfies LessonInput;
