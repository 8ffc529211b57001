/** Settings: cluster size and seed (a new run), timing, network faults, client load, switches. */
import { useState, type FormEvent } from 'react';
import type { RunOptions } from '../../protocol/index.ts';
import { resolveOptions } from '../../model/options.ts';
import { useApp } from '../context.ts';
import { Dialog } from './Dialog.tsx';

export function SettingsDialog() {
  const open = useApp((s) => s.settingsOpen);
  const setOpen = useApp((s) => s.setSettingsOpen);
  const options = useApp((s) => s.frame?.options);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Settings">
      {options && <SettingsForm initial={options} onDone={() => setOpen(false)} />}
    </Dialog>
  );
}

function SettingsForm({ initial, onDone }: { initial: RunOptions; onDone(): void }) {
  const apply = useApp((s) => s.applySettings);
  const [o, setO] = useState<RunOptions>(() => structuredClone(initial));
  const [error, setError] = useState<string | null>(null);
  const num = (v: string) => (v.trim() === '' ? NaN : Number(v));
  const upd = (patch: Partial<RunOptions>) => setO((x) => ({ ...x, ...patch }));
  const newRun = o.servers !== initial.servers || o.seed !== initial.seed;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    try {
      resolveOptions(o);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    apply(o);
    onDone();
  };
  const pair = (key: 'electionTimeoutMs' | 'latencyMs', i: 0 | 1, v: string) => {
    const next: [number, number] = [o[key][0], o[key][1]];
    next[i] = num(v);
    upd({ [key]: next });
  };
  return (
    <form className="settings" onSubmit={onSubmit}>
      <fieldset>
        <legend>Cluster (changing these starts a new run)</legend>
        <Field label="Servers" hint="1 to 9">
          <input
            type="number"
            min={1}
            max={9}
            value={o.servers}
            onChange={(e) => upd({ servers: num(e.target.value) })}
          />
        </Field>
        <Field label="Seed">
          <input
            type="number"
            value={o.seed}
            onChange={(e) => upd({ seed: num(e.target.value) })}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Timing (virtual ms)</legend>
        <Field label="Election timeout min">
          <input
            type="number"
            value={o.electionTimeoutMs[0]}
            onChange={(e) => pair('electionTimeoutMs', 0, e.target.value)}
          />
        </Field>
        <Field label="Election timeout max">
          <input
            type="number"
            value={o.electionTimeoutMs[1]}
            onChange={(e) => pair('electionTimeoutMs', 1, e.target.value)}
          />
        </Field>
        <Field label="Heartbeat interval">
          <input
            type="number"
            value={o.heartbeatMs}
            onChange={(e) => upd({ heartbeatMs: num(e.target.value) })}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        <Field label="Latency min">
          <input
            type="number"
            value={o.latencyMs[0]}
            onChange={(e) => pair('latencyMs', 0, e.target.value)}
          />
        </Field>
        <Field label="Latency max">
          <input
            type="number"
            value={o.latencyMs[1]}
            onChange={(e) => pair('latencyMs', 1, e.target.value)}
          />
        </Field>
        <Field label="Drop rate" hint="0 to 1">
          <input
            type="number"
            step={0.01}
            min={0}
            max={1}
            value={o.dropRate}
            onChange={(e) => upd({ dropRate: num(e.target.value) })}
          />
        </Field>
        <Field label="Duplicate rate" hint="0 to 1">
          <input
            type="number"
            step={0.01}
            min={0}
            max={1}
            value={o.duplicateRate}
            onChange={(e) => upd({ duplicateRate: num(e.target.value) })}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Clients and switches</legend>
        <Field label="Client load" hint="commands per virtual second">
          <input
            type="number"
            min={0}
            value={o.clientLoadPerSecond}
            onChange={(e) => upd({ clientLoadPerSecond: num(e.target.value) })}
          />
        </Field>
        <Check
          label="A new leader appends a no-op (§8)"
          checked={o.leaderNoop}
          onChange={(v) => upd({ leaderNoop: v })}
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

function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <label className="field">
      <span>
        {label}
        {hint && <small> ({hint})</small>}
      </span>
      {children}
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
