/**
 * A guided lesson as data: a sequence of steps over a scenario. Each step says
 * what to look at (with the paper's section), starts at a moment of the
 * lesson's scenario (or where the previous step left off), and either asks the
 * student to do something, completed by a condition on the simulation, or asks
 * a question whose answer is read from what the simulation then does.
 *
 * Every lesson file is checked against this schema when it is loaded (and in
 * the tests), so a teacher who writes one gets a clear message, not a broken page.
 */
import * as v from 'valibot';
import { SERVERS_MAX, TIME_MS_MAX } from '../model/limits.ts';

const ServerId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SERVERS_MAX));
const Index = v.pipe(v.number(), v.integer(), v.minValue(1));
const Text = v.pipe(v.string(), v.minLength(1), v.maxLength(2000));

/** A condition on what the simulation shows (read from the frame the UI gets). */
export type Condition =
  /** An up server leads (a given one, if `server`). */
  | { kind: 'leader'; server?: number }
  /** An up server leads in a term higher than any when the step began. */
  | { kind: 'newLeader' }
  | { kind: 'role'; server: number; role: 'follower' | 'candidate' | 'leader' }
  | { kind: 'term'; server: number; atLeast: number }
  | { kind: 'down'; server: number }
  | { kind: 'up'; server: number }
  /** The server that led when the step began is down. */
  | { kind: 'leaderDown' }
  /** The link a → b or b → a is cut. */
  | { kind: 'linkCut'; a: number; b: number }
  /** The student's own request with this command has been answered (with this result, if given). */
  | { kind: 'answered'; command: string; result?: string }
  /**
   * The student's request with this command is still out, sent to `target` (if
   * given) after at least `attempts` tries (redirects and retries count).
   */
  | { kind: 'request'; command: string; target?: number; attempts?: number }
  /** At least `count` up servers (every up server if omitted) have committed `index`. */
  | { kind: 'committed'; index: number; count?: number }
  | { kind: 'commitIndex'; server: number; atLeast: number }
  /** The entry at `index` of `server`'s log has this term and command (those given). */
  | { kind: 'entry'; server: number; index: number; term?: number; command?: string }
  /** Every up server's log holds `count` entries with this command. */
  | { kind: 'entries'; command: string; count: number }
  /** Every up server's log ends with the same index and term. */
  | { kind: 'logsMatch' }
  /**
   * The configuration `server` uses (§6, the latest in its log, committed or not):
   * joint (C_old,new) or not, with `includes` among its C_new voters, and
   * `committed` in its own log (those given).
   */
  | { kind: 'config'; server: number; joint?: boolean; includes?: number; committed?: boolean }
  /** `server`'s place in the cluster's configuration, as the ring shows it (data-member). */
  | { kind: 'member'; server: number; state: 'voter' | 'learner' | 'outside' }
  /** A safety checker has caught a violation. */
  | { kind: 'violation' }
  /** At least `count` events were processed since the step began. */
  | { kind: 'stepped'; count: number }
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] };

const ConditionSchema: v.GenericSchema<Condition> = v.variant('kind', [
  v.strictObject({ kind: v.literal('leader'), server: v.optional(ServerId) }),
  v.strictObject({ kind: v.literal('newLeader') }),
  v.strictObject({
    kind: v.literal('role'),
    server: ServerId,
    role: v.picklist(['follower', 'candidate', 'leader']),
  }),
  v.strictObject({ kind: v.literal('term'), server: ServerId, atLeast: Index }),
  v.strictObject({ kind: v.literal('down'), server: ServerId }),
  v.strictObject({ kind: v.literal('up'), server: ServerId }),
  v.strictObject({ kind: v.literal('leaderDown') }),
  v.strictObject({ kind: v.literal('linkCut'), a: ServerId, b: ServerId }),
  v.strictObject({ kind: v.literal('answered'), command: Text, result: v.optional(Text) }),
  v.strictObject({
    kind: v.literal('request'),
    command: Text,
    target: v.optional(ServerId),
    attempts: v.optional(Index),
  }),
  v.strictObject({ kind: v.literal('committed'), index: Index, count: v.optional(ServerId) }),
  v.strictObject({ kind: v.literal('commitIndex'), server: ServerId, atLeast: Index }),
  v.strictObject({
    kind: v.literal('entry'),
    server: ServerId,
    index: Index,
    term: v.optional(Index),
    command: v.optional(Text),
  }),
  v.strictObject({
    kind: v.literal('entries'),
    command: Text,
    count: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.strictObject({ kind: v.literal('logsMatch') }),
  v.strictObject({
    kind: v.literal('config'),
    server: ServerId,
    joint: v.optional(v.boolean()),
    includes: v.optional(ServerId),
    committed: v.optional(v.boolean()),
  }),
  v.strictObject({
    kind: v.literal('member'),
    server: ServerId,
    state: v.picklist(['voter', 'learner', 'outside']),
  }),
  v.strictObject({ kind: v.literal('violation') }),
  v.strictObject({ kind: v.literal('stepped'), count: Index }),
  v.strictObject({
    kind: v.literal('all'),
    of: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.minLength(1)),
  }),
  v.strictObject({
    kind: v.literal('any'),
    of: v.pipe(v.array(v.lazy(() => ConditionSchema)), v.minLength(1)),
  }),
]);

/** What a question's answer is read from, after the reveal. */
export type Probe =
  /** The leader of the highest term: its choice is `S<id>`, or `none`. */
  | { kind: 'leader' }
  /** The candidate of the highest term: `S<id>`, or `none`. */
  | { kind: 'candidate' }
  /** Where the student's request with this command is sent now: `S<id>`, or `none` (answered). */
  | { kind: 'target'; command: string }
  /** `yes` if the condition holds, else `no`. */
  | { kind: 'holds'; condition: Condition };

const ProbeSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('leader') }),
  v.strictObject({ kind: v.literal('candidate') }),
  v.strictObject({ kind: v.literal('target'), command: Text }),
  v.strictObject({ kind: v.literal('holds'), condition: ConditionSchema }),
]);

const QuestionSchema = v.strictObject({
  prompt: Text,
  choices: v.pipe(
    v.array(v.strictObject({ id: v.pipe(v.string(), v.minLength(1)), label: Text })),
    v.minLength(2),
    v.maxLength(9),
  ),
  /**
   * What the simulation does after the student answers, before the answer is
   * read: nothing, run to the next election, or step notable event by notable
   * event until a condition holds.
   */
  reveal: v.union([
    v.picklist(['none', 'nextElection']),
    v.strictObject({ until: ConditionSchema }),
  ]),
  answer: ProbeSchema,
  /** Said when the answer was right, and when it was wrong (with the explanation). */
  // The panel says "Right." or "Not quite: …" before them: they do not say it again.
  right: v.pipe(
    Text,
    v.check(
      (t) => !/^\W*(right|correct|yes)\b/i.test(t),
      'A question’s `right` text follows the panel’s “Right.”: it does not begin with “Right” again.',
    ),
  ),
  wrong: v.pipe(
    Text,
    v.check(
      (t) => !/^\W*(not quite|wrong)\b/i.test(t),
      'A question’s `wrong` text follows the panel’s “Not quite: …”: it does not begin with it again.',
    ),
  ),
});

const MomentSchema = v.strictObject({
  time: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(TIME_MS_MAX)),
  /** Events processed: omitted, every event up to `time`. */
  events: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** Where a lesson (or one of its steps) runs: a preset, or a fresh run of these settings. */
const SourceSchema = v.union([
  v.strictObject({ preset: v.pipe(v.string(), v.minLength(1)) }),
  v.strictObject({
    seed: v.pipe(v.number(), v.integer()),
    servers: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SERVERS_MAX)),
    /** The starting configuration's voters (§6); omitted, every server. */
    members: v.optional(v.pipe(v.array(ServerId), v.minLength(1))),
  }),
]);

const StepSchema = v.pipe(
  v.strictObject({
    title: Text,
    /** What to look at, in plain words. */
    text: Text,
    /** The section of the paper (or of Ongaro's dissertation) it follows. */
    section: v.pipe(v.string(), v.minLength(1), v.maxLength(60)),
    /** The step's starting moment, or `continue`: where the previous step left off. */
    start: v.union([v.literal('continue'), v.strictObject({ at: MomentSchema })]),
    /** Another scenario than the lesson's for this step (with a moment `start`). */
    source: v.optional(SourceSchema),
    /** What the student is asked to do, and the condition that completes it. */
    task: v.optional(Text),
    done: v.optional(ConditionSchema),
    question: v.optional(QuestionSchema),
  }),
  v.check(
    (s) => !(s.task !== undefined && s.question !== undefined),
    'A step asks a task or a question, not both.',
  ),
  v.check(
    (s) => (s.task === undefined) === (s.done === undefined),
    'A task needs a `done` condition.',
  ),
  v.check(
    (s) => s.source === undefined || s.start !== 'continue',
    'A step with its own source starts at a moment of it.',
  ),
);

export const LessonSchema = v.pipe(
  v.strictObject({
    /** Stable: links name a lesson by it. */
    id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)),
    title: Text,
    summary: Text,
    source: SourceSchema,
    steps: v.pipe(v.array(StepSchema), v.minLength(1), v.maxLength(40)),
  }),
  v.check((l) => l.steps[0]!.start !== 'continue', 'The first step starts at a moment.'),
);

export type Lesson = v.InferOutput<typeof LessonSchema>;
/** What a lesson file is written as (checked by the compiler, then by the schema). */
export type LessonInput = v.InferInput<typeof LessonSchema>;
export type LessonStep = Lesson['steps'][number];
export type Question = NonNullable<LessonStep['question']>;
export type LessonSource = Lesson['source'];

/** A lesson checked against the schema: the lesson, or every problem in words. */
export function parseLesson(
  data: unknown,
): { ok: true; lesson: Lesson } | { ok: false; error: string } {
  const r = v.safeParse(LessonSchema, data);
  if (r.success) return { ok: true, lesson: r.output };
  return {
    ok: false,
    error: r.issues.map((i) => `${v.getDotPath(i) ?? '(lesson)'}: ${i.message}`).join('; '),
  };
}
