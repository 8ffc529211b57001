/** Lesson: log replication and the consistency check (§5.3, Figure 7). */
import type { LessonInput } from './schema.ts';

export default {
  id: 'log-replication',
  title: 'Log replication and the consistency check',
  summary:
    'Seven logs that disagree, as in Figure 7. A new leader makes every log match its own, one refusal at a time.',
  source: { preset: 'log-repair' },
  steps: [
    {
      title: 'Logs that disagree',
      section: '§5.3, Figure 7',
      text: 'Each log entry holds a command and the term in which a leader received it (the number in the cell). Crashes have left these seven logs different: S2 and S3 miss entries, S4 and S5 have extra ones that were never committed, S6 and S7 hold entries of terms the others never saw. S1 is about to run for term 8.',
      start: { at: { time: 0, events: 0 } },
      task: 'Press “Next notable event” (Shift+→) until S1 is the leader of term 8.',
      done: { kind: 'role', server: 1, role: 'leader' },
    },
    {
      title: 'The consistency check',
      section: '§5.3',
      text: 'Every AppendEntries names the entry just before the new ones (prevLogIndex and prevLogTerm). A follower that does not hold that entry refuses, and the leader steps back and tries again from earlier. When a follower accepts, it deletes whatever conflicts with what the leader sent and appends the leader’s entries.',
      start: 'continue',
      question: {
        prompt:
          'S4 has an entry of term 6 at index 11 that S1 never had. Once S1 has repaired the logs, will S4 still hold it?',
        choices: [
          { id: 'yes', label: 'Yes: entries are never taken back' },
          { id: 'no', label: 'No: it is replaced by the leader’s entry' },
        ],
        reveal: { until: { kind: 'logsMatch' } },
        answer: {
          kind: 'holds',
          condition: { kind: 'entry', server: 4, index: 11, term: 6 },
        },
        right:
          'The leader never changes its own log; a follower’s entries that conflict with it are deleted and replaced (§5.3). This is safe because such an entry was never committed.',
        wrong:
          'Look at S4’s log: index 11 now holds the leader’s entry of term 8. A follower deletes entries that conflict with the leader’s (§5.3). Only uncommitted entries can be lost this way: a committed one is on a majority, and the election restriction keeps a leader without it from being elected.',
      },
    },
    {
      title: 'Log Matching',
      section: '§5.3',
      text: 'Every log now matches the leader’s. Because of the consistency check, if two logs hold an entry with the same index and term, they are identical up to that entry: the Log Matching Property. New commands flow the same way.',
      start: 'continue',
      task: 'Send “set y 1” from the client panel and step or play until the client has its answer.',
      done: { kind: 'answered', command: 'set y 1' },
    },
  ],
} satisfies LessonInput;
