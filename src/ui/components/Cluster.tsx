/** The cluster: links, servers on a ring, the clients, and every message in flight. */
import { memo, useCallback, useMemo, useState } from 'react';
import { useApp, useAppStore } from '../context.ts';
import {
  bandPath,
  boxClearOfCircles,
  CLIENT_POS,
  memberRuns,
  RING_CENTER,
  labelBeside,
  linkPairs,
  messageFrac,
  messagePosition,
  presenterLayout,
  ringLayout,
  serverPosition,
  TIMER_GAP,
  TIMER_WIDTH,
  VIEW_H,
  VIEW_W,
  type Point,
} from '../geometry.ts';
import { LinkLine } from './LinkLine.tsx';
import { isReply, MessageGlyph } from './MessageGlyph.tsx';
import { ServerNode } from './ServerNode.tsx';
import { MessageCard } from './MessageCard.tsx';
import { leadersOf } from '../leaders.ts';
import type { MembershipFrame, MessageFrame } from '../../protocol/index.ts';
import { setText } from './MembershipDialog.tsx';

const MESSAGE_LANE = 8;

/**
 * Keeps `--svg-inv` on the canvas: view-box units per CSS pixel as drawn (the
 * view box is scaled to fit, "meet"). Presenter mode sizes the ring's labels
 * with it, so that they never shrink under a size on the screen however small
 * the window.
 */
function trackScale(
  el: HTMLDivElement | null,
  onScale: (inv: number, room: Point, top: number) => void,
): (() => void) | undefined {
  if (el === null || typeof ResizeObserver === 'undefined') return undefined;
  const update = () => {
    // The layers' box (presenter mode keeps a margin above them for grown labels).
    const box = (el.querySelector('svg') ?? el).getBoundingClientRect();
    const scale = Math.min(box.width / VIEW_W, box.height / VIEW_H);
    if (scale > 0) {
      el.style.setProperty('--svg-inv', (1 / scale).toFixed(3));
      // The canvas shows this much beyond the view box on each side (in view units).
      const inv = 1 / scale;
      const room = {
        x: Math.round(Math.max(0, (box.width * inv - VIEW_W) / 2)),
        y: Math.round(Math.max(0, (box.height * inv - VIEW_H) / 2)),
      };
      // Above the layers, the margin the canvas keeps for grown labels (view units).
      const margin = (box.top - el.getBoundingClientRect().top) * inv;
      onScale(Math.round(inv * 100) / 100, room, Math.round(room.y + Math.max(0, margin)));
    }
  };
  const ro = new ResizeObserver(update);
  ro.observe(el);
  update();
  return () => ro.disconnect();
}

// Each server's place on the ring, one array per cluster size: the same objects
// frame after frame, so that links and servers whose state did not change skip
// their render.
const placesCache = new Map<number, Point[]>();
function placesFor(n: number): Point[] {
  let p = placesCache.get(n);
  if (!p) {
    p = [];
    for (let id = 1; id <= n; id++) p[id] = serverPosition(id, n);
    placesCache.set(n, p);
  }
  return p;
}

/** Presenter mode's growth of the ring's things, as its style sheet computes it (--grow). */
const presenterGrow = (svgInv: number) => Math.max(1, (21 / 32) * svgInv);
/** A label's width in presenter mode's larger type (view units, before it grows). */
const PRESENTER_LABEL_W = 180;
/** Presenter mode grows a message (shape and label) by this times --grow, as its style sheet does. */
const MESSAGE_GROW = 1.25;
/** A message's label type in presenter mode (view units, before it grows), as its style sheet sets it. */
const presenterLabelType = (m: MessageFrame) => (isReply(m.type) ? 20 : 18);

/**
 * Presenter mode: where message `m` is drawn, leaving from the rim of its server as
 * grown (timer ring included), and whether its label keeps clear of every server's
 * circle there (else the label waits, hidden, until the message is clear: over a
 * circle it would hide the term).
 */
function presenterMessage(
  m: MessageFrame,
  a: Point,
  b: Point,
  frac: number,
  grow: number,
  rim: number,
  clientInset: number,
  servers: readonly Point[],
): { pos: Point; labelClear: boolean } {
  const k = grow * MESSAGE_GROW;
  const pos = messagePosition(
    a,
    b,
    frac,
    m.from === 0 ? clientInset : rim + 2,
    MESSAGE_LANE * grow,
    m.to === 0 ? clientInset : rim + 2,
  );
  // The label's box: bold type about 0.45 of its size wide a character, and its
  // line's height; centred on the message (a unit lower, grown).
  const type = presenterLabelType(m);
  const hw = (0.45 * type * Math.max(1, [...m.label].length) + 2) * k;
  const hh = (0.65 * type + 2) * k;
  const labelClear = boxClearOfCircles({ x: pos.x, y: pos.y + k }, hw, hh, servers, rim);
  return { pos, labelClear };
}

export function Cluster() {
  const frame = useApp((s) => s.frame);
  const presenter = useApp((s) => s.presenter);
  const [scale, setScale] = useState({ inv: 1, room: { x: 0, y: 0 }, top: 0 });
  const canvasRef = useCallback(
    (el: HTMLDivElement | null) =>
      trackScale(el, (inv, room, top) =>
        setScale((s) =>
          s.inv === inv && s.room.x === room.x && s.room.y === room.y && s.top === top
            ? s
            : { inv, room, top },
        ),
      ),
    [],
  );
  const n0 = frame?.options.servers ?? 0;
  // Presenter mode: the ring spreads as its servers grow, to fit what the canvas shows.
  const layout = useMemo(
    () =>
      presenter && n0 > 0
        ? presenterLayout(n0, presenterGrow(scale.inv), PRESENTER_LABEL_W, {
            x0: -scale.room.x,
            y0: -scale.top,
            x1: VIEW_W + scale.room.x,
            y1: VIEW_H + scale.room.y,
          })
        : null,
    [presenter, n0, scale],
  );
  const selected = useApp((s) => s.selected);
  const selectedMessage = useApp((s) => s.selectedMessage);
  const select = useApp((s) => s.select);
  const selectMessage = useApp((s) => s.selectMessage);
  const hoverMessage = useApp((s) => s.hoverMessage);
  const toggleLink = useApp((s) => s.toggleLink);
  const setLink = useApp((s) => s.setLink);
  const onSelect = useCallback(
    (id: number) => select(selected === id ? null : id),
    [select, selected],
  );
  const store = useAppStore();
  const onOneWay = useCallback(
    (a: number, b: number) => {
      // Shift+click cycles: both -> only a→b -> only b→a -> none -> both.
      // (The links are read when clicked: the callback stays the same from
      // frame to frame, and so the links need not be drawn again.)
      const l = store.getState().frame?.links;
      const ab = !!l?.[a]?.[b];
      const ba = !!l?.[b]?.[a];
      if (ab && ba) setLink(b, a, false);
      else if (ab) {
        setLink(a, b, false);
        setLink(b, a, true);
      } else if (ba) setLink(b, a, false);
      else {
        setLink(a, b, true);
        setLink(b, a, true);
      }
    },
    [store, setLink],
  );

  if (frame === null)
    return (
      <section className="panel cluster" aria-label="Cluster">
        <p className="loading">Starting the simulation…</p>
      </section>
    );
  const n = frame.options.servers;
  const { body } = ringLayout(n);
  const inset = body + 16;
  const places = layout && layout.places.length === n + 1 ? layout.places : placesFor(n);
  const pos = (id: number) => places[id]!;
  const { leader, believers } = leadersOf(frame.servers);
  const client = layout ? layout.client : CLIENT_POS;
  // Presenter mode: each server grows about its centre; this is its circle's radius as drawn.
  const grow = presenterGrow(scale.inv);
  const rim = (body + TIMER_GAP + TIMER_WIDTH) * grow;
  const end = (id: number) => (id === 0 ? client : pos(id));

  return (
    <section className="panel cluster" aria-label="Cluster">
      {/* Three stacked layers with one view box: a message or a timer that changes
          every frame lays out its own layer only, not the links under it. */}
      <div className="cluster-canvas" ref={canvasRef}>
        <svg
          viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
          className="cluster-svg"
          role="group"
          aria-label="Links"
        >
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="5"
              markerHeight="5"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
            </marker>
          </defs>
          {frame.membership.inPlay && n >= 2 && (
            <QuorumBands
              m={frame.membership}
              n={n}
              body={body}
              center={layout?.center ?? RING_CENTER}
              stretch={layout ? layout.rx / Math.max(1, layout.ry) : 1}
              ring={layout?.ry ?? ringLayout(n).ring}
            />
          )}
          <g className="links">
            {linkPairs(n).map(([a, b]) => (
              <LinkLine
                key={`${a}-${b}`}
                a={a}
                b={b}
                pa={pos(a)}
                pb={pos(b)}
                inset={inset}
                ab={!!frame.links[a]?.[b]}
                ba={!!frame.links[b]?.[a]}
                onToggle={toggleLink}
                onOneWay={onOneWay}
              />
            ))}
          </g>
          <g
            className="client-node"
            data-client-x={client.x}
            data-client-y={client.y}
            transform={`translate(${client.x} ${client.y})`}
            aria-hidden="true"
          >
            <rect x={-48} y={-26} width={96} height={52} rx={10} />
            <text y={8}>Client</text>
          </g>
        </svg>
        <svg viewBox={`0 0 ${VIEW_W} ${VIEW_H}`} className="cluster-svg overlay">
          <g role="listbox" aria-label="Servers">
            {frame.servers.map((s) => (
              <ServerNode
                key={s.id}
                server={s}
                pos={pos(s.id)}
                body={body}
                heartbeatMs={frame.options.heartbeatMs}
                clusterSize={n}
                beside={layout !== null && labelBeside(s.id, n, layout.beside)}
                selected={selected === s.id}
                believesOnly={believers.includes(s)}
                showConfig={frame.membership.inPlay}
                onSelect={onSelect}
              />
            ))}
          </g>
        </svg>
        <svg
          viewBox={`0 0 ${VIEW_W} ${VIEW_H}`}
          className="cluster-svg overlay"
          role="group"
          aria-label="Messages in flight"
        >
          <g className="messages">
            {frame.messages.map((m) => {
              const a = end(m.from);
              const b = end(m.to);
              const frac = messageFrac(frame.now, m.sentAt, m.deliverAt);
              const drawn = layout
                ? presenterMessage(
                    m,
                    a,
                    b,
                    frac,
                    grow,
                    rim,
                    inset * 0.7 * grow,
                    places.slice(1, n + 1),
                  )
                : {
                    pos: messagePosition(
                      a,
                      b,
                      frac,
                      m.from === 0 || m.to === 0 ? inset * 0.7 : inset,
                      MESSAGE_LANE,
                    ),
                    labelClear: true,
                  };
              return (
                <MessageGlyph
                  key={m.id}
                  m={m}
                  pos={drawn.pos}
                  labelHidden={!drawn.labelClear}
                  selected={selectedMessage === m.id}
                  onSelect={selectMessage}
                  onHover={hoverMessage}
                />
              );
            })}
          </g>
        </svg>
      </div>
      <div className="cluster-status" aria-live="polite">
        {leader ? (
          <span>
            Leader: <strong>S{leader.id}</strong> (term {leader.term})
            {believers.map((b) => (
              <span key={b.id} className="believer">
                {' '}
                S{b.id} believes it leads (term {b.term})
              </span>
            ))}
          </span>
        ) : (
          <span className="warn">No leader</span>
        )}
        {frame.membership.inPlay && <ConfigStatus m={frame.membership} />}
      </div>
      <Legend />
      <MessageCard />
    </section>
  );
}

/**
 * §6, Figure 11: the configuration the cluster is in, as bands through its members on
 * the ring: C_new (or the only configuration) along the ring, and while C_old,new is in
 * use, C_old inside it. A decision needs a majority of each band.
 */
const QuorumBands = memo(function QuorumBands({
  m,
  n,
  body,
  center,
  stretch,
  ring,
}: {
  m: MembershipFrame;
  n: number;
  body: number;
  center: Point;
  /** Across over down: presenter mode may draw the ring as an ellipse. */
  stretch: number;
  ring: number;
}) {
  const joint = m.old !== null;
  const bands: {
    half: 'new' | 'old' | 'rival';
    ids: number[];
    need: number;
    inner: number;
    outer: number;
  }[] = [{ half: 'new', ids: m.members, need: m.need, inner: ring - 9, outer: ring + 9 }];
  if (m.old)
    bands.push({
      half: 'old',
      ids: m.old,
      need: m.oldNeed ?? 0,
      inner: ring - body - 40,
      outer: ring - body - 24,
    });
  // Figure 10: a second leader counting another configuration; its band lies inside.
  const rival = m.rival;
  if (rival)
    bands.push({
      half: 'rival',
      ids: rival.members,
      need: rival.need,
      inner: ring - body - (joint ? 64 : 40),
      outer: ring - body - (joint ? 48 : 24),
    });
  return (
    <g
      className={`quorum-bands${joint ? ' joint' : ''}`}
      transform={`translate(${center.x.toFixed(1)} ${center.y.toFixed(1)})${stretch !== 1 ? ` scale(${stretch.toFixed(3)} 1)` : ''}`}
      data-testid="quorum-bands"
      data-joint={String(joint)}
    >
      {bands.map((b) => (
        <g
          key={b.half}
          className={`band ${b.half === 'rival' ? 'rival' : joint ? b.half : 'only'}`}
          data-band={b.half}
        >
          <title>
            {b.half === 'rival'
              ? `S${rival!.by}’s configuration`
              : joint
                ? b.half === 'new'
                  ? 'C_new'
                  : 'C_old'
                : rival
                  ? `S${m.by}’s configuration`
                  : 'The configuration'}{' '}
            {setText(b.ids)}: a majority is {b.need} of {b.ids.length}
          </title>
          {memberRuns(b.ids, n).map((r, i) => (
            <path key={i} d={bandPath(r, b.inner, b.outer)} />
          ))}
        </g>
      ))}
    </g>
  );
});

/**
 * The configuration in words under the leader line, kept short (it sits in the corner
 * above the ring): each half and the majority it needs.
 */
function ConfigStatus({ m }: { m: MembershipFrame }) {
  const set = (ids: readonly number[]) => `{${ids.map((p) => `S${p}`).join(',')}}`;
  const half = (name: string, ids: number[], need: number, cls: string) => (
    <span className={`config-half ${cls}`}>
      <span className="swatch" aria-hidden="true" /> {name}
      {set(ids)}: {need} of {ids.length}
    </span>
  );
  const pending = m.index > 0 && !m.committed && m.by !== null;
  return (
    <span className="config-status" data-testid="config-status">
      {m.old ? (
        <>
          <span className="config-phase">Joint: both majorities (§6)</span>
          {half('C_old ', m.old, m.oldNeed ?? 0, 'old')}
          {half('C_new ', m.members, m.need, 'new')}
        </>
      ) : (
        <>
          {half(m.rival && m.by !== null ? `S${m.by} leads with ` : '', m.members, m.need, 'only')}
          {pending && <span className="config-half pending">not committed yet</span>}
        </>
      )}
      {m.learners.length > 0 && (
        <span className="config-half learners">catching up: {set(m.learners)}</span>
      )}
      {m.rival && (
        <span className="config-half rival" data-testid="config-rival">
          <span className="swatch" aria-hidden="true" /> S{m.rival.by} leads with{' '}
          {set(m.rival.members)}: {m.rival.need} of {m.rival.members.length}
        </span>
      )}
    </span>
  );
}

const Legend = memo(function Legend() {
  // §7: InstallSnapshot has its own glyph, explained only in runs that take snapshots.
  const snapshots = useApp((s) => (s.frame?.options.snapshotThreshold ?? 0) > 0);
  return (
    <div className="legend" aria-label="Legend">
      <span>
        <svg viewBox="-20 -20 40 40" aria-hidden="true">
          <circle className="lg vote request" r={14} />
        </svg>
        vote
      </span>
      <span>
        <svg viewBox="-22 -20 44 40" aria-hidden="true">
          <rect className="lg append request" x={-18} y={-12} width={36} height={24} rx={4} />
        </svg>
        append
      </span>
      <span>
        <svg viewBox="-20 -20 40 40" aria-hidden="true">
          <path className="lg client request" d="M 0 -15 L 15 0 L 0 15 L -15 0 Z" />
        </svg>
        client
      </span>
      {snapshots && (
        <span>
          <svg viewBox="-24 -20 48 40" aria-hidden="true">
            <path
              className="lg snapshot request"
              d="M -20 -14 L 12 -14 L 20 -6 L 20 14 L -20 14 Z"
            />
          </svg>
          snapshot
        </span>
      )}
      <span>solid: request · hollow: reply · ✗ refused</span>
    </div>
  );
});
