/**
 * The space-time diagram's index of a run: every delivered or lost message,
 * what servers did (elections begun, votes, leaders, commits) and each
 * server's terms, appended as the run moves forward. A step costs what it
 * added; a window of time is answered from binary searches and what lies in
 * it, or, when that is more than can be drawn, from counts per bucket of time
 * (series.ts), so a long run's diagram costs what is on screen. Only the
 * last DETAIL_MS of the run are kept record by record; before, counts per
 * bucket, the finer ones only for the nearer past (COUNTS_KEPT_MS), so
 * memory follows those stretches, not the run's length (but for the
 * coarsest counts: a few KB per virtual hour).
 *
 * Like the timeline's markers, each moment is indexed once: going back and
 * playing again adds nothing; acting in the past drops what came after (kept
 * for undo). Pure: events and the servers' state in, records out.
 */
import type {
  DiagramAnswer,
  DiagramArrow,
  DiagramBand,
  DiagramDot,
  DiagramDotKind,
  DiagramQuery,
  DiagramSpan,
  Marker,
  MessageType,
} from '../protocol/index.ts';
import { BUCKET_LEVELS, COARSE_LEVEL_MIN, levelFor, Series, type Removed } from './series.ts';

/**
 * The level of counts for a window of `s`: the finest whose buckets fit,
 * at least COARSE_LEVEL_MIN where it reaches into the coarsened past (the
 * finest are let go there), and coarser where that level was let go too.
 */
const countLevel = (s: Series, from: number, to: number, max: number) =>
  s.levelHeld(
    from,
    from < s.detailFrom
      ? Math.max(COARSE_LEVEL_MIN, levelFor(from, to, max))
      : levelFor(from, to, max),
  );

/** What the index needs of one server after an event. */
export interface ServerLook {
  up: boolean;
  role: 'follower' | 'candidate' | 'leader';
  term: number;
  votedFor: number | null;
  commitIndex: number;
}

/** What the index needs of one processed event. */
export interface IndexedEvent {
  n: number;
  at: number;
  kind: string;
  server: number;
  message?: {
    id: number;
    type: string;
    from: number;
    to: number;
    term: number;
    sentAt: number;
    fields: Record<string, unknown>;
  };
}

export const MESSAGE_TYPES: readonly MessageType[] = [
  'RequestVote',
  'RequestVoteReply',
  'AppendEntries',
  'AppendEntriesReply',
  'ClientRequest',
  'ClientReply',
  'PreVote',
  'PreVoteReply',
  'TimeoutNow',
  'InstallSnapshot',
  'InstallSnapshotReply',
];
const DOT_KINDS: readonly DiagramDotKind[] = [
  'election',
  'vote',
  'leader',
  'commit',
  'crash',
  'restart',
];

/** A message lost on its way (the simulator's SimLoss, as far as the index needs it). */
export interface IndexedLoss {
  /** Events processed when it was lost. */
  n: number;
  /** The user's action that lost it (1-based), or 0: lost while event `n` was processed. */
  action: number;
  at: number;
  why: 'drop' | 'cut';
  message: {
    id: number;
    type: string;
    from: number;
    to: number;
    term: number;
    sentAt: number;
    deliverAt: number;
    fields: Record<string, unknown>;
  };
}

/** Items of one kind drawn one by one at most; beyond, counts per bucket. */
export const ARROWS_DETAIL_MAX = 1200;
export const HEARTBEATS_DETAIL_MAX = 600;
export const DOTS_DETAIL_MAX = 800;
/**
 * How much of the run is kept in detail: the last DETAIL_MS of virtual time
 * indexed. Older records are coarsened into the counts per bucket the diagram
 * draws for long windows (a 9-server run under load adds about 2.6 million
 * records an hour), so memory follows this stretch, not the run's length.
 */
export const DETAIL_MS = 5 * 60_000;
/**
 * How long each level of counts is kept, back from the newest moment indexed
 * (by level; those below COARSE_LEVEL_MIN go with the detail): 512 ms buckets
 * for the last virtual hour, 4.1 s for 8 hours, 33 s for 64 hours, 262 s for
 * the whole run. Each finite one spans 7,031 buckets per lane (28 KB, up to
 * twice that as tables grow by doubling), so a 9-server run (40 lanes: 4
 * series of 10) holds 1.1 to 2.2 MB per level, with level 0 (the detail's)
 * at most about 9 MB of counts (`npm run bench`: 7.3 MB at 64 virtual hours,
 * 8.4 MB at 512); the coarsest adds 14 buckets per lane and virtual hour
 * (2.2 KB an hour). Kept whole, they grew by some 1.4 MB an hour.
 */
export const COUNTS_KEPT_MS: readonly number[] = Array.from({ length: BUCKET_LEVELS }, (_, l) =>
  l < COARSE_LEVEL_MIN || l === BUCKET_LEVELS - 1
    ? Infinity
    : 60 * 60_000 * 8 ** (l - COARSE_LEVEL_MIN),
);
/** Coarsening runs once the oldest record held is a fifth of the stretch kept older than needed. */
const COARSEN_SLACK_FRACTION = 0.2;
/** Buckets at least this many pixels wide. */
export const BUCKET_PX_MIN = 6;
/** Term bands drawn per lane at most (narrower ones merge into their neighbours). */
export const BANDS_PER_LANE_MAX = 400;

// Arrow fields: at, n, id, packed, term, more; packed: from (4 bits), to (4),
// type (4), ok, lost, minor (1 each), latency (17 bits, unsigned: up to 131 s);
// more: entries (20 bits), why lost (2: LOSS_WHY), how far it got (8: 0 to 255).
// A message lost before it flew has no id: it gets a negative one of its own.
const ARROW_FIELDS = 6;
const FLAG_OK = 1 << 12;
const FLAG_LOST = 1 << 13;
const FLAG_MINOR = 1 << 14;
const LATENCY_SHIFT = 15;
const LATENCY_MAX = (1 << 17) - 1;
const latencyOf = (packed: number) => packed >>> LATENCY_SHIFT;
/** An arrow's lane is its sender's; it is counted at its send. */
const ENTRIES_MASK = (1 << 20) - 1;
const WHY_SHIFT = 20;
const REACHED_SHIFT = 22;
const REACHED_MAX = 255;
const LOSS_WHY: readonly DiagramArrow['loss'][] = [null, 'down', 'drop', 'cut'];
const arrowLane = (d: Int32Array, b: number) => d[b + 3]! & 15;
const arrowSent = (d: Int32Array, b: number) => d[b]! - latencyOf(d[b + 3]!);
// Dot fields: at, n, server, kind, term, value (its lane: its server).
const DOT_FIELDS = 6;
const dotLane = (d: Int32Array, b: number) => d[b + 2]!;
// Band fields: at, n, term.
const BAND_FIELDS = 3;

interface Saved {
  at: number;
  time: number;
  frontier: number;
  actionsDone: number;
  looks: ServerLook[];
  removed: Removed[];
  bands: Removed[];
}

export class SpacetimeIndex {
  /** Messages other than heartbeats and routine acknowledgements. */
  readonly messages = new Series(ARROW_FIELDS, arrowLane, arrowSent);
  readonly heartbeats = new Series(ARROW_FIELDS, arrowLane, arrowSent);
  /** Elections, votes and leaders (rare), and commits (many). */
  readonly events = new Series(DOT_FIELDS, dotLane);
  readonly commits = new Series(DOT_FIELDS, dotLane);
  /** Per server (index 0 unused), the terms it entered: one series each. */
  private bands: Series[] = [];
  private looks: ServerLook[] = [];
  /** The last event indexed. */
  private frontier = 0;
  private saved: Saved[] = [];
  /** Actions whose losses are all indexed, and the one whose losses are coming in (0: none). */
  private actionsDone = 0;
  private actionOpen = 0;
  /** Messages lost before they flew at the latest (events, action) with such a loss. */
  private unflown = { n: -1, action: -1, k: 0 };
  private servers = 0;
  /** Bumped on every change. */
  version = 0;

  /**
   * `detailMs`: how much of the run, up to its newest moment indexed, is kept
   * in detail; `countsKeptMs[level]`: how much is kept counted at that level
   * (Infinity: the whole run; the coarsest level always is).
   */
  constructor(
    readonly detailMs = DETAIL_MS,
    readonly countsKeptMs: readonly number[] = COUNTS_KEPT_MS,
  ) {}

  private get all(): Series[] {
    return [this.messages, this.heartbeats, this.events, this.commits];
  }

  /** A new run: `looks[i]` is server i + 1 at its start (a preset may start with terms). */
  start(looks: readonly ServerLook[]): void {
    for (const s of this.all) s.clear();
    this.servers = looks.length;
    this.bands = [];
    for (let id = 0; id <= this.servers; id++) {
      // Terms are read record by record only (all kept: few): no counts.
      const b = new Series(BAND_FIELDS, undefined, undefined, false);
      if (id > 0) b.push([0, 0, looks[id - 1]!.term]);
      this.bands.push(b);
    }
    this.looks = looks.map((l) => ({ ...l }));
    this.frontier = 0;
    this.saved = [];
    this.actionsDone = 0;
    this.actionOpen = 0;
    this.version++;
  }

  /** An event processed; `look(id)` is a server's state right after it. */
  observe(e: IndexedEvent, minor: boolean, look: (id: number) => ServerLook): void {
    this.closeAction();
    if (e.n <= this.frontier) return;
    this.frontier = e.n;
    this.version++;
    const m = e.message;
    if (m && (e.kind === 'deliver' || e.kind === 'lost')) {
      const lost = e.kind === 'lost';
      this.pushArrow(e.at, e.n, m.id, m, minor, lost ? 1 : 0, REACHED_MAX);
    }
    this.maybeCoarsen(e.at);
    const id = e.server;
    if (id < 1 || id > this.servers) return;
    const was = this.looks[id - 1]!;
    const now = look(id);
    const dot = (kind: DiagramDotKind, value: number, series = this.events) =>
      series.push([e.at, e.n, id, DOT_KINDS.indexOf(kind), now.term, value]);
    if (now.term !== was.term) this.bands[id]!.push([e.at, e.n, now.term]);
    if (now.role === 'candidate' && (was.role !== 'candidate' || was.term !== now.term))
      dot('election', 0);
    if (
      now.votedFor !== null &&
      now.votedFor !== id &&
      (now.votedFor !== was.votedFor || now.term !== was.term)
    )
      dot('vote', now.votedFor);
    if (now.role === 'leader' && (was.role !== 'leader' || was.term !== now.term)) dot('leader', 0);
    if (now.role === 'leader' && now.commitIndex > was.commitIndex)
      dot('commit', now.commitIndex, this.commits);
    this.looks[id - 1] = now; // look() gives a fresh object
  }

  /**
   * A message the network lost. Lost while event `n` was processed (`action`
   * 0), it is told before that event and indexed once, like it; lost by an
   * action, once per action (numbered in the order they were taken).
   */
  lose(l: IndexedLoss): void {
    if (l.action === 0) {
      if (l.n <= this.frontier) return;
    } else if (l.action !== this.actionOpen) {
      this.closeAction();
      if (l.action <= this.actionsDone || l.n < this.frontier) return;
      this.actionOpen = l.action;
    }
    this.version++;
    const m = l.message;
    const span = m.deliverAt - m.sentAt;
    const reached = span > 0 ? Math.round(((l.at - m.sentAt) / span) * REACHED_MAX) : 0;
    const id = m.id > 0 ? m.id : this.unflownId(l.n, l.action);
    // A lost heartbeat or routine acknowledgement is one still: shown with them.
    const f = m.fields;
    const minor =
      (m.type === 'AppendEntries' && !(Array.isArray(f.entries) && f.entries.length > 0)) ||
      (m.type === 'AppendEntriesReply' && f.success === true);
    this.pushArrow(l.at, l.n, id, m, minor, l.why === 'drop' ? 2 : 3, reached);
  }

  /**
   * A message lost before it flew has no id: it gets a negative one from the
   * moment it was lost, the same however the index was fed (a replay from a
   * checkpoint gives the same ids: spacetimeDetail.ts). Unique within a window
   * (they repeat only every 2^24 events).
   */
  private unflownId(n: number, action: number): number {
    const u = this.unflown;
    if (u.n !== n || u.action !== action) this.unflown = { n, action, k: 0 };
    const k = this.unflown.k++;
    return -((n % (1 << 24)) * 64 + (action > 0 ? 32 : 0) + (k & 31) + 1);
  }

  /**
   * Coarsens what lies more than detailMs before `now` (in steps of a fifth of
   * it), and lets each level's counts older than it keeps them go.
   */
  private maybeCoarsen(now: number): void {
    const before = now - this.detailMs;
    if (before - this.messages.detailFrom < this.detailMs * COARSEN_SLACK_FRACTION) return;
    for (const s of this.all) {
      s.coarsenBefore(before);
      for (let l = COARSE_LEVEL_MIN; l < BUCKET_LEVELS; l++)
        if (this.countsKeptMs[l]! < Infinity) s.letGoCountsBefore(l, now - this.countsKeptMs[l]!);
    }
  }

  /** How long before its delivery (or loss) a message may have been sent: the longest latency seen. */
  get reach(): number {
    return Math.max(this.messages.span, this.heartbeats.span);
  }

  /** Before this time only counts are held (0: the whole run is in detail). */
  get detailFrom(): number {
    return this.messages.detailFrom;
  }

  /** The losses of the action coming in are all told (an event or another action follows). */
  private closeAction(): void {
    if (this.actionOpen === 0) return;
    this.actionsDone = Math.max(this.actionsDone, this.actionOpen);
    this.actionOpen = 0;
  }

  private pushArrow(
    at: number,
    n: number,
    id: number,
    m: {
      type: string;
      from: number;
      to: number;
      term: number;
      sentAt: number;
      fields: Record<string, unknown>;
    },
    minor: boolean,
    why: number,
    reached: number,
  ): void {
    const type = MESSAGE_TYPES.indexOf(m.type as MessageType);
    const f = m.fields;
    const ok =
      m.type === 'RequestVoteReply' || m.type === 'PreVoteReply'
        ? f.voteGranted === true
        : m.type === 'AppendEntriesReply'
          ? f.success === true
          : m.type === 'ClientReply'
            ? f.ok === true
            : true;
    const entries = Math.min(ENTRIES_MASK, Array.isArray(f.entries) ? f.entries.length : 0);
    const latency = Math.min(LATENCY_MAX, at - m.sentAt);
    const packed =
      m.from |
      (m.to << 4) |
      (type << 8) |
      (ok ? FLAG_OK : 0) |
      (why !== 0 ? FLAG_LOST : 0) |
      (minor ? FLAG_MINOR : 0) |
      (latency << LATENCY_SHIFT);
    const more =
      entries | (why << WHY_SHIFT) | (Math.max(0, Math.min(REACHED_MAX, reached)) << REACHED_SHIFT);
    (minor ? this.heartbeats : this.messages).push([at, n, id, packed, m.term, more]);
  }

  /**
   * The servers' state now, without recording anything (after a user action:
   * a crash or a restart changes a server between events). Only at the
   * frontier: before it, what comes next is already indexed.
   */
  resync(events: number, look: (id: number) => ServerLook): void {
    if (events < this.frontier) return;
    for (let id = 1; id <= this.servers; id++) this.looks[id - 1] = { ...look(id) };
  }

  /**
   * Acting at moment (`time`, `events`), after `actions` actions, forked the
   * run: what was indexed after it goes (kept for undo).
   */
  fork(
    events: number,
    look: (id: number) => ServerLook,
    time = Infinity,
    actions = Infinity,
  ): void {
    this.closeAction();
    this.saved.push({
      at: events,
      time,
      frontier: this.frontier,
      actionsDone: this.actionsDone,
      looks: this.looks,
      removed: this.all.map((s) => s.truncateAfter(events, time)),
      bands: this.bands.map((b) => b.truncateAfter(events, time)),
    });
    this.frontier = Math.min(this.frontier, events);
    this.actionsDone = Math.min(this.actionsDone, actions);
    this.looks = [];
    for (let id = 1; id <= this.servers; id++) this.looks.push({ ...look(id) });
    this.version++;
  }

  /** Undo of the last fork: the new future goes, the one set aside comes back. */
  undo(): void {
    const f = this.saved.pop();
    if (!f) return;
    this.closeAction();
    this.all.forEach((s, i) => {
      s.truncateAfter(f.at, f.time);
      s.restore(f.removed[i]!);
    });
    this.bands.forEach((b, i) => {
      b.truncateAfter(f.at, f.time);
      b.restore(f.bands[i]!);
    });
    this.frontier = f.frontier;
    this.actionsDone = f.actionsDone;
    this.looks = f.looks;
    this.version++;
  }

  /**
   * What the diagram draws over [q.from, q.to]. `actions` are the timeline's
   * action markers (crashes and restarts become dots and down spans).
   */
  query(q: DiagramQuery, run: number, actions: readonly Marker[]): DiagramAnswer {
    const from = Math.max(0, q.from);
    const to = Math.max(from, q.to);
    const bucketsMax = Math.max(1, Math.floor(q.width / BUCKET_PX_MIN));
    const out: DiagramAnswer = {
      type: 'diagram',
      run,
      seq: q.seq,
      from,
      to,
      arrows: [],
      dots: [],
      bands: [],
      down: [],
      buckets: [],
    };
    const arrows = (s: Series, max: number, what: 'messages' | 'heartbeats') => {
      const [lo, hi] = s.range(from, to);
      // Too many, or reaching into the coarsened past: counts.
      if (hi - lo > max || from < s.detailFrom) {
        const level = countLevel(s, from, to, bucketsMax);
        for (const b of s.buckets(from, to, level)) out.buckets.push({ what, ...b });
        return;
      }
      for (let i = lo; i < hi; i++)
        if (s.get(i, 0) - latencyOf(s.get(i, 3)) <= to) out.arrows.push(arrowAt(s, i));
    };
    arrows(this.messages, ARROWS_DETAIL_MAX, 'messages');
    if (q.heartbeats) arrows(this.heartbeats, HEARTBEATS_DETAIL_MAX, 'heartbeats');
    const dots = (s: Series, max: number, what: 'events' | 'commits') => {
      const [lo, hi] = s.range(from, to);
      if (hi - lo > max || from < s.detailFrom) {
        const level = countLevel(s, from, to, bucketsMax);
        for (const b of s.buckets(from, to, level)) out.buckets.push({ what, ...b });
        return;
      }
      for (let i = lo; i < hi; i++) out.dots.push(dotAt(s, i));
    };
    dots(this.events, DOTS_DETAIL_MAX, 'events');
    dots(this.commits, DOTS_DETAIL_MAX, 'commits');
    out.arrows.sort((a, b) => a.at - b.at || a.n - b.n);

    // Terms: the band in force at `from`, then those that begin in the window.
    const minMs = (to - from) / Math.max(1, BANDS_PER_LANE_MAX);
    for (let id = 1; id < this.bands.length; id++) {
      const b = this.bands[id]!;
      const first = Math.max(0, b.lowerBound(from + 1) - 1);
      const end = b.lowerBound(Math.floor(to) + 1);
      let last: DiagramBand | null = null;
      for (let i = first; i < end; i++) {
        const start = b.get(i, 0);
        const term = b.get(i, 2);
        // Narrower than the window allows: it joins the band before (the term shown is the later).
        if (last && start - last.from < minMs) {
          last.term = term;
          continue;
        }
        if (last) last.to = start;
        last = { server: id, term, from: start, to: null };
        out.bands.push(last);
      }
      if (last && end < b.length) last.to = b.get(end, 0);
    }

    // Crashes and restarts: the user's actions, few (all are walked).
    const downSince: (number | null)[] = [];
    for (const a of actions) {
      if (a.kind !== 'crash' && a.kind !== 'restart') continue;
      const id = a.server;
      if (a.kind === 'crash') {
        if (downSince[id] == null) downSince[id] = a.time;
      } else if (downSince[id] != null) {
        if (a.time >= from && downSince[id]! <= to)
          out.down.push({ server: id, from: downSince[id]!, to: a.time });
        downSince[id] = null;
      }
      if (a.time >= from && a.time <= to)
        out.dots.push({ kind: a.kind, server: id, at: a.time, n: a.events, term: 0, value: 0 });
    }
    downSince.forEach((since, id) => {
      if (since != null && since <= to) out.down.push({ server: id, from: since, to: null });
    });
    out.dots.sort((a, b) => a.at - b.at || a.n - b.n);
    return out;
  }

  /** Bytes held by the index's tables (for the benchmark). */
  get bytes(): number {
    return [...this.all, ...this.bands].reduce((n, s) => n + s.bytes, 0);
  }

  /** Bytes held by its counts per bucket, all levels (for tests and the benchmark). */
  get countBytes(): number {
    return [...this.all, ...this.bands].reduce((n, s) => n + s.countBytes, 0);
  }

  /** Records held, all kinds (for the benchmark). */
  get size(): number {
    return this.all.reduce((n, s) => n + s.length, 0);
  }
}

function arrowAt(s: Series, i: number): DiagramArrow {
  const p = s.get(i, 3);
  const at = s.get(i, 0);
  const more = s.get(i, 5);
  const loss = LOSS_WHY[(more >>> WHY_SHIFT) & 3]!;
  return {
    id: s.get(i, 2),
    type: MESSAGE_TYPES[(p >> 8) & 15]!,
    from: p & 15,
    to: (p >> 4) & 15,
    term: s.get(i, 4),
    sentAt: at - latencyOf(p),
    at,
    n: s.get(i, 1),
    lost: (p & FLAG_LOST) !== 0,
    loss: (p & FLAG_LOST) !== 0 ? (loss ?? 'down') : null,
    reached:
      loss === null || loss === 'down' ? 1 : ((more >>> REACHED_SHIFT) & REACHED_MAX) / REACHED_MAX,
    ok: (p & FLAG_OK) !== 0,
    minor: (p & FLAG_MINOR) !== 0,
    entries: more & ENTRIES_MASK,
  };
}

function dotAt(s: Series, i: number): DiagramDot {
  return {
    kind: DOT_KINDS[s.get(i, 3)]!,
    server: s.get(i, 2),
    at: s.get(i, 0),
    n: s.get(i, 1),
    term: s.get(i, 4),
    value: s.get(i, 5),
  };
}

/** Down spans and crash/restart dots need only these of the timeline's markers. */
export type ActionMark = Pick<Marker, 'kind' | 'server' | 'time' | 'events'>;
export type { DiagramSpan };
