/** The partition tool: put each server in a group; every link between groups is cut at once. */
import { useState } from 'react';
import { useApp } from '../context.ts';
import { Dialog, FormFooter } from './Dialog.tsx';

const GROUPS = ['A', 'B', 'C'] as const;

/** The groups of servers picked, empty ones dropped. */
export function groupsOf(choice: readonly number[]): number[][] {
  const out: number[][] = GROUPS.map(() => []);
  choice.forEach((g, i) => out[g]!.push(i + 1));
  return out.filter((g) => g.length > 0);
}

export function PartitionButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        title="Put servers into groups and cut every link between groups"
      >
        Partition…
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Partition the network">
        <PartitionForm close={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function PartitionForm({ close }: { close(): void }) {
  const n = useApp((s) => s.frame?.options.servers ?? 0);
  const partition = useApp((s) => s.partition);
  // Default: the first half in A, the rest in B (a minority and a majority).
  const [choice, setChoice] = useState<number[]>(() =>
    Array.from({ length: n }, (_, i) => (i < Math.floor(n / 2) ? 0 : 1)),
  );
  const [error, setError] = useState<string | null>(null);
  const groups = groupsOf(choice);
  return (
    <form
      className="partition-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (groups.length < 2) {
          setError('Put the servers in at least two groups: one group cuts nothing.');
          return;
        }
        partition(groups);
        close();
      }}
    >
      <p className="hint">
        Servers in different groups cannot reach each other; links inside a group work. “Heal
        network” (H) restores every link.
      </p>
      <table className="partition-table">
        <thead>
          <tr>
            <th scope="col">Server</th>
            {GROUPS.map((g) => (
              <th key={g} scope="col">
                Group {g}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {choice.map((g, i) => (
            <tr key={i}>
              <th scope="row">S{i + 1}</th>
              {GROUPS.map((name, k) => (
                <td key={name}>
                  <input
                    type="radio"
                    name={`group-S${i + 1}`}
                    aria-label={`S${i + 1} in group ${name}`}
                    checked={g === k}
                    onChange={() => {
                      setChoice(choice.map((x, j) => (j === i ? k : x)));
                      setError(null);
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint" data-testid="partition-preview">
        {groups.map((g) => `{${g.map((id) => `S${id}`).join(', ')}}`).join(' | ')}
      </p>
      <FormFooter error={error} submit="Cut between groups" onCancel={close} />
    </form>
  );
}
