/** Which settings start a new run: the cluster itself (size, seed, starting members, membership mode). */
import type { RunOptions } from '../protocol/index.ts';

export function startsNewRun(o: RunOptions, cur: RunOptions): boolean {
  const members = (x: RunOptions) => (x.members ?? []).join(',');
  return (
    o.servers !== cur.servers ||
    o.seed !== cur.seed ||
    members(o) !== members(cur) ||
    (o.membership ?? 'joint') !== (cur.membership ?? 'joint')
  );
}
