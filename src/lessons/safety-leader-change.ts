/**
 * Lesson: safety after a leader change (§5.4.1, §5.4.3). Also seed 004: “Will
 * entry commit cause lost update?”
 */
import type { LessonInput } from './schema.ts';

export default {
  id: 'safety-leader-change',
  title: 'Safety after a leader change',
  summary:
    'A server misses a committed entry, then the leader crashes. Can the server without it take over, and is the entry lost?',
  source: { seed: 7, servers: 5 },
  steps: [
    {
      title: 'A server falls behind',
      section: '§5.3',
      text: 'S3 leads term 1. A leader needs a majority, not everyone, to commit an entry: a server that is down misses what is committed meanwhile.',
      start: { at: { time: 400 } },
      task: 'Click S5, then “Crash server” (or press 5, then C).',
      done: { kind: 'down', server: 5 },
    },
    {
      title: 'Committed without S5',
      section: '§5.3',
      text: 'Four servers of five are up. A command stored on three of them is committed, and the client is answered.',
      start: 'continue',
      task: 'Type “set x 1” in the client panel, press Send, and press “Next notable event” (Shift+→) until the client has its answer.',
      done: { kind: 'answered', command: 'set x 1' },
    },
    {
      title: 'The leader crashes, S5 returns',
      section: '§5.2',
      text: '“set x 1” is committed at index 2. S5’s log stops at index 1: it never saw it.',
      start: 'continue',
      task: 'Crash S3 (the leader), then restart S5 (click it, “Restart server”).',
      done: {
        kind: 'all',
        of: [
          { kind: 'down', server: 3 },
          { kind: 'up', server: 5 },
        ],
      },
    },
    {
      title: 'Can S5 lead?',
      section: '§5.4.1',
      text: 'S5 is up again, with a shorter log. If it became leader, it would make every log match its own, and “set x 1” would be gone.',
      start: 'continue',
      question: {
        prompt: 'Will S5 become the next leader?',
        choices: [
          { id: 'yes', label: 'It could, if its timer runs out first' },
          { id: 'no', label: 'No, it cannot win' },
        ],
        reveal: 'nextElection',
        answer: { kind: 'holds', condition: { kind: 'leader', server: 5 } },
        right:
          'A voter refuses a candidate whose log is less up to date than its own (the election restriction, §5.4.1). “set x 1” is on a majority, so any majority of voters contains a server that holds it and refuses S5.',
        wrong:
          'S5 cannot win, even when it asks first: a voter refuses a candidate whose log is less up to date than its own (§5.4.1). The entry is on a majority, and every majority of voters includes one of those servers.',
      },
    },
    {
      title: 'Is the update lost?',
      section: '§5.4.3',
      text: 'The new leader holds every committed entry: that is the Leader Completeness Property. It now brings the followers, S5 included, up to date.',
      start: 'continue',
      question: {
        prompt: 'Will S5 end up with “set x 1” in its log?',
        choices: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No: it missed it, it is lost for S5' },
        ],
        reveal: { until: { kind: 'entry', server: 5, index: 2, command: 'set x 1' } },
        answer: {
          kind: 'holds',
          condition: { kind: 'entry', server: 5, index: 2, command: 'set x 1' },
        },
        right:
          'A committed entry is never lost: every future leader has it, and a leader copies its log to every follower (§5.3, §5.4.3). Only an entry that was never committed can be overwritten (see the Figure 8 lesson).',
        wrong:
          'S5 now holds “set x 1” at index 2: the new leader had it (Leader Completeness, §5.4.3) and copied it, as it copies its whole log to every follower (§5.3). A committed entry is never lost.',
      },
    },
  ],
} satisfies LessonInput;
