/** Settings: cluster size and seed (a new run), timing, network faults, client load, switches. */
import { useState, type FormEvent } from 'react';
import type { RunOptions } from '../../protocol/index.ts';
import { READ_MODES, resolveOptions, type ReadMode } from '../../model/options.ts';
import { useApp } from '../context.ts';
import { startsNewRun } from '../settingsRun.ts';
import { Dialog } from './Dialog.tsx';
import { TEXT_SIZES } from '../presentation.ts';

export function SettingsDialog() {
  const open = useApp((s) => s.settingsOpen);
  const setOpen = useApp((s) => s.setSettingsOpen);
  const options = useApp((s) => s.frame?.options);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Settings">
      <TextSizeField />
      {options && <SettingsForm initial={options} onDone={() => setOpen(false)} />}
    </Dialog>
  );
}

/** The page's text size: applies at once, in normal and presenter mode, and is remembered. */
function TextSizeField() {
  const scale = useApp((s) => s.textScale);
  const setScale = useApp((s) => s.setTextScale);
  return (
    <div className="settings">
      <fieldset>
        <legend>Display (applies at once)</legend>
        <label className="field">
          Text size
          <select value={String(scale)} onChange={(e) => setScale(Number(e.target.value))}>
            {TEXT_SIZES.map((t) => (
              <option key={t.scale} value={String(t.scale)}>
                {t.label} ({Math.round(t.scale * 100)}%)
              </option>
            ))}
          </select>
        </label>
      </fieldset>
    </div>
  );
}

function SettingsForm({ initial, onDone }: { initial: RunOptions; onDone(): void }) {
  const apply = useApp((s) => s.applySettings);
  const [o, setO] = useState<RunOptions>(() => structuredClone(initial));
  const [error, setError] = useState<string | null>(null);
  const upd = (patch: Partial<RunOptions>) => setO((x) => ({ ...x, ...patch }));
  const newRun = startsNewRun(o, initial);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // Members past a smaller cluster go; every server (the default) is no list at all.
    const { members: picked, ...rest } = o;
    const kept = picked?.filter((id) => id <= o.servers);
    const next: RunOptions =
      kept === undefined || kept.length === o.servers ? rest : { ...rest, members: kept };
    if (kept !== undefined && kept.length === 0) {
      setError('Members at start: tick at least one server.');
      return;
    }
    try {
      resolveOptions(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    apply(next);
    onDone();
  };
  const pair = (key: 'electionTimeoutMs' | 'latencyMs', i: 0 | 1, v: number) => {
    const next: [number, number] = [o[key][0], o[key][1]];
    next[i] = v;
    upd({ [key]: next });
  };
  return (
    <form className="settings" onSubmit={onSubmit}>
      <fieldset>
        <legend>Cluster (changing these starts a new run)</legend>
        <NumberField
          label="Servers"
          hint="1 to 9"
          min={1}
          max={9}
          value={o.servers}
          onChange={(v) => upd({ servers: v })}
        />
        <NumberField label="Seed" value={o.seed} onChange={(v) => upd({ seed: v })} />
        <MembersField o={o} onChange={upd} />
      </fieldset>
      <fieldset>
        <legend>Timing (virtual ms)</legend>
        <NumberField
          label="Election timeout min"
          value={o.electionTimeoutMs[0]}
          onChange={(v) => pair('electionTimeoutMs', 0, v)}
        />
        <NumberField
          label="Election timeout max"
          value={o.electionTimeoutMs[1]}
          onChange={(v) => pair('electionTimeoutMs', 1, v)}
        />
        <NumberField
          label="Heartbeat interval"
          value={o.heartbeatMs}
          onChange={(v) => upd({ heartbeatMs: v })}
        />
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        <NumberField
          label="Latency min"
          value={o.latencyMs[0]}
          onChange={(v) => pair('latencyMs', 0, v)}
        />
        <NumberField
          label="Latency max"
          value={o.latencyMs[1]}
          onChange={(v) => pair('latencyMs', 1, v)}
        />
        <NumberField
          label="Drop rate"
          hint="0 to 1"
          step={0.01}
          min={0}
          max={1}
          value={o.dropRate}
          onChange={(v) => upd({ dropRate: v })}
        />
        <NumberField
          label="Duplicate rate"
          hint="0 to 1"
          step={0.01}
          min={0}
          max={1}
          value={o.duplicateRate}
          onChange={(v) => upd({ duplicateRate: v })}
        />
      </fieldset>
      <fieldset>
        <legend>Clients and switches</legend>
        <NumberField
          label="Client load"
          hint="commands per virtual second"
          min={0}
          value={o.clientLoadPerSecond}
          onChange={(v) => upd({ clientLoadPerSecond: v })}
        />
        <Check
          label="A new leader appends a no-op (§8)"
          checked={o.leaderNoop}
          onChange={(v) => upd({ leaderNoop: v })}
        />
      </fieldset>
      <fieldset>
        <legend>Raft as production systems run it</legend>
        <Check
          label="PreVote: ask before raising the term (dissertation §9.6)"
          checked={o.preVote}
          onChange={(v) => upd({ preVote: v })}
        />
        <Check
          label="CheckQuorum: a leader without a majority steps down (dissertation §6.2)"
          checked={o.checkQuorum}
          onChange={(v) => upd({ checkQuorum: v })}
        />
        <label className="field">
          <span>
            Read mode<small> (how a get is served, §6.4, §8)</small>
          </span>
          <select
            value={o.readMode}
            onChange={(e) => upd({ readMode: e.target.value as ReadMode })}
          >
            {READ_MODES.map((m) => (
              <option key={m} value={m}>
                {READ_MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Snapshot threshold"
          hint="entries, §7; 0: never"
          min={0}
          value={o.snapshotThreshold ?? 0}
          onChange={(v) => upd({ snapshotThreshold: v })}
        />
        <NumberField
          label="Entries kept after a snapshot"
          hint="for followers slightly behind, dissertation §5.1; 0: none"
          min={0}
          value={o.snapshotMargin ?? 0}
          onChange={(v) => upd({ snapshotMargin: v })}
        />
      </fieldset>
      <fieldset className="unsafe">
        <legend>Unsafe switches (the checkers will catch them)</legend>
        <Check
          label="Skip the election restriction (§5.4.1)"
          checked={o.unsafe.skipElectionRestriction}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, skipElectionRestriction: v } })}
        />
        <Check
          label="Commit old-term entries by counting (Figure 8)"
          checked={o.unsafe.commitOldTermsByCount}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, commitOldTermsByCount: v } })}
        />
        <Check
          label="Forget votedFor on restart"
          checked={o.unsafe.forgetVoteOnRestart}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, forgetVoteOnRestart: v } })}
        />
        <Check
          label="Change configurations in one step, no joint phase (Figure 10)"
          checked={o.unsafe.directConfigChange}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, directConfigChange: v } })}
        />
        <Check
          label="Stale reads: any server answers a read at once (§8)"
          checked={o.unsafe.staleReads}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, staleReads: v } })}
        />
        <Check
          label="Lease reads without the vote wait (dissertation §6.4.1)"
          checked={o.unsafe.leaseWithoutVoteWait}
          onChange={(v) => upd({ unsafe: { ...o.unsafe, leaseWithoutVoteWait: v } })}
        />
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {newRun ? 'Apply and start a new run' : 'Apply'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Membership (§6): the servers in the cluster at the start (the others start empty and
 * wait to be added) and how changes go, through C_old,new or one server at a time.
 */
function MembersField({ o, onChange }: { o: RunOptions; onChange(p: Partial<RunOptions>): void }) {
  const ids = Array.from({ length: Math.max(0, Math.min(9, o.servers || 0)) }, (_, i) => i + 1);
  const members = (o.members ?? ids).filter((id) => id <= o.servers);
  const set = (next: number[]) =>
    onChange({ members: next.length === ids.length ? undefined : next.sort((a, b) => a - b) });
  return (
    <>
      <div className="field members-field" role="group" aria-label="Members at start">
        <span>
          Members at start <small>(the others wait outside, to be added)</small>
        </span>
        <span className="members-boxes">
          {ids.map((id) => (
            <label key={id} className="check">
              <input
                type="checkbox"
                aria-label={`S${id} a member at start`}
                checked={members.includes(id)}
                onChange={(e) =>
                  set(e.target.checked ? [...members, id] : members.filter((p) => p !== id))
                }
              />{' '}
              S{id}
            </label>
          ))}
        </span>
      </div>
      <label className="field">
        <span>Membership changes</span>
        <select
          value={o.membership ?? 'joint'}
          onChange={(e) =>
            onChange({ membership: e.target.value === 'single' ? 'single' : undefined })
          }
        >
          <option value="joint">joint consensus (§6)</option>
          <option value="single">one server at a time</option>
        </select>
      </label>
    </>
  );
}

const READ_MODE_LABELS: Record<ReadMode, string> = {
  log: 'Through the log',
  readIndex: 'ReadIndex (a heartbeat round)',
  lease: 'Lease (no round trip)',
};

/** A labelled number box; an empty box gives NaN (which the settings' check rejects). */
function NumberField({
  label,
  hint,
  value,
  onChange,
  min,
  max,
  step,
}: {
  label: string;
  hint?: string;
  value: number;
  onChange(v: number): void;
  min?: number;
  max?: number;
  step?: number;
}) {
  return (
    <label className="field">
      <span>
        {label}
        {hint && <small> ({hint})</small>}
      </span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value))}
      />
    </label>
  );
}

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <label className="field check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
