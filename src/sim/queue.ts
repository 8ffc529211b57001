/**
 * The event queue: an indexed binary min-heap ordered by (virtual time, sequence
 * number). Ties break by the order of scheduling, the same way every run.
 * Nodes know their position, so a timer is moved or cancelled in place: the heap
 * never holds a stale entry, and every node popped is an event.
 */

export interface QueueNode {
  time: number;
  seq: number;
  /** Position in the heap; -1 when not queued. */
  pos: number;
}

export class EventQueue<T extends QueueNode> {
  private heap: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  get seq(): number {
    return this.nextSeq;
  }

  set seq(value: number) {
    this.nextSeq = value;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  /** Queues a node at `time`, or moves it there if it is queued already. */
  schedule(node: T, time: number): void {
    node.time = time;
    node.seq = this.nextSeq++;
    if (node.pos >= 0) {
      this.up(node.pos);
      this.down(node.pos);
    } else {
      node.pos = this.heap.length;
      this.heap.push(node);
      this.up(node.pos);
    }
  }

  /** Puts back a node exactly as it was (time and seq kept): for restoring checkpoints. */
  restore(node: T): void {
    node.pos = this.heap.length;
    this.heap.push(node);
    this.up(node.pos);
  }

  pop(): T | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  cancel(node: T): void {
    if (node.pos >= 0) this.removeAt(node.pos);
  }

  nodes(): readonly T[] {
    return this.heap;
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const node = heap[i]!;
    const last = heap.pop()!;
    node.pos = -1;
    if (i < heap.length) {
      heap[i] = last;
      last.pos = i;
      this.up(i);
      this.down(last.pos);
    }
  }

  private less(a: T, b: T): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private up(i: number): void {
    const heap = this.heap;
    const node = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!this.less(node, parent)) break;
      heap[i] = parent;
      parent.pos = i;
      i = p;
    }
    heap[i] = node;
    node.pos = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const node = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!this.less(child, node)) break;
      heap[i] = child;
      child.pos = i;
      i = c;
    }
    heap[i] = node;
    node.pos = i;
  }
}
