/** Lesson: how a follower knows the leader failed (§5.2). Seed 004: “How to know if a leader fails?” */
import type { LessonInput } from './schema.ts';
import { anyInRole, serverChoices } from './choices.ts';

const FOLLOWERS = [1, 2, 4, 5];

export default {
  id: 'heartbeats',
  title: 'How does a follower know the leader failed?',
  summary:
    'No message says “the leader is down”. Silence does: heartbeats stop, and an election timer runs out.',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'Heartbeats',
      section: '§5.2',
      text: 'S3 leads term 1. Every 50 ms it sends each follower an AppendEntries, with no entries when there is nothing new: a heartbeat. Each one restarts the follower’s election timer (the arc around it) with a new random timeout of 150 to 300 ms.',
      start: { at: { time: 400 } },
      question: {
        prompt: 'While S3 is alive, will a follower’s timer run out and start an election?',
        choices: [
          { id: 'yes', label: 'Yes, now and then: the timeouts are random' },
          { id: 'no', label: 'No: heartbeats keep restarting the timers' },
        ],
        reveal: { until: { kind: 'stepped', count: 1 } },
        answer: {
          kind: 'holds',
          condition: {
            kind: 'any',
            of: FOLLOWERS.map((server) => ({ kind: 'term', server, atLeast: 2 })),
          },
        },
        right:
          '“Next notable event” ran for seconds and found nothing but heartbeats. A heartbeat comes every 50 ms, far sooner than the shortest timeout (150 ms), so no timer ever runs out.',
        wrong:
          'Nothing happened for seconds: only heartbeats. One comes every 50 ms, far sooner than the shortest timeout (150 ms), so while the leader is alive and reachable no timer runs out.',
      },
    },
    {
      title: 'The leader fails',
      section: '§5.2',
      text: 'A crashed server sends nothing: not a goodbye, not a last heartbeat. The followers are not told.',
      start: 'continue',
      task: 'Click S3, then “Crash server” (or press 3, then C).',
      done: { kind: 'down', server: 3 },
    },
    {
      title: 'Silence',
      section: '§5.2',
      text: '“If a follower receives no communication over a period of time called the election timeout, then it assumes there is no viable leader and begins an election.” Each follower’s timer was last restarted by S3’s last heartbeat; each runs its own random timeout.',
      start: 'continue',
      question: {
        prompt: 'Which follower will notice first, and become a candidate?',
        choices: serverChoices(FOLLOWERS),
        reveal: { until: anyInRole(FOLLOWERS, 'candidate') },
        answer: { kind: 'candidate' },
        right:
          'Its arc was the shortest. It does not know S3 crashed; it only knows it has heard nothing for a whole election timeout, and that is enough.',
        wrong:
          'The first candidate is the follower whose arc ran out first: the one with the least time left after S3’s last heartbeat. None of them knows S3 crashed; each only notices that it has heard nothing for a whole timeout.',
      },
    },
    {
      title: 'A new leader',
      section: '§5.2',
      text: 'The candidate moved to term 2 and asks for votes. S3 cannot answer, but three of the four live servers make a majority of five.',
      start: 'continue',
      task: 'Press “Next notable event” (Shift+→) until a new leader is elected.',
      // S3 is down: any leader now is a new one (the candidate's own term may be the one it wins).
      done: { kind: 'leader' },
    },
    {
      title: 'What to remember',
      section: '§5.2',
      text: 'A follower learns that the leader failed only from silence: no heartbeat within an election timeout. The same silence follows a crash, a cut link or a very slow network, and Raft treats them alike. That is why the heartbeat interval must be much shorter than the election timeout: a healthy leader is never mistaken for a dead one.',
      start: 'continue',
    },
  ],
} satisfies LessonInput;
