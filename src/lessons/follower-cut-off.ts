/**
 * Lesson: a partition between one follower and the leader (§5.1, §5.2;
 * dissertation §9.6). Seed 004: “What if there is a network partition between a
 * follower and the leader while the leader can communicate with all the other
 * followers, will the follower still begin an election?”
 */
import type { LessonInput } from './schema.ts';
import { serverChoices, serversUpTo } from './choices.ts';

export default {
  id: 'follower-cut-off',
  title: 'One follower cut off from the leader',
  summary:
    'Cut the single link between the leader and one follower. Everyone else still hears the leader. Does the follower stay quiet?',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'One bad link',
      section: '§5.2',
      text: 'S3 leads term 1 and reaches every follower. Now break one link only: the one between S3 and S1. S1 can still talk to S2, S4 and S5, and they still hear S3.',
      start: { at: { time: 400 } },
      task: 'Click the line between S3 and S1 to cut that link both ways.',
      done: { kind: 'linkCut', a: 1, b: 3 },
    },
    {
      title: 'Will S1 wait?',
      section: '§5.2',
      text: 'Followers never send heartbeats to each other: only the leader does. S1 hears from S2, S4 and S5 only if they have something to say.',
      start: 'continue',
      question: {
        prompt: 'Will S1 start an election, though the leader is alive?',
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No: the others would tell it the leader is fine' },
        ],
        reveal: { until: { kind: 'term', server: 1, atLeast: 2 } },
        answer: { kind: 'holds', condition: { kind: 'term', server: 1, atLeast: 2 } },
        right:
          'S1 only knows that it heard no heartbeat for an election timeout, so it becomes a candidate for term 2 (§5.2). Nothing in Raft lets the others vouch for the leader.',
        wrong:
          'It does: S1 heard no heartbeat for an election timeout, so it became a candidate for term 2 (§5.2). The other followers send it nothing that says the leader is alive.',
      },
    },
    {
      title: 'A new term reaches the others',
      section: '§5.1',
      text: 'S1’s RequestVote for term 2 reaches S2, S4 and S5. A server that sees a higher term adopts it at once, and then answers S3’s next AppendEntries with its new term.',
      start: 'continue',
      question: {
        prompt: 'S3 did nothing wrong and still reaches a majority. Will it keep leading?',
        choices: [
          { id: 'yes', label: 'Yes: it is healthy' },
          { id: 'no', label: 'No: it steps down' },
        ],
        reveal: { until: { kind: 'term', server: 3, atLeast: 2 } },
        answer: { kind: 'holds', condition: { kind: 'role', server: 3, role: 'leader' } },
        right:
          'A reply carrying term 2 told S3 that a newer term exists, and any server that sees a higher term becomes a follower (§5.1), leader or not. One bad link cost a healthy leader its place.',
        wrong:
          'S3 stepped down. A reply carrying term 2 told it that a newer term exists, and any server, leader included, that sees a higher term becomes a follower (§5.1).',
      },
    },
    {
      title: 'Who leads now?',
      section: '§5.2, §5.4.1',
      text: 'Term 2 has a candidate, S1, whose log is as up to date as anyone’s: nothing was written since it was cut off.',
      start: 'continue',
      question: {
        prompt: 'Which server will be the next leader?',
        choices: serverChoices(serversUpTo(5)),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'The cut-off follower can win: its log was up to date, so the others voted for it (§5.4.1). And now S3 is the one that cannot hear the leader.',
        wrong:
          'The simulation elected the server named above. A cut-off follower whose log is up to date can win (§5.4.1); if it does, the old leader becomes the follower that cannot hear the leader.',
      },
    },
    {
      title: 'Round and round',
      section: '§5.2, dissertation §9.6',
      text: 'Whoever leads, one of S1 and S3 cannot hear it, times out, and raises the term again: the cluster may change leaders several times until a server that reaches both leads. Raft as the paper describes it tolerates this, at a cost. Ongaro’s dissertation adds PreVote (a server asks first whether it could win, and raises its term only if a majority says yes) and has followers ignore vote requests while they hear a leader; both keep one bad link from unseating a healthy leader.',
      start: 'continue',
      task: 'Click the link between S3 and S1 again to restore it, then press “Next election” (E) or step until a leader is elected.',
      done: { kind: 'leader' },
    },
  ],
} satisfies LessonInput;
