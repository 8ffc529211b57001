/**
 * A candidate's votes in words, per half of the configuration it uses (§6): the worker
 * counts them (got, and a majority needed, of C_new and of C_old while joint); this only
 * says them. Never "votes / cluster size": servers outside the configuration do not count.
 */
import type { VoteHalfFrame } from '../protocol/index.ts';

export function quorumWords(halves: readonly VoteHalfFrame[], form: 'short' | 'long'): string {
  if (halves.length === 0) return '';
  if (halves.length === 1) {
    const h = halves[0]!;
    return form === 'short'
      ? `${h.got}/${h.need} votes`
      : `${h.got} of the ${h.need} needed (a majority of ${h.size})`;
  }
  const byHalf = [...halves].sort((a, b) => (a.half === 'old' ? -1 : b.half === 'old' ? 1 : 0));
  return byHalf
    .map((h) =>
      form === 'short'
        ? `${h.half} ${h.got}/${h.need}`
        : `C_${h.half}: ${h.got} of the ${h.need} needed (of ${h.size})`,
    )
    .join(form === 'short' ? ' · ' : '; ');
}
