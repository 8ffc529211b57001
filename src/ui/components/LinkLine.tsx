/** A link between two servers: one line when up both ways, two lanes when a direction is cut. */
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { linkSegment, linkState, type Point } from '../geometry.ts';

interface Props {
  a: number;
  b: number;
  pa: Point;
  pb: Point;
  inset: number;
  ab: boolean;
  ba: boolean;
  onToggle(a: number, b: number): void;
  onOneWay(a: number, b: number): void;
}

const LANE = 7;

function Lane({ from, to, up }: { from: Point; to: Point; up: boolean }) {
  return (
    <line
      className={up ? 'lane up' : 'lane cut'}
      x1={from.x}
      y1={from.y}
      x2={to.x}
      y2={to.y}
      markerEnd={up ? 'url(#arrow)' : undefined}
    />
  );
}

export const LinkLine = memo(function LinkLine({
  a,
  b,
  pa,
  pb,
  inset,
  ab,
  ba,
  onToggle,
  onOneWay,
}: Props) {
  const state = linkState(ab, ba, a, b);
  const [p, q] = linkSegment(pa, pb, inset);
  const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
  const words =
    state === 'both'
      ? 'up both ways'
      : state === 'none'
        ? 'cut both ways'
        : `carries S${state.split('-')[0]} → S${state.split('-')[1]} only`;
  const act = (e: MouseEvent | KeyboardEvent) => {
    if (e.shiftKey || e.altKey) onOneWay(a, b);
    else onToggle(a, b);
  };
  return (
    <g
      data-link={`${a}-${b}`}
      data-up={state}
      role="button"
      tabIndex={0}
      aria-label={`Link S${a}–S${b}: ${words}. Click to ${state === 'both' ? 'cut' : 'restore'}; Shift+click cuts one way.`}
      className={`link link-${state === 'both' ? 'up' : state === 'none' ? 'none' : 'oneway'}`}
      onClick={act}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          act(e);
        }
      }}
    >
      <title>{`S${a}–S${b}: ${words}`}</title>
      <line className="link-hit" x1={p.x} y1={p.y} x2={q.x} y2={q.y} />
      {state === 'both' ? (
        <line className="link-line" x1={p.x} y1={p.y} x2={q.x} y2={q.y} />
      ) : (
        <>
          <Lane {...laneOf(pa, pb, inset, ab)} />
          <Lane {...laneOf(pb, pa, inset, ba)} />
          {state === 'none' && (
            <g className="cut-mark" transform={`translate(${mid.x} ${mid.y})`}>
              <circle r={13} />
              <path d="M -6 -6 L 6 6 M 6 -6 L -6 6" />
            </g>
          )}
        </>
      )}
    </g>
  );
});

function laneOf(from: Point, to: Point, inset: number, up: boolean) {
  const [p, q] = linkSegment(from, to, inset + 4, LANE);
  return { from: p, to: q, up };
}
