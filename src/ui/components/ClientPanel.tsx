/** The client: type a command, send it, and follow it to its result (redirects and retries included). */
import type { FormEvent } from 'react';
import type { ClientOpFrame } from '../../protocol/index.ts';
import { COMMAND_HELP } from '../../model/command.ts';
import { useApp } from '../context.ts';
import { LinearizabilityStatus } from './Linearizability.tsx';

export function ClientPanel() {
  const text = useApp((s) => s.commandText);
  const error = useApp((s) => s.commandError);
  const setText = useApp((s) => s.setCommandText);
  const sendCommand = useApp((s) => s.sendCommand);
  const ops = useApp((s) => s.panels.side.frame?.ops);
  const loadOps = useApp((s) => s.panels.side.frame?.loadOps);
  const opCount = useApp((s) => s.panels.side.frame?.opCount ?? 0);
  const load = useApp((s) => s.frame?.options.clientLoadPerSecond ?? 0);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    sendCommand();
  };
  const mine = ops ? ops.slice().reverse() : [];
  return (
    <section className="panel client" aria-label="Client">
      <header className="panel-head">
        <h2>Client</h2>
        <span className="muted small" data-testid="op-count">
          {load > 0
            ? `${opCount} requests in all, the steady load’s included`
            : `${opCount} ${opCount === 1 ? 'request' : 'requests'} in all`}
        </span>
      </header>
      <LinearizabilityStatus />
      <form className="client-form" onSubmit={onSubmit}>
        <label htmlFor="command">Command</label>
        <input
          id="command"
          type="text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="set x 3"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby="command-help"
        />
        <button type="submit" className="primary">
          Send
        </button>
      </form>
      <p id="command-help" className={error ? 'error' : 'hint'} role={error ? 'alert' : undefined}>
        {error ?? COMMAND_HELP}
      </p>
      <ol className="ops" aria-label="Your requests, newest first">
        {mine.length === 0 && (
          <li className="hint">
            {load > 0
              ? 'No requests sent from here yet (the steady load’s are counted above, not listed).'
              : 'No requests yet.'}
          </li>
        )}
        {mine.map((o) => (
          <OpRow key={o.id} o={o} />
        ))}
      </ol>
      {load > 0 && loadOps && loadOps.length > 0 && (
        <details className="load-ops">
          <summary>Steady load: {load} commands/s</summary>
          <ol className="ops">
            {loadOps
              .slice()
              .reverse()
              .map((o) => (
                <OpRow key={o.id} o={o} />
              ))}
          </ol>
        </details>
      )}
    </section>
  );
}

const READ_LABELS = {
  log: 'via log',
  readIndex: 'ReadIndex',
  lease: 'lease',
  stale: 'stale read',
} as const;
const READ_TITLES = {
  log: 'A read served through the log, like a write (§8)',
  readIndex: 'ReadIndex: the leader confirms it still leads with a heartbeat round first (§6.4)',
  lease: 'A lease read: no round trip while the leader’s lease holds (dissertation §6.4.1)',
  stale: 'Unsafe: any server answers at once from its own state machine',
} as const;

function OpRow({ o }: { o: ClientOpFrame }) {
  const status =
    o.status === 'done'
      ? `→ ${o.result === null ? 'null' : JSON.stringify(o.result)}`
      : o.status === 'sent'
        ? `sent to S${o.target}${o.attempts > 1 ? ` (attempt ${o.attempts})` : ''}`
        : 'queued';
  return (
    <li className={`op ${o.status}`} data-op={o.id}>
      <code>{o.command}</code>
      {o.read && (
        <span className={`op-read read-${o.read}`} data-read={o.read} title={READ_TITLES[o.read]}>
          {READ_LABELS[o.read]}
        </span>
      )}
      <span className="op-status">{status}</span>
      <span className="op-time">
        {o.completedAt !== null
          ? `${o.completedAt - o.submittedAt} ms`
          : `since ${o.submittedAt} ms`}
      </span>
    </li>
  );
}
