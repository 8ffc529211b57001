/**
 * An append-only table of fixed-width integer records ordered by time, with
 * counts per lane and bucket of time at a few resolutions (a pyramid). Made
 * for the space-time diagram of a long run: appending costs O(levels);
 * finding the records of a window costs O(log n) plus what is in it; counting
 * a window at a coarse resolution costs O(buckets), whatever the run's length.
 *
 * Field 0 of every record is its time (ascending), field 1 its event number
 * (ascending); `bucketTime` (where a record is counted) may be another field,
 * as long as it is never after field 0 by more than the series' span.
 */

/** Bucket widths: BUCKET_MS_MIN, then ×BUCKET_FACTOR per level. */
export const BUCKET_MS_MIN = 64;
export const BUCKET_FACTOR = 8;
export const BUCKET_LEVELS = 5;

const BUCKET_SIZES = Array.from(
  { length: BUCKET_LEVELS },
  (_, l) => BUCKET_MS_MIN * BUCKET_FACTOR ** l,
);

export function bucketMs(level: number): number {
  return BUCKET_SIZES[level]!;
}

/** The finest level whose buckets over [from, to) are at most `max` (the coarsest if none). */
export function levelFor(from: number, to: number, max: number): number {
  const span = Math.max(1, to - from);
  for (let l = 0; l < BUCKET_LEVELS; l++) if (span / bucketMs(l) <= max) return l;
  return BUCKET_LEVELS - 1;
}

class Counts {
  data = new Int32Array(64);
  /** Buckets in use (the highest touched + 1). */
  size = 0;
  add(b: number, d: number): void {
    if (b >= this.data.length) {
      let n = this.data.length;
      while (n <= b) n *= 2;
      const next = new Int32Array(n);
      next.set(this.data);
      this.data = next;
    }
    this.data[b]! += d;
    if (b >= this.size) this.size = b + 1;
  }
}

export interface Bucket {
  lane: number;
  from: number;
  to: number;
  count: number;
}

/** Records removed by `truncateAfter`, to put back with `restore`. */
export interface Removed {
  data: Int32Array;
  lanes: Int32Array;
  buckets: Int32Array;
}

export class Series {
  private data: Int32Array;
  private laneOf: Int32Array;
  private bucketOf: Int32Array;
  /** counts[level][lane] */
  private counts: Counts[][] = [];
  length = 0;
  /** The longest (time − bucket time) seen: how far before its time a record may reach. */
  span = 0;

  constructor(readonly width: number) {
    this.data = new Int32Array(width * 256);
    this.laneOf = new Int32Array(256);
    this.bucketOf = new Int32Array(256);
    for (let l = 0; l < BUCKET_LEVELS; l++) this.counts.push([]);
  }

  /** Appends a record (its fields, `width` of them), counted in `lane` at `bucketTime`. */
  push(fields: ArrayLike<number>, lane: number, bucketTime: number): void {
    const w = this.width;
    if ((this.length + 1) * w > this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
      const lanes = new Int32Array(this.laneOf.length * 2);
      lanes.set(this.laneOf);
      this.laneOf = lanes;
      const buckets = new Int32Array(this.bucketOf.length * 2);
      buckets.set(this.bucketOf);
      this.bucketOf = buckets;
    }
    const at = this.length * w;
    for (let k = 0; k < w; k++) this.data[at + k] = fields[k]!;
    this.laneOf[this.length] = lane;
    this.bucketOf[this.length] = bucketTime;
    this.length++;
    this.span = Math.max(this.span, fields[0]! - bucketTime);
    this.count(lane, bucketTime, 1);
  }

  private count(lane: number, time: number, d: number): void {
    for (let l = 0; l < BUCKET_LEVELS; l++) {
      const row = this.counts[l]!;
      while (row.length <= lane) row.push(new Counts());
      row[lane]!.add(Math.floor(time / BUCKET_SIZES[l]!), d);
    }
  }

  /** Field `k` of record `i`. */
  get(i: number, k: number): number {
    return this.data[i * this.width + k]!;
  }

  lane(i: number): number {
    return this.laneOf[i]!;
  }

  /** The first record whose field `k` (0 or 1: ascending) is at least `v`. */
  lowerBound(v: number, k = 0): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.get(mid, k) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records i in [lo, hi) whose time may lie in [from, to] or reach into it from before. */
  range(from: number, to: number): [number, number] {
    return [this.lowerBound(from), this.lowerBound(Math.floor(to + this.span) + 1)];
  }

  /** Removes the records after event `n` (field 1 > n) and returns them. */
  truncateAfter(n: number): Removed {
    const cut = this.lowerBound(n + 1, 1);
    const w = this.width;
    const removed: Removed = {
      data: this.data.slice(cut * w, this.length * w),
      lanes: this.laneOf.slice(cut, this.length),
      buckets: this.bucketOf.slice(cut, this.length),
    };
    for (let i = cut; i < this.length; i++) this.count(this.laneOf[i]!, this.bucketOf[i]!, -1);
    this.length = cut;
    return removed;
  }

  /** Appends records removed earlier (they follow the records now kept). */
  restore(r: Removed): void {
    const w = this.width;
    for (let i = 0; i < r.lanes.length; i++)
      this.push(r.data.subarray(i * w, (i + 1) * w), r.lanes[i]!, r.buckets[i]!);
  }

  /** Non-empty buckets of `level` over [from, to], per lane: O(lanes × buckets). */
  buckets(from: number, to: number, level: number): Bucket[] {
    const size = bucketMs(level);
    const b0 = Math.max(0, Math.floor(from / size));
    const b1 = Math.floor(to / size);
    const out: Bucket[] = [];
    this.counts[level]!.forEach((c, lane) => {
      const end = Math.min(b1, c.size - 1);
      for (let b = b0; b <= end; b++) {
        const count = c.data[b]!;
        if (count > 0) out.push({ lane, from: b * size, to: (b + 1) * size, count });
      }
    });
    return out;
  }
}
