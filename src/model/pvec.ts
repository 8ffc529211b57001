/**
 * A persistent vector: a map from whole numbers (0 up to 2^53) to values, kept
 * as a 32-way trie whose nodes are shared between copies. `forkVec` copies a
 * vector in O(1). The copy treats every node it shares as read-only and copies
 * a node (32 slots) the first time it writes under it. The source keeps writing
 * its own nodes in place at keys at or above its size at the fork, which no copy
 * ever reads (a copy reads only keys below its size, and its own writes go to
 * its own nodes); its first write below that size gives up every node it owns
 * (copy on write from then on).
 *
 * So a store that only grows (a log, a list of requests, a registry by index)
 * pays nothing for a checkpoint, neither at the fork nor afterwards; a store
 * that also rewrites old keys pays the path of each rewritten slot once per
 * fork (a handful of small arrays), never the whole store.
 *
 * Keys may be sparse (terms of leaders, say): missing subtrees stay undefined.
 */

const BITS = 5;
const WIDTH = 1 << BITS;

interface VecNode {
  /** The edit mark of the vector that may write this node in place. */
  edit: number;
  slots: unknown[];
}

export interface Vec<T> {
  /** @internal */ root: VecNode | undefined;
  /** Levels below the root (0: the root holds values). */
  /** @internal */ depth: number;
  /** 32^(depth+1): keys below this fit under the root. */
  /** @internal */ capacity: number;
  /** One more than the highest key set (like an array's length). */
  size: number;
  /** @internal */ edit: number;
  /** Keys below this are shared with a copy: writing one first gives up every node. */
  /** @internal */ frozen: number;
  /** Phantom field so that Vec<A> and Vec<B> stay distinct types. */
  readonly __t?: T;
}

let edits = 0;

/** Keys below this use 32-bit shifts; larger ones exact division. */
const SMALL = 2 ** 30;

export function emptyVec<T>(): Vec<T> {
  return { root: undefined, depth: 0, capacity: WIDTH, size: 0, edit: ++edits, frozen: 0 };
}

/** A vector holding `items` at keys 0, 1, … */
export function vecOf<T>(items: readonly T[]): Vec<T> {
  const v = emptyVec<T>();
  for (const x of items) vecPush(v, x);
  return v;
}

/**
 * An O(1) copy. Both `v` and the copy stay writable: the copy copies what it
 * shares on first write; `v` goes on writing in place above its current size.
 */
export function forkVec<T>(v: Vec<T>): Vec<T> {
  if (v.size > v.frozen) v.frozen = v.size;
  return {
    root: v.root,
    depth: v.depth,
    capacity: v.capacity,
    size: v.size,
    edit: ++edits,
    frozen: 0,
  };
}

function digit(key: number, level: number): number {
  // Small keys: shifts (a shift count is taken mod 32, hence the level test). Others:
  // division by a power of two is exact below 2^53, and `& 31` keeps the low bits.
  if (key < SMALL) return BITS * level < 30 ? (key >>> (BITS * level)) & (WIDTH - 1) : 0;
  return (key / 2 ** (BITS * level)) & (WIDTH - 1);
}

export function vecGet<T>(v: Vec<T>, key: number): T | undefined {
  if (key < 0 || key >= v.size) return undefined;
  let node = v.root;
  if (v.capacity <= SMALL) {
    for (let shift = v.depth * BITS; shift > 0 && node !== undefined; shift -= BITS)
      node = node.slots[(key >>> shift) & (WIDTH - 1)] as VecNode | undefined;
    return node?.slots[key & (WIDTH - 1)] as T | undefined;
  }
  for (let level = v.depth; node !== undefined; level--) {
    const slot = node.slots[digit(key, level)];
    if (level === 0) return slot as T | undefined;
    node = slot as VecNode | undefined;
  }
  return undefined;
}

function own(v: Vec<unknown>, node: VecNode | undefined): VecNode {
  // A new node holds its 32 slots from the start (no array growth, no slack).
  if (node === undefined) return { edit: v.edit, slots: new Array<unknown>(WIDTH) };
  if (node.edit === v.edit) return node;
  return { edit: v.edit, slots: node.slots.slice() };
}

export function vecSet<T>(v: Vec<T>, key: number, value: T): void {
  if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`Bad vector key ${key}`);
  // Writing what is already there changes nothing: nothing shared is copied.
  if (key < v.size && value !== undefined && vecGet(v, key) === value) return;
  // Below the size at the last fork, a copy may read this slot: stop writing in place.
  if (key < v.frozen) {
    v.edit = ++edits;
    v.frozen = 0;
  }
  // Keys between the size and `key` become readable: they must read as missing, whatever
  // a node shared with the source of a fork (or copied from one) holds there.
  if (key > v.size) clearRange(v, v.size, key);
  while (key >= v.capacity) {
    // Grow a level on top: the old root becomes the first child.
    if (v.root !== undefined) {
      const slots = new Array<unknown>(WIDTH);
      slots[0] = v.root;
      v.root = { edit: v.edit, slots };
    }
    v.depth++;
    v.capacity *= WIDTH;
  }
  let node = v.root;
  if (node === undefined || node.edit !== v.edit) node = v.root = own(v, node);
  for (let level = v.depth; level > 0; level--) {
    const d = digit(key, level);
    let child = node.slots[d] as VecNode | undefined;
    if (child === undefined || child.edit !== v.edit) node.slots[d] = child = own(v, child);
    node = child;
  }
  node.slots[key & (WIDTH - 1)] = value;
  if (key >= v.size) v.size = key + 1;
}

/** Empties keys from `from` up to (not including) `to`, copying only the nodes it changes. */
function clearRange(v: Vec<unknown>, from: number, to: number): void {
  if (v.root === undefined || from >= v.capacity) return;
  const clear = (node: VecNode, level: number, base: number): VecNode | undefined => {
    const span = WIDTH ** level;
    let owned: VecNode | undefined;
    for (let i = 0; i < WIDTH; i++) {
      const lo = base + i * span;
      const hi = lo + span;
      if (hi <= from || lo >= to) continue;
      const slot = node.slots[i];
      if (slot === undefined) continue;
      const next =
        level === 0 || (lo >= from && hi <= to) ? undefined : clear(slot as VecNode, level - 1, lo);
      if (next === slot) continue;
      owned ??= own(v, node);
      owned.slots[i] = next;
    }
    return owned ?? node;
  };
  v.root = clear(v.root, v.depth, 0);
}

export function vecPush<T>(v: Vec<T>, value: T): void {
  vecSet(v, v.size, value);
}

/** Nodes no vector writes in place (a shared full leaf): written under, they are copied. */
const FROZEN = 0;
/** Full leaves by their first value (an object), for `vecShareLeaf`. */
const leaves = new WeakMap<object, VecNode>();

/**
 * Offers the full leaf holding `key` (keys key & ~31 to key | 31) for sharing with
 * other vectors: if another vector offered a leaf holding the same 32 values, `v`
 * takes that one instead and its own becomes garbage; if not, its leaf becomes the
 * one others take. Either way the leaf is frozen: whoever writes under it copies it
 * first. Nothing `v` reads changes. Several logs holding the same entries (a leader
 * and its followers) keep each leaf once. Values must be objects (identity is the key).
 */
export function vecShareLeaf(v: Vec<unknown>, key: number): void {
  if (key < 0 || key >= v.size || v.capacity > SMALL) return;
  let parent: VecNode | undefined;
  let node = v.root;
  for (let shift = v.depth * BITS; shift > 0 && node !== undefined; shift -= BITS) {
    parent = node;
    node = node.slots[(key >>> shift) & (WIDTH - 1)] as VecNode | undefined;
  }
  if (node === undefined) return;
  const first = node.slots[0];
  if (typeof first !== 'object' || first === null) return;
  for (let i = 1; i < WIDTH; i++) if (node.slots[i] === undefined) return;
  const known = leaves.get(first);
  if (known === node) return;
  if (known !== undefined && known.slots.every((x, i) => x === node.slots[i])) {
    // The parent lies on the path just written (owned by `v`), or a copy shares it:
    // either way the leaf it points to holds the same values.
    if (parent === undefined) v.root = known;
    else parent.slots[(key >>> BITS) & (WIDTH - 1)] = known;
    return;
  }
  node.edit = FROZEN;
  leaves.set(first, node);
}

/** Calls `f` for every key set, in increasing order, from `from` on. */
export function vecEach<T>(v: Vec<T>, f: (value: T, key: number) => void, from = 0): void {
  const walk = (node: VecNode, level: number, base: number): void => {
    const span = WIDTH ** level;
    const first = Math.max(0, Math.floor((from - base) / span));
    for (let i = first; i < node.slots.length; i++) {
      const slot = node.slots[i];
      if (slot === undefined) continue;
      if (base + i * span >= v.size) return; // past the size: not this vector's
      if (level === 0) f(slot as T, base + i);
      else walk(slot as VecNode, level - 1, base + i * span);
    }
  };
  if (v.root !== undefined && from < v.size) walk(v.root, v.depth, 0);
}

/** The values from key `from` on, in key order (missing keys skipped). */
export function vecValues<T>(v: Vec<T>, from = 0): T[] {
  const out: T[] = [];
  vecEach(v, (x) => out.push(x), from);
  return out;
}

/**
 * How many trie nodes `v` holds that `older` does not share: the cost of keeping
 * both. Deterministic (it counts nodes, not bytes), for tests of sharing.
 */
export function vecNodesNotIn(v: Vec<unknown>, older: Vec<unknown>): number {
  const shared = new Set<VecNode>();
  const collect = (node: VecNode | undefined, level: number): void => {
    if (node === undefined || shared.has(node)) return;
    shared.add(node);
    if (level > 0) for (const s of node.slots) collect(s as VecNode | undefined, level - 1);
  };
  collect(older.root, older.depth);
  let n = 0;
  const count = (node: VecNode | undefined, level: number): void => {
    if (node === undefined || shared.has(node)) return;
    n++;
    if (level > 0) for (const s of node.slots) count(s as VecNode | undefined, level - 1);
  };
  count(v.root, v.depth);
  return n;
}
