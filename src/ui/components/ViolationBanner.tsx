/** A live banner when a safety checker reports a violation, naming the invariant and the event. */
import { useApp } from '../context.ts';

export function ViolationBanner() {
  const v = useApp((s) => s.frame?.violations.at(-1));
  const count = useApp((s) => s.frame?.violationCount ?? 0);
  if (!v || count === 0) return null;
  return (
    <div className="violation" role="alert" data-invariant={v.invariant}>
      <strong>Safety violated: {v.invariant}</strong> at {v.at} ms — {v.detail}
      {count > 1 && <span className="muted"> ({count} violations in all)</span>}
    </div>
  );
}
