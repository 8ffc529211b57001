import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { termClass, termColor } from './theme.ts';

describe('term colours', () => {
  const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

  it('gives every term class the colour termColor gives its term', () => {
    for (let term = 1; term <= 25; term++) {
      const cls = termClass(term);
      const rule = new RegExp(`\\.${cls} \\{\\s*--term: (#[0-9a-f]{6});`).exec(css);
      expect(rule, cls).not.toBeNull();
      expect(rule![1]).toBe(termColor(term));
    }
  });

  it('gives term 0 the neutral colour', () => {
    expect(termClass(0)).toBe('term-none');
    expect(css).toMatch(/\.term-none \{\s*--term: var\(--muted\);/);
  });
});
