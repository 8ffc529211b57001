/**
 * Reading a lesson's conditions and answers off what the UI is shown: the
 * frame the worker sends (servers, links, the student's requests, log windows).
 * Pure functions of plain data, so the UI evaluates them without the simulator.
 */
import type { Condition, Probe } from './schema.ts';

/** What conditions read: a structural subset of the worker's frame, plus the merged log windows. */
export interface LessonView {
  servers: readonly {
    id: number;
    up: boolean;
    role: 'follower' | 'candidate' | 'leader';
    term: number;
    commitIndex: number;
    lastIndex: number;
    lastTerm: number;
    /** The configuration it uses (§6) and its entry's index (0: the starting one). */
    config?: { members: readonly number[]; old: readonly number[] | null };
    configIndex?: number;
    /** Its place in the cluster's configuration, as the ring shows it. */
    member?: 'voter' | 'learner' | 'outside';
  }[];
  links: readonly (readonly boolean[])[];
  ops: readonly {
    command: string;
    completedAt: number | null;
    result: string | null;
    target: number | null;
    attempts: number;
  }[];
  logs: Readonly<
    Record<number, { from: number; entries: readonly { term: number; command: string | null }[] }>
  >;
  violationCount: number;
  events: number;
}

/** What a step's relative conditions compare with: the run when the step began. */
export interface StepBaseline {
  maxTerm: number;
  leader: number | null;
  events: number;
}

export function baselineOf(v: LessonView): StepBaseline {
  return { maxTerm: maxTerm(v), leader: leaderOf(v), events: v.events };
}

function maxTerm(v: LessonView): number {
  let t = 0;
  for (const s of v.servers) t = Math.max(t, s.term);
  return t;
}

/** The up candidate of the highest term, if any. */
export function candidateOf(v: LessonView): number | null {
  let best: LessonView['servers'][number] | null = null;
  for (const s of v.servers)
    if (s.up && s.role === 'candidate' && (best === null || s.term > best.term)) best = s;
  return best?.id ?? null;
}

/** The student's latest request with this command (the one a condition is about). */
function requestOf(v: LessonView, command: string): LessonView['ops'][number] | undefined {
  for (let i = v.ops.length - 1; i >= 0; i--) if (v.ops[i]!.command === command) return v.ops[i];
  return undefined;
}

/** The up leader of the highest term, if any. */
export function leaderOf(v: LessonView): number | null {
  let best: LessonView['servers'][number] | null = null;
  for (const s of v.servers)
    if (s.up && s.role === 'leader' && (best === null || s.term > best.term)) best = s;
  return best?.id ?? null;
}

export function holds(c: Condition, v: LessonView, base: StepBaseline): boolean {
  const server = (id: number) => v.servers.find((s) => s.id === id);
  switch (c.kind) {
    case 'leader': {
      const l = leaderOf(v);
      return l !== null && (c.server === undefined || l === c.server);
    }
    case 'newLeader':
      return v.servers.some((s) => s.up && s.role === 'leader' && s.term > base.maxTerm);
    case 'role': {
      const s = server(c.server);
      return !!s && s.up && s.role === c.role;
    }
    case 'term':
      return (server(c.server)?.term ?? 0) >= c.atLeast;
    case 'down':
      return server(c.server)?.up === false;
    case 'up':
      return server(c.server)?.up === true;
    case 'leaderDown':
      return base.leader !== null && server(base.leader)?.up === false;
    case 'linkCut':
      return v.links[c.a]?.[c.b] === false || v.links[c.b]?.[c.a] === false;
    case 'answered':
      return v.ops.some(
        (o) =>
          o.command === c.command &&
          o.completedAt !== null &&
          (c.result === undefined || o.result === c.result),
      );
    case 'request': {
      const o = requestOf(v, c.command);
      return (
        !!o &&
        o.completedAt === null &&
        (c.target === undefined || o.target === c.target) &&
        o.attempts >= (c.attempts ?? 0)
      );
    }
    case 'committed': {
      const up = v.servers.filter((s) => s.up);
      const have = up.filter((s) => s.commitIndex >= c.index).length;
      return have >= (c.count ?? up.length) && have > 0;
    }
    case 'commitIndex':
      return (server(c.server)?.commitIndex ?? 0) >= c.atLeast;
    case 'entry': {
      const w = v.logs[c.server];
      const e = w?.entries[c.index - w.from];
      return (
        !!e &&
        (c.term === undefined || e.term === c.term) &&
        (c.command === undefined || e.command === c.command)
      );
    }
    case 'entries':
      return v.servers
        .filter((s) => s.up)
        .every(
          (s) =>
            (v.logs[s.id]?.entries ?? []).filter((e) => e.command === c.command).length === c.count,
        );
    case 'logsMatch': {
      const up = v.servers.filter((s) => s.up);
      return up.every((s) => s.lastIndex === up[0]!.lastIndex && s.lastTerm === up[0]!.lastTerm);
    }
    case 'config': {
      const s = server(c.server);
      if (!s?.config) return false;
      return (
        (c.joint === undefined || (s.config.old !== null) === c.joint) &&
        (c.includes === undefined || s.config.members.includes(c.includes)) &&
        (c.committed === undefined || (s.configIndex ?? 0) <= s.commitIndex === c.committed)
      );
    }
    case 'member':
      return server(c.server)?.member === c.state;
    case 'violation':
      return v.violationCount > 0;
    case 'stepped':
      return v.events - base.events >= c.count;
    case 'all':
      return c.of.every((x) => holds(x, v, base));
    case 'any':
      return c.of.some((x) => holds(x, v, base));
  }
}

/** The choice the simulation gives for a question (compared with the student's). */
export function probe(p: Probe, v: LessonView, base: StepBaseline): string {
  switch (p.kind) {
    case 'leader': {
      const l = leaderOf(v);
      return l === null ? 'none' : `S${l}`;
    }
    case 'candidate': {
      const c = candidateOf(v);
      return c === null ? 'none' : `S${c}`;
    }
    case 'target': {
      const o = requestOf(v, p.command);
      return !o || o.completedAt !== null || o.target === null ? 'none' : `S${o.target}`;
    }
    case 'holds':
      return holds(p.condition, v, base) ? 'yes' : 'no';
  }
}
