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
