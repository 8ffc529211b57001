/** A message in flight: requests are solid, replies hollow; votes round, appends square, client traffic diamond. */
import { memo } from 'react';
import type { MessageFrame } from '../../protocol/index.ts';
import type { Point } from '../geometry.ts';

interface Props {
  m: MessageFrame;
  pos: Point;
  /** Presenter mode: the label waits, hidden, while it would meet a server's circle. */
  labelHidden?: boolean;
  selected: boolean;
  onSelect(id: number): void;
  onHover(id: number | null): void;
}

const KIND: Record<MessageFrame['type'], 'vote' | 'append' | 'client' | 'snapshot'> = {
  RequestVote: 'vote',
  RequestVoteReply: 'vote',
  AppendEntries: 'append',
  AppendEntriesReply: 'append',
  ClientRequest: 'client',
  ClientReply: 'client',
  PreVote: 'vote',
  PreVoteReply: 'vote',
  TimeoutNow: 'vote',
  // §7: a snapshot is drawn apart from replication: a wide document with a folded corner.
  InstallSnapshot: 'snapshot',
  InstallSnapshotReply: 'snapshot',
};

/** A document with its top-right corner folded: the request larger than the reply. */
const SNAPSHOT_PATH = [
  'M -22 -16 L 14 -16 L 22 -8 L 22 16 L -22 16 Z',
  'M -18 -13 L 11 -13 L 18 -6 L 18 13 L -18 13 Z',
];

export function isReply(type: MessageFrame['type']): boolean {
  return type.endsWith('Reply');
}

export const MessageGlyph = memo(function MessageGlyph({
  m,
  pos,
  labelHidden = false,
  selected,
  onSelect,
  onHover,
}: Props) {
  const kind = KIND[m.type];
  const reply = isReply(m.type);
  const heartbeat = m.type === 'AppendEntries' && m.label === 'HB';
  const cls = `msg ${kind} ${reply ? 'reply' : 'request'}${m.ok ? '' : ' bad'}${heartbeat ? ' hb' : ''}${labelHidden ? ' label-hidden' : ''}${selected ? ' selected' : ''}`;
  let shape;
  if (kind === 'vote') shape = <circle r={reply ? 14 : 17} />;
  else if (kind === 'append')
    shape = heartbeat ? (
      <rect x={-15} y={-11} width={30} height={22} rx={5} />
    ) : (
      <rect x={-20} y={-14} width={40} height={28} rx={5} />
    );
  else if (kind === 'snapshot') shape = <path d={SNAPSHOT_PATH[reply ? 1 : 0]} />;
  else
    shape = (
      <path d={reply ? 'M 0 -15 L 15 0 L 0 15 L -15 0 Z' : 'M 0 -18 L 18 0 L 0 18 L -18 0 Z'} />
    );
  return (
    <g
      data-message={m.id}
      data-type={m.type}
      data-from={m.from}
      data-to={m.to}
      role="button"
      tabIndex={0}
      // The drawn label ("HB", "3", "✓") is part of the name (WCAG 2.5.3).
      aria-label={`Message ${m.label}: ${m.summary}`}
      aria-pressed={selected}
      className={cls}
      transform={`translate(${pos.x.toFixed(1)} ${pos.y.toFixed(1)})`}
      onClick={(e) => {
        e.stopPropagation();
        onSelect(m.id);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onSelect(m.id);
        }
      }}
      onMouseEnter={() => onHover(m.id)}
      onMouseLeave={() => onHover(null)}
      onFocus={() => onHover(m.id)}
      onBlur={() => onHover(null)}
    >
      <circle className="msg-hit" r={24} />
      {shape}
      <text className="msg-label" y={1}>
        {m.label}
      </text>
    </g>
  );
});
