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
 *
 * A long run's old records can be coarsened (`coarsenBefore`): they go, their
 * counts stay, so memory follows the stretch kept in detail, not the run.
 * The counts of a level can be let go for the far past too (`letGoCountsBefore`,
 * the finer levels sooner): a window there is counted at the finest level
 * still held (`levelHeld`), never read as zeros where counts were let go.
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

/** Counts per bucket from bucket `base` on (those before it were let go). */
class Counts {
  data = new Int32Array(64);
  base = 0;
  /** Buckets in use (the highest touched + 1). */
  size = 0;
  add(b: number, d: number): void {
    const i = b - this.base;
    if (i < 0) return; // let go: nothing is asked of it any more
    if (i >= this.data.length) {
      let n = this.data.length;
      while (n <= i) n *= 2;
      const next = new Int32Array(n);
      next.set(this.data);
      this.data = next;
    }
    this.data[i]! += d;
    if (b >= this.size) this.size = b + 1;
  }
  get(b: number): number {
    return b < this.base ? 0 : (this.data[b - this.base] ?? 0);
  }
  /** Lets the buckets before `b` go (once they are half of the table: amortized O(1)). */
  letGoBefore(b: number): void {
    const k = Math.min(b, this.size) - this.base;
    if (k <= 0 || k * 2 < this.data.length) return;
    const next = new Int32Array(Math.max(64, this.data.length - k));
    next.set(this.data.subarray(k, Math.min(this.data.length, this.size - this.base)));
    this.data = next;
    this.base += k;
  }
  /** Takes the counts from bucket `b` on out (zeroed here) and returns them, from bucket `start` on. */
  cutFrom(b: number): CutCounts {
    const start = Math.min(Math.max(this.base, b), this.size);
    const end = this.size - this.base;
    const counts = this.data.slice(start - this.base, end);
    this.data.fill(0, start - this.base, end);
    return { start, counts };
  }
  /** Adds counts taken by cutFrom back (those of buckets let go since stay out). */
  addFrom({ start, counts }: CutCounts): void {
    for (let i = counts.length - 1; i >= 0; i--)
      if (counts[i]! !== 0) this.add(start + i, counts[i]!);
  }
}

/** Counts of one lane and level taken out by a cut: `counts[i]` is bucket `start + i`'s. */
export interface CutCounts {
  start: number;
  counts: Int32Array;
}

/** Coarsened records are no longer counted at the finest level (buckets of BUCKET_MS_MIN). */
export const COARSE_LEVEL_MIN = 1;

export interface Bucket {
  lane: number;
  from: number;
  to: number;
  count: number;
}

/**
 * What `truncateAfter` removed, to put back with `restore`: the records held,
 * and, if the cut fell in the coarsened stretch, the counts after it there.
 */
export interface Removed {
  records: Int32Array;
  coarse: { detailFrom: number; counts: CutCounts[][] } | null;
}

/** Reads a record's lane or bucket time from its fields (`base`: where they start in `data`). */
export type FieldReader = (data: Int32Array, base: number) => number;

const FIRST_FIELD: FieldReader = (d, b) => d[b]!;

export class Series {
  private data: Int32Array;
  /** Where the first record held starts in `data` (records before it were coarsened). */
  private first = 0;
  /** counts[level][lane] */
  private counts: Counts[][] = [];
  /** Per level, the first bucket whose counts are whole (those before it were let go). */
  private heldFromBucket: number[] = new Array<number>(BUCKET_LEVELS).fill(0);
  /** Records held. */
  length = 0;
  /** Records before this time are no longer held, only counted (0: all are held). */
  detailFrom = 0;
  /** The longest (time − bucket time) seen: how far before its time a record may reach. */
  span = 0;

  /**
   * `counted`: false for a series only ever read record by record (no counts
   * per bucket: a table from time 0 to a record's bucket would grow with the run).
   */
  constructor(
    readonly width: number,
    private readonly laneOf: FieldReader = () => 0,
    private readonly bucketOf: FieldReader = FIRST_FIELD,
    private readonly counted = true,
  ) {
    this.data = new Int32Array(width * 256);
    for (let l = 0; l < BUCKET_LEVELS; l++) this.counts.push([]);
  }

  /** Appends a record (its fields, `width` of them). */
  push(fields: ArrayLike<number>): void {
    const w = this.width;
    if (this.first + (this.length + 1) * w > this.data.length) {
      const need = (this.length + 1) * w;
      if (need * 4 <= this.data.length) {
        // Most of it coarsened away: the records held move to a smaller table.
        const next = new Int32Array(need * 2);
        next.set(this.data.subarray(this.first, this.first + this.length * w));
        this.first = 0;
        this.data = next;
      } else if (need * 2 <= this.data.length) {
        // Half of it coarsened away: the records held move to the front.
        this.data.copyWithin(0, this.first, this.first + this.length * w);
        this.first = 0;
      } else {
        // Grown by half: less room left unused than doubling, still amortized O(1).
        const next = new Int32Array(Math.ceil((this.data.length * 1.5) / w) * w);
        next.set(this.data.subarray(this.first, this.first + this.length * w));
        this.first = 0;
        this.data = next;
      }
    }
    const base = this.first + this.length * w;
    for (let k = 0; k < w; k++) this.data[base + k] = fields[k]!;
    this.length++;
    const bucketTime = this.bucketOf(this.data, base);
    this.span = Math.max(this.span, fields[0]! - bucketTime);
    this.count(this.laneOf(this.data, base), bucketTime, 1);
  }

  private count(lane: number, time: number, d: number): void {
    if (!this.counted) return;
    for (let l = 0; l < BUCKET_LEVELS; l++) {
      const row = this.counts[l]!;
      while (row.length <= lane) row.push(new Counts());
      row[lane]!.add(Math.floor(time / BUCKET_SIZES[l]!), d);
    }
  }

  /** Bytes held by its tables (records, lanes, buckets and counts). */
  get bytes(): number {
    return this.recordBytes + this.countBytes;
  }
  get recordBytes(): number {
    return this.data.byteLength;
  }
  /** Bytes held by the counts per bucket (all levels and lanes). */
  get countBytes(): number {
    let n = 0;
    for (const row of this.counts) for (const c of row) n += c.data.byteLength;
    return n;
  }

  /** Field `k` of record `i` (of those held). */
  get(i: number, k: number): number {
    return this.data[this.first + i * this.width + k]!;
  }

  lane(i: number): number {
    return this.laneOf(this.data, this.first + i * this.width);
  }

  /** Forgets every record and count. */
  clear(): void {
    this.first = 0;
    this.length = 0;
    this.detailFrom = 0;
    this.span = 0;
    for (let l = 0; l < BUCKET_LEVELS; l++) this.counts[l] = [];
    this.heldFromBucket.fill(0);
  }

  /** Stops holding the records before `time` (field 0 < time); their counts stay. */
  coarsenBefore(time: number): void {
    if (time <= this.detailFrom) return;
    const k = this.lowerBound(time);
    this.first += k * this.width;
    this.length -= k;
    this.detailFrom = time;
    // The finest counts are asked of detail only.
    for (let l = 0; l < COARSE_LEVEL_MIN; l++) this.letGoCountsBefore(l, time);
  }

  /**
   * Lets the counts of `level` before `time` go (a bucket at most `span` and
   * one bucket earlier stays: a record still to come is counted up to `span`
   * before its time). The coarsest level is kept for the whole run. A window
   * reaching before them is then counted at a coarser level (`levelHeld`).
   */
  letGoCountsBefore(level: number, time: number): void {
    if (level >= BUCKET_LEVELS - 1) return;
    const b = Math.floor((time - this.span) / BUCKET_SIZES[level]!) - 1;
    if (b <= this.heldFromBucket[level]!) return;
    this.heldFromBucket[level] = b;
    for (const c of this.counts[level]!) c.letGoBefore(b);
  }

  /** The first time from which the counts of `level` are whole (0: the whole run). */
  heldFrom(level: number): number {
    return this.heldFromBucket[level]! * BUCKET_SIZES[level]!;
  }

  /** The finest level, `level` or coarser, whose counts are whole from `from` on. */
  levelHeld(from: number, level: number): number {
    for (let l = level; l < BUCKET_LEVELS - 1; l++) if (this.heldFrom(l) <= from) return l;
    return BUCKET_LEVELS - 1;
  }

  /**
   * About how many records are counted over [from, to]: the buckets of
   * `level` that meet it, whole; where `level` was let go, those of the finest
   * level held, each in proportion to the part of it in the window (a coarse
   * bucket whole would overstate a narrow window).
   */
  estimate(from: number, to: number, level: number): number {
    const l = this.levelHeld(from, level);
    let n = 0;
    for (const b of this.buckets(from, to, l))
      n +=
        l === level
          ? b.count
          : (b.count * (Math.min(b.to, to) - Math.max(b.from, from))) / (b.to - b.from);
    return n;
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
    const at = (i: number) => this.first + i * w;
    const records = this.data.slice(at(cut), at(this.length));
    for (let i = cut; i < this.length; i++)
      this.count(this.laneOf(this.data, at(i)), this.bucketOf(this.data, at(i)), -1);
    this.length = cut;
    let coarse: Removed['coarse'] = null;
    if (cut === 0 && Number.isFinite(time) && time < this.detailFrom) {
      // Cut in the coarsened stretch: its counts after the cut's bucket go too (the
      // bucket of the cut keeps what it had, the only approximation), and detail
      // starts again at the cut.
      coarse = {
        detailFrom: this.detailFrom,
        counts: this.counts.map((row, l) =>
          row.map((c) => c.cutFrom(Math.floor(time / BUCKET_SIZES[l]!) + 1)),
        ),
      };
      this.detailFrom = time;
    }
    return { records, coarse };
  }

  /** Puts back what `truncateAfter` removed (it follows the records now kept). */
  restore(r: Removed): void {
    const w = this.width;
    if (r.coarse) {
      const { detailFrom, counts } = r.coarse;
      counts.forEach((row, l) => row.forEach((c, lane) => this.counts[l]![lane]!.addFrom(c)));
      this.detailFrom = detailFrom;
    }
    const rec = r.records;
    for (let i = 0; i * w < rec.length; i++) this.push(rec.subarray(i * w, (i + 1) * w));
  }

  /**
   * Non-empty buckets of `level` over [from, to], per lane: O(lanes × buckets).
   * None before the level's counts were let go (`heldFrom`).
   */
  buckets(from: number, to: number, level: number): Bucket[] {
    const size = bucketMs(level);
    const b0 = Math.max(0, Math.floor(from / size), this.heldFromBucket[level]!);
    const b1 = Math.floor(to / size);
    const out: Bucket[] = [];
    this.counts[level]!.forEach((c, lane) => {
      const end = Math.min(b1, c.size - 1);
      for (let b = Math.max(b0, c.base); b <= end; b++) {
        const count = c.get(b);
        if (count > 0) out.push({ lane, from: b * size, to: (b + 1) * size, count });
      }
    });
    return out;
  }
}
