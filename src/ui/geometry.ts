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

/**
 * A server's labels beside it (left or right, level with its centre) instead of
 * above or below: presenter mode on a short canvas, where the room is across.
 */
export function besidePlace(id: number, n: number, outer: number): LabelPlace {
  const c = n <= 1 ? 1 : Math.cos(-Math.PI / 2 + ((id - 1) * 2 * Math.PI) / n);
  const d = outer + 12;
  return c < -0.05
    ? { x: -d, y: 0, anchor: 'end', valign: 'middle' }
    : { x: d, y: 0, anchor: 'start', valign: 'middle' };
}

/** What the canvas shows, in view units (it may reach past the view box on every side). */
export interface Visible {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PresenterLayout {
  places: Point[];
  center: Point;
  /** The ring's radii across and down (an ellipse when the canvas is wide and short). */
  rx: number;
  ry: number;
  /** Labels beside their server: none, those not above or below the ring's middle, or all. */
  beside: 'none' | 'sides' | 'all';
  client: Point;
  /** Whether every server, label and the clients fit without meeting (else the least bad). */
  fits: boolean;
}

const circleBox = (p: Point, r: number): Box => ({
  x0: p.x - r,
  y0: p.y - r,
  x1: p.x + r,
  y1: p.y + r,
});

/** The label's box, view units, grown about its server by `grow`, `labelWidth` wide. */
function grownLabel(p: Point, l: LabelPlace, grow: number, labelWidth: number): Box {
  // Two lines of presenter mode's type (33 and 32 units) as ServerNode sets them,
  // ascent and descent included: 69 units from the first line's top to the last's foot.
  const h = 69;
  const x0 =
    l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - labelWidth : l.x - labelWidth / 2;
  const y0 = l.valign === 'top' ? l.y - 7 : l.valign === 'bottom' ? l.y - 67 : l.y - 37;
  return {
    x0: p.x + x0 * grow,
    y0: p.y + (y0 - 4) * grow,
    x1: p.x + (x0 + labelWidth) * grow,
    y1: p.y + (y0 + h + 4) * grow,
  };
}

/** Whether label `id` goes beside its server in layout mode `beside`. */
export function labelBeside(id: number, n: number, beside: PresenterLayout['beside']): boolean {
  if (beside === 'none' || n <= 1) return false;
  if (beside === 'all') return true;
  const c = Math.cos(-Math.PI / 2 + ((id - 1) * 2 * Math.PI) / n);
  return Math.abs(c) > 0.3;
}

/**
 * Presenter mode's ring: every server, its labels and the clients grow about their
 * own centres by `grow` (so that text stays large however small the canvas), so the
 * ring must spread with them or neighbours meet. Tries labels outside the ring, then
 * beside the lower servers, then beside all; a circle, then wider ellipses (the
 * canvas beside a story or a diagram is wide and short); and the largest radius up
 * to `grow` times the usual one that keeps every server (timer ring included), label
 * and the clients' box clear of each other and inside `visible`.
 */
export function presenterLayout(
  n: number,
  grow: number,
  labelWidth: number,
  visible: Visible,
): PresenterLayout {
  const { ring, body } = ringLayout(n);
  const outer = body + TIMER_GAP + TIMER_WIDTH;
  const r = (outer + 3) * grow;
  const vw = visible.x1 - visible.x0;
  const vh = visible.y1 - visible.y0;
  let best: PresenterLayout | null = null;
  let bestBad = Infinity;
  const unit = (id: number) => {
    const a = -Math.PI / 2 + ((id - 1) * 2 * Math.PI) / n;
    return { x: Math.cos(a), y: Math.sin(a) };
  };
  const attempt = (beside: PresenterLayout['beside'], rx: number, ry: number) => {
    // Relative to the ring's centre first, then centred in what the canvas shows.
    const rel: Point[] = [];
    const boxes: Box[] = [];
    for (let id = 1; id <= n; id++) {
      const u = unit(id);
      const p = n <= 1 ? { x: 0, y: 0 } : { x: rx * u.x, y: ry * u.y };
      rel[id] = p;
      const l = labelBeside(id, n, beside)
        ? besidePlace(id, n, outer)
        : labelPlace(id, n, outer, 44);
      boxes.push(circleBox(p, r), grownLabel(p, l, grow, labelWidth));
    }
    // The leader's crown over the top server.
    boxes.push({ x0: -30 * grow, y0: -ry - (outer + 36) * grow, x1: 30 * grow, y1: -ry });
    const all = boxes.reduce((a, b) => ({
      x0: Math.min(a.x0, b.x0),
      y0: Math.min(a.y0, b.y0),
      x1: Math.max(a.x1, b.x1),
      y1: Math.max(a.y1, b.y1),
    }));
    const center = {
      x: (visible.x0 + visible.x1) / 2 - (all.x0 + all.x1) / 2,
      y: (visible.y0 + visible.y1) / 2 - (all.y0 + all.y1) / 2,
    };
    const places: Point[] = [];
    for (let id = 1; id <= n; id++)
      places[id] = { x: center.x + rel[id]!.x, y: center.y + rel[id]!.y };
    let bad =
      Math.max(0, all.x1 - all.x0 - vw + 4) * vh + Math.max(0, all.y1 - all.y0 - vh + 4) * vw;
    // Neighbouring servers (circles), then every pair of boxes but a server and its own label.
    for (let i = 1; i <= n; i++)
      for (let j = i + 1; j <= n; j++) {
        const d = Math.hypot(rel[i]!.x - rel[j]!.x, rel[i]!.y - rel[j]!.y);
        // Where nothing fits, servers meeting is the worst: weighed most.
        bad += Math.max(0, 2 * r - d) * r * 50;
      }
    const placed = boxes.map((b) => ({
      x0: b.x0 + center.x,
      y0: b.y0 + center.y,
      x1: b.x1 + center.x,
      y1: b.y1 + center.y,
    }));
    for (let i = 0; i < 2 * n; i++)
      for (let j = i + 1; j < 2 * n; j++) {
        if (i % 2 === 0 && j % 2 === 0) continue; // two circles: checked above
        if (i % 2 === 0 && j === i + 1) continue; // a server and its label
        bad += meet(placed[i]!, placed[j]!);
      }
    const client = clientSpot(placed.slice(0, 2 * n), grow, visible);
    bad += client.bad;
    return { places, center, rx, ry, beside, client: client.at, fits: bad === 0, bad };
  };
  const wide = Math.max(1, Math.min(2.2, vw / vh));
  for (const beside of ['none', 'sides', 'all'] as const)
    for (let aspect = 1; aspect <= wide + 1e-9; aspect += 0.1)
      for (let ry = ring * grow; ry >= ring * 0.5; ry -= 5) {
        const rx = n <= 1 ? 0 : ry * aspect;
        const l = attempt(beside, rx, ry);
        if (l.fits) return l;
        if (l.bad < bestBad) {
          bestBad = l.bad;
          best = l;
        }
      }
  return best!;
}

/**
 * Where the clients' box goes among boxes already `taken`: the bottom-left corner of
 * what the canvas shows, else the bottom-right, else halfway down either side; the
 * first that meets nothing, else the one that meets least (and how much, `bad`).
 */
function clientSpot(taken: Box[], grow: number, v: Visible): { at: Point; bad: number } {
  const w = (CLIENT_W / 2) * grow;
  const h = (CLIENT_H / 2) * grow;
  const left = v.x0 + w + 8;
  const right = v.x1 - w - 8;
  const bottom = v.y1 - h - 8;
  const middle = (v.y0 + v.y1) / 2 + 60;
  let best = { at: { x: left, y: bottom }, bad: Infinity };
  for (const c of [
    { x: left, y: bottom },
    { x: right, y: bottom },
    { x: left, y: middle },
    { x: right, y: middle },
  ]) {
    const box = { x0: c.x - w, y0: c.y - h, x1: c.x + w, y1: c.y + h };
    const m = taken.reduce((sum, t) => sum + meet(box, t), 0);
    if (m === 0) return { at: c, bad: 0 };
    if (m < best.bad) best = { at: c, bad: m };
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
 * (so a message leaves from the rim, not the centre; `insetEnd` at `b` if it
 * differs) and moved `lane` units to the right of the direction of travel (so
 * the two directions of a link do not overlap). A link shorter than both trims
 * holds the point where the two trims divide it.
 */
export function messagePosition(
  a: Point,
  b: Point,
  frac: number,
  inset = 0,
  lane = 0,
  insetEnd = inset,
): Point {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { ...a };
  const ux = dx / len;
  const uy = dy / len;
  const usable = len - inset - insetEnd;
  const d =
    usable > 0
      ? inset + usable * Math.min(1, Math.max(0, frac))
      : (len * inset) / Math.max(1e-9, inset + insetEnd);
  // The right-hand normal of (ux, uy) in screen coordinates (y grows downward).
  return { x: a.x + ux * d - uy * lane, y: a.y + uy * d + ux * lane };
}

/**
 * Whether a box `hw` by `hh` either side of `p` keeps clear of every circle of radius
 * `r` about `centres`: the box's nearest point to each centre lies farther than `r`.
 */
export function boxClearOfCircles(
  p: Point,
  hw: number,
  hh: number,
  centres: readonly Point[],
  r: number,
): boolean {
  for (const c of centres) {
    const nx = Math.max(p.x - hw, Math.min(c.x, p.x + hw));
    const ny = Math.max(p.y - hh, Math.min(c.y, p.y + hh));
    if (Math.hypot(nx - c.x, ny - c.y) <= r) return false;
  }
  return true;
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
