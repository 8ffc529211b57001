import { describe, expect, it } from 'vitest';
import { executeCommand, parseCommand } from './command.ts';

describe('the command grammar', () => {
  it.each([
    ['set x 3', 'set x 3'],
    ['  SET   x   3  ', 'set x 3'],
    ['get x', 'get x'],
    ['append log-1 abc', 'append log-1 abc'],
    ['del a.b:c_d', 'del a.b:c_d'],
    ['set x <script>alert(1)</script>', 'set x <script>alert(1)</script>'],
  ])('accepts %j as %j', (input, text) => {
    expect(parseCommand(input)).toMatchObject({ ok: true, text });
  });

  it.each([
    ['', /Empty command/],
    ['launch x', /Unknown command "launch"/],
    ['set x', /needs a value/],
    ['get', /key is missing/],
    ['get x y', /one key/],
    ['set x a b', /one word/],
    ['set k€y 1', /Key "k€y"/],
    [`set ${'k'.repeat(33)} 1`, /at most 32/],
    [`set x ${'v'.repeat(65)}`, /at most 64/],
    ['x'.repeat(200), /at most 128/],
  ])('rejects %j with a clear message', (input, message) => {
    const r = parseCommand(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('executes against a map: get returns null for a missing key; "__proto__" is just a key', () => {
    const kv = new Map<string, string>();
    const run = (s: string) => {
      const r = parseCommand(s);
      if (!r.ok) throw new Error(r.error);
      return executeCommand(kv, r.command);
    };
    expect(run('get x')).toBeNull();
    expect(run('set x 1')).toBe('OK');
    expect(run('append x 2')).toBe('OK');
    expect(run('append y z')).toBe('OK');
    expect(run('get x')).toBe('12');
    expect(run('del x')).toBe('OK');
    expect(run('get x')).toBeNull();
    expect(run('set __proto__ p')).toBe('OK');
    expect(run('get __proto__')).toBe('p');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('the command grammar, edges', () => {
  it('rejects what is not text, and reads any whitespace as a separator', () => {
    expect(parseCommand(42 as unknown as string)).toEqual({
      ok: false,
      error: 'A command must be text.',
    });
    expect(parseCommand('set\tx\n7')).toMatchObject({
      ok: true,
      text: 'set x 7',
      command: { op: 'set', key: 'x', value: '7' },
    });
    expect(parseCommand('DEL X')).toMatchObject({ ok: true, text: 'del X' }); // keys keep their case
    expect(parseCommand(`set ${'k'.repeat(32)} ${'v'.repeat(64)}`).ok).toBe(true); // limits inclusive
    const spaced = parseCommand('set x a\u00a0b');
    expect(spaced.ok).toBe(false);
  });

  it('keys named like Object.prototype members are plain keys: missing until set', () => {
    const kv = new Map<string, string>();
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const get = parseCommand(`get ${key}`);
      if (!get.ok) throw new Error(get.error);
      expect(executeCommand(kv, get.command), key).toBeNull();
      const append = parseCommand(`append ${key} z`);
      if (!append.ok) throw new Error(append.error);
      expect(executeCommand(kv, append.command)).toBe('OK');
      expect(executeCommand(kv, get.command), key).toBe('z');
    }
    const del = parseCommand('del nothing-here');
    if (!del.ok) throw new Error(del.error);
    expect(executeCommand(kv, del.command)).toBe('OK'); // deleting a missing key is fine
    expect(kv.size).toBe(5);
  });
});
