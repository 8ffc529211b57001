/**
 * The space-time diagram's maths, apart from React: which window of time it
 * shows (following the present or where the user zoomed and panned), where
 * each lane is, and what an arrow or a dot says in words.
 */
import type { DiagramAnswer, DiagramArrow, DiagramDot } from '../protocol/index.ts';

/** localStorage key: whether the diagram is shown ("1") or not. */
export const DIAGRAM_KEY = 'raftlab-diagram';

/** The window shown at first: a few heartbeats' worth of the default timing. */
export const SPAN_MS_DEFAULT = 600;
export const SPAN_MS_MIN = 20;
/** Following the present, it stands this far across the window. */
export const FOLLOW_AT = 0.85;

/** The time shown: [from, to]; `follow`: the window moves with the present. */
export interface DiagramView {
  from: number;
  to: number;
  follow: boolean;
}

/** The window that keeps `now` at FOLLOW_AT of a window `span` wide. */
export function following(now: number, span: number): [number, number] {
  return [now - span * FOLLOW_AT, now + span * (1 - FOLLOW_AT)];
}

/** The longest window worth showing: the whole run and a margin (at least the default). */
export function spanMax(end: number): number {
  return Math.max(SPAN_MS_DEFAULT * 2, end * 1.1);
}

/**
 * The window after a zoom gesture moved d3-zoom's transform from `prev` to
 * `next` (only its x and k matter): the pixel under the pointer keeps its time.
 * The span stays within [SPAN_MS_MIN, spanMax(end)].
 */
export function zoomed(
  view: { from: number; to: number },
  prev: { k: number; x: number },
  next: { k: number; x: number },
  width: number,
  end: number,
): [number, number] {
  const w = Math.max(1, width);
  const msPerPx = (view.to - view.from) / w;
  // A pixel p of the new view showed, before, the pixel q.
  const q = (p: number) => ((p - next.x) / next.k) * prev.k + prev.x;
  let from = view.from + q(0) * msPerPx;
  let to = view.from + q(w) * msPerPx;
  const span = Math.min(spanMax(end), Math.max(SPAN_MS_MIN, to - from));
  if (span !== to - from) {
    // Clamped: keep the middle where the gesture put it.
    const mid = (from + to) / 2;
    from = mid - span / 2;
    to = mid + span / 2;
  }
  return clampPan(from, to, end);
}

/** Keeps a window from leaving the run: not before 0 by more than a margin, nor far after its end. */
export function clampPan(from: number, to: number, end: number): [number, number] {
  const span = to - from;
  const lo = -span * 0.05;
  const hi = Math.max(end, 0) + span * (1 - FOLLOW_AT);
  if (from < lo) return [lo, lo + span];
  if (to > hi) return [hi - span, hi];
  return [from, to];
}

/** A window `factor` times as wide, around `at` (kept at its place across the window). */
export function scaled(
  view: { from: number; to: number },
  factor: number,
  at: number,
  end: number,
): [number, number] {
  const span = Math.min(spanMax(end), Math.max(SPAN_MS_MIN, (view.to - view.from) * factor));
  const frac = view.to > view.from ? (at - view.from) / (view.to - view.from) : 0.5;
  const f = Math.min(1, Math.max(0, frac));
  return clampPan(at - span * f, at - span * f + span, end);
}

/** Lanes top to bottom: S1 … Sn, then the clients (lane 0). */
export function laneIndex(id: number, servers: number): number {
  return id === 0 ? servers : id - 1;
}

export function laneY(id: number, servers: number, top: number, laneH: number): number {
  return top + (laneIndex(id, servers) + 0.5) * laneH;
}

export const DIAGRAM_KIND: Record<DiagramArrow['type'], 'vote' | 'append' | 'client'> = {
  RequestVote: 'vote',
  RequestVoteReply: 'vote',
  AppendEntries: 'append',
  AppendEntriesReply: 'append',
  ClientRequest: 'client',
  ClientReply: 'client',
  PreVote: 'vote',
  PreVoteReply: 'vote',
  TimeoutNow: 'vote',
  InstallSnapshot: 'append',
  InstallSnapshotReply: 'append',
};

export function isReplyType(t: DiagramArrow['type']): boolean {
  return t.endsWith('Reply');
}

const who = (id: number) => (id === 0 ? 'the client' : `S${id}`);

/** An arrow in words (its title, and what the tests read). */
export function arrowText(a: DiagramArrow): string {
  let what: string;
  switch (a.type) {
    case 'RequestVote':
      what = `S${a.from} asks S${a.to} for its vote (term ${a.term})`;
      break;
    case 'RequestVoteReply':
      what = `S${a.from} ${a.ok ? 'grants' : 'denies'} its vote to S${a.to} (term ${a.term})`;
      break;
    case 'AppendEntries':
      what =
        a.entries === 0
          ? `Heartbeat from S${a.from} to S${a.to} (term ${a.term})`
          : `S${a.from} sends S${a.to} ${a.entries} ${a.entries === 1 ? 'entry' : 'entries'} (term ${a.term})`;
      break;
    case 'AppendEntriesReply':
      what = `S${a.from} ${a.ok ? 'accepts' : 'rejects'} S${a.to}'s entries (term ${a.term})`;
      break;
    case 'ClientRequest':
      what = `The client sends a request to S${a.to}`;
      break;
    case 'ClientReply':
      what = a.ok ? `S${a.from} answers the client` : `S${a.from} redirects the client`;
      break;
    case 'PreVote':
      what = `S${a.from} asks S${a.to} whether it could win term ${a.term} (pre-vote)`;
      break;
    case 'PreVoteReply':
      what = `S${a.from} ${a.ok ? 'grants' : 'denies'} S${a.to} a pre-vote (term ${a.term})`;
      break;
    case 'TimeoutNow':
      what = `S${a.from} tells S${a.to} to start an election now (leadership transfer, term ${a.term})`;
      break;
    case 'InstallSnapshot':
      what = `S${a.from} sends S${a.to} its snapshot (term ${a.term})`;
      break;
    case 'InstallSnapshotReply':
      what = `S${a.from} has installed S${a.to}'s snapshot (term ${a.term})`;
      break;
  }
  return `${what}: ${arrowFate(a)}`;
}

function arrowFate(a: DiagramArrow): string {
  if (!a.lost) return `sent at ${a.sentAt} ms, delivered at ${a.at} ms`;
  switch (a.loss) {
    case 'drop':
      return a.at === a.sentAt && a.reached === 0
        ? `dropped by the network as it was sent at ${a.at} ms`
        : `sent at ${a.sentAt} ms, dropped by the network at ${a.at} ms`;
    case 'cut':
      return a.at === a.sentAt && a.reached === 0
        ? `sent at ${a.at} ms over a cut link: lost`
        : `sent at ${a.sentAt} ms, lost at ${a.at} ms: the link from ${who(a.from)} to ${who(a.to)} was cut`;
    default:
      return `sent at ${a.sentAt} ms, lost at ${a.at} ms: ${who(a.to)} is down`;
  }
}

/** A message lost on its way is drawn at least this long, and this far towards its receiver. */
export const LOST_STUB_PX = 28;
export const LOST_STUB_FRAC = 0.4;

/**
 * Where an arrow's line ends: at the receiver's lane at `xAt` (its delivery, or
 * its loss at a crashed receiver), or, lost on its way, where it got to on the
 * line it was flying (`reached`), drawn at least a stub long.
 */
export function arrowEnd(
  a: Pick<DiagramArrow, 'loss' | 'reached'>,
  x1: number,
  y1: number,
  xAt: number,
  y2: number,
): [number, number] {
  if (a.loss !== 'drop' && a.loss !== 'cut') return [xAt, y2];
  const frac = Math.max(LOST_STUB_FRAC, Math.min(1, a.reached));
  return [Math.max(xAt, x1 + LOST_STUB_PX), y1 + (y2 - y1) * frac];
}

/** A dot in words. */
export function dotText(d: DiagramDot): string {
  const s = `S${d.server}`;
  switch (d.kind) {
    case 'election':
      return `${d.at} ms: ${s} starts an election for term ${d.term}`;
    case 'vote':
      return `${d.at} ms: ${s} votes for S${d.value} in term ${d.term}`;
    case 'leader':
      return `${d.at} ms: ${s} becomes leader of term ${d.term}`;
    case 'commit':
      return `${d.at} ms: ${s} commits up to entry ${d.value}`;
    case 'crash':
      return `${d.at} ms: ${s} crashes`;
    case 'restart':
      return `${d.at} ms: ${s} restarts`;
  }
}

/** A tick's words: ms for short windows, seconds beyond. */
export function tickLabel(t: number, span: number): string {
  if (span >= 4000) return `${+(t / 1000).toFixed(3)} s`;
  return `${Math.round(t)} ms`;
}

/** A mark's key: what the keyboard moves between (arrows and dots, in time order). */
export const arrowKey = (a: Pick<DiagramArrow, 'id'>) => `a${a.id}`;
export const dotKey = (d: Pick<DiagramDot, 'kind' | 'server' | 'n' | 'at'>) =>
  `d-${d.kind}-${d.server}-${d.n}-${d.at}`;

export interface MarkStop {
  key: string;
  at: number;
  n: number;
}

/** The diagram's marks in time order (at, then event, dots after the arrow delivered with them). */
export function markStops(answer: Pick<DiagramAnswer, 'arrows' | 'dots'>): MarkStop[] {
  const out: MarkStop[] = [];
  for (const a of answer.arrows) out.push({ key: arrowKey(a), at: a.at, n: a.n });
  for (const d of answer.dots) out.push({ key: dotKey(d), at: d.at, n: d.n });
  return out.sort((p, q) => p.at - q.at || p.n - q.n);
}

/**
 * The mark that takes the diagram's tab stop: the one the keyboard was last
 * on if it is still drawn, else the last at or before the present (else the first).
 */
export function tabStop(
  stops: readonly MarkStop[],
  active: string | null,
  now: number,
): string | null {
  if (stops.length === 0) return null;
  if (active !== null && stops.some((s) => s.key === active)) return active;
  let best = stops[0]!.key;
  for (const s of stops) if (s.at <= now) best = s.key;
  return best;
}

/** Where a key moves the keyboard among the marks (null: the key is not the diagram's). */
export function markAfterKey(stops: readonly MarkStop[], from: string, key: string): string | null {
  const i = stops.findIndex((s) => s.key === from);
  if (i < 0) return null;
  const last = stops.length - 1;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return stops[Math.min(last, i + 1)]!.key;
    case 'ArrowLeft':
    case 'ArrowUp':
      return stops[Math.max(0, i - 1)]!.key;
    case 'Home':
      return stops[0]!.key;
    case 'End':
      return stops[last]!.key;
    default:
      return null;
  }
}
