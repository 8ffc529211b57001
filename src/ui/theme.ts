/** Colours that carry meaning: one per term (the same in the ring and the log grid). */
/**
 * One colour per term, cycling: Okabe and Ito's colour-universal palette (2008),
 * told apart with protanopia, deuteranopia and tritanopia (theme.test.ts
 * simulates each); every term is also written as a number wherever it is shown.
 */
export const TERM_COLOURS = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
] as const;

/** The colour of a term; term 0 (nothing yet) is neutral. */
export function termColor(term: number): string {
  if (term <= 0) return 'var(--muted)';
  return TERM_COLOURS[(term - 1) % TERM_COLOURS.length]!;
}

/**
 * The class that gives an element its term's colour (as `--term`): elements of
 * one term share a style (the rules are in styles.css), which keeps thousands of log cells cheap to style.
 */
export function termClass(term: number): string {
  return term <= 0 ? 'term-none' : `term-${(term - 1) % TERM_COLOURS.length}`;
}
