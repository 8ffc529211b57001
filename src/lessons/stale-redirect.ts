/**
 * Lesson: a stale follower redirects to a stale leader (§5.1, §8). Seed 004:
 * “What if a follower's current term is stale, redirecting the client's
 * request to a stale leader?”
 */
import type { LessonInput } from './schema.ts';
import { serverChoices } from './choices.ts';

export default {
  id: 'stale-redirect',
  title: 'A stale follower points to a stale leader',
  summary:
    'On the small side of a partition, a follower still believes in the old leader and sends clients there. Is anything wrongly committed?',
  source: { preset: 'partitioned-leader' },
  steps: [
    {
      title: 'Two sides',
      section: '§5.1',
      text: 'The network is split: S1 and S2 on one side, S3, S4 and S5 on the other. S4 leads term 2 with the majority. S1 still believes it leads term 1, and S2, which hears S1’s heartbeats, still believes it too: both are stale.',
      start: { at: { time: 754, events: 108 } },
      task: 'Click S2, type “set w 1” in the client panel’s Command box, then press “Send request here” (or Q).',
      done: {
        kind: 'any',
        of: [
          { kind: 'request', command: 'set w 1' },
          { kind: 'answered', command: 'set w 1' },
        ],
      },
    },
    {
      title: 'A stale redirect',
      section: '§8',
      text: 'S2 is a follower: it does not take requests, it names the leader it knows.',
      start: 'continue',
      question: {
        prompt: 'Where will S2 send the client?',
        choices: serverChoices([1, 4]),
        reveal: {
          until: {
            kind: 'any',
            of: [
              { kind: 'request', command: 'set w 1', attempts: 2 },
              { kind: 'answered', command: 'set w 1' },
            ],
          },
        },
        answer: { kind: 'target', command: 'set w 1' },
        right:
          'To S1, the only leader S2 has heard of. Nothing tells S2 that term 2 exists on the other side.',
        wrong:
          'To S1: S2 only hears S1’s heartbeats of term 1, and knows nothing of S4 or term 2. A redirect is only as fresh as the follower’s knowledge.',
      },
    },
    {
      title: 'A stale leader',
      section: '§5.3, §8',
      text: 'S1 takes the request, appends it and sends it to S2. It waits for a majority to store it.',
      start: 'continue',
      question: {
        prompt: 'Will S1 commit “set w 1” and answer the client?',
        choices: [
          { id: 'yes', label: 'Yes: it believes it is the leader' },
          { id: 'no', label: 'No' },
        ],
        reveal: { until: { kind: 'request', command: 'set w 1', attempts: 3 } },
        answer: { kind: 'holds', condition: { kind: 'answered', command: 'set w 1' } },
        right:
          'S1 and S2 are two of five: never a majority, so S1 commits nothing. The client timed out and tried again; a stale leader can waste a client’s time but cannot commit a wrong answer (§5.3).',
        wrong:
          'S1 cannot commit: S1 and S2 are two of five, never a majority. The client got no answer, timed out and tried again. A stale leader wastes time but never commits (§5.3).',
      },
    },
    {
      title: 'The partition heals',
      section: '§5.1, §8',
      text: 'Once the network heals, S1 and S2 see term 2 and follow S4. The client keeps retrying with the same request; S4 takes it.',
      start: 'continue',
      task: 'Press “Heal” (H), then “Next notable event” (Shift+→) until the client has its answer.',
      done: { kind: 'answered', command: 'set w 1' },
    },
    {
      title: 'Once, not twice',
      section: '§5.3, §8',
      text: 'S1 had appended “set w 1” to its log in term 1, uncommitted; S4 has it in term 2.',
      start: 'continue',
      question: {
        prompt: 'Once the logs agree, how many times will “set w 1” be in them?',
        choices: [
          { id: 'yes', label: 'Once' },
          { id: 'no', label: 'Twice: S1’s copy and S4’s' },
        ],
        reveal: { until: { kind: 'logsMatch' } },
        answer: { kind: 'holds', condition: { kind: 'entries', command: 'set w 1', count: 1 } },
        right:
          'S1’s uncommitted copy was deleted when S1 took S4’s log (§5.3); the request is in the log once, committed in term 2, and ran once.',
        wrong:
          'Once: S1’s uncommitted copy conflicted with S4’s log and was deleted (§5.3). Only S4’s entry of term 2 remains, committed, and the command ran once.',
      },
    },
  ],
} satisfies LessonInput;
