/** "Share": a link to this very moment of the run, to copy. */
import { useState } from 'react';
import { useApp } from '../context.ts';
import { Dialog } from './Dialog.tsx';

export function ShareDialog() {
  const open = useApp((s) => s.shareOpen);
  const link = useApp((s) => s.shareLink);
  const close = useApp((s) => s.closeShare);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog
      open={open}
      onClose={() => {
        setCopied(false);
        close();
      }}
      title="Share this moment"
    >
      <p className="hint">
        Whoever opens this link sees this run paused at this moment: the same servers, terms, logs
        and messages in flight.
      </p>
      <label className="share-field">
        <span>Share link</span>
        <input
          type="text"
          readOnly
          aria-label="Share link"
          value={link ?? ''}
          placeholder="Making the link…"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={copy} disabled={!link}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
        {link && <span className="small muted">{link.length} characters</span>}
      </div>
    </Dialog>
  );
}
