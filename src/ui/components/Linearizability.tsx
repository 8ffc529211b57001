/**
 * The live linearizability checker in the app: a verdict badge in the client
 * panel, and when the clients' history cannot be ordered, a banner naming the
 * key, with the smallest set of operations that cannot be ordered on a
 * timeline of client operations (invocation to response as bars, one row per
 * client). Each bar is a button: it shows the run when that answer arrived.
 */
import { scaleLinear } from 'd3-scale';
import { LOAD_CLIENT_FIRST } from '../../model/limits.ts';
import type { LinearizabilityFrame, LinOpFrame } from '../../protocol/index.ts';
import { useApp } from '../context.ts';

export function verdictWord(ok: boolean | null): 'true' | 'false' | 'undecided' {
  return ok === null ? 'undecided' : ok ? 'true' : 'false';
}

/** The verdict in a line, for the client panel. */
export function LinearizabilityStatus() {
  const ok = useApp((s) => s.lin?.ok ?? true);
  const checked = useApp((s) => s.lin?.checked ?? 0);
  const text =
    ok === true
      ? checked === 0
        ? 'Linearizable: no answers to check yet'
        : `Linearizable: one order explains all ${checked} ${checked === 1 ? 'answer' : 'answers'}`
      : ok === false
        ? 'Not linearizable: no order explains every answer'
        : 'Linearizability undecided: too hard to check within the budget';
  return (
    <p
      className={`lin-status lin-${verdictWord(ok)}`}
      data-testid="linearizability"
      data-linearizable={verdictWord(ok)}
      title="Checked live by Porcupine's algorithm, key by key: can every operation be put in one order, each taking effect between its request and its answer, that gives every answer the clients got?"
    >
      <span className="lin-icon" aria-hidden="true">
        {ok === true ? '✓' : ok === false ? '✗' : '?'}
      </span>{' '}
      {text}
    </p>
  );
}

/** The banner, with the operations that cannot be ordered on a timeline. */
export function LinearizabilityBanner() {
  const lin = useApp((s) => s.lin);
  const seek = useApp((s) => s.seek);
  if (lin === null || lin.ok !== false || lin.key === null) return null;
  const culprits = lin.ops.filter((o) => o.culprit).length;
  return (
    <section
      className="lin-banner"
      aria-label="Linearizability"
      data-linearizable="false"
      data-key={lin.key}
      data-lin-at={lin.at}
      data-lin-events={lin.events}
    >
      <p className="lin-head" role="alert">
        <strong>Not linearizable</strong>: no single order of the operations on key{' '}
        <code>{lin.key}</code> gives every answer the clients got.{' '}
        <span className="lin-count">
          {culprits === 1
            ? 'Without the operation marked ✗, one would.'
            : `Without the ${culprits} operations marked ✗, one would.`}
        </span>{' '}
        <button
          type="button"
          className="lin-moment"
          title={`Show the run right after event ${lin.events}, at ${lin.at} ms, when the answer that cannot be ordered arrived`}
          onClick={() => seek({ time: lin.at, events: lin.events })}
        >
          Show the moment ({lin.at} ms)
        </button>
      </p>
      <OpTimeline lin={lin} onPick={(o) => seek(opMoment(o))} />
    </section>
  );
}

/** Where a bar takes the run: when the answer arrived (or, still pending, when it was sent). */
export function opMoment(o: LinOpFrame): { time: number; events: number } {
  return o.completedAt !== null && o.completedEvents !== null
    ? { time: o.completedAt, events: o.completedEvents }
    : { time: o.sentAt, events: o.sentEvents };
}

export function clientName(client: number): string {
  return client >= LOAD_CLIENT_FIRST
    ? `Load ${client - LOAD_CLIENT_FIRST + 1}`
    : `Client ${client}`;
}

function answer(o: LinOpFrame): string {
  if (o.completedAt === null) return 'no answer yet';
  if (o.command.startsWith('get ')) return o.result === null ? 'null' : JSON.stringify(o.result);
  return o.result ?? 'null';
}

function OpTimeline({
  lin,
  onPick,
}: {
  lin: LinearizabilityFrame;
  onPick: (o: LinOpFrame) => void;
}) {
  const ops = lin.ops;
  const start = Math.min(...ops.map((o) => o.sentAt));
  const end = Math.max(lin.at, ...ops.map((o) => o.completedAt ?? lin.at));
  const pad = Math.max(1, (end - start) * 0.02);
  const x = scaleLinear()
    .domain([start - pad, end + pad])
    .range([0, 100]);
  const clients = [...new Set(ops.map((o) => o.client))].sort((a, b) => a - b);
  const ticks = x.ticks(6).filter((t) => t >= start - pad && t <= end + pad);
  return (
    <div
      className="lin-timeline"
      role="group"
      aria-label={`Operations on key ${lin.key}, by client`}
    >
      {clients.map((c) => (
        <div className="lin-row" key={c} data-client={c}>
          <span className="lin-client">{clientName(c)}</span>
          <div className="lin-track">
            {ops
              .filter((o) => o.client === c)
              .map((o) => {
                const left = x(o.sentAt);
                const right = o.completedAt === null ? 100 : x(o.completedAt);
                const label = `${o.command} → ${answer(o)}`;
                const when =
                  o.completedAt === null
                    ? `sent at ${o.sentAt} ms, no answer yet`
                    : `${o.sentAt}–${o.completedAt} ms`;
                return (
                  <button
                    key={o.id}
                    type="button"
                    className={`lin-op${o.culprit ? ' culprit' : ''}${o.completedAt === null ? ' pending' : ''}${left > 55 ? ' end' : ''}`}
                    style={{ left: `${left}%`, width: `${Math.max(0, right - left)}%` }}
                    data-op={o.id}
                    data-culprit={o.culprit}
                    aria-label={`${o.culprit ? 'Cannot be ordered: ' : ''}${label}, ${when}. Show the moment.`}
                    title={`${label} (${clientName(o.client)}, ${when})${o.culprit ? ': cannot be ordered with the others' : ''}. Click to show the moment ${o.completedAt === null ? 'it was sent' : 'its answer arrived'}.`}
                    onClick={() => onPick(o)}
                  >
                    <span className="lin-label">
                      {o.culprit && (
                        <span className="lin-x" aria-hidden="true">
                          ✗{' '}
                        </span>
                      )}
                      {label}
                    </span>
                    <span className="lin-bar" aria-hidden="true" />
                  </button>
                );
              })}
          </div>
        </div>
      ))}
      <div className="lin-axis" aria-hidden="true">
        <span className="lin-client" />
        <div className="lin-track">
          {ticks.map((t) => (
            <span key={t} className="lin-tick" style={{ left: `${x(t)}%` }}>
              {t} ms
            </span>
          ))}
          <span className="lin-now" style={{ left: `${x(lin.at)}%` }} />
        </div>
      </div>
    </div>
  );
}
