/**
 * An append-only table of fixed-width integer records ordered by time, with
 * counts per lane and bucket of time at a few resolutions (a pyramid). Made
 * for the space-time diagram of a long run: appending costs O(levels);
 * finding the records of a window costs O(log n) plus what is in it; counting
 * a window at a coarse resolution costs O(buckets), whatever the run's length.
 *
 * Field 0 of every record is its time (ascending), field 1 its event number
 * (ascending). Its lane and the time it is counted at (its bucket time, never
 * after its time) are read from its fields: nothing but the fields is stored.
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
export type Removed = Int32Array;

/** Reads a record's lane or bucket time from its fields (`base`: where they start in `data`). */
export type FieldReader = (data: Int32Array, base: number) => number;

const FIRST_FIELD: FieldReader = (d, b) => d[b]!;

export class Series {
  private data: Int32Array;
  /** counts[level][lane] */
  private counts: Counts[][] = [];
  length = 0;
  /** The longest (time − bucket time) seen: how far before its time a record may reach. */
  span = 0;

  constructor(
    readonly width: number,
    private readonly laneOf: FieldReader = () => 0,
    private readonly bucketOf: FieldReader = FIRST_FIELD,
  ) {
    this.data = new Int32Array(width * 256);
    for (let l = 0; l < BUCKET_LEVELS; l++) this.counts.push([]);
  }

  /** Appends a record (its fields, `width` of them). */
  push(fields: ArrayLike<number>): void {
    const w = this.width;
    if ((this.length + 1) * w > this.data.length) {
      // Grown by half: less room left unused than doubling, still amortized O(1).
      const next = new Int32Array(Math.ceil((this.data.length * 1.5) / w) * w);
      next.set(this.data);
      this.data = next;
    }
    const base = this.length * w;
    for (let k = 0; k < w; k++) this.data[base + k] = fields[k]!;
    this.length++;
    const bucketTime = this.bucketOf(this.data, base);
    this.span = Math.max(this.span, fields[0]! - bucketTime);
    this.count(this.laneOf(this.data, base), bucketTime, 1);
  }

  private count(lane: number, time: number, d: number): void {
    for (let l = 0; l < BUCKET_LEVELS; l++) {
      const row = this.counts[l]!;
      while (row.length <= lane) row.push(new Counts());
      row[lane]!.add(Math.floor(time / BUCKET_SIZES[l]!), d);
    }
  }

  /** Bytes held by its tables (records, lanes, buckets and counts). */
  get bytes(): number {
    let n = this.data.byteLength;
    for (const row of this.counts) for (const c of row) n += c.data.byteLength;
    return n;
  }

  /** Field `k` of record `i`. */
  get(i: number, k: number): number {
    return this.data[i * this.width + k]!;
  }

  lane(i: number): number {
    return this.laneOf(this.data, i * this.width);
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

  /**
   * Removes the records after event `n` (field 1 > n), and those of event `n`
   * after `time` (field 0 > time: taken by actions after it), and returns them.
   */
  truncateAfter(n: number, time = Infinity): Removed {
    let cut = this.lowerBound(n + 1, 1);
    while (cut > 0 && this.get(cut - 1, 1) === n && this.get(cut - 1, 0) > time) cut--;
    const w = this.width;
    const removed: Removed = this.data.slice(cut * w, this.length * w);
    for (let i = cut; i < this.length; i++)
      this.count(this.laneOf(this.data, i * w), this.bucketOf(this.data, i * w), -1);
    this.length = cut;
    return removed;
  }

  /** Appends records removed earlier (they follow the records now kept). */
  restore(r: Removed): void {
    const w = this.width;
    for (let i = 0; i * w < r.length; i++) this.push(r.subarray(i * w, (i + 1) * w));
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
