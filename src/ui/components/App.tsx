/** The whole page: toolbar, caption, cluster, logs, event log, inspector, client. */
import { useEffect } from 'react';
import { useApp, useAppStore } from '../context.ts';
import { handleKey } from '../keys.ts';
import { Caption } from './Caption.tsx';
import { ClientPanel } from './ClientPanel.tsx';
import { Cluster } from './Cluster.tsx';
import { EventLog } from './EventLog.tsx';
import { HelpDialog } from './HelpDialog.tsx';
import { Inspector } from './Inspector.tsx';
import { LogGrid } from './LogGrid.tsx';
import { Notices } from './Notices.tsx';
import { SettingsDialog } from './SettingsDialog.tsx';
import { Toolbar } from './Toolbar.tsx';
import { ViolationBanner } from './ViolationBanner.tsx';

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

export function App() {
  const store = useAppStore();
  const theme = useApp((s) => s.theme);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('raftlab-theme', theme);
    } catch {
      // storage may be unavailable: the theme just does not persist
    }
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const s = store.getState();
      if (s.helpOpen || s.settingsOpen) return; // the dialog handles its own keys
      // Space and Enter on a focused button keep their usual meaning.
      if ((e.key === ' ' || e.key === 'Enter') && e.target instanceof HTMLButtonElement) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (handleKey(key === '?' ? '?' : key, s)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  return (
    <div className="app">
      <Toolbar />
      <Caption />
      <ViolationBanner />
      <main className="main">
        <Cluster />
        <div className="middle">
          <LogGrid />
          <EventLog />
        </div>
        <aside className="side">
          <Inspector />
          <ClientPanel />
        </aside>
      </main>
      <Notices />
      <HelpDialog />
      <SettingsDialog />
    </div>
  );
}
