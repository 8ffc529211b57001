/**
 * Lesson: clients, redirects, retries, exactly once (§8). Also seed 004: “How
 * does the client know which is the leader, is there a view server?” and
 * “Which server does the client send to?”
 */
import type { LessonInput } from './schema.ts';
import { serverChoices, serversUpTo } from './choices.ts';

export default {
  id: 'clients',
  title: 'Clients: redirects, retries, exactly once',
  summary:
    'Which server a client talks to, how it finds the leader without a directory, and why a retried command runs only once.',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'No directory of leaders',
      section: '§8',
      text: 'There is no view server: a client that knows no leader sends its request to any server it likes. S3 leads term 1. Send a request to a follower on purpose.',
      start: { at: { time: 400 } },
      task: 'Click S1, type “set x 1” in the client panel’s Command box, then press “Send request here” in the inspector (or Q).',
      done: {
        kind: 'any',
        of: [
          { kind: 'request', command: 'set x 1' },
          { kind: 'answered', command: 'set x 1' },
        ],
      },
    },
    {
      title: 'A follower redirects',
      section: '§8',
      text: '“If a client contacts a follower, the follower redirects it to the leader.” A follower knows who leads from the AppendEntries it receives.',
      start: 'continue',
      question: {
        prompt: 'To which server will S1 send the client?',
        choices: serverChoices(serversUpTo(5)),
        reveal: {
          until: {
            kind: 'any',
            of: [
              { kind: 'request', command: 'set x 1', attempts: 2 },
              { kind: 'answered', command: 'set x 1' },
            ],
          },
        },
        answer: { kind: 'target', command: 'set x 1' },
        right:
          'S1 refused the request and named its leader, S3; the client sent it again, to S3. From now on the client sends its requests to S3 first.',
        wrong:
          'S1 refused the request and named the leader it knows from S3’s heartbeats: S3. The client sent it again, there, and remembers S3 for its next requests.',
      },
    },
    {
      title: 'Answered by the leader',
      section: '§8',
      text: 'S3 appends “set x 1”, replicates it, and answers the client once a majority stores it.',
      start: 'continue',
      task: 'Press “Next notable event” (Shift+→) until the client has its answer.',
      done: { kind: 'answered', command: 'set x 1' },
    },
    {
      title: 'A lost answer',
      section: '§8',
      text: 'Now send “append s a”: it appends “a” to s. Raft commits it; then lose the answer on its way back, as a network may. The client hears nothing and, after a timeout, sends the same request again, with the same client id and sequence number.',
      start: 'continue',
      task: 'Send “append s a”. Press Step (→) until S3’s reply travels to the client (a hollow ◆ on the line to the client); click it and press “Drop message” (or D). Then press “Next notable event” until the client tries again.',
      done: { kind: 'request', command: 'append s a', attempts: 2 },
    },
    {
      title: 'Exactly once',
      section: '§8',
      text: 'The first “append s a” was committed and applied: s is “a”. The retry is the same command again.',
      start: 'continue',
      question: {
        prompt: 'Once the retry is answered, how many times will “append s a” be in the logs?',
        choices: [
          { id: 'yes', label: 'Once' },
          { id: 'no', label: 'Twice' },
        ],
        reveal: { until: { kind: 'answered', command: 'append s a' } },
        answer: { kind: 'holds', condition: { kind: 'entries', command: 'append s a', count: 1 } },
        right:
          'The servers remember, per client, the last sequence number they applied and its result. S3 saw the retry was one it had already run and answered with the first result, without appending it again (§8): s is still “a”.',
        wrong:
          'Once. The servers remember, per client, the last sequence number applied and its result; S3 recognised the retry and answered with the first result without appending it again (§8). Without that, s would be “aa”: the command would have run twice.',
      },
    },
    {
      title: 'Check it',
      section: '§8',
      text: 'Linearizable semantics: each command takes effect once, at some moment between its request and its answer, however often it is retried.',
      start: 'continue',
      task: 'Send “get s” and press “Next notable event” until it is answered: the answer is “a”.',
      done: { kind: 'answered', command: 'get s' },
    },
  ],
} satisfies LessonInput;
