/**
 * Where the timeline's markers go: a position along the scrubber (0..1) and at
 * most one marker of a kind per slot, so that a long run with a steady load (a
 * commit every few milliseconds) draws a bounded number of elements: about one
 * slot per few pixels of the scrubber, more would not be told apart anyway.
 */
import type { Marker, MarkerKind, Moment } from '../protocol/index.ts';

export interface PlacedMarker {
  marker: Marker;
  /** 0 .. 1 along the scrubber. */
  x: number;
  /** How many markers of this kind the slot stands for. */
  count: number;
  /** Glyph widths to shift right so as not to cover the marker before it. */
  nudge: number;
}

export const MARKER_SLOTS = 120;
/** Markers closer than this (a fraction of the scrubber) would overlap. */
export const MARKER_OVERLAP = 0.012;

/** One letter per kind, so that a marker is never told by colour alone. */
export const MARKER_GLYPH: Record<MarkerKind, string> = {
  election: 'E',
  leader: 'L',
  crash: '✕',
  restart: 'R',
  partition: '⌁',
  heal: 'H',
  commit: 'C',
  config: 'M',
};

export const MARKER_LABEL: Record<MarkerKind, string> = {
  election: 'election',
  leader: 'leader elected',
  crash: 'crash',
  restart: 'restart',
  partition: 'partition or cut link',
  heal: 'heal or restored link',
  commit: 'commit',
  config: 'membership change',
};

export function placeMarkers(
  markers: readonly Marker[],
  head: Moment,
  slots = MARKER_SLOTS,
): PlacedMarker[] {
  const span = Math.max(1, head.time);
  const bySlot = new Map<string, PlacedMarker>();
  for (const m of markers) {
    if (m.time > head.time || (m.time === head.time && m.events > head.events)) continue;
    const x = Math.min(1, Math.max(0, m.time / span));
    const key = `${m.kind}|${Math.round(x * slots)}`;
    const found = bySlot.get(key);
    if (found) found.count++;
    else bySlot.set(key, { marker: m, x, count: 1, nudge: 0 });
  }
  const placed = [...bySlot.values()].sort((a, b) => a.x - b.x);
  // Commits are thin ticks: only the lettered markers push each other aside.
  let prev: PlacedMarker | null = null;
  for (const p of placed) {
    if (p.marker.kind === 'commit') continue;
    if (prev && p.x - prev.x < MARKER_OVERLAP) p.nudge = prev.nudge + 1;
    prev = p;
  }
  return placed;
}

/** Moments in run order: by time, then by events. */
function order(a: Moment, b: Moment): number {
  return a.time - b.time || a.events - b.events;
}

/** The nearest marker (not a commit) after (1) or before (-1) a moment. */
export function markerBeside(markers: readonly Marker[], at: Moment, dir: 1 | -1): Marker | null {
  let best: Marker | null = null;
  for (const m of markers) {
    if (m.kind === 'commit' || order(m, at) * dir <= 0) continue;
    if (best === null || order(m, best) * dir < 0) best = m;
  }
  return best;
}
