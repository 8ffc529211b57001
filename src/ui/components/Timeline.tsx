/**
 * The timeline under the cluster: a scrubber over the whole run (0 .. head) in
 * virtual time, its markers (elections, leaders, crashes, restarts, partitions,
 * heals, commits), and "Step back" and "Undo". Dragging sends a seek per move;
 * the worker works on the latest only.
 */
import { useMemo, useState } from 'react';
import { useApp } from '../context.ts';
import { MARKER_GLYPH, MARKER_LABEL, placeMarkers } from '../markerLayout.ts';
import { pointsReached, presetById, type PausePoint } from '../../scenario/presets.ts';

export function Timeline() {
  const head = useApp((s) => s.panels.timeline.frame?.timeline.head ?? null);
  const headTime = head?.time ?? 0;
  const headEvents = head?.events ?? 0;
  const now = useApp((s) => s.panels.timeline.frame?.simNow ?? 0);
  const events = useApp((s) => s.panels.timeline.frame?.events ?? 0);
  const canUndo = useApp((s) => s.panels.timeline.frame?.timeline.canUndo ?? false);
  const markers = useApp((s) => s.panels.timeline.markers);
  const horizonTime = useApp((s) => s.panels.timeline.frame?.timeline.horizon?.time ?? 0);
  const horizonEvents = useApp((s) => s.panels.timeline.frame?.timeline.horizon?.events ?? 0);
  const presetId = useApp((s) => s.explanation?.id ?? null);
  const points = (presetId !== null && presetById(presetId)?.points) || null;
  const seek = useApp((s) => s.seek);
  const stepBack = useApp((s) => s.stepBack);
  const undo = useApp((s) => s.undo);
  const embed = useApp((s) => s.embed);
  // While the thumb is dragged it shows where the user points, not the last frame.
  const [dragging, setDragging] = useState<number | null>(null);
  // The scrubber reaches to the horizon (a preset's story end) if it lies past the head.
  const end =
    horizonTime > headTime
      ? { time: horizonTime, events: horizonEvents }
      : { time: headTime, events: headEvents };
  const placed = useMemo(
    () => placeMarkers(markers, { time: end.time, events: end.events }),
    [markers, end.time, end.events],
  );
  const max = Math.max(1, end.time);
  const value = dragging ?? Math.min(now, max);
  const go = (time: number) => seek(time >= end.time ? end : { time, events: Infinity });
  return (
    <section className="timeline" aria-label="Time travel">
      <button
        type="button"
        onClick={stepBack}
        disabled={events === 0}
        aria-keyshortcuts="ArrowLeft"
        title="Go back exactly one event (←)"
      >
        Step back
      </button>
      <div className="scrubber">
        <div className="markers" role="group" aria-label="Markers">
          {placed.map((p) => {
            const key = `${p.marker.kind}-${p.marker.time}-${p.marker.events}`;
            const title = `${p.marker.time} ms: ${p.marker.text}${p.count > 1 ? ` (+${p.count - 1} more)` : ''}`;
            const style = { left: `calc(${p.x * 100}% + ${p.nudge}rem)` };
            const go = () => seek({ time: p.marker.time, events: p.marker.events });
            // Commit ticks are many and thin: clickable, but left out of Tab's way
            // (the event log lists commits); the other markers are buttons.
            return p.marker.kind === 'commit' ? (
              <span
                key={key}
                className="marker commit"
                style={style}
                onClick={go}
                title={title}
                aria-hidden="true"
                data-marker={p.marker.kind}
                data-time={p.marker.time}
              >
                {MARKER_GLYPH.commit}
              </span>
            ) : (
              <button
                type="button"
                key={key}
                className={`marker ${p.marker.kind}`}
                style={style}
                onClick={go}
                title={title}
                aria-label={`Go to ${title}`}
                data-marker={p.marker.kind}
                data-time={p.marker.time}
              >
                {MARKER_GLYPH[p.marker.kind]}
              </button>
            );
          })}
        </div>
        {end.time > headTime && (
          <div
            className="unrun"
            style={{ left: `calc(${(headTime / max) * 100}% + 0.45rem)` }}
            title="Not run yet: the story goes on to here"
            aria-hidden="true"
          />
        )}
        <input
          type="range"
          aria-label="Timeline"
          aria-valuetext={`${value} ms of ${headTime} ms`}
          min={0}
          max={max}
          step={1}
          value={value}
          data-head-time={headTime}
          data-head-events={headEvents}
          onChange={(e) => {
            const t = Number(e.target.value);
            setDragging(t);
            go(t);
          }}
          onPointerUp={() => setDragging(null)}
          onKeyUp={() => setDragging(null)}
          onBlur={() => setDragging(null)}
        />
        {points && (
          <PausePoints points={points} max={max} now={{ time: now, events }} onGo={seek} />
        )}
      </div>
      <span className="timeline-head" title="The end of the recorded run">
        {(headTime / 1000).toFixed(2)} s
      </span>
      <button
        type="button"
        onClick={undo}
        disabled={!canUndo}
        aria-keyshortcuts="u"
        title="Bring back the future your last action in the past replaced (U)"
      >
        Undo
      </button>
      {!embed && <DiagramToggle />}
      <MarkerLegend
        kinds={[...new Set(placed.map((p) => p.marker.kind))]}
        pausePoints={points !== null}
      />
    </section>
  );
}

/** Shows or hides the space-time diagram (between the cluster and this timeline). */
function DiagramToggle() {
  const open = useApp((s) => s.diagramOpen);
  const setOpen = useApp((s) => s.setDiagramOpen);
  return (
    <button
      type="button"
      className="diagram-toggle"
      aria-pressed={open}
      aria-label="Space-time diagram"
      title="Show or hide the space-time diagram: a lane per server, every message an arrow"
      onClick={() => setOpen(!open)}
    >
      <span aria-hidden="true">Diagram</span>
    </button>
  );
}

/**
 * A preset's pause points, under the scrubber: numbered, filled once reached;
 * a click goes there (running the story on to it if need be).
 */
function PausePoints({
  points,
  max,
  now,
  onGo,
}: {
  points: PausePoint[];
  max: number;
  now: { time: number; events: number };
  onGo: (to: { time: number; events: number }) => void;
}) {
  const reached = pointsReached({ points }, now);
  return (
    <div className="pause-points" role="group" aria-label="Pause points">
      {points.map((q, i) => (
        <button
          type="button"
          key={`${q.time}-${q.events}`}
          className={`pause-point${i < reached ? ' reached' : ''}`}
          style={{ left: `${(Math.min(q.time, max) / max) * 100}%` }}
          onClick={() => onGo({ time: q.time, events: q.events })}
          title={`Pause point ${i + 1} of ${points.length}, at ${q.time} ms`}
          aria-label={`Go to pause point ${i + 1} of ${points.length} (${q.time} ms)`}
          data-pause-point={i + 1}
          data-time={q.time}
          data-reached={i < reached}
        >
          {i + 1}
        </button>
      ))}
    </div>
  );
}

function MarkerLegend({
  kinds,
  pausePoints,
}: {
  kinds: (keyof typeof MARKER_GLYPH)[];
  pausePoints: boolean;
}) {
  if (kinds.length === 0 && !pausePoints) return null;
  return (
    <ul className="marker-legend" aria-label="Marker legend">
      {pausePoints && (
        <li>
          <span className="pause-point" aria-hidden="true">
            1
          </span>{' '}
          pause point of the story
        </li>
      )}
      {kinds.map((k) => (
        <li key={k}>
          <span className={`marker ${k}`} aria-hidden="true">
            {MARKER_GLYPH[k]}
          </span>{' '}
          {MARKER_LABEL[k]}
        </li>
      ))}
    </ul>
  );
}
