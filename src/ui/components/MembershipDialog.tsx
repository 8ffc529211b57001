/**
 * Membership changes from the app (§6): "Add to cluster" and "Remove from cluster" on a
 * server, and the "Change membership" dialog that picks any new set at once (through
 * C_old,new in joint mode). The leader does the change; the worker says why it refuses.
 */
import { useState } from 'react';
import type { MembershipFrame } from '../../protocol/index.ts';
import { useApp } from '../context.ts';
import { Dialog, FormFooter } from './Dialog.tsx';

export const setText = (ids: readonly number[]): string =>
  `{${ids.map((p) => `S${p}`).join(', ')}}`;

/** The cluster's configuration in words: "{S1, S2, S3}", or "{S1, S2, S3} → {S1, S2, S4}" while joint. */
export function membershipWords(m: Pick<MembershipFrame, 'members' | 'old'>): string {
  return m.old ? `${setText(m.old)} → ${setText(m.members)}` : setText(m.members);
}

/** The members after adding (or removing) `id` to the configuration the cluster moves to. */
export function withServer(members: readonly number[], id: number, add: boolean): number[] {
  const next = add ? [...members, id] : members.filter((p) => p !== id);
  return [...new Set(next)].sort((a, b) => a - b);
}

/** "Add to cluster" / "Remove from cluster" for one server: a change of one server through the leader. */
export function MemberActions({ id }: { id: number }) {
  const members = useApp((s) => s.frame?.membership.members);
  const propose = useApp((s) => s.proposeConfig);
  if (!members) return null;
  const inside = members.includes(id);
  return (
    <>
      <button
        type="button"
        disabled={inside}
        onClick={() => propose(withServer(members, id, true))}
        title={`Ask the leader to add S${id}: it catches up first, then joins through C_old,new (§6)`}
      >
        Add to cluster
      </button>
      <button
        type="button"
        disabled={!inside || members.length <= 1}
        onClick={() => propose(withServer(members, id, false))}
        title={`Ask the leader to remove S${id} from the configuration (§6)`}
      >
        Remove from cluster
      </button>
    </>
  );
}

export function MembershipButton({ className }: { className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={className}
        onClick={() => setOpen(true)}
        title="Pick a new set of servers: the leader moves the cluster to it (§6)"
      >
        Change membership…
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Change membership">
        <MembershipForm close={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function MembershipForm({ close }: { close(): void }) {
  const n = useApp((s) => s.frame?.options.servers ?? 0);
  const m = useApp((s) => s.frame?.membership);
  const mode = useApp((s) => s.frame?.options.membership ?? 'joint');
  const direct = useApp((s) => s.frame?.options.unsafe.directConfigChange ?? false);
  const propose = useApp((s) => s.proposeConfig);
  const [chosen, setChosen] = useState<number[]>(() => m?.members.slice() ?? []);
  const [error, setError] = useState<string | null>(null);
  if (!m) return null;
  const adding = chosen.filter((p) => !m.members.includes(p));
  const removing = m.members.filter((p) => !chosen.includes(p));
  const changed = adding.length + removing.length;
  return (
    <form
      className="membership-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen.length === 0) {
          setError('A configuration needs at least one server.');
          return;
        }
        if (changed === 0) {
          setError('That is the configuration already: tick or untick a server.');
          return;
        }
        propose(chosen);
        close();
      }}
    >
      <p className="hint">
        Now: <strong data-testid="membership-now">{membershipWords(m)}</strong>
        {m.old ? ' (joint: C_old,new)' : ''}
        {m.by === null ? ' — no leader at the moment: a change goes through the leader.' : '.'}
      </p>
      <fieldset className="membership-pick">
        <legend>Servers in the new configuration</legend>
        {Array.from({ length: n }, (_, i) => i + 1).map((id) => (
          <label key={id} className="field check">
            <input
              type="checkbox"
              checked={chosen.includes(id)}
              onChange={(e) => {
                setChosen(withServer(chosen, id, e.target.checked));
                setError(null);
              }}
            />
            <span>S{id}</span>
          </label>
        ))}
      </fieldset>
      <p className="hint" data-testid="membership-plan">
        {changed === 0
          ? 'Nothing changes yet.'
          : direct
            ? `UNSAFE (Figure 10): straight to ${setText(chosen)} in one step, no joint phase.`
            : mode === 'single'
              ? changed > 1
                ? 'One server at a time in this run (Settings: membership mode): the leader will refuse this.'
                : `One server changes: straight to ${setText(chosen)} (dissertation §4.1).`
              : `${adding.length > 0 ? `${setText(adding)} catch up first; then ` : ''}C_old,new ${setText(m.members)} → ${setText(chosen)}, then C_new (§6, Figure 11).`}
      </p>
      <FormFooter error={error} submit="Start the change" onCancel={close} />
    </form>
  );
}
