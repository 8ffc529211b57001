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
import { Explanation } from './Explanation.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import { Timeline } from './Timeline.tsx';
import { readScenarioFile } from '../files.ts';

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName);
}

export function App() {
  const store = useAppStore();
  const theme = useApp((s) => s.theme);
  const embed = useApp((s) => s.embed);
  const presenter = useApp((s) => s.presenter);
  const presenterPanels = useApp((s) => s.presenterPanels);
  const textScale = useApp((s) => s.textScale);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('raftlab-theme', theme);
    } catch {
      // storage may be unavailable: the theme just does not persist
    }
  }, [theme]);

  useEffect(() => {
    const root = document.documentElement;
    if (presenter) root.dataset.presenter = '';
    else delete root.dataset.presenter;
    root.style.setProperty('--text-scale', String(textScale));
    try {
      localStorage.setItem('raftlab-text-scale', String(textScale));
    } catch {
      // storage may be unavailable: the size just does not persist
    }
  }, [presenter, textScale]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const s = store.getState();
      if (s.helpOpen || s.settingsOpen || s.shareOpen) return; // the dialog handles its own keys
      // Space and Enter on a focused button keep their usual meaning.
      if ((e.key === ' ' || e.key === 'Enter') && e.target instanceof HTMLButtonElement) return;
      let key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (e.shiftKey && (key === 'ArrowRight' || key === 'ArrowLeft')) key = `Shift+${key}`;
      if (handleKey(key, s)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  // A scenario file dropped anywhere on the page is imported.
  useEffect(() => {
    if (embed) return;
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      const s = store.getState();
      void readScenarioFile(f, s.importText, s.notice);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [store, embed]);

  if (embed)
    return (
      <div className="app embed">
        <Toolbar />
        <Caption />
        <main className="main embed-main">
          <div className="stage">
            <Explanation />
            <Cluster />
            <Timeline />
          </div>
        </main>
        <Notices />
      </div>
    );

  return (
    <div
      className={`app${presenter ? ' presenter' : ''}${presenter && !presenterPanels ? ' folded' : ''}`}
    >
      <Toolbar />
      <Caption />
      <ViolationBanner />
      <main className="main">
        <div className="stage">
          <Explanation />
          <Cluster />
          <Timeline />
        </div>
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
      <ShareDialog />
    </div>
  );
}
