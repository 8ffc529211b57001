/**
 * "Next notable event": what a student should see happen, as a lecture moves
 * through a run. A step is notable when it changes what the picture tells: a
 * vote asked or given, an election timer running out (a new term, a new role),
 * a new or deleted entry, a commit, a refused append (the consistency check,
 * §5.3), a client's request or answer, a recorded action (crash, restart, a
 * cut link, a command) or a safety violation. Heartbeats and plain
 * acknowledgements change none of these and are skipped.
 */
import type { Sim } from '../sim/simulation.ts';
import { before, type Moment, type Timeline } from '../sim/timeline.ts';
import type { SimEvent } from '../sim/types.ts';

/** What a notable step changes, per server and for the run. */
export interface Glance {
  servers: string[];
  actions: number;
  violations: number;
}

/** Give up looking forward after this much virtual time, or this many events. */
export const NOTABLE_CAP_MS = 10_000;
export const NOTABLE_CAP_EVENTS = 50_000;
/** Looking back, the first window scanned (in events), doubled up to the cap. */
const BACK_WINDOW_EVENTS = 500;

export function glance(sim: Sim): Glance {
  const servers: string[] = [];
  for (let id = 1; id <= sim.options.servers; id++) {
    const s = sim.inner(id);
    servers.push(
      `${s.up ? 1 : 0}|${s.role}|${s.currentTerm}|${s.votedFor}|${s.log.last}|${s.log.truncations}|${s.commitIndex}`,
    );
  }
  return { servers, actions: sim.actionCount, violations: sim.violationCount };
}

/** Is the step from `a` to `b` (through event `e`) one a student should see? */
export function isNotable(a: Glance, b: Glance, e: SimEvent | null): boolean {
  if (a.actions !== b.actions || a.violations !== b.violations) return true;
  for (let i = 0; i < a.servers.length; i++) if (a.servers[i] !== b.servers[i]) return true;
  if (e === null) return false;
  if (e.kind === 'election-timeout' || e.kind === 'client-retry' || e.kind === 'client-timeout')
    return true;
  const m = e.message;
  if (e.kind !== 'deliver' || !m) return false;
  switch (m.type) {
    case 'RequestVote':
    case 'RequestVoteReply':
    case 'ClientRequest':
    case 'ClientReply':
    case 'PreVote':
    case 'PreVoteReply':
    case 'TimeoutNow':
      return true;
    case 'AppendEntriesReply':
      return m.fields.success === false;
    default:
      return false;
  }
}

export type NotableResult = { found: true } | { found: false; reason: 'cap' | 'quiet' | 'start' };

/**
 * Steps the timeline forward until a notable step has been taken: stops right
 * after it. Gives up after NOTABLE_CAP_MS of virtual time or NOTABLE_CAP_EVENTS
 * events (`cap`), or when nothing is scheduled (`quiet`).
 */
export function stepToNotable(t: Timeline): NotableResult {
  const start = t.sim.now;
  for (let i = 0; i < NOTABLE_CAP_EVENTS; i++) {
    const next = t.sim.nextEventAt();
    if (next === null) return { found: false, reason: 'quiet' };
    if (next > start + NOTABLE_CAP_MS) {
      t.advance(start + NOTABLE_CAP_MS - t.sim.now);
      return { found: false, reason: 'cap' };
    }
    const a = glance(t.sim);
    const e = t.step();
    if (isNotable(a, glance(t.sim), e)) return { found: true };
  }
  return { found: false, reason: 'cap' };
}

/**
 * The moment right after the latest notable step before `now` (what
 * stepToNotable from there would stop at), or null if there is none since the
 * run's start. Scans forward from a window before `now`, widening it as needed;
 * leaves the timeline anywhere (the caller seeks).
 */
export function previousNotable(t: Timeline, now: Moment): Moment | null {
  for (let w = BACK_WINDOW_EVENTS; ; w *= 2) {
    const from = Math.max(0, now.events - w);
    t.seek(from === 0 ? { time: 0, events: 0 } : { time: now.time, events: from });
    let found: Moment | null = null;
    while (t.now.events < now.events - 1) {
      const a = glance(t.sim);
      const e = t.step();
      if (e === null) break;
      if (isNotable(a, glance(t.sim), e) && before(t.now, now)) found = t.now;
    }
    if (found !== null) return found;
    if (from === 0 || w >= NOTABLE_CAP_EVENTS) return null;
  }
}
