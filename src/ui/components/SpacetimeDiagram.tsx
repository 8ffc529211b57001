/**
 * The space-time (Lamport) diagram: a lane per server and one for the
 * clients, time running right, each delivered message an arrow from its send
 * to its delivery (a lost one ends in a cross), what servers did as marks,
 * each server's terms as bands. The present is a vertical line; a click on an
 * arrow goes to the moment right after its delivery, a click on a mark to its
 * moment. d3-zoom zooms (wheel, pinch, double click) and pans (drag); the
 * worker answers what lies in the window, so a long run costs what is shown.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type {
  DiagramAnswer,
  DiagramArrow,
  DiagramBucket,
  DiagramDot,
  MessageFrame,
} from '../../protocol/index.ts';
import { useApp } from '../context.ts';
import { termClass } from '../theme.ts';
import {
  DIAGRAM_KIND,
  SPAN_MS_DEFAULT,
  arrowText,
  clampPan,
  arrowEnd,
  arrowKey,
  dotKey,
  dotText,
  markAfterKey,
  markStops,
  tabStop,
  following,
  isReplyType,
  laneY,
  scaled,
  tickLabel,
  zoomed,
  type DiagramView,
} from '../spacetime.ts';

const AXIS_H = 22;
/** How far (px) the drawing moves by transform before it is drawn again from a new origin. */
const ORIGIN_PX = 20_000;
/** While playing, the worker is asked about the window at most this often (wall ms). */
const PLAYING_QUERY_MS = 80;
const PRESENTER_AXIS_H = 34;

export function SpacetimeDiagram() {
  const open = useApp((s) => s.diagramOpen);
  if (!open) return null;
  return <Diagram />;
}

function Diagram() {
  const frame = useApp((s) => s.frame);
  const answer = useApp((s) => s.diagram);
  const heartbeats = useApp((s) => s.showMinor);
  const setShowMinor = useApp((s) => s.setShowMinor);
  const presenter = useApp((s) => s.presenter);
  const query = useApp((s) => s.queryDiagram);
  const seek = useApp((s) => s.seek);
  const body = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0, rem: 16 });
  const [view, setView] = useState<DiagramView>({ from: 0, to: SPAN_MS_DEFAULT, follow: true });

  const now = frame?.now ?? 0;
  const simNow = frame?.simNow ?? 0;
  const head = frame?.timeline.head.time ?? 0;
  const end = Math.max(head, simNow);
  const servers = frame?.options.servers ?? 0;
  const run = frame?.run ?? 0;
  const events = frame?.events ?? 0;

  // The window shown: following, the present stands at FOLLOW_AT across it.
  const span = view.to - view.from;
  const [from, to] = view.follow ? following(now, span) : [view.from, view.to];
  // Room for "Client" in the lane labels' type (larger in presenter mode).
  const labelW = Math.round(size.rem * (presenter ? 4.3 : 3.4));
  const axisH = presenter ? PRESENTER_AXIS_H : AXIS_H;
  const plotW = Math.max(1, size.w - labelW - 8);
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([from, to])
        .range([labelW, labelW + plotW]),
    [from, to, labelW, plotW],
  );

  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () =>
      setSize({
        w: el.clientWidth,
        h: el.clientHeight,
        rem: parseFloat(getComputedStyle(document.documentElement).fontSize) || 16,
      });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [presenter]);

  // A new run starts following its present again.
  useEffect(() => {
    setView((v) => ({ from: 0, to: v.to - v.from, follow: true }));
  }, [run]);

  // Ask the worker for what the window holds, whenever the window or the run changes.
  const qFrom = Math.floor(from);
  const qTo = Math.ceil(to);
  // While playing, at most one question every PLAYING_QUERY_MS (the newest window).
  const playing = frame?.playing ?? false;
  const asked = useRef(0);
  useEffect(() => {
    if (plotW <= 1) return;
    const ask = () => {
      asked.current = performance.now();
      query({ from: qFrom, to: qTo, width: Math.round(plotW), heartbeats });
    };
    const wait = playing ? asked.current + PLAYING_QUERY_MS - performance.now() : 0;
    if (wait <= 0) {
      ask();
      return;
    }
    const timer = setTimeout(ask, wait);
    return () => clearTimeout(timer);
  }, [query, qFrom, qTo, plotW, heartbeats, events, run, playing]);

  // d3-zoom reads the gestures; the window is ours (it also follows the present).
  const viewRef = useRef({ from, to, follow: view.follow, end, width: plotW });
  viewRef.current = { from, to, follow: view.follow, end, width: plotW };
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    let prev: ZoomTransform = zoomIdentity;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([1e-6, 1e6])
      .on('start', (e: { transform: ZoomTransform }) => {
        prev = e.transform;
      })
      .on('zoom', (e: { transform: ZoomTransform }) => {
        const t = e.transform;
        const v = viewRef.current;
        const [a, b] = zoomed(v, prev, t, v.width, v.end);
        const pan = t.k === prev.k;
        prev = t;
        // A pan leaves the present behind; a zoom keeps following it (if it did).
        setView({ from: a, to: b, follow: v.follow && !pan });
      });
    zoomRef.current = z;
    const sel = select(svg);
    sel.call(z);
    return () => {
      sel.on('.zoom', null);
    };
  }, []);

  const setWindow = (a: number, b: number, follow: boolean) => setView({ from: a, to: b, follow });
  const zoomBy = (factor: number) => {
    const at = view.follow || (now >= from && now <= to) ? now : (from + to) / 2;
    const [a, b] = scaled({ from, to }, factor, at, end);
    setWindow(a, b, view.follow);
  };

  const laneH = Math.max(8, (size.h - axisH - 4) / Math.max(1, servers + 1));
  const y = useCallback((id: number) => laneY(id, servers, axisH, laneH), [servers, axisH, laneH]);
  // What the worker answered is drawn at fixed coordinates, `xd`, from an origin
  // that moves only every ORIGIN_PX pixels: as the window follows the present,
  // one transform moves the drawing and no arrow is drawn again.
  const k = plotW / Math.max(1e-9, to - from);
  const originStep = ORIGIN_PX / k;
  const origin = Math.floor(from / originStep) * originStep;
  const xd = useMemo(() => (t: number) => (t - origin) * k, [origin, k]);
  const shift = labelW + (origin - from) * k;
  const vis: [number, number] = [(from - origin) * k, (to - origin) * k];
  const shownArrows = answer?.arrows.length ?? 0;
  const shownDots = answer?.dots.length ?? 0;

  // The keyboard: the diagram is one tab stop (a mark, or the drawing if none);
  // arrows, Home and End move between marks in time order, Enter goes to one's moment.
  const [active, setActive] = useState<string | null>(null);
  const stops = useMemo(() => (answer ? markStops(answer) : []), [answer]);
  const stop = tabStop(stops, active, simNow);
  const onMarkKey = (e: React.KeyboardEvent<SVGSVGElement>) => {
    const el = (e.target as Element).closest('[data-mark]');
    const key = el?.getAttribute('data-mark');
    if (!el || !key) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      const at = Number(el.getAttribute('data-at'));
      const n = Number(el.getAttribute('data-n'));
      seek({ time: at, events: n });
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
    const next = markAfterKey(stops, key, e.key);
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    setActive(next);
    const target = svgRef.current?.querySelector<SVGElement>(`[data-mark="${CSS.escape(next)}"]`);
    target?.focus();
  };

  return (
    <section
      className="panel spacetime"
      aria-label="Space-time diagram"
      data-diagram=""
      data-from={Math.round(from)}
      data-to={Math.round(to)}
      data-follow={String(view.follow)}
    >
      <header className="panel-head st-header">
        <h2>Space-time</h2>
        <div className="st-tools" role="group" aria-label="Diagram view">
          <button
            type="button"
            aria-label="Zoom in"
            title="Zoom in (or the mouse wheel)"
            onClick={() => zoomBy(0.5)}
          >
            +
          </button>
          <button type="button" aria-label="Zoom out" title="Zoom out" onClick={() => zoomBy(2)}>
            −
          </button>
          <button
            type="button"
            title="Show the whole run"
            onClick={() => {
              const [a, b] = clampPan(0, Math.max(end * 1.05, 50), end);
              setWindow(a, Math.max(b, a + 50), false);
            }}
          >
            Whole run
          </button>
          <button
            type="button"
            aria-pressed={view.follow}
            title="Keep the present in view as the run moves"
            onClick={() => setWindow(from, to, !view.follow)}
          >
            Follow
          </button>
          <label className="small check">
            <input
              type="checkbox"
              checked={heartbeats}
              onChange={(e) => setShowMinor(e.target.checked)}
            />{' '}
            heartbeats
          </label>
        </div>
        <DiagramLegend />
      </header>
      <div className="st-body" ref={body}>
        <svg
          ref={svgRef}
          className="diagram-svg"
          width={size.w}
          height={size.h}
          viewBox={`0 0 ${size.w} ${size.h}`}
          role="group"
          tabIndex={stop === null ? 0 : undefined}
          onKeyDown={onMarkKey}
          onFocus={(e) => {
            const key = (e.target as Element).getAttribute('data-mark');
            if (key) setActive(key);
          }}
          aria-label={`Messages and events from ${Math.max(0, Math.round(from))} to ${Math.round(to)} ms: ${shownArrows} arrows, ${shownDots} marks`}
        >
          <defs>
            <clipPath id="st-clip">
              <rect x={labelW} y={0} width={plotW} height={size.h} />
            </clipPath>
            <pattern
              id="st-down"
              width="8"
              height="8"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect width="8" height="8" className="st-down-bg" />
              <line x1="0" y1="0" x2="0" y2="8" className="st-down-line" />
            </pattern>
            {(['vote', 'append', 'client', 'bad', 'hb'] as const).map((k) => (
              <marker
                key={k}
                id={`st-head-${k}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="6"
                markerHeight="6"
                markerUnits="userSpaceOnUse"
                orient="auto"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" className={`st-head ${k}`} />
              </marker>
            ))}
          </defs>
          {servers > 0 && size.w > 0 && (
            <>
              <Lanes servers={servers} y={y} laneH={laneH} labelW={labelW} width={size.w} />
              <g clipPath="url(#st-clip)">
                {answer && (
                  <Drawing
                    answer={answer}
                    x={xd}
                    shift={shift}
                    vis={vis}
                    y={y}
                    laneH={laneH}
                    now={simNow}
                    end={end}
                    stop={stop}
                    onSeek={seek}
                  />
                )}
                {frame && <Flights messages={frame.messages} now={now} x={x} y={y} />}
                <NowLine x={x(now)} height={size.h} top={axisH} />
              </g>
              <Axis x={x} from={from} to={to} plotW={plotW} height={axisH} />
            </>
          )}
        </svg>
      </div>
    </section>
  );
}

function Axis({
  x,
  from,
  to,
  plotW,
  height,
}: {
  x: ScaleLinear<number, number>;
  from: number;
  to: number;
  plotW: number;
  height: number;
}) {
  const [x0, x1] = x.range() as [number, number];
  // Ticks whose words would run past either end are left out.
  const ticks = x
    .ticks(Math.max(2, Math.floor(plotW / 110)))
    .filter((t) => t >= 0 && x(t) >= x0 + 24 && x(t) <= x1 - 28);
  return (
    <g className="st-axis" aria-hidden="true">
      {ticks.map((t) => (
        <g key={t} transform={`translate(${x(t)} 0)`}>
          <line y1={height - 5} y2={height} />
          <text y={height - 8}>{tickLabel(t, to - from)}</text>
        </g>
      ))}
    </g>
  );
}

const Lanes = memo(function Lanes({
  servers,
  y,
  laneH,
  labelW,
  width,
}: {
  servers: number;
  y: (id: number) => number;
  laneH: number;
  labelW: number;
  width: number;
}) {
  const ids = [...Array.from({ length: servers }, (_, i) => i + 1), 0];
  return (
    <g className="st-lanes">
      {ids.map((id) => (
        <g key={id} data-lane={id}>
          <line className="st-lane-line" x1={labelW} x2={width} y1={y(id)} y2={y(id)} />
          <text className="st-lane-label" x={labelW - 8} y={y(id)} dy="0.35em">
            {id === 0 ? 'Client' : `S${id}`}
          </text>
          {id === 0 && (
            <line
              className="st-sep"
              x1={0}
              x2={width}
              y1={y(0) - laneH / 2}
              y2={y(0) - laneH / 2}
            />
          )}
        </g>
      ))}
    </g>
  );
});

const Drawing = memo(function Drawing({
  answer,
  x,
  shift,
  vis,
  y,
  laneH,
  now,
  end,
  stop,
  onSeek,
}: {
  answer: DiagramAnswer;
  /** Time to the drawing's x (the group is moved by `shift`; `vis` is what shows). */
  x: (t: number) => number;
  shift: number;
  vis: [number, number];
  y: (id: number) => number;
  laneH: number;
  now: number;
  end: number;
  /** The mark that takes the diagram's tab stop. */
  stop: string | null;
  onSeek(to: { time: number; events: number }): void;
}) {
  const half = laneH / 2;
  const bandH = Math.max(6, laneH - 6);
  // A term's number fits above the lane's line when the lane is tall enough.
  const labels = laneH >= 30;
  const [x0, x1] = vis;
  const clipX = (v: number) => Math.min(x1 + 10, Math.max(x0 - 10, v));
  return (
    <g transform={`translate(${shift.toFixed(2)} 0)`}>
      <g className="st-bands">
        {answer.bands.map((b) => {
          const a = clipX(x(b.from));
          const z = clipX(x(b.to ?? end));
          // Term 0: nothing yet, no band.
          if (z - a < 0.5 || b.term === 0) return null;
          return (
            <g
              key={`${b.server}-${b.from}`}
              className={`st-band ${termClass(b.term)}`}
              data-term={b.term}
            >
              <rect x={a} y={y(b.server) - bandH / 2} width={z - a} height={bandH} rx={3} />
              {labels && z - a > 30 && (
                <text
                  className="st-term"
                  x={Math.max(a, x0) + 4}
                  y={y(b.server) - bandH / 2 + 2}
                  dy="0.9em"
                >
                  T{b.term}
                </text>
              )}
            </g>
          );
        })}
      </g>
      <g className="st-down">
        {answer.down.map((d) => {
          const a = clipX(x(d.from));
          const z = clipX(x(d.to ?? end));
          return (
            <rect
              key={`${d.server}-${d.from}`}
              x={a}
              y={y(d.server) - half + 2}
              width={Math.max(0, z - a)}
              height={laneH - 4}
              fill="url(#st-down)"
              data-down={d.server}
            >
              <title>{`S${d.server} is down`}</title>
            </rect>
          );
        })}
      </g>
      <Buckets buckets={answer.buckets} x={x} y={y} laneH={laneH} />
      <g className="st-arrows">
        {answer.arrows.map((a) => (
          <Arrow
            key={a.id}
            a={a}
            x={x}
            y={y}
            future={a.at > now}
            tabbable={stop === arrowKey(a)}
            onSeek={onSeek}
          />
        ))}
      </g>
      <g className="st-dots">
        {answer.dots.map((d) => (
          <Dot
            key={`${d.kind}-${d.server}-${d.n}-${d.at}`}
            d={d}
            x={x(d.at)}
            y={y(d.server)}
            r={Math.min(9, Math.max(4, laneH / 5))}
            future={d.at > now}
            tabbable={stop === dotKey(d)}
            onSeek={onSeek}
          />
        ))}
      </g>
    </g>
  );
});

const Arrow = memo(function Arrow({
  a,
  x,
  y,
  future,
  tabbable,
  onSeek,
}: {
  a: DiagramArrow;
  x: (t: number) => number;
  y: (id: number) => number;
  future: boolean;
  tabbable: boolean;
  onSeek(to: { time: number; events: number }): void;
}) {
  const kind = DIAGRAM_KIND[a.type];
  const reply = isReplyType(a.type);
  const hb = a.minor;
  const x1 = x(a.sentAt);
  const y1 = y(a.from);
  const [x2, y2] = arrowEnd(a, x1, y1, x(a.at), y(a.to));
  const head = a.lost ? undefined : `url(#st-head-${!a.ok ? 'bad' : hb ? 'hb' : kind})`;
  const cls = `st-arrow ${kind}${reply ? ' reply' : ''}${a.ok ? '' : ' bad'}${hb ? ' hb' : ''}${a.lost ? ' lost' : ''}${future ? ' future' : ''}`;
  const d = `M${x1.toFixed(1)},${y1.toFixed(1)}L${x2.toFixed(1)},${y2.toFixed(1)}`;
  return (
    <g
      className={cls}
      data-arrow={a.id}
      data-mark={arrowKey(a)}
      role="button"
      tabIndex={tabbable ? 0 : -1}
      aria-label={arrowText(a)}
      data-from={a.from}
      data-to={a.to}
      data-type={a.type}
      data-at={a.at}
      data-n={a.n}
      data-sent={a.sentAt}
      {...(a.lost ? { 'data-lost': a.loss ?? 'down' } : {})}
      onClick={(e) => {
        e.stopPropagation();
        onSeek({ time: a.at, events: a.n });
      }}
    >
      <title>{arrowText(a)}</title>
      <path className="st-hit" d={d} />
      <path className="st-line" d={d} markerEnd={head} />
      {a.lost && (
        <path
          className="st-cross"
          data-cross=""
          d={`M${x2 - 6},${y2 - 6}L${x2 + 6},${y2 + 6}M${x2 - 6},${y2 + 6}L${x2 + 6},${y2 - 6}`}
        />
      )}
    </g>
  );
});

const DOT_GLYPH: Record<DiagramDot['kind'], string> = {
  election: '',
  vote: '',
  leader: '★',
  commit: '',
  crash: '✕',
  restart: '↻',
};

const Dot = memo(function Dot({
  d,
  x,
  y,
  r,
  future,
  tabbable,
  onSeek,
}: {
  d: DiagramDot;
  x: number;
  y: number;
  r: number;
  future: boolean;
  tabbable: boolean;
  onSeek(to: { time: number; events: number }): void;
}) {
  let shape;
  switch (d.kind) {
    case 'election':
      shape = <circle r={r} className={termClass(d.term)} />;
      break;
    case 'vote':
      shape = <circle r={r * 0.55} />;
      break;
    case 'commit':
      shape = (
        <rect x={-r * 0.6} y={-r * 0.6} width={r * 1.2} height={r * 1.2} transform="rotate(45)" />
      );
      break;
    default:
      shape = (
        <>
          <circle r={r * 1.15} className="st-dot-bg" />
          <text dy="0.36em">{DOT_GLYPH[d.kind]}</text>
        </>
      );
  }
  return (
    <g
      className={`st-dot ${d.kind}${future ? ' future' : ''}`}
      data-dot={d.kind}
      data-mark={dotKey(d)}
      role="button"
      tabIndex={tabbable ? 0 : -1}
      aria-label={dotText(d)}
      data-lane={d.server}
      data-at={d.at}
      data-n={d.n}
      transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
      onClick={(e) => {
        e.stopPropagation();
        onSeek({ time: d.at, events: d.n });
      }}
    >
      <title>{dotText(d)}</title>
      <circle className="st-hit" r={r + 5} />
      {shape}
    </g>
  );
});

const Buckets = memo(function Buckets({
  buckets,
  x,
  y,
  laneH,
}: {
  buckets: DiagramBucket[];
  x: (t: number) => number;
  y: (id: number) => number;
  laneH: number;
}) {
  if (buckets.length === 0) return null;
  const max: Record<string, number> = {};
  for (const b of buckets) max[b.what] = Math.max(max[b.what] ?? 0, b.count);
  const h = laneH * 0.38;
  const label: Record<DiagramBucket['what'], string> = {
    heartbeats: 'heartbeats and acknowledgements sent',
    messages: 'messages sent',
    events: 'elections, votes and leaders',
    commits: 'commits',
  };
  return (
    <g className="st-buckets">
      {buckets.map((b) => {
        const a = x(b.from);
        const w = Math.max(1, x(b.to) - a - 1);
        const bh = Math.max(1.5, (h * b.count) / max[b.what]!);
        const below = b.what === 'heartbeats' || b.what === 'messages';
        const base = y(b.lane);
        return (
          <rect
            key={`${b.what}-${b.lane}-${b.from}`}
            className={`st-bucket ${b.what}`}
            data-bucket={b.what}
            x={a}
            width={w}
            y={below ? base + 2 : base - 2 - bh}
            height={bh}
          >
            <title>{`${b.count} ${label[b.what]} (${b.lane === 0 ? 'the client' : `S${b.lane}`}, ${b.from}–${b.to} ms)`}</title>
          </rect>
        );
      })}
    </g>
  );
});

/** Messages in flight now: from their send to where they are. */
function Flights({
  messages,
  now,
  x,
  y,
}: {
  messages: MessageFrame[];
  now: number;
  x: ScaleLinear<number, number>;
  y: (id: number) => number;
}) {
  return (
    <g className="st-flights" aria-hidden="true">
      {messages.map((m) => {
        const span = Math.max(1, m.deliverAt - m.sentAt);
        const f = Math.min(1, Math.max(0, (now - m.sentAt) / span));
        const y1 = y(m.from);
        const y2 = y1 + (y(m.to) - y1) * f;
        return (
          <path
            key={m.id}
            data-flight={m.id}
            className={`st-flight ${DIAGRAM_KIND[m.type]}`}
            d={`M${x(m.sentAt).toFixed(1)},${y1.toFixed(1)}L${x(m.sentAt + span * f).toFixed(1)},${y2.toFixed(1)}`}
          />
        );
      })}
    </g>
  );
}

function NowLine({ x, height, top }: { x: number; height: number; top: number }) {
  return (
    <g className="st-now" aria-hidden="true">
      <line x1={x} x2={x} y1={top - 4} y2={height} />
      <path d={`M${x - 5},${top - 10}L${x + 5},${top - 10}L${x},${top - 3}z`} />
    </g>
  );
}

/** The marks of a server's events on its lane, each a glyph and its word. */
const MARKS = [
  ['●', 'election'],
  ['•', 'vote'],
  ['★', 'leader'],
  ['◆', 'commit'],
] as const;

/**
 * Two groups that wrap whole (a line each where the diagram is narrow, one line where
 * it is wide): the messages' lines (kinds, replies, lost), then the servers' marks.
 */
const DiagramLegend = memo(function DiagramLegend() {
  return (
    <div className="st-legend" aria-label="Diagram legend">
      <span className="st-lg-group">
        {(['vote', 'append', 'client'] as const).map((kind) => (
          <span key={kind}>
            <svg viewBox="0 0 24 12" aria-hidden="true">
              <line className={`st-lg ${kind}`} x1="1" y1="6" x2="23" y2="6" />
            </svg>
            {kind}
          </span>
        ))}
        <span>┄ reply</span>
        <span>✕ lost</span>
      </span>
      <span className="st-lg-group">
        {MARKS.map(([glyph, word]) => (
          <span key={word}>
            {glyph} {word}
          </span>
        ))}
      </span>
    </div>
  );
});
