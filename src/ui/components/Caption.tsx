/**
 * What the event shown did, large, for the room: paused, the last event
 * processed (what a Step just did, a heartbeat included); playing, the newest
 * notable one. Every note of the event is told, each with its section.
 */
import type { EventFrame } from '../../protocol/index.ts';
import { useApp } from '../context.ts';

/** The event the caption tells: paused, the last one; playing, the newest notable one. */
export function captionEvent(events: readonly EventFrame[], playing: boolean): EventFrame | null {
  if (!playing) return events[0] ?? null;
  return events.find((x) => !x.minor) ?? events[0] ?? null;
}

export function Caption() {
  const playing = useApp((s) => s.panels.events.frame?.playing ?? false);
  const shown = useApp((s) => captionEvent(s.panels.events.events, playing));
  const notes = shown ? shown.notes.filter((n) => n.text !== shown.text) : [];
  const section = shown?.notes.find((n) => n.text === shown.text)?.section;
  return (
    <div className="caption" aria-live="polite" aria-label="Latest event">
      {shown ? (
        <>
          <span className="cap-time">{shown.at} ms</span>
          <span className="cap-text">{shown.text}</span>
          {section && <span className="sec"> {section}</span>}
          {notes.map((n, i) => (
            <span key={i} className="cap-note">
              {' — '}
              {n.text} <span className="sec">{n.section}</span>
            </span>
          ))}
        </>
      ) : (
        <span className="cap-text muted">
          {playing
            ? 'Running: the first event is on its way.'
            : 'Press Play (Space) to run, or Step (→) to go one event at a time.'}
        </span>
      )}
    </div>
  );
}
