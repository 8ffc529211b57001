/**
 * Lesson: membership changes in two phases (§6, Figures 10 and 11; Ongaro's
 * dissertation, chapter 4). The student adds a server through the inspector,
 * watches it catch up as a non-voting member, sees the leader use C_old,new
 * before it is committed and need both majorities, then C_new committed; the
 * last steps make Figure 10 happen with the unsafe one-step switch.
 */
import type { LessonInput } from './schema.ts';

export default {
  id: 'membership',
  title: 'Membership changes in two phases',
  summary:
    'Add a server to a running cluster: it catches up first, then the leader goes through C_old,new to C_new. Why not switch in one step (Figure 10)?',
  source: { seed: 1, servers: 4, members: [1, 2, 3] },
  steps: [
    {
      title: 'Three servers and a newcomer',
      section: '§6',
      text: 'The cluster is {S1, S2, S3}; S1 leads term 1. S4 runs too, but stands outside the configuration: it never starts an election and nobody counts it. Ask the cluster to take S4 in.',
      start: { at: { time: 500 } },
      task: 'Click S4, then press “Add to cluster” in the inspector.',
      done: {
        kind: 'any',
        of: [
          { kind: 'member', server: 4, state: 'learner' },
          { kind: 'config', server: 1, includes: 4 },
        ],
      },
    },
    {
      title: 'Catching up first',
      section: 'Dissertation §4.2.1',
      text: 'S1 did not change the configuration yet. S4’s log is empty: counted in a majority now, it would hold up every commit while it catches up. So S4 first receives the log as a non-voting member (the ring calls it “catching up”). When it has caught up, S1 appends the joint configuration C_old,new ({S1, S2, S3} → {S1, S2, S3, S4}) to its log.',
      start: 'continue',
      question: {
        prompt:
          'Once S1 has appended C_old,new, does it use it at once, before the entry is committed?',
        choices: [
          { id: 'yes', label: 'Yes, at once' },
          { id: 'no', label: 'No, C_old until it commits' },
        ],
        reveal: { until: { kind: 'config', server: 1, joint: true } },
        answer: { kind: 'holds', condition: { kind: 'config', server: 1, joint: true } },
        right:
          'A server always uses the latest configuration in its log, committed or not (§6). S1 now uses C_old,new: its ring shows both bands, and from now on every election and every commit needs a majority of C_old and a majority of C_new.',
        wrong:
          'At once: a server always uses the latest configuration in its log, committed or not (§6). S1 now uses C_old,new (both bands on the ring): from now on every election and every commit needs a majority of C_old and a majority of C_new.',
      },
    },
    {
      title: 'Two majorities',
      section: '§6, Figure 11',
      text: 'C_old,new is in S1’s log only. A majority of C_old {S1, S2, S3} is 2; a majority of C_new {S1, S2, S3, S4} is 3. Take two servers away before the entry reaches them.',
      start: 'continue',
      task: 'Crash S3 and S4: click each and press “Crash server”.',
      done: {
        kind: 'all',
        of: [
          { kind: 'down', server: 3 },
          { kind: 'down', server: 4 },
        ],
      },
    },
    {
      title: 'Is {S1, S2} enough?',
      section: '§6, Figure 11',
      text: 'S1 and S2 are up: 2 of the 3 servers of C_old, but only 2 of the 4 of C_new.',
      start: 'continue',
      question: {
        prompt: 'Can S1 and S2 commit C_old,new while it is in use?',
        choices: [
          { id: 'yes', label: 'Yes, 2 of C_old is a majority' },
          { id: 'no', label: 'No, they need 3 of C_new too' },
        ],
        reveal: { until: { kind: 'stepped', count: 30 } },
        answer: { kind: 'holds', condition: { kind: 'config', server: 1, committed: true } },
        right:
          'S2 stored the entry, but 2 of C_new is not a majority: the commit waits (Figure 11). The same holds for elections: with C_old,new in use {S1, S2} cannot elect a leader either, since a candidate needs the votes of both majorities.',
        wrong:
          'No. S2 stored the entry, but 2 of the 4 servers of C_new is not a majority, so S1 cannot commit it (Figure 11). Elections follow the same rule: while C_old,new is in use {S1, S2} cannot elect a leader either, since a candidate needs both majorities.',
      },
    },
    {
      title: 'C_old,new, then C_new',
      section: '§6, Figure 11',
      text: 'Bring S3 and S4 back. S1 brings their logs up to date; once C_old,new is committed, S1 appends C_new ({S1, S2, S3, S4}), which needs only a majority of the new configuration. When C_new is committed the change is over, and S4 is a voter like the others.',
      start: 'continue',
      task: 'Restart S3 and S4 (click each, “Restart server”), then press “Next notable event” (Shift+→) until S1 has committed C_new.',
      done: { kind: 'config', server: 1, joint: false, includes: 4, committed: true },
    },
    {
      title: 'Why not in one step? (Figure 10)',
      section: '§6, Figure 10',
      text: 'Another run, with the switch “change configurations in one step” on: a leader goes straight from C_old to C_new. S3 led {S1, S2, S3}, the network split {S1, S2} from {S3, S4, S5}, and S3 appended C_new {S1, …, S5}; S4 got it, S1 and S2 did not. S1 still uses C_old, S4 uses C_new, and both have just timed out, for term 2.',
      start: { at: { time: 501, events: 50 } },
      source: { preset: 'figure-10' },
      question: {
        prompt: 'Can S1 and S4 both become leaders of term 2?',
        choices: [
          { id: 'yes', label: 'Yes, both' },
          { id: 'no', label: 'No, at most one' },
        ],
        reveal: { until: { kind: 'violation' } },
        answer: { kind: 'holds', condition: { kind: 'violation' } },
        right:
          'S1 counts C_old: S1 and S2 are 2 of 3. S4 counts C_new: S3, S4 and S5 are 3 of 5. The two majorities do not overlap, so two leaders win the same term, and the checker flags it.',
        wrong:
          'Both. S1 counts C_old: S1 and S2 are 2 of 3, a majority. S4 counts C_new: S3, S4 and S5 are 3 of 5, a majority. These two majorities do not overlap: two leaders in one term, which the checker flags.',
      },
    },
    {
      title: 'What two phases buy',
      section: '§6',
      text: 'With joint consensus there is no moment when C_old and C_new can decide on their own: while C_old,new is in use, S4 would have needed a majority of C_old as well, which S1 and S2 hold. And C_new is appended only once C_old,new is committed, so by then no server can still decide with C_old alone. That is the whole trick of Figure 11.',
      start: 'continue',
    },
  ],
} satisfies LessonInput;
