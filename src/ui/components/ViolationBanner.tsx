/**
 * A live banner when a safety checker reports a violation: it names the check,
 * says what happened, and links to the moment it happened (the run right after
 * the event or action that broke it).
 */
import { INVARIANT_INFO, type Invariant } from '../../model/invariants.ts';
import { useApp } from '../context.ts';

export function ViolationBanner() {
  const v = useApp((s) => s.frame?.violations.at(-1));
  const count = useApp((s) => s.frame?.violationCount ?? 0);
  const seek = useApp((s) => s.seek);
  if (!v || count === 0) return null;
  const info = INVARIANT_INFO[v.invariant as Invariant] as
    (typeof INVARIANT_INFO)[Invariant] | undefined;
  return (
    <div
      className="violation"
      role="alert"
      data-invariant={v.invariant}
      data-violation-at={v.at}
      data-violation-events={v.events}
    >
      <strong>Safety violated: {info?.name ?? v.invariant}</strong>{' '}
      <span className="rule">
        (<code>{v.invariant}</code>){info && <>: {info.rule}</>}
      </span>{' '}
      — {v.detail}.{' '}
      <button
        type="button"
        className="violation-moment"
        title={`Show the run right after event ${v.events}, at ${v.at} ms`}
        onClick={() => seek({ time: v.at, events: v.events })}
      >
        Show the moment ({v.at} ms)
      </button>
      {count > 1 && <span className="muted"> ({count} violations in all)</span>}
    </div>
  );
}
