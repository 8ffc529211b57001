/** `?`: every keyboard shortcut. */
import { useApp } from '../context.ts';
import { Dialog } from './Dialog.tsx';
import { SHORTCUTS } from '../keys.ts';

export function HelpDialog() {
  const open = useApp((s) => s.helpOpen);
  const setOpen = useApp((s) => s.setHelpOpen);
  return (
    <Dialog open={open} onClose={() => setOpen(false)} title="Keyboard shortcuts">
      <dl className="keys">
        {SHORTCUTS.map(([k, what]) => (
          <Row key={k} k={k} what={what} />
        ))}
      </dl>
      <p className="hint">
        Click a link to cut it both ways, click again to restore it; Shift+click cuts one direction
        at a time. Tab reaches every server, link and message; Enter acts on it.
      </p>
      <p className="hint">
        The shortcuts work wherever the focus is (a menu, the speed, the timeline), except while you
        type in a text box. A button or checkbox reached with Tab still takes Space.
      </p>
    </Dialog>
  );
}

function Row({ k, what }: { k: string; what: string }) {
  return (
    <>
      <dt>
        <kbd>{k}</kbd>
      </dt>
      <dd>{what}</dd>
    </>
  );
}
