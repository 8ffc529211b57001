/** A small, strict parser for `--name value` and `--flag` command-line arguments. */

export type ArgSpec = Record<string, 'number' | 'flag'>;

export function parseArgs<S extends ArgSpec>(
  argv: string[],
  spec: S,
): { [K in keyof S]?: S[K] extends 'flag' ? boolean : number } {
  const out: Record<string, number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.replace(/^--/, '');
    const kind = spec[name];
    if (!arg.startsWith('--') || kind === undefined) {
      throw new Error(
        `Unknown argument "${arg}". Known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    }
    if (kind === 'flag') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n))
      throw new Error(`--${name} needs a number.`);
    out[name] = n;
  }
  return out as { [K in keyof S]?: S[K] extends 'flag' ? boolean : number };
}
