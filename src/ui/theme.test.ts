import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TERM_COLOURS, termClass, termColor } from './theme.ts';

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

/**
 * Colour-blind vision simulated (Machado, Oliveira and Fernandes 2009, severity 1,
 * on linear RGB), colours compared in CIELAB: every two term colours stay at least
 * ΔE 15 apart for protanopia, deuteranopia and tritanopia (d3's Tableau 10, used
 * before, put terms 3 and 5 at ΔE 0.9 for deuteranopia).
 */
describe('term colours with colour-blind vision', () => {
  const SIM: Record<string, number[][]> = {
    protanopia: [
      [0.152286, 1.052583, -0.204868],
      [0.114503, 0.786281, 0.099216],
      [-0.003882, -0.048116, 1.051998],
    ],
    deuteranopia: [
      [0.367322, 0.860646, -0.227968],
      [0.280085, 0.672501, 0.047413],
      [-0.01182, 0.04294, 0.968881],
    ],
    tritanopia: [
      [1.255528, -0.076749, -0.178779],
      [-0.078411, 0.930809, 0.147602],
      [0.004733, 0.691367, 0.3039],
    ],
  };
  const lin = (c: number) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const lab = ([r, g, b]: number[]): number[] => {
    const X = 0.4124 * r! + 0.3576 * g! + 0.1805 * b!;
    const Y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    const Z = 0.0193 * r! + 0.1192 * g! + 0.9505 * b!;
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const [x, y, z] = [f(X / 0.95047), f(Y), f(Z / 1.08883)];
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const seen = (hex: string, m: number[][]) => {
    const c = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16)));
    return lab(
      m.map((row) => Math.min(1, Math.max(0, row[0]! * c[0]! + row[1]! * c[1]! + row[2]! * c[2]!))),
    );
  };
  for (const [name, m] of Object.entries(SIM))
    it(`tells every two terms apart with ${name}`, () => {
      for (let a = 1; a <= TERM_COLOURS.length; a++)
        for (let b = a + 1; b <= TERM_COLOURS.length; b++) {
          const d = Math.hypot(
            ...seen(termColor(a), m).map((v, i) => v - seen(termColor(b), m)[i]!),
          );
          expect(d, `terms ${a} and ${b}`).toBeGreaterThanOrEqual(15);
        }
    });
});
