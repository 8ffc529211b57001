/** The selected server: every field of Figure 2, its key-value store, and what can be done to it. */
import { useApp } from '../context.ts';
import { MemberActions, MembershipButton, membershipWords } from './MembershipDialog.tsx';
import { quorumWords } from '../quorumWords.ts';

export function Inspector() {
  const id = useApp((s) => s.selected);
  const server = useApp((s) =>
    s.selected === null ? undefined : s.panels.side.frame?.servers[s.selected - 1],
  );
  const kv = useApp((s) => {
    const f = s.panels.side.frame;
    return f?.kvServer === s.selected ? f.kv : null;
  });
  const n = useApp((s) => s.frame?.options.servers ?? 0);
  const now = useApp((s) => s.panels.side.frame?.simNow ?? 0);
  const crash = useApp((s) => s.crash);
  const restart = useApp((s) => s.restart);
  const timeout = useApp((s) => s.timeout);
  const submitHere = useApp((s) => s.submitHere);
  const transfer = useApp((s) => s.transferLeadership);
  const leads = useApp((s) =>
    (s.panels.side.frame?.servers ?? []).some((x) => x.up && x.role === 'leader'),
  );

  if (id === null || !server)
    return (
      <section className="panel inspector" aria-label="Inspector">
        <header className="panel-head">
          <h2>Inspector</h2>
        </header>
        <p className="hint">Click a server (or press 1–{n || 9}) to see its state and act on it.</p>
        <div className="actions membership-actions">
          <MembershipButton />
        </div>
      </section>
    );
  const s = server;
  const peers = Array.from({ length: n }, (_, i) => i + 1).filter((p) => p !== s.id);
  const timer = !s.up
    ? 'stopped (crashed)'
    : s.role === 'leader'
      ? s.heartbeatDeadline === null
        ? '—'
        : `heartbeat in ${s.heartbeatDeadline - now} ms`
      : s.electionDeadline === null
        ? '—'
        : `election timeout in ${s.electionDeadline - now} ms`;
  return (
    <section className="panel inspector" aria-label="Inspector">
      <header className="panel-head">
        <h2>
          S{s.id}{' '}
          <span className={`role-badge role-${s.up ? s.role : 'down'}`}>
            {s.up ? s.role : 'crashed'}
          </span>
        </h2>
      </header>
      <div className="actions">
        <button
          type="button"
          className="danger"
          disabled={!s.up}
          onClick={() => crash(s.id)}
          aria-keyshortcuts="c"
        >
          Crash server
        </button>
        <button type="button" disabled={s.up} onClick={() => restart(s.id)} aria-keyshortcuts="r">
          Restart server
        </button>
        <button
          type="button"
          disabled={!s.up || s.role === 'leader'}
          onClick={() => timeout(s.id)}
          aria-keyshortcuts="t"
        >
          Force timeout
        </button>
        <button type="button" onClick={() => submitHere(s.id)} aria-keyshortcuts="q">
          Send request here
        </button>
        <button
          type="button"
          disabled={!s.up || s.role === 'leader' || !leads}
          onClick={() => transfer(s.id)}
          title="The leader brings this server up to date, then sends it TimeoutNow (dissertation §3.10)"
        >
          Transfer leadership here
        </button>
      </div>
      <div className="actions membership-actions" role="group" aria-label="Membership">
        <MemberActions id={s.id} />
        <MembershipButton />
      </div>
      <div className="fig2">
        <h3>Persistent</h3>
        <dl className="fields">
          <dt>currentTerm</dt>
          <dd>{s.term}</dd>
          <dt>votedFor</dt>
          <dd>{s.votedFor === null ? 'null' : `S${s.votedFor}`}</dd>
          <dt>log[]</dt>
          <dd>
            {s.lastIndex} entries{s.lastIndex > 0 ? `, last term ${s.lastTerm}` : ''}
          </dd>
          {s.snapshot && (
            <>
              <dt>snapshot</dt>
              <dd>
                up to index {s.snapshot.index}, term {s.snapshot.term} (§7)
                {s.snapshot.logStart < s.snapshot.index &&
                  `; entries ${s.snapshot.logStart + 1}–${s.snapshot.index} kept in the log (dissertation §5.1)`}
              </dd>
            </>
          )}
        </dl>
        <h3>Volatile</h3>
        <dl className="fields">
          <dt>commitIndex</dt>
          <dd>{s.commitIndex}</dd>
          <dt>lastApplied</dt>
          <dd>{s.lastApplied}</dd>
          <dt>leader known</dt>
          <dd>{s.leaderId === null ? '—' : `S${s.leaderId}`}</dd>
          <dt>timer</dt>
          <dd>{timer}</dd>
          {s.role === 'candidate' && (
            <>
              <dt>votes</dt>
              <dd>{quorumWords(s.quorum, 'long')}</dd>
            </>
          )}
        </dl>
        <h3>Configuration (§6)</h3>
        <dl className="fields">
          <dt>uses</dt>
          <dd data-testid="inspector-config">
            {membershipWords(s.config)}
            {s.config.old ? ' (C_old,new)' : ''}
          </dd>
          <dt>in the cluster</dt>
          <dd data-testid="inspector-member">
            {MEMBER_WORDS[s.member]}
            {s.change ? ` (${s.change})` : ''}
          </dd>
        </dl>
        {s.role === 'leader' && s.up && (
          <>
            <h3>Leader</h3>
            <div className="leader-wrap">
              <table className="leader-table">
                <thead>
                  <tr>
                    <th scope="col">peer</th>
                    {peers.map((p) => (
                      <th key={p} scope="col">
                        S{p}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">nextIndex</th>
                    {peers.map((p) => (
                      <td key={p}>{s.nextIndex[p]}</td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">matchIndex</th>
                    {peers.map((p) => (
                      <td key={p}>{s.matchIndex[p]}</td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </>
        )}
        <h3>Key-value store</h3>
        {kv && Object.keys(kv).length > 0 ? (
          <dl className="fields kv">
            {Object.entries(kv)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => (
                <KV key={k} k={k} v={v} />
              ))}
          </dl>
        ) : (
          <p className="hint">
            {s.up ? 'empty' : 'lost with the crash; rebuilt from the log on restart'}
          </p>
        )}
      </div>
    </section>
  );
}

const MEMBER_WORDS = {
  voter: 'voting member',
  learner: 'catching up (not counted yet)',
  outside: 'outside the cluster',
} as const;

function KV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  );
}
