/**
 * The key-value command grammar, shared by every layer so that the simulator,
 * the UI and the scenario codec accept and reject exactly the same input.
 *
 *   set <key> <value>     -> "OK"
 *   get <key>             -> the value, or null
 *   append <key> <value>  -> "OK"
 *   del <key>             -> "OK"
 */
import { COMMAND_LENGTH_MAX, KEY_LENGTH_MAX, VALUE_LENGTH_MAX } from './limits.ts';

export type Command =
  | { op: 'set'; key: string; value: string }
  | { op: 'append'; key: string; value: string }
  | { op: 'get'; key: string }
  | { op: 'del'; key: string };

export type ParseResult =
  { ok: true; command: Command; text: string } | { ok: false; error: string };

const KEY = /^[A-Za-z0-9_.:-]+$/;
// Printable ASCII without spaces: values are one word, so a command prints back unambiguously.
const VALUE = /^[\x21-\x7e]+$/;

export const COMMAND_HELP = 'set <key> <value> | get <key> | append <key> <value> | del <key>';

/**
 * Recent successful parses by input text. A run's commands repeat (a steady load
 * draws from a few keys and values), and every log entry keeps its parsed form:
 * sharing one frozen result per text keeps a long run's entries from each
 * holding copies of the same strings. Bounded: cleared when full.
 */
const parsed = new Map<string, ParseResult>();
const PARSED_MAX = 4096;

/** Parses a command (the result is frozen and may be shared: never change it). */
export function parseCommand(input: string): ParseResult {
  if (typeof input !== 'string') return { ok: false, error: 'A command must be text.' };
  const known = parsed.get(input);
  if (known !== undefined) return known;
  const r = parseFresh(input);
  if (r.ok) {
    Object.freeze(r.command);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(input, Object.freeze(r));
  }
  return r;
}

function parseFresh(input: string): ParseResult {
  if (input.length > COMMAND_LENGTH_MAX) {
    return { ok: false, error: `A command is at most ${COMMAND_LENGTH_MAX} characters.` };
  }
  const words = input.trim().split(/\s+/);
  const [opWord, key, value, ...rest] = words;
  const op = (opWord ?? '').toLowerCase();
  if (op === '') return { ok: false, error: `Empty command. Try: ${COMMAND_HELP}` };
  if (op !== 'set' && op !== 'get' && op !== 'append' && op !== 'del') {
    return { ok: false, error: `Unknown command "${clip(opWord ?? '')}". Try: ${COMMAND_HELP}` };
  }
  const keyError = checkKey(key);
  if (keyError) return { ok: false, error: keyError };
  const k = key as string;
  if (op === 'get' || op === 'del') {
    if (value !== undefined) return { ok: false, error: `"${op}" takes one key and nothing else.` };
    return { ok: true, command: { op, key: k }, text: `${op} ${k}` };
  }
  if (value === undefined)
    return { ok: false, error: `"${op}" needs a value: ${op} <key> <value>.` };
  if (rest.length > 0) return { ok: false, error: 'A value is one word, without spaces.' };
  if (value.length > VALUE_LENGTH_MAX) {
    return { ok: false, error: `A value is at most ${VALUE_LENGTH_MAX} characters.` };
  }
  if (!VALUE.test(value)) return { ok: false, error: 'A value is printable characters only.' };
  return { ok: true, command: { op, key: k, value }, text: `${op} ${k} ${value}` };
}

function checkKey(key: string | undefined): string | null {
  if (key === undefined || key === '') return 'A key is missing.';
  if (key.length > KEY_LENGTH_MAX) return `A key is at most ${KEY_LENGTH_MAX} characters.`;
  if (!KEY.test(key)) return `Key "${clip(key)}" may hold only letters, digits and _ . : -`;
  return null;
}

function clip(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}…` : s;
}

/**
 * Runs a parsed command against a key-value store, in place; returns the result.
 * A Map, not an object: a key such as "__proto__" is just a key.
 */
export function executeCommand(kv: Map<string, string>, c: Command): string | null {
  switch (c.op) {
    case 'set':
      kv.set(c.key, c.value);
      return 'OK';
    case 'append':
      kv.set(c.key, (kv.get(c.key) ?? '') + c.value);
      return 'OK';
    case 'del':
      kv.delete(c.key);
      return 'OK';
    case 'get':
      return kv.get(c.key) ?? null;
  }
}
