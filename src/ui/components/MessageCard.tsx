/** The fields of the hovered or selected message, and "Drop message". */
import { memo } from 'react';
import { useApp } from '../context.ts';

export const MessageCard = memo(function MessageCard() {
  const id = useApp((s) => s.hoveredMessage ?? s.selectedMessage);
  const m = useApp((s) => (id === null ? undefined : s.frame?.messages.find((x) => x.id === id)));
  const dropMessage = useApp((s) => s.dropMessage);
  const selected = useApp((s) => s.selectedMessage);
  const selectMessage = useApp((s) => s.selectMessage);
  const hasTarget = useApp((s) => s.selectedMessage !== null || s.hoveredMessage !== null);
  if (!m) return null;
  return (
    <div
      className={`message-card${selected === null ? ' peek' : ''}`}
      role="region"
      aria-label="Message details"
    >
      <div className="mc-head">
        <strong>{m.type}</strong> <span className="muted">#{m.id}</span>
        <button
          type="button"
          className="icon"
          aria-label="Close message details"
          onClick={() => selectMessage(null)}
        >
          ×
        </button>
      </div>
      <p className="mc-summary">{m.summary}</p>
      <dl className="fields">
        <dt>from → to</dt>
        <dd>
          {m.from === 0 ? 'client' : `S${m.from}`} → {m.to === 0 ? 'client' : `S${m.to}`}
        </dd>
        {Object.entries(m.fields).map(([k, v]) => (
          <FieldRow key={k} k={k} v={v} />
        ))}
        <dt>sent / arrives</dt>
        <dd>
          {m.sentAt} / {m.deliverAt} ms
        </dd>
      </dl>
      <button
        type="button"
        className="danger"
        disabled={!hasTarget}
        onClick={() => dropMessage(m.id)}
      >
        Drop message
      </button>
    </div>
  );
});

function FieldRow({ k, v }: { k: string; v: unknown }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v === null ? 'null' : String(v)}</dd>
    </>
  );
}
