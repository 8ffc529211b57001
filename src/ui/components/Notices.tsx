/** Short messages from the app (clamped URL values, errors, "S3 is elected", a new version). */
import { useApp } from '../context.ts';

export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-sticky={n.reload ? 'true' : undefined}>
          <span>{n.text}</span>
          {n.reload && (
            <button type="button" className="primary" onClick={() => location.reload()}>
              Reload
            </button>
          )}
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
