/** Lesson: when an entry is committed (§5.4.2, Figure 8). */
import type { LessonInput } from './schema.ts';
import { serverChoices } from './choices.ts';

export default {
  id: 'commit-rule',
  title: 'When is an entry committed? (Figure 8)',
  summary:
    'An entry stored on a majority can still be overwritten. Why a leader counts replicas only for entries of its own term.',
  source: { preset: 'commit-rule' },
  steps: [
    {
      title: 'Figure 8',
      section: '§5.4.2, Figure 8',
      text: 'Entry 2 of term 2 (“set x 2”) was written by S1 when it led term 2 and reached only S2. Then S5 led term 3 and wrote a different entry 2 (“set x 3”) that reached no one; S5 is down. As in the figure, leaders here add no no-op entry of their own when elected.',
      start: { at: { time: 0, events: 0 } },
      task: 'Press “Next notable event” (Shift+→) until S1 leads term 4.',
      done: { kind: 'role', server: 1, role: 'leader' },
    },
    {
      title: 'Stored on a majority',
      section: '§5.4.2',
      text: 'S1 has copied its entry 2 of term 2 to S3 and S4: four of five servers store it, a majority.',
      start: { at: { time: 116, events: 23 } },
      question: {
        prompt: 'Has S1 committed entry 2?',
        choices: [
          { id: 'yes', label: 'Yes: a majority stores it' },
          { id: 'no', label: 'No' },
        ],
        reveal: 'none',
        answer: { kind: 'holds', condition: { kind: 'commitIndex', server: 1, atLeast: 2 } },
        right:
          'S1’s commit index is still 0. A leader commits by counting replicas only entries of its own term (§5.4.2); entry 2 is of term 2 and S1 leads term 4.',
        wrong:
          'Look at S1 in the inspector: its commit index is 0. A leader commits by counting replicas only entries of its own term (§5.4.2). Entry 2 is of term 2, S1 leads term 4: it waits.',
      },
    },
    {
      title: 'S1 crashes, S5 returns',
      section: '§5.4.1',
      text: 'Now S1 crashes and S5 restarts. S5’s last entry is of term 3, newer than everyone else’s (term 2), so its log counts as more up to date.',
      start: 'continue',
      question: {
        prompt: 'Which server will lead next?',
        choices: serverChoices([2, 3, 4, 5]),
        reveal: 'nextElection',
        answer: { kind: 'leader' },
        right:
          'S5’s log ends with a later term than the others’, so they grant it their votes (the election restriction, §5.4.1).',
        wrong:
          'S5 wins: a voter grants its vote only to a candidate whose log is at least as up to date as its own, compared by the term of the last entry first (§5.4.1). S5’s ends in term 3, theirs in term 2.',
      },
    },
    {
      title: 'Overwritten',
      section: '§5.3, §5.4.2',
      text: 'S5 leads and makes every log match its own.',
      start: 'continue',
      question: {
        prompt: 'What will entry 2 hold on S2 once S5 has repaired the logs?',
        choices: [
          { id: 'no', label: '“set x 2”, of term 2' },
          { id: 'yes', label: '“set x 3”, of term 3' },
        ],
        reveal: { until: { kind: 'logsMatch' } },
        answer: {
          kind: 'holds',
          condition: { kind: 'entry', server: 2, index: 2, term: 3, command: 'set x 3' },
        },
        right:
          'Entry 2 of term 2 was on a majority, yet it has been overwritten. That is fine only because it had never been committed: no client was told it happened. Had S1 committed it by counting replicas, a committed entry would now be lost.',
        wrong:
          'Look at the logs: entry 2 is “set x 3” of term 3 everywhere. S5 made the logs match its own (§5.3). This is safe only because entry 2 of term 2 had never been committed.',
      },
    },
    {
      title: 'The rule switched off',
      section: '§5.4.2',
      text: 'The same run with the unsafe switch “commit old terms by count”: S1 commits entry 2 of term 2 as soon as a majority stores it, and x is 2 on S1. Then S5 wins term 5 exactly as before.',
      source: { preset: 'commit-rule-unsafe' },
      start: { at: { time: 116, events: 23 } },
      task: 'Press “Next notable event” (Shift+→) until the checkers report a violation.',
      done: { kind: 'violation' },
    },
    {
      title: 'Why the rule',
      section: '§5.4.2',
      text: 'A committed entry was lost: S5 was elected without it (leader completeness) and the servers applied a different entry at index 2 (state machine safety). This is why a Raft leader counts replicas only for entries of its current term; once one such entry is committed, every entry before it is committed too.',
      start: 'continue',
    },
  ],
} satisfies LessonInput;
