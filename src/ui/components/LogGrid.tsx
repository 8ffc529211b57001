/**
 * The logs: one row per server, one column per index, virtualized. Only the
 * columns in view are in the DOM; the worker sends just that window. Following
 * the tail (the default) keeps the newest entries in view; scrolling left stops
 * following until the user scrolls back to the end.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogWindow, ServerFrame } from '../../protocol/index.ts';
import { useApp } from '../context.ts';
import { termClass } from '../theme.ts';
import { logColumns, type Columns } from '../logColumns.ts';

const OVERSCAN = 3;

function useRem(): number {
  const [rem, setRem] = useState(16);
  useEffect(() => {
    const read = () =>
      setRem(parseFloat(getComputedStyle(document.documentElement).fontSize) || 16);
    read();
    window.addEventListener('resize', read);
    return () => window.removeEventListener('resize', read);
  }, []);
  return rem;
}

export function LogGrid() {
  const servers = useApp((s) => s.panels.logs.frame?.servers);
  const logs = useApp((s) => s.panels.logs.logs);
  const setLogView = useApp((s) => s.setLogView);
  const follow = useApp((s) => s.logView.follow);
  const selected = useApp((s) => s.selected);
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [width, setWidth] = useState(600);
  const rem = useRem();
  const cw = Math.round(3.3 * rem);

  // The scroller appears with the first frame: measure it from then on.
  const scrollerRef = useCallback((el: HTMLDivElement | null) => {
    scroller.current = el;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => {
      ro.disconnect();
      scroller.current = null;
    };
  }, []);

  const maxLast = servers ? Math.max(0, ...servers.map((s) => s.lastIndex)) : 0;
  const cols: Columns = logColumns({
    maxLast,
    width,
    cellWidth: cw,
    scrollLeft,
    follow,
    overscan: OVERSCAN,
  });

  // Following: stay scrolled to the end as the logs grow.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && follow && el.scrollLeft !== cols.maxScroll) el.scrollLeft = cols.maxScroll;
  }, [follow, cols.maxScroll]);

  useEffect(() => {
    setLogView({ from: cols.from, count: cols.count, follow });
  }, [cols.from, cols.count, follow, setLogView]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    // The canvas reaches a little past the end of the logs: scrolling stops there.
    if (el.scrollLeft > cols.maxScroll) el.scrollLeft = cols.maxScroll;
    const atEnd = el.scrollLeft >= cols.maxScroll - cw / 2;
    // Following, the scroll position is the end's: only the user's scrolling counts.
    if (follow && atEnd) return;
    setScrollLeft(el.scrollLeft);
    if (atEnd !== follow) setLogView({ from: cols.from, count: cols.count, follow: atEnd });
  };

  if (!servers) return <section className="panel logs" aria-label="Logs" />;
  const leader = servers.find((s) => s.up && s.role === 'leader') ?? null;
  const headers = [];
  for (let i = cols.first; i <= cols.last; i++)
    headers.push(
      <div key={i} className="log-idx" style={{ left: (i - 1) * cw, width: cw }}>
        {i}
      </div>,
    );

  return (
    <section className="panel logs" aria-label="Logs">
      <header className="panel-head">
        <h2>Logs</h2>
        <span className="log-legend">
          <span className="sw committed" /> committed <span className="sw uncommitted" /> not yet
          {leader && (
            <>
              {' '}
              · <span aria-hidden="true">●</span> matchIndex <span aria-hidden="true">▲</span>{' '}
              nextIndex (S{leader.id}'s view)
            </>
          )}
        </span>
        {!follow && (
          <button
            type="button"
            className="small"
            onClick={() => setLogView({ from: cols.from, count: cols.count, follow: true })}
          >
            Newest →
          </button>
        )}
      </header>
      <div className="log-body" style={{ '--cw': `${cw}px` } as React.CSSProperties}>
        <div className="log-names" aria-hidden="true">
          <div className="log-idx-spacer" />
          {servers.map((s) => (
            <div
              key={s.id}
              className={`log-name${s.up ? '' : ' down'}${selected === s.id ? ' selected' : ''}`}
            >
              {s.up && s.role === 'leader' ? '♛ ' : ''}S{s.id}
            </div>
          ))}
        </div>
        <div
          className="log-scroll"
          ref={scrollerRef}
          onScroll={onScroll}
          tabIndex={0}
          aria-label="Log entries, scroll sideways"
        >
          <div className="log-canvas" style={{ width: cols.canvas * cw }}>
            <div className="log-head">{headers}</div>
            {servers.map((s) => (
              <LogRow
                key={s.id}
                server={s}
                window={logs[s.id]}
                first={cols.first}
                last={cols.last}
                cw={cw}
                next={leader && leader.id !== s.id ? (leader.nextIndex[s.id] ?? null) : null}
                match={leader && leader.id !== s.id ? (leader.matchIndex[s.id] ?? null) : null}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

interface RowProps {
  server: ServerFrame;
  window: LogWindow | undefined;
  first: number;
  last: number;
  cw: number;
  next: number | null;
  match: number | null;
}

const LogRow = memo(function LogRow({ server, window: w, first, last, cw, next, match }: RowProps) {
  const cells = [];
  if (w) {
    const lo = Math.max(first, w.from);
    const hi = Math.min(last, w.from + w.entries.length - 1, server.lastIndex);
    for (let i = lo; i <= hi; i++) {
      const e = w.entries[i - w.from]!;
      cells.push(
        <Cell
          key={i}
          server={server.id}
          index={i}
          term={e.term}
          command={e.command}
          config={e.config}
          committed={i <= server.commitIndex}
          kept={server.snapshot !== null && i <= server.snapshot.index}
          left={(i - 1) * cw}
        />,
      );
    }
  }
  // §7: the entries a snapshot replaced are drawn as one block, ending right before the
  // first entry; entries kept after it (a margin, dissertation §5.1) are cells, marked kept.
  const snap = server.snapshot;
  const snapLo = Math.max(first, 1);
  const snapHi = snap ? Math.min(last, snap.logStart) : 0;
  return (
    <div className={`log-row${server.up ? '' : ' down'}`}>
      {snap && snapHi >= snapLo && (
        <div
          className="snapshot-block"
          data-snapshot-server={server.id}
          data-snapshot-index={snap.index}
          data-snapshot-term={snap.term}
          style={{ left: (snapLo - 1) * cw, width: (snapHi - snapLo + 1) * cw - 3 }}
          title={
            snap.logStart < snap.index
              ? `S${server.id}'s snapshot: entries 1 to ${snap.index} (last term ${snap.term}); 1 to ${snap.logStart} compacted (§7), ${snap.logStart + 1} to ${snap.index} kept in the log for followers slightly behind (dissertation §5.1)`
              : `S${server.id}'s snapshot: entries 1 to ${snap.index} (last term ${snap.term}) compacted, §7`
          }
        >
          <span>
            snapshot
            <br />≤{snap.index} · t{snap.term}
          </span>
        </div>
      )}
      {cells}
      {match !== null && match >= 1 && (
        <span
          className="mark match"
          style={{ left: (match - 1) * cw + cw / 2 }}
          title={`matchIndex ${match}`}
        >
          ●
        </span>
      )}
      {next !== null && (
        <span
          className="mark next"
          style={{ left: (next - 1) * cw + cw / 2 }}
          title={`nextIndex ${next}`}
        >
          ▲
        </span>
      )}
    </div>
  );
});

interface CellProps {
  server: number;
  index: number;
  term: number;
  command: string | null;
  config: string | undefined;
  committed: boolean;
  /** In the snapshot, yet kept in the log (a snapshot margin, dissertation §5.1). */
  kept: boolean;
  left: number;
}

/** One entry. Its props are plain values: an entry that did not change is not drawn again. */
const Cell = memo(function Cell({
  server,
  index,
  term,
  command,
  config,
  committed,
  kept,
  left,
}: CellProps) {
  // A configuration entry is drawn apart from commands (§6): its own class and words.
  const text = config !== undefined ? `config ${config}` : (command ?? 'no-op');
  // In the cell, the phase (§6, Figure 11): "C_old,new" while joint, else "C_new"; the sets in the title.
  const shown = config === undefined ? text : config.includes('→') ? 'C_old,new' : 'C_new';
  return (
    <div
      data-log-server={server}
      data-index={index}
      data-term={term}
      data-committed={String(committed)}
      data-kind={config !== undefined ? 'config' : undefined}
      data-kept={kept ? 'true' : undefined}
      className={`cell ${termClass(term)} ${committed ? 'committed' : 'uncommitted'}${config !== undefined ? ' config' : command === null ? ' noop' : ''}${kept ? ' kept' : ''}`}
      style={{ left }}
      title={`S${server} index ${index}, term ${term}: ${text} (${committed ? 'committed' : 'not committed'}${kept ? '; in the snapshot, kept in the log for followers slightly behind, dissertation §5.1' : ''})`}
    >
      {/* One text node, two lines (the term, styled as the first line, then the
          command): a new entry costs the page two objects to lay out. */}
      {`${term}\n${shown}`}
    </div>
  );
});
