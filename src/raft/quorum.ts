/** Quorum maths, kept apart as etcd keeps it: small, pure and easy to test. */

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
