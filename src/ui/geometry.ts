/**
 * The cluster's geometry as pure functions of plain numbers (no React, no DOM):
 * where a server sits on the ring, where a message is along its link, the arc
 * of a timer. The view box is VIEW_W x VIEW_H user units.
 */
import { arc } from 'd3-shape';

export interface Point {
  x: number;
  y: number;
}

export const VIEW_W = 1000;
export const VIEW_H = 900;
export const RING_CENTER: Point = { x: 500, y: 458 };
/** Where the clients stand: outside the ring, bottom left. */
export const CLIENT_POS: Point = { x: 70, y: 855 };
/** The timer ring's width, outside the body. */
export const TIMER_GAP = 7;
export const TIMER_WIDTH = 8;
/** A server's two label lines (role, vote) outside its ring: line height and width at most. */
export const LABEL_LINE = 30;
export const LABEL_WIDTH = 140;

/** The ring's radius and a server's body radius for a cluster of `n`. */
export function ringLayout(n: number): { ring: number; body: number } {
  if (n <= 1) return { ring: 0, body: 68 };
  // Neighbours on the ring must not touch, labels included: the chord between two
  // neighbours is 2 R sin(pi / n); keep the body well under half of it.
  const ring = n === 2 ? 240 : 260;
  const chord = 2 * ring * Math.sin(Math.PI / n);
  const body = Math.max(38, Math.min(64, chord * 0.28));
  return { ring, body };
}

/**
 * The radius of a server's click area (and of its selection ring, 2 more): past
 * the timer arc, and never reaching a neighbour's (geometry.test.ts checks 1 to 9).
 */
export function hitRadius(body: number): number {
  return body + TIMER_GAP + 12;
}

/** Server `id` (1..n), the first at the top, the others clockwise. */
export function serverPosition(id: number, n: number, center: Point = RING_CENTER): Point {
  const { ring } = ringLayout(n);
  if (n <= 1) return { ...center };
  const angle = -Math.PI / 2 + ((id - 1) * 2 * Math.PI) / n;
  return { x: center.x + ring * Math.cos(angle), y: center.y + ring * Math.sin(angle) };
}

export interface LabelPlace {
  /** Relative to the server's centre. */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  /** Where the two-line block sits relative to y. */
  valign: 'top' | 'middle' | 'bottom';
}

/**
 * Where a server's labels go: outside the ring, away from the centre, so that
 * neighbours' labels never meet. `outer` is the radius of the timer ring,
 * `above` extra room kept above the server (the leader's crown).
 */
export function labelPlace(id: number, n: number, outer: number, above = 0): LabelPlace {
  if (n <= 1) return { x: 0, y: outer + 14, anchor: 'middle', valign: 'top' };
  const angle = -Math.PI / 2 + ((id - 1) * 2 * Math.PI) / n;
  const c = Math.cos(angle);
  const sn = Math.sin(angle);
  const d = outer + 12;
  // Beside the ring from 0.3 on: the two lowest of 9 (cos 70° = 0.34) would meet below it.
  const anchor = c > 0.3 ? 'start' : c < -0.3 ? 'end' : 'middle';
  const valign = sn > 0.35 ? 'top' : sn < -0.35 ? 'bottom' : 'middle';
  let y = valign === 'middle' ? sn * d : sn > 0 ? d * Math.max(sn, 0.8) : -d * Math.max(-sn, 0.8);
  if (valign === 'bottom') y -= above;
  return { x: anchor === 'middle' ? 0 : c * d, y, anchor, valign };
}

/** The box the two label lines fill, in view coordinates (for overlap checks). */
export function labelBox(
  p: Point,
  l: LabelPlace,
): { x0: number; y0: number; x1: number; y1: number } {
  const h = 2 * LABEL_LINE;
  const x0 =
    l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - LABEL_WIDTH : l.x - LABEL_WIDTH / 2;
  const y0 = l.valign === 'top' ? l.y : l.valign === 'bottom' ? l.y - h : l.y - h / 2;
  return { x0: p.x + x0, y0: p.y + y0, x1: p.x + x0 + LABEL_WIDTH, y1: p.y + y0 + h };
}

/** Where the end `id` of a link or message is: a server, or the clients (0) at `client`. */
export function endpoint(id: number, n: number, client: Point = CLIENT_POS): Point {
  return id === 0 ? { ...client } : serverPosition(id, n);
}

/** The clients' box, view units, before presenter mode grows it. */
export const CLIENT_W = 96;
export const CLIENT_H = 52;
type Box = { x0: number; y0: number; x1: number; y1: number };
const grown = (b: Box, c: Point, k: number): Box => ({
  x0: c.x + (b.x0 - c.x) * k,
  y0: c.y + (b.y0 - c.y) * k,
  x1: c.x + (b.x1 - c.x) * k,
  y1: c.y + (b.y1 - c.y) * k,
});
const meet = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) *
  Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/**
 * Where the clients stand in presenter mode, which grows every server, its
 * labels and the clients' box about their own centres by `grow` (labels
 * `labelWidth` wide in its larger type): the bottom-left corner, else the
 * bottom-right, else halfway down the left or right side, the first whose
 * box meets no server's body or labels (else the one meeting them least).
 * Each spot is pushed as far out as the canvas shows beyond the view box
 * (`room`: view units on each side, across and down).
 */
export function clientPlace(
  n: number,
  grow: number,
  labelWidth: number,
  room: Point = { x: 0, y: 0 },
): Point {
  const { body } = ringLayout(n);
  const outer = body + TIMER_GAP + TIMER_WIDTH;
  const taken: Box[] = [];
  for (let id = 1; id <= n; id++) {
    const p = serverPosition(id, n);
    taken.push(
      grown({ x0: p.x - outer, y0: p.y - outer, x1: p.x + outer, y1: p.y + outer }, p, grow),
    );
    const l = labelPlace(id, n, outer);
    const b = labelBox(p, l);
    const x0 =
      l.anchor === 'start'
        ? b.x0
        : l.anchor === 'end'
          ? b.x1 - labelWidth
          : (b.x0 + b.x1 - labelWidth) / 2;
    taken.push(grown({ x0, y0: b.y0, x1: x0 + labelWidth, y1: b.y1 }, p, grow));
  }
  const w = (CLIENT_W / 2) * grow;
  const h = (CLIENT_H / 2) * grow;
  const left = -room.x + w + 8;
  const right = VIEW_W + room.x - w - 8;
  const bottom = VIEW_H + room.y - h - 8;
  const middle = 560;
  const spots: Point[] = [
    { x: left, y: bottom },
    { x: right, y: bottom },
    { x: left, y: middle },
    { x: right, y: middle },
  ];
  let best = spots[0]!;
  let bestMeet = Infinity;
  for (const c of spots) {
    const box = { x0: c.x - w, y0: c.y - h, x1: c.x + w, y1: c.y + h };
    const m = taken.reduce((sum, t) => sum + meet(box, t), 0);
    if (m === 0) return c;
    if (m < bestMeet) {
      best = c;
      bestMeet = m;
    }
  }
  return best;
}

/** How far a message has travelled, 0 at sentAt and 1 at deliverAt, clamped. */
export function messageFrac(now: number, sentAt: number, deliverAt: number): number {
  if (deliverAt <= sentAt) return now >= deliverAt ? 1 : 0;
  return Math.min(1, Math.max(0, (now - sentAt) / (deliverAt - sentAt)));
}

/**
 * A point `frac` of the way from `a` to `b`, trimmed by `inset` at both ends
 * (so a message leaves from the rim, not the centre) and moved `lane` units to
 * the right of the direction of travel (so the two directions of a link do not
 * overlap).
 */
export function messagePosition(a: Point, b: Point, frac: number, inset = 0, lane = 0): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { ...a };
  const ux = dx / len;
  const uy = dy / len;
  const usable = Math.max(0, len - 2 * inset);
  const d = Math.min(inset, len / 2) + usable * Math.min(1, Math.max(0, frac));
  // The right-hand normal of (ux, uy) in screen coordinates (y grows downward).
  return { x: a.x + ux * d - uy * lane, y: a.y + uy * d + ux * lane };
}

/** The segment of a link from `a` to `b`, trimmed by `inset`, shifted `lane` to the right. */
export function linkSegment(a: Point, b: Point, inset = 0, lane = 0): [Point, Point] {
  return [messagePosition(a, b, 0, inset, lane), messagePosition(a, b, 1, inset, lane)];
}

/** What is left of a timer, 1 when just reset and 0 when it fires. */
export function timerFrac(now: number, startedAt: number, deadline: number): number {
  if (deadline <= startedAt) return 0;
  return Math.min(1, Math.max(0, (deadline - now) / (deadline - startedAt)));
}

const arcPath = arc<{ inner: number; outer: number; end: number }>()
  .innerRadius((d) => d.inner)
  .outerRadius((d) => d.outer)
  .startAngle(0)
  .endAngle((d) => d.end)
  .cornerRadius(0);

/**
 * An SVG path for the ring of a timer around a server: `frac` of a full turn,
 * clockwise from the top, between radii `inner` and `outer`. Empty at 0.
 */
export function timeoutArc(frac: number, inner: number, outer: number): string {
  const f = Math.min(1, Math.max(0, frac));
  if (f === 0) return '';
  return arcPath({ inner, outer, end: f * 2 * Math.PI - (f === 1 ? 1e-6 : 0) }) ?? '';
}

/** The `data-link` key of the link between a and b: the smaller id first. */
export function linkKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

export type LinkState = 'both' | 'none' | string;

/** `data-up` of the link a < b: both, none, "a-b" or "b-a" (the directions that work). */
export function linkState(ab: boolean, ba: boolean, a: number, b: number): LinkState {
  if (ab && ba) return 'both';
  if (!ab && !ba) return 'none';
  return ab ? `${a}-${b}` : `${b}-${a}`;
}

/** Every pair (a, b) with a < b among n servers. */
export function linkPairs(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 1; a <= n; a++) for (let b = a + 1; b <= n; b++) out.push([a, b]);
  return out;
}

/** The six corners of a hexagon of radius r around (0, 0), flat sides top and bottom. */
export function polygonPoints(sides: number, r: number, rotate = 0): string {
  const pts: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = rotate + (i * 2 * Math.PI) / sides;
    pts.push(`${round(r * Math.cos(a))},${round(r * Math.sin(a))}`);
  }
  return pts.join(' ');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The stretches of the ring a set of servers covers (§6: a configuration drawn as a band
 * through its members): each member's slot spans half the way to each neighbour, and
 * neighbouring members join into one stretch. Angles as d3-shape takes them (0 at the top,
 * clockwise, radians); a stretch may end past 2π when it wraps over the top. Every server
 * of the ring: one full turn.
 */
export function memberRuns(ids: readonly number[], n: number): { start: number; end: number }[] {
  if (n < 1) return [];
  const step = (2 * Math.PI) / n;
  const inSet = (id: number) => ids.includes(id);
  const members = Array.from({ length: n }, (_, i) => i + 1).filter(inSet);
  if (members.length === 0) return [];
  if (members.length === n) return [{ start: 0, end: 2 * Math.PI }];
  // Start from a member whose previous slot is not a member, so no stretch is cut in two.
  const runs: { start: number; end: number }[] = [];
  for (const id of members) {
    const prev = id === 1 ? n : id - 1;
    if (inSet(prev)) continue;
    let last = id;
    let len = 1;
    while (inSet((last % n) + 1)) {
      last = (last % n) + 1;
      len++;
    }
    const start = (id - 1) * step - step / 2;
    runs.push({ start, end: start + len * step });
  }
  return runs;
}

const bandArc = arc<{ inner: number; outer: number; start: number; end: number }>()
  .innerRadius((d) => d.inner)
  .outerRadius((d) => d.outer)
  .startAngle((d) => d.start)
  .endAngle((d) => d.end)
  .cornerRadius((d) => (d.end - d.start >= 2 * Math.PI - 1e-9 ? 0 : (d.outer - d.inner) / 2));

/** An SVG path for a stretch of the ring between radii `inner` and `outer`, around (0, 0). */
export function bandPath(
  run: { start: number; end: number },
  inner: number,
  outer: number,
): string {
  return bandArc({ inner, outer, start: run.start, end: run.end }) ?? '';
}
