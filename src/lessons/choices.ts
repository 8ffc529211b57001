/**
 * Helpers for lesson files: the lists of servers that questions and
 * conditions name one by one ("Which server will win?", "any follower becomes a
 * candidate"), written once instead of copied into every lesson.
 */
import type { Condition } from './schema.ts';

/** The servers 1 .. n. */
export function serversUpTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** A question's choices, one per server: `S<id>`, as the `leader` and `candidate` probes answer. */
export function serverChoices(ids: readonly number[]): { id: string; label: string }[] {
  return ids.map((id) => ({ id: `S${id}`, label: `S${id}` }));
}

/** Holds when the condition holds for any of these servers. */
export function anyServer(ids: readonly number[], each: (id: number) => Condition): Condition {
  return { kind: 'any', of: ids.map(each) };
}

/** Any of these servers is (up and) in this role. */
export function anyInRole(
  ids: readonly number[],
  role: 'follower' | 'candidate' | 'leader',
): Condition {
  return anyServer(ids, (server) => ({ kind: 'role', server, role }));
}
