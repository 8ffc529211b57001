/** Colours that carry meaning: one per term (the same in the ring and the log grid). */
import { schemeTableau10 } from 'd3-scale-chromatic';

/** The colour of a term; term 0 (nothing yet) is neutral. */
export function termColor(term: number): string {
  if (term <= 0) return 'var(--muted)';
  return schemeTableau10[(term - 1) % schemeTableau10.length]!;
}

/**
 * The class that gives an element its term's colour (as `--term`): elements of
 * one term share a style (the rules are in styles.css), which keeps thousands of log cells cheap to style.
 */
export function termClass(term: number): string {
  return term <= 0 ? 'term-none' : `term-${(term - 1) % schemeTableau10.length}`;
}
