/**
 * The lessons of the "Lessons" list, in order. Each file is plain data, checked
 * against the schema here: a lesson that does not fit it stops the app's build
 * and tests with every problem named, never a broken page.
 */
import { presetById } from '../scenario/presets.ts';
import { scenarioFrom } from '../scenario/scenario.ts';
import type { Scenario } from '../model/scenario.ts';
import { parseLesson, type Lesson, type LessonSource } from './schema.ts';
import replicatedStateMachines from './replicated-state-machines.ts';
import leaderElection from './leader-election.ts';
import logReplication from './log-replication.ts';
import commitRule from './commit-rule.ts';
import splitVote from './split-vote.ts';
import heartbeats from './heartbeats.ts';
import followerCutOff from './follower-cut-off.ts';
import staleRedirect from './stale-redirect.ts';
import majority from './majority.ts';
import safetyLeaderChange from './safety-leader-change.ts';
import clients from './clients.ts';
import membership from './membership.ts';

/**
 * In teaching order. Seed 004's questions: how a follower knows the leader
 * failed (heartbeats), one follower cut off (follower-cut-off), a stale
 * redirect (stale-redirect), why a majority is enough (majority), when a leader
 * may commit (commit-rule), whether a commit can lose an update
 * (safety-leader-change), which server a client talks to (clients).
 * Membership changes in two phases last: they build on all the rest.
 */
const FILES: unknown[] = [
  replicatedStateMachines,
  leaderElection,
  heartbeats,
  splitVote,
  followerCutOff,
  logReplication,
  majority,
  commitRule,
  safetyLeaderChange,
  clients,
  staleRedirect,
  membership,
];

export function checkLesson(data: unknown): Lesson {
  const r = parseLesson(data);
  const id = (data as { id?: unknown } | null)?.id;
  if (!r.ok) throw new Error(`Lesson ${String(id)} does not fit the schema: ${r.error}`);
  for (const s of [r.lesson.source, ...r.lesson.steps.map((x) => x.source)])
    if (s && 'preset' in s && !presetById(s.preset))
      throw new Error(`Lesson ${r.lesson.id} names an unknown preset "${s.preset}".`);
  r.lesson.steps.forEach((step, i) => {
    const q = step.question;
    if (q?.answer.kind !== 'holds') return;
    const ids = q.choices.map((c) => c.id);
    if (!ids.includes('yes') || !ids.includes('no'))
      throw new Error(
        `Lesson ${r.lesson.id}, step ${i + 1}: a yes-or-no answer needs the choices "yes" and "no".`,
      );
  });
  return r.lesson;
}

export const LESSONS: readonly Lesson[] = FILES.map(checkLesson);

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The scenario a lesson (or one of its steps) runs on, from its start. */
export function scenarioOf(source: LessonSource): Scenario {
  if ('preset' in source) return structuredClone(presetById(source.preset)!.scenario);
  return scenarioFrom(
    {
      seed: source.seed,
      servers: source.servers,
      ...(source.members ? { members: source.members.slice() } : {}),
    },
    [],
  );
}

export type { Lesson, LessonStep, Question, Condition, Probe } from './schema.ts';
