/**
 * Quorum maths, kept apart as etcd keeps it (quorum/majority.go, quorum/joint.go):
 * small, pure and easy to test. Nobody else computes n / 2.
 *
 * A configuration's voters are two halves: `incoming` (C_new, or the only
 * configuration) and `outgoing` (C_old while joint, else empty). §6: while joint,
 * an election and a commit need separate majorities of both. An empty half is
 * neutral (it wins every vote and has committed everything), so a plain
 * configuration is a joint one with an empty half.
 */
import type { Voters } from './types.ts';

export type VoteResult = 'won' | 'lost' | 'pending';

export function majority(clusterSize: number): number {
  return Math.floor(clusterSize / 2) + 1;
}

/**
 * The highest index stored on a majority: sort the match indices (the leader's
 * own last index included) in descending order and take the majority-th.
 */
export function quorumIndex(matchIndices: number[]): number {
  const sorted = matchIndices.slice().sort((a, b) => b - a);
  return sorted[majority(sorted.length) - 1] ?? 0;
}

/**
 * The same over `values[from..to]`, without allocating: the largest value that at
 * least a majority of them reach. Clusters have at most 9 servers, so O(n²) is cheap.
 */
export function quorumIndexOf(values: readonly number[], from: number, to: number): number {
  const need = majority(to - from + 1);
  let best = 0;
  for (let i = from; i <= to; i++) {
    const v = values[i]!;
    if (v <= best) continue;
    let reach = 0;
    for (let j = from; j <= to; j++) if (values[j]! >= v) reach++;
    if (reach >= need) best = v;
  }
  return best;
}

/** One half's vote: won once a majority granted, lost once a majority can no longer grant. */
function halfVote(ids: readonly number[], votes: Readonly<Record<number, boolean>>): VoteResult {
  if (ids.length === 0) return 'won';
  let yes = 0;
  let missing = 0;
  for (const id of ids) {
    const v = votes[id];
    if (v === true) yes++;
    else if (v === undefined) missing++;
  }
  const need = majority(ids.length);
  if (yes >= need) return 'won';
  if (yes + missing >= need) return 'pending';
  return 'lost';
}

/**
 * §5.2 and §6: the outcome of an election given the answers so far (true: granted,
 * false: refused, absent: no answer yet). Won needs both halves; either half lost loses.
 */
export function voteResult(v: Voters, votes: Readonly<Record<number, boolean>>): VoteResult {
  const a = halfVote(v.incoming, votes);
  const b = halfVote(v.outgoing, votes);
  if (a === 'won' && b === 'won') return 'won';
  if (a === 'lost' || b === 'lost') return 'lost';
  return 'pending';
}

/** The largest index a majority of `ids` has reached (Infinity for no ids). */
function halfCommitted(
  ids: readonly number[],
  matchOf: (id: number) => number | undefined,
): number {
  if (ids.length === 0) return Infinity;
  const need = majority(ids.length);
  let best = 0;
  for (const a of ids) {
    const v = matchOf(a) ?? 0;
    if (v <= best) continue;
    let reach = 0;
    for (const b of ids) if ((matchOf(b) ?? 0) >= v) reach++;
    if (reach >= need) best = v;
  }
  return best;
}

/**
 * Figure 2 (Leaders, last rule) and §6: the highest index stored on a majority of
 * each half. `matchOf` answers undefined for a server it knows nothing of (0).
 */
export function committedIndex(v: Voters, matchOf: (id: number) => number | undefined): number {
  return Math.min(halfCommitted(v.incoming, matchOf), halfCommitted(v.outgoing, matchOf));
}

/** Every voter of either half, once, ascending. */
export function voterIds(v: Voters): number[] {
  const out = v.incoming.slice();
  for (const id of v.outgoing) if (!out.includes(id)) out.push(id);
  return out.sort((a, b) => a - b);
}

/** Is `ids` a voter of either half? */
export function isVoter(v: Voters, id: number): boolean {
  return v.incoming.includes(id) || v.outgoing.includes(id);
}

/** Does `set` hold a majority of `half` (an empty half: yes)? */
export function isMajority(half: readonly number[], set: ReadonlySet<number>): boolean {
  let n = 0;
  for (const id of half) if (set.has(id)) n++;
  return half.length === 0 || n >= majority(half.length);
}
