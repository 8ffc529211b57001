import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeCommand, parseCommand, type Command } from '../model/command.ts';
import {
  checkHistory,
  checkHistoryLive,
  FAILURES_MAX,
  WINDOW_OPS_MAX,
  linComplete,
  linSubmit,
  newLinState,
  verdictOf,
  type HistoryOp,
} from './linearizability.ts';

let nextId = 0;
/** One operation: [call, ret] (ret null: pending) and its result. */
function op(
  command: string,
  call: number,
  ret: number | null,
  result: string | null = 'OK',
  client = 1,
): HistoryOp {
  return {
    id: ++nextId,
    client,
    command,
    submittedAt: call,
    completedAt: ret,
    result: ret === null ? null : result,
  };
}
function history(...ops: HistoryOp[]): HistoryOp[] {
  // Ids in submission order, 1, 2, 3 … as clientOps() numbers them.
  return ops
    .slice()
    .sort((a, b) => a.submittedAt - b.submittedAt)
    .map((o, i) => ({ ...o, id: i + 1 }));
}

/** Linearizable by brute force: every subset of pending writes, every order. */
function bruteForce(ops: HistoryOp[]): boolean {
  const byKey = new Map<string, HistoryOp[]>();
  for (const o of ops) {
    const p = parseCommand(o.command);
    if (!p.ok) throw new Error(p.error);
    if (p.command.op === 'get' && o.completedAt === null) continue;
    const k = p.command.key;
    byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  for (const list of byKey.values()) {
    const done = list.filter((o) => o.completedAt !== null);
    const pending = list.filter((o) => o.completedAt === null);
    let any = false;
    for (let mask = 0; mask < 1 << pending.length && !any; mask++) {
      const chosen = done.concat(pending.filter((_, i) => mask & (1 << i)));
      any = permutations(chosen).some((order) => valid(order));
    }
    if (!any) return false;
  }
  return true;
}
function valid(order: HistoryOp[]): boolean {
  for (let i = 0; i < order.length; i++)
    for (let j = i + 1; j < order.length; j++) {
      const later = order[i]!;
      const earlier = order[j]!;
      // j is ordered after i, yet completed before i began: real time broken.
      if (earlier.completedAt !== null && earlier.completedAt < later.submittedAt) return false;
    }
  const kv = new Map<string, string>();
  for (const o of order) {
    const c = (
      parseCommand(o.command) as { ok: true; command: Parameters<typeof executeCommand>[1] }
    ).command;
    const r = executeCommand(kv, c);
    if (c.op === 'get' && o.completedAt !== null && r !== o.result) return false;
  }
  return true;
}
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  const out: T[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)]))
      out.push([x, ...rest]);
  });
  return out;
}
function without(ops: HistoryOp[], ids: number[]): HistoryOp[] {
  return ops.filter((o) => !ids.includes(o.id));
}

describe('known histories', () => {
  it('a sequential register history is linearizable', () => {
    const h = history(
      op('set x 1', 0, 10),
      op('get x', 20, 30, '1'),
      op('append x 2', 40, 50),
      op('get x', 60, 70, '12'),
      op('del x', 80, 90),
      op('get x', 100, 110, null),
    );
    expect(checkHistory(h)).toMatchObject({ ok: true, ops: [] });
  });

  it('a stale read after a completed write is caught, and one operation explains it', () => {
    const h = history(op('set x 1', 0, 10), op('get x', 20, 30, null));
    const v = checkHistory(h);
    expect(v.ok).toBe(false);
    expect(v.ops).toHaveLength(1);
    expect(checkHistory(without(h, v.ops)).ok).toBe(true);
    expect(v.failure).toMatchObject({ key: 'x', at: 30 });
    expect(v.failure!.context.map((o) => o.id)).toEqual([1, 2]);
  });

  it('intervals touching in one millisecond are concurrent', () => {
    // The read begins in the very ms the write completes: it may be ordered first.
    expect(checkHistory(history(op('set x 1', 0, 10), op('get x', 10, 20, null))).ok).toBe(true);
    expect(checkHistory(history(op('set x 1', 0, 10), op('get x', 11, 20, null))).ok).toBe(false);
    // Both ways round: a write invoked in the ms a read returns may precede it.
    expect(checkHistory(history(op('get x', 0, 10, '1'), op('set x 1', 10, 20))).ok).toBe(true);
    expect(checkHistory(history(op('get x', 0, 10, '1'), op('set x 1', 11, 20))).ok).toBe(false);
  });

  it('concurrent writes may take either order, but only one', () => {
    const a = op('set x 1', 0, 10, 'OK', 1);
    const b = op('set x 2', 0, 10, 'OK', 2);
    expect(checkHistory(history(a, b, op('get x', 20, 30, '1'))).ok).toBe(true);
    expect(checkHistory(history(a, b, op('get x', 20, 30, '2'))).ok).toBe(true);
    const flip = history(a, b, op('get x', 20, 30, '1'), op('get x', 40, 50, '2'));
    const v = checkHistory(flip);
    expect(v.ok).toBe(false);
    expect(v.ops).toHaveLength(1);
  });

  it('a pending write may have taken effect, or not', () => {
    const w = op('set x 1', 0, null);
    expect(checkHistory(history(w, op('get x', 5, 6, '1'))).ok).toBe(true);
    expect(checkHistory(history(w, op('get x', 5, 6, null))).ok).toBe(true);
    // But not taken effect after it was seen.
    expect(checkHistory(history(w, op('get x', 5, 6, '1'), op('get x', 7, 8, null))).ok).toBe(
      false,
    );
    // A pending read constrains nothing.
    expect(checkHistory(history(op('get x', 0, null), op('set x 1', 1, 2))).ok).toBe(true);
  });

  it('concurrent appends: any interleaving, each once (a duplicated append is caught)', () => {
    const a = op('append x a', 0, 10, 'OK', 1);
    const b = op('append x b', 0, 10, 'OK', 2);
    expect(checkHistory(history(a, b, op('get x', 20, 30, 'ba'))).ok).toBe(true);
    expect(checkHistory(history(a, b, op('get x', 20, 30, 'ab'))).ok).toBe(true);
    // Executed twice (a retry run again: exactly-once broken).
    const twice = history(op('append x 5', 0, 10), op('get x', 20, 30, '55'));
    expect(checkHistory(twice)).toMatchObject({ ok: false, ops: [2] });
  });

  it('a read that comes back from the past later is caught (monotonic reads)', () => {
    const h = history(
      op('set x 1', 0, 10),
      op('set x 2', 20, 30),
      op('get x', 40, 50, '2', 2),
      op('get x', 60, 70, '1', 3),
    );
    const v = checkHistory(h);
    expect(v.ok).toBe(false);
    expect(v.ops).toEqual([4]);
  });

  it('keys are checked apart: the smallest set is one key’s, and other keys do not interfere', () => {
    const h = history(
      op('set x 1', 0, 10),
      op('set y 1', 0, 10),
      op('get y', 15, 18, '1'),
      op('get x', 20, 30, '1'),
      op('get y', 20, 30, null),
      op('get z', 20, 30, null),
    );
    const v = checkHistory(h);
    expect(v.ok).toBe(false);
    expect(v.failure!.key).toBe('y');
    for (const id of v.ops) expect(h[id - 1]!.command).toMatch(/ y/);
    expect(checkHistory(without(h, v.ops)).ok).toBe(true);
  });

  it('a history too hard for the budget is undecided, not wrong', () => {
    // Seven concurrent appends, then a read no interleaving explains: proving it takes long.
    const ops: HistoryOp[] = [];
    for (let i = 0; i < 7; i++) ops.push(op(`append x ${i}`, 0, 100, 'OK', i + 1));
    ops.push(op('get x', 200, 210, 'nope', 20));
    const h = history(...ops);
    expect(checkHistory(h, { steps: 50 })).toMatchObject({ ok: null, ops: [] });
    // With room enough the same history is decided.
    expect(checkHistory(h, { steps: 1_000_000 }).ok).toBe(false);
  });

  it('the smallest set is smallest: here two operations, and no single one would do', () => {
    // Two stale reads of one write: either both reads go, or the write does.
    const h = history(
      op('set x 1', 0, 10),
      op('set x 2', 20, 30),
      op('get x', 40, 50, '1', 2),
      op('get x', 60, 70, '1', 3),
      op('get x', 80, 90, '2', 4),
    );
    const v = checkHistory(h);
    expect(v.ok).toBe(false);
    expect(v.ops.length).toBe(2);
    for (const id of h.map((o) => o.id)) expect(bruteForce(without(h, [id]))).toBe(false);
    expect(bruteForce(without(h, v.ops))).toBe(true);
  });
});

describe('live, as a run goes', () => {
  it('checks a long history in windows that stay small', () => {
    const s = newLinState();
    let t = 0;
    let value = '';
    for (let id = 1; id <= 5000; id++) {
      const write = id % 3 !== 0;
      const command = write ? `append k ${id % 10}` : 'get k';
      if (write) value += String(id % 10);
      const o: HistoryOp = {
        id,
        client: (id % 4) + 1,
        command,
        submittedAt: t,
        completedAt: null,
        result: null,
      };
      linSubmit(s, o);
      t += 3;
      linComplete(s, id, write ? 'OK' : value, t, id);
      t += 1;
      expect(s.keys.get('k')!.window.length).toBeLessThanOrEqual(2);
    }
    expect(verdictOf(s)).toEqual({ ok: true, ops: [] });
    // Each check looks at the window only: a few steps each, not the history.
    expect(s.steps / s.checks).toBeLessThan(10);
  });

  it('keeps the moment and the set, and checks on without them: a later failure adds its own', () => {
    const s = newLinState();
    const run = (id: number, command: string, call: number, ret: number, result: string | null) => {
      const o: HistoryOp = {
        id,
        client: id,
        command,
        submittedAt: call,
        completedAt: null,
        result: null,
      };
      linSubmit(s, o);
      linComplete(s, id, result, ret, id * 10);
    };
    run(1, 'set x 1', 0, 10, 'OK');
    run(2, 'get x', 20, 30, null);
    expect(verdictOf(s)).toEqual({ ok: false, ops: [2] });
    expect(s.failure).toMatchObject({ key: 'x', at: 30, events: 20, removed: [2] });
    // Consistent with the history without op 2: nothing new.
    run(3, 'get x', 40, 50, '1');
    expect(verdictOf(s)).toEqual({ ok: false, ops: [2] });
    // Another stale read: it joins the set, and the moment stays the first one's.
    run(4, 'get x', 60, 70, null);
    expect(verdictOf(s)).toEqual({ ok: false, ops: [2, 4] });
    expect(s.failure).toMatchObject({ at: 30, events: 20 });
    expect(s.failure!.context.map((o) => o.id)).toEqual([1, 2, 3, 4]);
  });
});

describe('a window held open', () => {
  it('by a request never answered grows to WINDOW_OPS_MAX, then the key is undecided', () => {
    const s = newLinState();
    const send = (id: number, command: string, at: number) =>
      linSubmit(s, { id, client: id, command, submittedAt: at, completedAt: null, result: null });
    send(1, 'set x 0', 0); // never answered
    for (let id = 2; id <= WINDOW_OPS_MAX; id++) {
      send(id, `set x ${id}`, id);
      linComplete(s, id, 'OK', id + 1, id);
    }
    expect(verdictOf(s).ok).toBe(true);
    send(WINDOW_OPS_MAX + 1, 'get x', 1000);
    expect(verdictOf(s)).toEqual({ ok: null, ops: [] });
  });
});

describe('a key that keeps failing', () => {
  it('is checked no more after FAILURES_MAX failures, and stays not linearizable', () => {
    const s = newLinState();
    let id = 0;
    const run = (command: string, call: number, result: string | null) => {
      const o: HistoryOp = {
        id: ++id,
        client: 1,
        command,
        submittedAt: call,
        completedAt: null,
        result: null,
      };
      linSubmit(s, o);
      linComplete(s, id, result, call + 5, id);
    };
    run('set x 1', 0, 'OK');
    for (let i = 1; i <= FAILURES_MAX + 2; i++) run('get x', i * 10, 'stale');
    const v = verdictOf(s);
    expect(v.ok).toBe(false);
    expect(v.ops).toEqual([2, 3, 4, 5]);
    expect(s.keys.get('x')!.decided).toBe(false);
    const checks = s.checks;
    run('get x', 1000, 'stale');
    expect(s.checks).toBe(checks);
    // Other keys are still checked.
    run('get y', 2000, null);
    expect(s.checks).toBe(checks + 1);
  });
});

// ---------------------------------------------------------------------------
// Properties

const KEYS = ['x', 'y'];
/** A history made from a sequential execution: each op's interval holds its linearization point. */
const sequentialHistory = fc
  .array(
    fc.record({
      kind: fc.constantFrom('set', 'append', 'get', 'del'),
      key: fc.constantFrom(...KEYS),
      value: fc.integer({ min: 0, max: 9 }),
      before: fc.integer({ min: 0, max: 20 }),
      after: fc.integer({ min: 0, max: 20 }),
      pending: fc.integer({ min: 0, max: 9 }),
      client: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((steps) => {
    const kv = new Map<string, string>();
    const ops = steps.map((s, i) => {
      const text =
        s.kind === 'get' || s.kind === 'del'
          ? `${s.kind} ${s.key}`
          : `${s.kind} ${s.key} ${s.value}`;
      const point = 10 * (i + 1); // linearization points 10 ms apart
      const result = executeCommand(
        kv,
        (parseCommand(text) as { ok: true; command: Command }).command,
      );
      const pending = s.pending === 0;
      return {
        id: i + 1,
        client: s.client,
        command: text,
        submittedAt: point - s.before,
        completedAt: pending ? null : point + s.after,
        result: pending ? null : result,
      };
    });
    return history(...ops);
  });

const smallHistory = fc
  .array(
    fc.record({
      kind: fc.constantFrom('set', 'append', 'get', 'get', 'del'),
      key: fc.constantFrom('x', 'y'),
      value: fc.integer({ min: 1, max: 2 }),
      call: fc.integer({ min: 0, max: 12 }),
      length: fc.integer({ min: 0, max: 6 }),
      pending: fc.integer({ min: 0, max: 7 }),
      read: fc.constantFrom(null, '1', '2', '12', '21', '11'),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((rs) =>
    history(
      ...rs.map((r) => {
        const text =
          r.kind === 'get' || r.kind === 'del'
            ? `${r.kind} ${r.key}`
            : `${r.kind} ${r.key} ${r.value}`;
        const ret = r.pending === 0 ? null : r.call + r.length;
        return op(text, r.call, ret, r.kind === 'get' ? r.read : 'OK');
      }),
    ),
  );

describe('properties', () => {
  it('a history from a sequential execution is always linearizable', () => {
    fc.assert(
      fc.property(sequentialHistory, (h) => {
        expect(checkHistory(h, { steps: 1_000_000 }).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a planted stale read is always caught, and the set found explains it', () => {
    fc.assert(
      fc.property(sequentialHistory, fc.constantFrom(...KEYS), (h, key) => {
        const end = Math.max(...h.map((o) => o.completedAt ?? o.submittedAt)) + 100;
        // Pending writes end before the plant: none may take effect after the fresh write.
        const settled = h.map((o) =>
          o.completedAt === null
            ? { ...o, completedAt: end - 50, result: o.command.startsWith('get') ? null : 'OK' }
            : o,
        );
        const base = checkHistory(settled, { steps: 1_000_000 });
        fc.pre(base.ok === true);
        const planted = history(
          ...settled,
          op(`set ${key} fresh`, end, end + 5),
          op(`get ${key}`, end + 10, end + 15, 'stale', 9),
        );
        const v = checkHistory(planted, { steps: 1_000_000 });
        expect(v.ok).toBe(false);
        expect(v.ops).toHaveLength(1);
        expect(checkHistory(without(planted, v.ops), { steps: 1_000_000 }).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with brute force on small random histories, and its set is a smallest one', () => {
    fc.assert(
      fc.property(smallHistory, (h) => {
        const v = checkHistory(h, { steps: 1_000_000 });
        const truth = bruteForce(h);
        expect(v.ok).toBe(truth);
        if (truth) return;
        // Removing the set found fixes its key; no smaller set of that key's ops would.
        const key = v.failure!.key;
        const ofKey = (ops: HistoryOp[]) => ops.filter((o) => o.command.split(' ')[1] === key);
        expect(bruteForce(ofKey(without(h, v.ops)))).toBe(true);
        const mine = h.filter((o) => o.completedAt !== null && o.command.split(' ')[1] === key);
        for (const subset of subsetsOfSize(
          mine.map((o) => o.id),
          v.ops.length - 1,
        ))
          expect(
            bruteForce(without(h, subset).filter((o) => o.command.split(' ')[1] === key)),
          ).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the live checker against brute force', () => {
  it('gives the same verdict, and its set always makes the history linearizable', () => {
    fc.assert(
      fc.property(smallHistory, (h) => {
        const v = checkHistoryLive(h, { steps: 1_000_000 });
        expect(v.ok).toBe(bruteForce(h));
        if (v.ok !== false) return;
        const key = v.state.failure!.key;
        // A key that failed FAILURES_MAX times is checked no more (tested above): its set
        // covers the failures seen until then only.
        if (v.state.keys.get(key)!.failures >= FAILURES_MAX) return;
        const ofKey = (ops: HistoryOp[]) => ops.filter((o) => o.command.split(' ')[1] === key);
        expect(bruteForce(ofKey(without(h, v.ops)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

function subsetsOfSize(xs: number[], k: number): number[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [first, ...rest] = xs;
  return subsetsOfSize(rest, k - 1)
    .map((s) => [first!, ...s])
    .concat(subsetsOfSize(rest, k));
}
