/** Playback and global actions: Play/Pause, Step, Next election, Speed, Heal network, the clock. */
import { useApp } from '../context.ts';
import { SPEED_CHOICES, speedLabel } from '../params.ts';
import { ScenarioControls } from './ScenarioControls.tsx';
import { PartitionButton } from './PartitionDialog.tsx';
import { useLesson } from '../lessonContext.ts';

export function Toolbar() {
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const togglePlay = useApp((s) => s.togglePlay);
  const step = useApp((s) => s.step);
  const nextElection = useApp((s) => s.nextElection);
  const notable = useApp((s) => s.notable);
  const setSpeed = useApp((s) => s.setSpeed);
  const heal = useApp((s) => s.heal);
  const embed = useApp((s) => s.embed);
  const choices = SPEED_CHOICES.includes(speed)
    ? SPEED_CHOICES
    : [...SPEED_CHOICES, speed].sort((x, y) => x - y);
  return (
    <header className="toolbar" role="toolbar" aria-label="Playback">
      <h1 className="brand">
        Raft<span>lab</span>
      </h1>
      <button type="button" className="primary play" onClick={togglePlay} aria-keyshortcuts="Space">
        {/* The name is the word alone; the glyph is aria-hidden. Both words share one
            cell, the other one invisible, so the button keeps its width on every press. */}
        <span className="glyph" aria-hidden="true">
          {playing ? '❚❚' : '▶'}
        </span>
        <span className="play-words">
          <span className={playing ? 'off' : undefined} aria-hidden={playing}>
            Play
          </span>
          <span className={playing ? undefined : 'off'} aria-hidden={!playing}>
            Pause
          </span>
        </span>
      </button>
      <button
        type="button"
        onClick={step}
        aria-keyshortcuts="ArrowRight"
        title="Process exactly the next event (→)"
      >
        Step
      </button>
      <button
        type="button"
        aria-label="Next notable event"
        onClick={() => notable(1)}
        aria-keyshortcuts="Shift+ArrowRight"
        title="Step until something worth seeing happens: a vote, an election, a new entry, a commit, an action (Shift+→; Shift+← goes back)"
      >
        <Short text="Next notable" />
      </button>
      <button
        type="button"
        onClick={nextElection}
        aria-keyshortcuts="e"
        title="Run until a leader is elected in a new term (E)"
      >
        Next election
      </button>
      <label className="speed">
        <span>Speed</span>
        <select
          aria-label="Speed"
          value={String(speed)}
          onChange={(e) => setSpeed(Number(e.target.value))}
        >
          {choices.map((x) => (
            <option key={x} value={String(x)}>
              {speedLabel(x)}
            </option>
          ))}
        </select>
      </label>
      {!embed && (
        <button
          type="button"
          onClick={heal}
          aria-keyshortcuts="h"
          aria-label="Heal network"
          title="Heal network: restore every link (H)"
        >
          <Short text="Heal" />
        </button>
      )}
      {!embed && <PartitionButton />}
      <Clock />
      <span className="spacer" />
      {/* The lessons, files and page's settings wrap as one group: on a narrow window
          they make the second row together (none is left alone at the first's end). */}
      {!embed && (
        <div className="toolbar-end">
          <LessonsButton />
          <span className="scenario-controls">
            <ScenarioControls />
          </span>
          <MoreControls />
        </div>
      )}
    </header>
  );
}

function LessonsButton() {
  const openList = useLesson((s) => s.openList);
  return (
    <button type="button" onClick={openList} title="Guided lessons on the live simulation">
      Lessons
    </button>
  );
}

function MoreControls() {
  const theme = useApp((s) => s.theme);
  const newRun = useApp((s) => s.newRun);
  const setSettingsOpen = useApp((s) => s.setSettingsOpen);
  const setTheme = useApp((s) => s.setTheme);
  const setHelpOpen = useApp((s) => s.setHelpOpen);
  const setImageOpen = useApp((s) => s.setImageOpen);
  const presenter = useApp((s) => s.presenter);
  const presenterPanels = useApp((s) => s.presenterPanels);
  const togglePresenter = useApp((s) => s.togglePresenter);
  const togglePanels = useApp((s) => s.togglePresenterPanels);
  return (
    <>
      <button
        type="button"
        aria-label="Export image"
        onClick={() => setImageOpen(true)}
        title="Save the picture of this moment as SVG or PNG, for slides"
      >
        <Short text="Image" />
      </button>
      <button
        type="button"
        aria-pressed={presenter}
        aria-keyshortcuts="p"
        aria-label="Presenter mode"
        onClick={togglePresenter}
        title="Large type and thick lines for a room; side panels folded away (P)"
      >
        <Short text="Presenter" />
      </button>
      {presenter && (
        <button
          type="button"
          aria-pressed={presenterPanels}
          aria-keyshortcuts="s"
          onClick={togglePanels}
          title="Show or fold the logs, event log, inspector and client (S)"
        >
          Side panels
        </button>
      )}
      <button
        type="button"
        className="presenter-hide"
        aria-label="New run"
        onClick={() => newRun()}
        title="New run: start again from the same settings"
      >
        <Short text="↺" icon />
      </button>
      <button
        type="button"
        className="presenter-hide"
        onClick={() => setSettingsOpen(true)}
        aria-keyshortcuts="g"
        aria-label="Settings"
        title="Settings (G)"
      >
        <Short text="⚙" icon />
      </button>
      <button
        type="button"
        className="icon"
        aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <button
        type="button"
        className="icon"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        onClick={() => setHelpOpen(true)}
      >
        ?
      </button>
    </>
  );
}

/**
 * A short form of a button's words (or an icon), so that the toolbar keeps to one
 * row from 1280 px up. The button's `aria-label` is the whole words, which contain
 * the short form: its accessible name is the contract's.
 */
function Short({ text, icon = false }: { text: string; icon?: boolean }) {
  return (
    <span className={icon ? 'words-icon' : undefined} aria-hidden="true">
      {text}
    </span>
  );
}

function Clock() {
  const now = useApp((s) => s.frame?.simNow ?? 0);
  const events = useApp((s) => s.frame?.events ?? 0);
  // Whether the worker was playing when it made the frame shown (tests wait for a pause to arrive).
  const running = useApp((s) => s.frame?.playing ?? false);
  return (
    <div
      className="clock"
      data-testid="clock"
      data-now={now}
      data-events={events}
      data-playing={running}
      aria-label={`Virtual time ${now} ms, ${events} events`}
    >
      <span className="clock-time">{(now / 1000).toFixed(3)} s</span>
      <span className="clock-events">{events} events</span>
    </div>
  );
}
