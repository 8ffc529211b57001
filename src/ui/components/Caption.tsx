/** The latest thing that happened, large, for the room: what a Step just did. */
import { useApp } from '../context.ts';

export function Caption() {
  const e = useApp((s) => s.panels.events.events.find((x) => !x.minor));
  const last = useApp((s) => s.panels.events.events[0]);
  const shown = e ?? last;
  const note = shown?.notes[shown.notes.length - 1];
  return (
    <div className="caption" aria-live="polite" aria-label="Latest event">
      {shown ? (
        <>
          <span className="cap-time">{shown.at} ms</span>
          <span className="cap-text">
            {note && note.text !== shown.text ? `${shown.text} — ${note.text}` : shown.text}
          </span>
          {note && <span className="sec">{note.section}</span>}
        </>
      ) : (
        <span className="cap-text muted">
          Press Play (Space) to run, or Step (→) to go one event at a time.
        </span>
      )}
    </div>
  );
}
