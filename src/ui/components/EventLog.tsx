/** What happened, in words, with the paper's section: newest first, filterable by server. */
import { memo } from 'react';
import type { EventFrame } from '../../protocol/index.ts';
import { useApp } from '../context.ts';

/** Rows shown when paused or playing slowly (scroll to read back), and while playing fast (the newest). */
export const SHOWN_PAUSED = 120;
export const SHOWN_PLAYING = 12;
/** Above this speed, rows arrive faster than anyone reads them. */
export const FAST_SPEED = 0.1;

export function EventLog() {
  const events = useApp((s) => s.panels.events.events);
  // While the run plays fast, new rows push the old ones down faster than anyone
  // reads them: only the newest few are drawn (each update then costs little).
  const fast = useApp((s) => {
    const f = s.panels.events.frame;
    return f !== null && f.playing && f.speed > FAST_SPEED;
  });
  const limit = fast ? SHOWN_PLAYING : SHOWN_PAUSED;
  const playing = useApp((s) => s.panels.events.frame?.playing ?? false);
  const filter = useApp((s) => s.eventFilter);
  const showMinor = useApp((s) => s.showMinor);
  const setFilter = useApp((s) => s.setEventFilter);
  const setShowMinor = useApp((s) => s.setShowMinor);
  const n = useApp((s) => s.frame?.options.servers ?? 0);
  const jumpTo = useApp((s) => s.jumpTo);
  const shown: EventFrame[] = [];
  for (const e of events) {
    if (shown.length >= limit) break;
    if (!showMinor && e.minor) continue;
    if (filter !== 'all' && !e.servers.includes(filter)) continue;
    shown.push(e);
  }
  return (
    <section className="panel events" aria-label="Event log">
      <header className="panel-head">
        <h2>What happened</h2>
        <label className="small">
          Server{' '}
          <select
            aria-label="Filter events by server"
            value={String(filter)}
            onChange={(e) => setFilter(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          >
            <option value="all">all</option>
            {Array.from({ length: n }, (_, i) => (
              <option key={i + 1} value={String(i + 1)}>
                S{i + 1}
              </option>
            ))}
            <option value="0">client</option>
          </select>
        </label>
        <label className="small check">
          <input
            type="checkbox"
            checked={showMinor}
            onChange={(e) => setShowMinor(e.target.checked)}
          />{' '}
          heartbeats
        </label>
      </header>
      <ol className="event-list" aria-label="Events, newest first">
        {shown.length === 0 && (
          <li className="hint">{emptyHint(events.length, filter, playing)}</li>
        )}
        {shown.map((e) => (
          <EventRow key={e.id} e={e} onJump={jumpTo} />
        ))}
      </ol>
    </section>
  );
}

/** "Nothing yet" only before the first event; otherwise why no row is shown. */
function emptyHint(count: number, filter: number | 'all', playing: boolean): string {
  if (count === 0)
    return playing
      ? 'Nothing yet: the first event is on its way.'
      : 'Nothing yet: press Play or Step.';
  if (filter !== 'all')
    return `Nothing about ${filter === 0 ? 'the client' : `S${filter}`} among the latest events.`;
  return 'Only heartbeats and acknowledgements so far: tick “heartbeats” to see them.';
}

/** A step of a membership change (§6, Figure 11; dissertation chapter 4): marked apart. */
export function isConfigEvent(e: EventFrame): boolean {
  if (e.action) return e.text.includes('(§6');
  return e.notes.some((n) => n.section.startsWith('§6') || n.section.startsWith('dissertation §4'));
}

const EventRow = memo(function EventRow({
  e,
  onJump,
}: {
  e: EventFrame;
  onJump(e: EventFrame): void;
}) {
  return (
    <li
      className={`event${e.action ? ' action' : ''}${e.minor ? ' minor' : ''}${isConfigEvent(e) ? ' config' : ''}`}
      data-config={isConfigEvent(e) ? 'true' : undefined}
      data-event-n={e.n}
      data-event-at={e.at}
      onClick={() => onJump(e)}
    >
      <button
        type="button"
        className="ev-time"
        aria-label={`Jump to ${e.at} ms, event ${e.n}`}
        title="Show the run right after this"
        onClick={(ev) => {
          ev.stopPropagation();
          onJump(e);
        }}
      >
        {e.at} ms
      </button>
      <div className="ev-body">
        <div className="ev-text">{e.text}</div>
        {e.notes
          .filter((note) => note.text !== e.text)
          .map((note, i) => (
            <div key={i} className="ev-note">
              {note.text} <span className="sec">{note.section}</span>
            </div>
          ))}
        {e.notes.length > 0 && e.notes[0]!.text === e.text && (
          <span className="sec">{e.notes[0]!.section}</span>
        )}
      </div>
    </li>
  );
});
