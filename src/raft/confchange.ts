/**
 * The rules of a configuration change as pure functions (after etcd's
 * confchange/): each takes the voters in use and the members asked for, and
 * returns the voters to use next or why not. No state, no effects.
 *
 * - enterJoint: C_old → C_old,new (§6, first phase); any number of servers change.
 * - leaveJoint: C_old,new → C_new (§6, second phase).
 * - simple: one server added or removed, no joint phase (dissertation §4.1).
 * - direct: any change in one step. UNSAFE (Figure 10): for teaching only.
 */
import type { ConfigData, Voters } from './types.ts';

export type ChangeResult = { ok: true; membership: Voters } | { ok: false; error: string };

function sorted(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The servers in one set and not the other, either way. */
export function symmetricDifference(a: readonly number[], b: readonly number[]): number[] {
  return sorted([...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))]);
}

export function isJoint(v: Voters): boolean {
  return v.outgoing.length > 0;
}

function check(cur: Voters, members: readonly number[]): string | null {
  if (isJoint(cur)) return 'a change is in progress: leave the joint configuration first';
  if (members.length === 0) return 'a configuration needs at least one server';
  if (symmetricDifference(cur.incoming, members).length === 0) return 'no change';
  return null;
}

/** §6: the leader first moves to C_old,new, where decisions need a majority of each. */
export function enterJoint(cur: Voters, members: readonly number[]): ChangeResult {
  const error = check(cur, members);
  if (error !== null) return { ok: false, error };
  return { ok: true, membership: { incoming: sorted(members), outgoing: cur.incoming.slice() } };
}

/** §6: once C_old,new is committed, C_new alone. */
export function leaveJoint(cur: Voters): ChangeResult {
  if (!isJoint(cur)) return { ok: false, error: 'not in a joint configuration' };
  return { ok: true, membership: { incoming: cur.incoming.slice(), outgoing: [] } };
}

/**
 * Dissertation §4.1: adding or removing a single server needs no joint phase, since
 * every majority of C_old overlaps every majority of C_new. More is refused.
 */
export function simple(cur: Voters, members: readonly number[]): ChangeResult {
  const error = check(cur, members);
  if (error !== null) return { ok: false, error };
  if (symmetricDifference(cur.incoming, members).length > 1)
    return { ok: false, error: 'one server at a time: more than one server changes' };
  return { ok: true, membership: { incoming: sorted(members), outgoing: [] } };
}

/** UNSAFE (Figure 10): straight to C_new whatever changes; majorities of C_old and C_new may not overlap. */
export function direct(cur: Voters, members: readonly number[]): ChangeResult {
  const error = check(cur, members);
  if (error !== null) return { ok: false, error };
  return { ok: true, membership: { incoming: sorted(members), outgoing: [] } };
}

/** The configuration a log entry carries for `v`. */
export function configData(v: Voters): ConfigData {
  return { members: v.incoming.slice(), old: v.outgoing.length > 0 ? v.outgoing.slice() : null };
}

/** The voters a configuration entry stands for. */
export function votersOf(c: ConfigData): Voters {
  return { incoming: c.members.slice(), outgoing: c.old ? c.old.slice() : [] };
}
