/** One server on the ring: role by shape and label, term, vote, timer arc, crashed state. */
import { memo, type KeyboardEvent } from 'react';
import type { ServerFrame } from '../../protocol/index.ts';
import {
  besidePlace,
  hitRadius,
  LABEL_LINE,
  labelPlace,
  TIMER_GAP,
  TIMER_WIDTH,
  timeoutArc,
  timerFrac,
  type Point,
} from '../geometry.ts';
import { termColor } from '../theme.ts';
import { useApp } from '../context.ts';
import { quorumWords } from '../quorumWords.ts';

/** "{1,2,3}", or "{1,2,3}→{1,2,4}" while it uses C_old,new: compact, for the ring. */
export function compactConfig(c: ServerFrame['config']): string {
  const set = (ids: readonly number[]) => `{${ids.join(',')}}`;
  return c.old ? `${set(c.old)}→${set(c.members)}` : set(c.members);
}

/**
 * The configuration as drawn beside a server: runs of three or more ids as a range,
 * so a 9-server label stays inside the view ({1–9}→{1–5}, not nineteen characters).
 */
export function configLabel(c: ServerFrame['config']): string {
  const set = (ids: readonly number[]) => {
    const parts: string[] = [];
    for (let i = 0; i < ids.length;) {
      let j = i;
      while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
      if (j - i >= 2) parts.push(`${ids[i]}–${ids[j]}`);
      else for (let k = i; k <= j; k++) parts.push(String(ids[k]));
      i = j + 1;
    }
    return `{${parts.join(',')}}`;
  };
  return c.old ? `${set(c.old)}→${set(c.members)}` : set(c.members);
}

interface Props {
  server: ServerFrame;
  pos: Point;
  body: number;
  heartbeatMs: number;
  clusterSize: number;
  /** Labels beside the server, not above or below it (presenter mode, a short canvas). */
  beside?: boolean;
  selected: boolean;
  /** A leader of an older term than another live leader's: it only believes it leads. */
  believesOnly?: boolean;
  /** Draw the configuration it uses (runs where membership is in play). */
  showConfig?: boolean;
  onSelect(id: number): void;
}

const ROLE_LABEL = { leader: 'LEADER', candidate: 'Candidate', follower: 'Follower' } as const;
const MEMBER_LABEL = { voter: 'Follower', learner: 'Catching up', outside: 'Outside' } as const;
const MEMBER_WORDS = {
  voter: 'voting member',
  learner: 'catching up, not counted yet',
  outside: 'outside the cluster',
} as const;

function timer(s: ServerFrame, now: number, heartbeatMs: number): number {
  if (!s.up) return 0;
  if (s.role === 'leader' && s.heartbeatDeadline !== null)
    return timerFrac(now, s.heartbeatDeadline - heartbeatMs, s.heartbeatDeadline);
  if (s.electionDeadline !== null) return timerFrac(now, s.electionStartedAt, s.electionDeadline);
  return 0;
}

function Crown({ y }: { y: number }) {
  return (
    <path
      className="crown"
      transform={`translate(0 ${y})`}
      d="M -26 0 L -30 -26 L -14 -12 L 0 -32 L 14 -12 L 30 -26 L 26 0 Z"
    />
  );
}

/** The timer arc: the only part of a server that changes from frame to frame. */
function TimerArc({
  server: s,
  heartbeatMs,
  ring,
  outer,
}: {
  server: ServerFrame;
  heartbeatMs: number;
  ring: number;
  outer: number;
}) {
  const now = useApp((st) => st.frame?.now ?? 0);
  const frac = timer(s, now, heartbeatMs);
  if (frac <= 0) return null;
  const leader = s.up && s.role === 'leader';
  return (
    <path className={`timer${leader ? ' heartbeat' : ''}`} d={timeoutArc(frac, ring, outer)} />
  );
}

/** The fields a server is drawn from: a frame that changes none of them draws it again only its timer. */
const DRAWN: readonly (keyof ServerFrame)[] = [
  'id',
  'up',
  'role',
  'term',
  'votedFor',
  'votes',
  'electionStartedAt',
  'electionDeadline',
  'heartbeatDeadline',
  'member',
  'change',
];

const sameIds = (a: readonly number[] | null, b: readonly number[] | null): boolean =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

function sameVotes(a: ServerFrame, b: ServerFrame): boolean {
  return (
    sameIds(a.config.members, b.config.members) &&
    sameIds(a.config.old, b.config.old) &&
    a.quorum.length === b.quorum.length &&
    a.quorum.every((h, i) => h.got === b.quorum[i]!.got && h.need === b.quorum[i]!.need)
  );
}

function sameDrawing(a: Props, b: Props): boolean {
  return (
    a.pos === b.pos &&
    a.body === b.body &&
    a.heartbeatMs === b.heartbeatMs &&
    a.clusterSize === b.clusterSize &&
    a.beside === b.beside &&
    a.selected === b.selected &&
    a.believesOnly === b.believesOnly &&
    a.showConfig === b.showConfig &&
    a.onSelect === b.onSelect &&
    DRAWN.every((k) => a.server[k] === b.server[k]) &&
    sameVotes(a.server, b.server)
  );
}

export const ServerNode = memo(function ServerNode({
  server: s,
  pos,
  body,
  heartbeatMs,
  clusterSize,
  beside = false,
  selected,
  believesOnly = false,
  showConfig = false,
  onSelect,
}: Props) {
  const ring = body + TIMER_GAP;
  const outer = ring + TIMER_WIDTH;
  const role = s.up ? s.role : 'follower';
  const vote = s.votedFor === null ? 'no vote' : `voted S${s.votedFor}`;
  const stale = believesOnly && s.up && role === 'leader';
  // §6: a server outside the configuration waits; one catching up is not counted yet.
  const apart = s.member !== 'voter' && role === 'follower';
  const label = !s.up
    ? 'CRASHED'
    : stale
      ? 'Believes it leads'
      : apart
        ? MEMBER_LABEL[s.member]
        : ROLE_LABEL[role];
  const detail = !s.up
    ? `term ${s.term}`
    : stale
      ? `(term ${s.term})`
      : role === 'candidate'
        ? quorumWords(s.quorum, 'short')
        : role === 'leader' && !s.config.members.includes(s.id)
          ? 'not in C_new'
          : vote;
  const roleWords = !s.up
    ? 'crashed'
    : stale
      ? `leader, believes it leads (term ${s.term}): a newer term has a leader`
      : s.role;
  const config = showConfig ? configLabel(s.config) : null;
  const memberWords =
    s.member === 'voter'
      ? s.change === null
        ? ''
        : `, voting member (${s.change})`
      : role === 'leader' && !s.config.members.includes(s.id)
        ? ', not in C_new: outside the cluster once C_new commits'
        : `, ${MEMBER_WORDS[s.member]}`;
  const votesWords = role === 'candidate' && s.up ? `, votes ${detail}` : '';
  const name = `S${s.id}: ${roleWords}, term ${s.term}, ${vote}${votesWords}${memberWords}${config ? `, uses configuration ${config}` : ''}${selected ? ', selected' : ''}`;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onSelect(s.id);
    }
  };
  const fill = termColor(s.term);
  const place = beside
    ? besidePlace(s.id, clusterSize, outer)
    : labelPlace(s.id, clusterSize, outer, role === 'leader' && s.up ? 44 : 0);
  // Below and above the ring the configuration goes beside the second line (room to the
  // sides, none below or above); elsewhere it is a third line.
  // Above the top server too: a third line there would leave the view box (issue 10).
  const inline = config !== null && place.valign !== 'middle' && place.anchor === 'middle';
  // Joining or leaving (while joint): on the vote line below the ring, else a line of its own
  // (beside the ring a longer vote line would run out of the view).
  const change =
    s.up &&
    role !== 'candidate' &&
    !stale &&
    !(role === 'leader' && !s.config.members.includes(s.id))
      ? s.change
      : null;
  const changeLine = change !== null && !inline;
  const extra = (config === null || inline ? 0 : 1) + (changeLine ? 1 : 0);
  // The baseline of the first line, so that the two- (or three-) line block sits as placed.
  const firstLine =
    place.valign === 'top'
      ? place.y + LABEL_LINE * 0.8
      : place.valign === 'bottom'
        ? place.y - LABEL_LINE * (1.2 + extra)
        : place.y - LABEL_LINE * (0.2 + extra / 2);
  const node = (
    <g
      data-server={s.id}
      data-role={s.role}
      data-term={s.term}
      data-up={String(s.up)}
      data-member={s.member}
      data-config={compactConfig(s.config)}
      aria-selected={selected}
      role="option"
      tabIndex={0}
      aria-label={name}
      className={`server role-${role} member-${s.member}${s.up ? '' : ' down'}${stale ? ' stale' : ''}${selected ? ' selected' : ''}`}
      transform={`translate(${pos.x.toFixed(1)} ${pos.y.toFixed(1)})`}
      onClick={() => onSelect(s.id)}
      onKeyDown={onKey}
    >
      <title>{name}</title>
      <circle className="hit" r={hitRadius(body)} />
      {selected && <circle className="select-ring" r={hitRadius(body) + 2} />}
      <path className="timer-track" d={timeoutArc(1, ring, outer)} />
      <TimerArc server={s} heartbeatMs={heartbeatMs} ring={ring} outer={outer} />
      {role === 'candidate' && s.up ? (
        <rect
          className="body"
          x={-body * 0.9}
          y={-body * 0.9}
          width={body * 1.8}
          height={body * 1.8}
          rx={body * 0.28}
          style={{ '--term': fill } as React.CSSProperties}
        />
      ) : (
        <circle className="body" r={body} style={{ '--term': fill } as React.CSSProperties} />
      )}
      {role === 'leader' && s.up && (
        <>
          <circle className="leader-ring" r={body - 6} />
          <Crown y={-ring - 12} />
        </>
      )}
      {!s.up && (
        <g className="crash-x">
          <line x1={-body * 0.75} y1={-body * 0.75} x2={body * 0.75} y2={body * 0.75} />
          <line x1={body * 0.75} y1={-body * 0.75} x2={-body * 0.75} y2={body * 0.75} />
        </g>
      )}
    </g>
  );
  // The labels sit beside the server, outside its element: the element's box stays
  // centred on the server (a click on its middle lands on it).
  return (
    <>
      {node}
      <g
        className={`server-label role-${role} member-${s.member}${s.up ? '' : ' down'}${stale ? ' stale' : ''}`}
        transform={`translate(${pos.x.toFixed(1)} ${pos.y.toFixed(1)})`}
        aria-hidden="true"
      >
        {/* Drawn over the server but outside its element, as the labels are: its name
            says all of it, and no drawn word may be missing from the name (WCAG 2.5.3). */}
        <text className="sid" y={-body * 0.12}>
          S{s.id}
        </text>
        <text className="sterm" y={body * 0.45}>
          term {s.term}
        </text>
        <text className="slabel" x={place.x} y={firstLine} textAnchor={place.anchor}>
          <tspan className="srole">{label}</tspan>
          <tspan className="svote" x={place.x} dy={LABEL_LINE}>
            {change !== null && !changeLine ? `${detail}, ${change}` : detail}
          </tspan>
          {changeLine && (
            <tspan className="svote" x={place.x} dy={LABEL_LINE}>
              {change}
            </tspan>
          )}
          {config !== null && (
            <tspan
              className={`sconfig${s.config.old ? ' joint' : ''}`}
              {...(inline ? { dx: 10 } : { x: place.x, dy: LABEL_LINE })}
            >
              {config}
            </tspan>
          )}
        </text>
      </g>
    </>
  );
}, sameDrawing);
