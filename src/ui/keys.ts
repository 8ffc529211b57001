/** Keyboard shortcuts: one table for the handler and the help dialog. */
import type { AppState } from './store.ts';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'Play / Pause'],
  ['→', 'Step: process exactly the next event'],
  ['←', 'Step back: exactly one event back'],
  [
    'Shift+→ / Shift+←',
    'Next / previous notable event (votes, elections, entries, commits, actions)',
  ],
  ['Page Down / Page Up', 'Step / Step back (a presentation clicker)'],
  ['. or B', 'Play / Pause (a presentation clicker)'],
  ['P', 'Presenter mode: large type for a room'],
  ['S', 'In presenter mode: show or fold the side panels'],
  ['U', 'Undo: bring back the future an action in the past replaced'],
  ['[ / ]', 'Previous / next marker on the timeline (elections, leaders, crashes…)'],
  ['E', 'Next election'],
  ['J', 'Go to the next pause point (a scenario’s story)'],
  ['1 – 9', 'Select a server (again to deselect)'],
  ['C', 'Crash the selected server'],
  ['R', 'Restart the selected server'],
  ['T', 'Force its election timeout'],
  ['Q', 'Send the command to the selected server'],
  ['D', 'Drop the selected message'],
  ['H', 'Heal the network'],
  ['+ / −', 'Faster / slower'],
  ['N', 'New run'],
  ['G', 'Settings'],
  ['L', 'Light / dark theme'],
  ['Esc', 'Deselect, close a dialog'],
  ['?', 'This help'],
];

/** Input types the user types into: keys there are theirs, never shortcuts. */
const TEXT_INPUT_TYPES = new Set([
  'text',
  'search',
  'email',
  'url',
  'tel',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'time',
  'week',
]);

/** A text box, a text area or an editable element: where a key types a character. */
export function isTextField(t: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(t.type);
}

/**
 * The shortcut a key press stands for, or null when the key is left to the page:
 * typing in a text field, a modifier held (Ctrl, Alt, Meta: the browser's), Enter, or
 * Space on a button, checkbox or radio reached with Tab (`tabbed`: pressing it). Whatever
 * else has focus, a menu, the speed, the timeline's slider or a checkbox clicked a
 * moment ago, the app's shortcuts win: the key is not also the control's. Keys no
 * shortcut uses (↑, ↓, Home, End, Enter on a menu) stay the control's own.
 */
export function shortcutFor(
  e: {
    key: string;
    shiftKey: boolean;
    ctrlKey: boolean;
    metaKey: boolean;
    altKey: boolean;
    target: EventTarget | null;
  },
  tabbed: boolean,
): string | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target)) return null;
  if (e.key === 'Enter') return null;
  const t = e.target;
  if (e.key === ' ' && typeof HTMLElement !== 'undefined' && t instanceof HTMLElement) {
    const pressable =
      t instanceof HTMLButtonElement ||
      (t instanceof HTMLInputElement && (t.type === 'checkbox' || t.type === 'radio'));
    if (pressable && tabbed) return null;
  }
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.shiftKey && (key === 'ArrowRight' || key === 'ArrowLeft')) return `Shift+${key}`;
  return key;
}

/** Handles a shortcut (from `shortcutFor`); true when it was ours. */
export function handleKey(key: string, s: AppState): boolean {
  const sel = s.selected;
  if (/^[1-9]$/.test(key)) {
    const id = Number(key);
    const n = s.frame?.options.servers ?? 0;
    if (id <= n) s.select(sel === id ? null : id);
    return id <= n;
  }
  switch (key) {
    case ' ':
    case '.':
    case 'b':
      s.togglePlay();
      return true;
    case 'ArrowRight':
    case 'PageDown':
      s.step();
      return true;
    case 'ArrowLeft':
    case 'PageUp':
      s.stepBack();
      return true;
    case 'Shift+ArrowRight':
      s.notable(1);
      return true;
    case 'Shift+ArrowLeft':
      s.notable(-1);
      return true;
    case 'p':
      s.togglePresenter();
      return true;
    case 's':
      s.togglePresenterPanels();
      return s.presenter;
    case 'u':
      s.undo();
      return true;
    case '[':
      s.jumpToMarker(-1);
      return true;
    case ']':
      s.jumpToMarker(1);
      return true;
    case 'e':
      s.nextElection();
      return true;
    case 'j':
      s.nextPausePoint();
      return s.explanation !== null;
    case 'c':
      if (sel !== null) s.crash(sel);
      return sel !== null;
    case 'r':
      if (sel !== null) s.restart(sel);
      return sel !== null;
    case 't':
      if (sel !== null) s.timeout(sel);
      return sel !== null;
    case 'q':
      if (sel !== null) s.submitHere(sel);
      return sel !== null;
    case 'd':
      s.dropMessage();
      return true;
    case 'h':
      s.heal();
      return true;
    case '+':
    case '=':
      s.faster();
      return true;
    case '-':
      s.slower();
      return true;
    case 'n':
      s.newRun();
      return true;
    case 'g':
      s.setSettingsOpen(true);
      return true;
    case 'l':
      s.setTheme(s.theme === 'dark' ? 'light' : 'dark');
      return true;
    case '?':
      s.setHelpOpen(true);
      return true;
    case 'Escape':
      if (s.selectedMessage !== null) s.selectMessage(null);
      else s.select(null);
      return true;
  }
  return false;
}
