/**
 * One zustand store in slices: the latest frame from the worker (logs merged
 * window by window), playback, selection, settings and the UI's own state.
 * Actions are plain functions that talk to the worker through `send`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  Command,
  EventFrame,
  Frame,
  LogView,
  LogWindow,
  Notice,
  RunOptions,
} from '../protocol/index.ts';
import { parseCommand } from '../model/command.ts';
import { clampSpeed } from './params.ts';

export const EVENTS_KEPT = 400;

export interface FrameSlice {
  frame: Frame | null;
  /** Each server's visible log window, kept by reference until the worker sends a new one. */
  logs: Record<number, LogWindow>;
  /** Narrated events, newest first. */
  events: EventFrame[];
}

export interface PlaybackSlice {
  playing: boolean;
  speed: number;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(x: number): void;
  faster(): void;
  slower(): void;
  step(): void;
  nextElection(): void;
}

export interface SelectionSlice {
  selected: number | null;
  selectedMessage: number | null;
  hoveredMessage: number | null;
  eventFilter: number | 'all';
  showMinor: boolean;
  logView: LogView;
  select(id: number | null): void;
  selectMessage(id: number | null): void;
  hoverMessage(id: number | null): void;
  setEventFilter(f: number | 'all'): void;
  setShowMinor(v: boolean): void;
  setLogView(v: LogView): void;
}

export interface ClusterActions {
  crash(id: number): void;
  restart(id: number): void;
  timeout(id: number): void;
  /** Click on a link: cut both ways if both work, else restore both. */
  toggleLink(a: number, b: number): void;
  /** Cut or restore one direction only. */
  setLink(from: number, to: number, up: boolean): void;
  heal(): void;
  dropMessage(id?: number): void;
  submit(command: string, to?: number): void;
}

export interface ClientSlice {
  commandText: string;
  commandError: string | null;
  setCommandText(t: string): void;
  /** Sends the text box's command (checked first): through the client, or to `to`. */
  sendCommand(to?: number): boolean;
  /** "Send request here": the text box's command, or a fresh one when it is empty. */
  submitHere(to: number): void;
}

export interface SettingsSlice {
  theme: 'light' | 'dark';
  setTheme(t: 'light' | 'dark'): void;
  applySettings(next: RunOptions): void;
  newRun(options?: RunOptions): void;
}

export interface UiSlice {
  helpOpen: boolean;
  settingsOpen: boolean;
  notices: { id: number; level: 'info' | 'error'; text: string }[];
  setHelpOpen(v: boolean): void;
  setSettingsOpen(v: boolean): void;
  notice(n: Omit<Notice, 'type'>): void;
  dismissNotice(id: number): void;
  applyFrame(f: Frame): void;
}

export type AppState = FrameSlice &
  PlaybackSlice &
  SelectionSlice &
  ClusterActions &
  ClientSlice &
  SettingsSlice &
  UiSlice;

export type AppStore = StoreApi<AppState>;

export interface StoreInit {
  speed: number;
  theme: 'light' | 'dark';
  options: RunOptions;
}

const NOTICES_KEPT = 4;
let noticeId = 0;

export function createAppStore(post: (c: Command) => void, init: StoreInit): AppStore {
  // Commands sent but not yet reflected in a frame: until then the local
  // playback state (set at once, for a snappy button) wins over the frame's.
  let sent = 0;
  const send = (c: Command) => {
    if (c.type !== 'pull') sent++;
    post(c);
  };
  return createStore<AppState>()((set, get) => {
    const sendView = () => {
      const s = get();
      send({ type: 'view', log: s.logView, selected: s.selected });
    };
    const speedIndex = (dir: 1 | -1) => {
      const x = get().speed;
      return clampSpeed(dir > 0 ? x * 2 : x / 2);
    };
    return {
      // Frame
      frame: null,
      logs: {},
      events: [],

      // Playback
      playing: false,
      speed: init.speed,
      play: () => {
        set({ playing: true });
        send({ type: 'play' });
      },
      pause: () => {
        set({ playing: false });
        send({ type: 'pause' });
      },
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      setSpeed: (x) => {
        const speed = clampSpeed(x);
        set({ speed });
        send({ type: 'speed', speed });
      },
      faster: () => get().setSpeed(speedIndex(1)),
      slower: () => get().setSpeed(speedIndex(-1)),
      step: () => {
        set({ playing: false });
        send({ type: 'step' });
      },
      nextElection: () => {
        set({ playing: false });
        send({ type: 'nextElection' });
      },

      // Selection
      selected: null,
      selectedMessage: null,
      hoveredMessage: null,
      eventFilter: 'all',
      showMinor: false,
      logView: { from: 1, count: 40, follow: true },
      select: (id) => {
        set({ selected: id });
        sendView();
      },
      selectMessage: (id) => set({ selectedMessage: id }),
      hoverMessage: (id) => set({ hoveredMessage: id }),
      setEventFilter: (f) => set({ eventFilter: f }),
      setShowMinor: (v) => set({ showMinor: v }),
      setLogView: (v) => {
        const old = get().logView;
        if (old.from === v.from && old.count === v.count && old.follow === v.follow) return;
        set({ logView: v });
        sendView();
      },

      // Cluster
      crash: (id) => send({ type: 'crash', id }),
      restart: (id) => send({ type: 'restart', id }),
      timeout: (id) => send({ type: 'timeout', id }),
      toggleLink: (a, b) => {
        const links = get().frame?.links;
        const both = !!links?.[a]?.[b] && !!links?.[b]?.[a];
        send({ type: 'setLink', from: a, to: b, up: !both });
        send({ type: 'setLink', from: b, to: a, up: !both });
      },
      setLink: (from, to, up) => send({ type: 'setLink', from, to, up }),
      heal: () => send({ type: 'heal' }),
      dropMessage: (id) => {
        const target = id ?? get().selectedMessage ?? get().hoveredMessage;
        if (target === null || target === undefined) {
          get().notice({ level: 'info', text: 'Select a message first (click it).' });
          return;
        }
        send({ type: 'drop', id: target });
        set({ selectedMessage: null, hoveredMessage: null });
      },
      submit: (command, to) =>
        send(to === undefined ? { type: 'submit', command } : { type: 'submit', command, to }),

      // Client
      commandText: 'set x 1',
      commandError: null,
      setCommandText: (t) => set({ commandText: t, commandError: null }),
      sendCommand: (to) => {
        const parsed = parseCommand(get().commandText);
        if (!parsed.ok) {
          set({ commandError: parsed.error });
          return false;
        }
        get().submit(parsed.text, to);
        set({ commandText: nextCommand(parsed.text), commandError: null });
        return true;
      },
      submitHere: (to) => {
        if (get().commandText.trim() === '') set({ commandText: nextCommand('set x 0') });
        get().sendCommand(to);
      },

      // Settings
      theme: init.theme,
      setTheme: (theme) => set({ theme }),
      applySettings: (next) => {
        const cur = get().frame?.options ?? init.options;
        if (next.servers !== cur.servers || next.seed !== cur.seed) {
          get().newRun(next);
          return;
        }
        send({
          type: 'settings',
          network: {
            latencyMs: next.latencyMs,
            dropRate: next.dropRate,
            duplicateRate: next.duplicateRate,
          },
          runtime: {
            electionTimeoutMs: next.electionTimeoutMs,
            heartbeatMs: next.heartbeatMs,
            leaderNoop: next.leaderNoop,
            clientLoadPerSecond: next.clientLoadPerSecond,
            unsafe: { ...next.unsafe },
          },
        });
      },
      newRun: (options) => {
        const opts = options ?? get().frame?.options ?? init.options;
        const selected = get().selected;
        set({
          logs: {},
          events: [],
          selectedMessage: null,
          hoveredMessage: null,
          selected: selected !== null && selected <= opts.servers ? selected : null,
        });
        send({ type: 'newRun', options: opts, playing: get().playing });
        sendView();
      },

      // UI
      helpOpen: false,
      settingsOpen: false,
      notices: [],
      setHelpOpen: (v) => set({ helpOpen: v }),
      setSettingsOpen: (v) => set({ settingsOpen: v }),
      notice: (n) =>
        set((s) => ({
          notices: [...s.notices, { id: ++noticeId, level: n.level, text: n.text }].slice(
            -NOTICES_KEPT,
          ),
        })),
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      applyFrame: (f) => set((s) => mergeFrame(s, f, f.ack < sent)),
    };
  });
}

/** The state after a frame: logs merged window by window, events prepended, stale ids cleared. */
export function mergeFrame(s: AppState, f: Frame, pending = false): Partial<AppState> {
  const newRun = s.frame !== null && s.frame.run !== f.run;
  const logs: Record<number, LogWindow> = newRun ? {} : { ...s.logs };
  for (const w of f.logs) logs[w.server] = w;
  for (const key of Object.keys(logs))
    if (Number(key) > f.options.servers) delete logs[Number(key)];
  let events = newRun ? [] : s.events;
  if (f.newEvents.length > 0) {
    events = f.newEvents.slice().reverse().concat(events).slice(0, EVENTS_KEPT);
  }
  const inFlight = (id: number | null) =>
    id !== null && f.messages.some((m) => m.id === id) ? id : null;
  return {
    frame: f,
    logs,
    events,
    playing: pending ? s.playing : f.playing,
    speed: pending ? s.speed : f.speed,
    selectedMessage: inFlight(s.selectedMessage),
    hoveredMessage: inFlight(s.hoveredMessage),
    selected: s.selected !== null && s.selected > f.options.servers ? null : s.selected,
  };
}

/** A fresh command after `text` for the box: "set x 3" becomes "set x 4". */
export function nextCommand(text: string): string {
  const m = /^(set|append) (\S+) (\d+)$/.exec(text);
  if (!m) return text;
  return `${m[1]} ${m[2]} ${Number(m[3]) + 1}`;
}
