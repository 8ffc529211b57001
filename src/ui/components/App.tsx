/** The whole page: toolbar, caption, cluster, logs, event log, inspector, client. */
import { useEffect } from 'react';
import { useApp, useAppStore } from '../context.ts';
import { handleKey, shortcutFor } from '../keys.ts';
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
import { LinearizabilityBanner } from './Linearizability.tsx';
import { Explanation } from './Explanation.tsx';
import { ShareDialog } from './ShareDialog.tsx';
import { ExportImageDialog } from './ExportImageDialog.tsx';
import { Timeline } from './Timeline.tsx';
import { readScenarioFile } from '../files.ts';
import { LessonPanel } from './LessonPanel.tsx';
import { LessonsDialog } from './LessonsDialog.tsx';
import { TourOffer } from './TourOffer.tsx';
import { SpacetimeDiagram } from './SpacetimeDiagram.tsx';
import { DIAGRAM_KEY } from '../spacetime.ts';

export function App() {
  const store = useAppStore();
  const theme = useApp((s) => s.theme);
  const embed = useApp((s) => s.embed);
  const presenter = useApp((s) => s.presenter);
  const presenterPanels = useApp((s) => s.presenterPanels);
  const textScale = useApp((s) => s.textScale);
  const diagramOpen = useApp((s) => s.diagramOpen);

  useEffect(() => {
    try {
      localStorage.setItem(DIAGRAM_KEY, diagramOpen ? '1' : '0');
    } catch {
      // storage may be unavailable: the choice just does not persist
    }
  }, [diagramOpen]);

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
    // Whether the focus got where it is by Tab (a keyboard user pressing a button
    // with Space) or by a click (Space then plays or pauses, as everywhere else).
    let tabbed = false;
    const onPointer = () => {
      tabbed = false;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Tab') tabbed = true;
      const s = store.getState();
      if (s.helpOpen || s.settingsOpen || s.shareOpen || s.imageOpen) return; // the dialog handles its own keys
      const key = shortcutFor(e, tabbed);
      // preventDefault: the focused control (a menu, the speed, the slider) does not
      // also take the key (→ would load the next preset or change the speed).
      if (key !== null && handleKey(key, s)) e.preventDefault();
    };
    // Space held on a clicked button would press it on release: the shortcut took it.
    const onKeyUp = (e: KeyboardEvent) => {
      const s = store.getState();
      if (s.helpOpen || s.settingsOpen || s.shareOpen || s.imageOpen) return;
      if (e.key === ' ' && shortcutFor(e, tabbed) !== null) e.preventDefault();
    };
    window.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
    };
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
      className={`app${presenter ? ' presenter' : ''}${presenter && !presenterPanels ? ' folded' : ''}${diagramOpen ? ' with-diagram' : ''}`}
    >
      <Toolbar />
      <Caption />
      <ViolationBanner />
      <LinearizabilityBanner />
      <main className="main">
        <div className="stage">
          <LessonPanel />
          <Explanation />
          <Cluster />
          <SpacetimeDiagram />
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
      <TourOffer />
      <LessonsDialog />
      <HelpDialog />
      <SettingsDialog />
      <ShareDialog />
      <ExportImageDialog />
    </div>
  );
}
