/**
 * One zustand store in slices: the latest frame from the worker (logs merged
 * window by window), playback, selection, settings and the UI's own state.
 * Actions are plain functions that talk to the worker through `send`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { startsNewRun } from './settingsRun.ts';
import type {
  Command,
  DiagramAnswer,
  DiagramQuery,
  EventFrame,
  LinearizabilityFrame,
  Frame,
  LogView,
  LogWindow,
  Marker,
  Moment,
  Notice,
  RunOptions,
  ScenarioMessage,
} from '../protocol/index.ts';
import { parseCommand } from '../model/command.ts';
import { parseScenarioJson, SCENARIO_TEXT_MAX, type Scenario } from '../model/scenario.ts';
import { pointsReached, presetById } from '../scenario/presets.ts';
import { clampSpeed } from './params.ts';
import { createThrottle, type Clock } from './throttle.ts';
import { createPacer, PANEL_GROUPS, type PanelGroup } from './pace.ts';
import { markerBeside } from './markerLayout.ts';
import { presentationSlice, type PresentationSlice } from './presentation.ts';

/** Notable events kept (newest first), and heartbeats beside them: heartbeats never crowd the others out. */
export const EVENTS_KEPT = 400;
export const MINOR_EVENTS_KEPT = 200;

/** The newest EVENTS_KEPT notable events and MINOR_EVENTS_KEPT heartbeats of a list, newest first. */
export function keepEvents(events: EventFrame[]): EventFrame[] {
  if (events.length <= MINOR_EVENTS_KEPT) return events;
  let notable = 0;
  let minor = 0;
  const out: EventFrame[] = [];
  for (const e of events) {
    if (e.minor ? minor++ < MINOR_EVENTS_KEPT : notable++ < EVENTS_KEPT) out.push(e);
  }
  return out;
}

/** What a group of panels draws: the frame, logs and events as of its last beat (see pace.ts). */
export interface PanelSnapshot {
  frame: Frame | null;
  logs: Record<number, LogWindow>;
  events: EventFrame[];
  markers: Marker[];
}

export interface FrameSlice {
  /** The latest frame (the cluster, the clock and the scrubber draw it on every frame). */
  frame: Frame | null;
  /** The panels' view of the run, brought up to date a few times a second while playing. */
  panels: Record<PanelGroup, PanelSnapshot>;
  /** Each server's visible log window, kept by reference until the worker sends a new one. */
  logs: Record<number, LogWindow>;
  /** Narrated events, newest first. */
  events: EventFrame[];
  /** The linearizability verdict, kept by reference while its version stays. */
  lin: LinearizabilityFrame | null;
}

export interface PlaybackSlice {
  playing: boolean;
  speed: number;
  /**
   * The page's first command: the worker builds its run from it. Sent through the
   * store like every other, so that a frame's `ack` and the commands sent count alike.
   */
  start(playing: boolean): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(x: number): void;
  faster(): void;
  slower(): void;
  step(): void;
  nextElection(): void;
  /** Next (1) or previous (-1) notable event: a vote, an election, an entry, a commit, an action. */
  notable(dir: 1 | -1): void;
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
  /** Dissertation §3.10: the current leader hands leadership to `to`. */
  transferLeadership(to: number): void;
  /** Click on a link: cut both ways if both work, else restore both. */
  toggleLink(a: number, b: number): void;
  /** Cut or restore one direction only. */
  setLink(from: number, to: number, up: boolean): void;
  heal(): void;
  /** Cuts every link between groups of servers at once. */
  partition(groups: number[][]): void;
  dropMessage(id?: number): void;
  submit(command: string, to?: number): void;
  /** Asks the leader to change the configuration to `members` (§6); the worker says if it refuses. */
  proposeConfig(members: number[]): void;
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

export interface DiagramSlice {
  /** Whether the space-time diagram is shown (remembered by the page). */
  diagramOpen: boolean;
  setDiagramOpen(v: boolean): void;
  /** The newest answer to the diagram's newest question. */
  diagram: DiagramAnswer | null;
  /** Asks the worker what a window of time holds (the answer replaces `diagram`). */
  queryDiagram(q: Omit<DiagramQuery, 'seq'>): void;
  receiveDiagram(a: DiagramAnswer): void;
}
/** A notice on screen; `reload`: it offers a "Reload" button and stays until acted on. */
export interface UiNotice {
  id: number;
  level: Notice['level'];
  text: string;
  reload?: boolean;
}

export interface UiSlice {
  /** How many commands (pulls aside) this store has sent: a frame with `ack` above it has seen them all. */
  commandsSent(): number;
  embed: boolean;
  helpOpen: boolean;
  settingsOpen: boolean;
  /** The "Export image" dialog. */
  imageOpen: boolean;
  notices: UiNotice[];
  setHelpOpen(v: boolean): void;
  setSettingsOpen(v: boolean): void;
  setImageOpen(v: boolean): void;
  /** Info notices fade after NOTICE_FADE_MS, unless they offer a reload (kept until acted on). */
  notice(n: Omit<UiNotice, 'id'>): void;
  dismissNotice(id: number): void;
  applyFrame(f: Frame): void;
}

export interface TimelineSlice {
  /** Markers of the timeline (kept until the worker sends new ones). */
  markers: Marker[];
  seek(to: Moment): void;
  stepBack(): void;
  undo(): void;
  /** Jumps to the moment right after an event of the event log (or at an action). */
  jumpTo(e: Pick<EventFrame, 'at' | 'n'>): void;
  /** Goes to the next (1) or previous (-1) marker other than a commit; says so if there is none. */
  jumpToMarker(dir: 1 | -1): void;
}

export interface ScenarioSlice {
  shareOpen: boolean;
  shareLink: string | null;
  /** The preset whose explanation is shown beside the cluster. */
  explanation: { id: string; title: string } | null;
  /** The run as it stood when the lesson's current step began (asked for by the lesson). */
  lessonScenario: Scenario | null;
  requestLessonScenario(): void;
  openShare(): void;
  closeShare(): void;
  exportScenario(): void;
  /** Loads a validated scenario, paused at `at` (else its moment, else its start). */
  loadScenario(
    s: Scenario,
    source: string,
    at?: Moment,
    playOnFailure?: boolean,
    horizon?: Moment,
  ): void;
  /** Reads a scenario file's text; a bad one leaves the run as it was, with a message. */
  importText(text: string, name: string): void;
  loadPreset(id: string): void;
  /** Goes to the shown preset's next pause point (after the moment shown). */
  nextPausePoint(): void;
  dismissExplanation(): void;
  receiveScenario(m: ScenarioMessage): void;
}

/** What the store needs of the page (none of it in tests). */
export interface StoreEnv {
  clock: Clock;
  /** Writes the scenario into the address bar's fragment (no history entry). */
  writeFragment(s: Scenario): void;
  /** A link that opens the scenario. */
  linkFor(s: Scenario): string;
  download(s: Scenario): void;
}

const NO_ENV: StoreEnv = {
  clock: { now: () => 0, later: () => {} },
  writeFragment: () => {},
  linkFor: () => '',
  download: () => {},
};

/** Commands after which the address bar's scenario is rewritten (about once a second). */
const FRAGMENT_AFTER = new Set<Command['type']>([
  'pause',
  'step',
  'stepBack',
  'nextElection',
  'notable',
  'crash',
  'restart',
  'timeout',
  'transferLeadership',
  'setLink',
  'heal',
  'partition',
  'drop',
  'submit',
  'proposeConfig',
  'settings',
  'newRun',
  'seek',
  'undo',
  'load',
]);
export const FRAGMENT_INTERVAL_MS = 1000;

export type AppState = FrameSlice &
  TimelineSlice &
  ScenarioSlice &
  PlaybackSlice &
  SelectionSlice &
  ClusterActions &
  ClientSlice &
  SettingsSlice &
  PresentationSlice &
  DiagramSlice &
  UiSlice;

export type AppStore = StoreApi<AppState>;

export interface StoreInit {
  embed?: boolean;
  presenter?: boolean;
  textScale?: number;
  diagramOpen?: boolean;
  speed: number;
  theme: 'light' | 'dark';
  options: RunOptions;
}

const NOTICES_KEPT = 4;
/** Information fades after this long; an error stays until dismissed. */
export const NOTICE_FADE_MS = 6000;
let noticeId = 0;

export function createAppStore(
  post: (c: Command) => void,
  init: StoreInit,
  env: StoreEnv = NO_ENV,
): AppStore {
  // Commands sent but not yet reflected in a frame: until then the local
  // playback state (set at once, for a snappy button) wins over the frame's.
  let sent = 0;
  /** The moment last asked for (a pause point, a preset's start) until a frame has answered: J twice goes on. */
  let pauseAsked: { at: Moment; sent: number } | null = null;
  // The count of commands up to the user's latest act (a view change or a
  // scenario request is not one), and the latest such act a frame has answered.
  let acted = 0;
  let answered = 0;
  let diagramSeq = 0;
  let diagramOut = false;
  let diagramNext: Omit<DiagramQuery, 'seq'> | null = null;
  const raw = (c: Command) => {
    if (c.type !== 'pull' && c.type !== 'diagram') {
      sent++;
      if (c.type !== 'view' && c.type !== 'scenario') acted = sent;
    }
    post(c);
  };
  // Without a page (tests), nothing asks for the address bar's scenario.
  const fragment =
    env === NO_ENV
      ? null
      : createThrottle(
          () => raw({ type: 'scenario', purpose: 'fragment' }),
          FRAGMENT_INTERVAL_MS,
          env.clock,
        );
  const send = (c: Command) => {
    raw(c);
    if (FRAGMENT_AFTER.has(c.type)) fragment?.request();
  };
  const pacer = createPacer();
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
      panels: emptyPanels(),
      logs: {},
      events: [],
      lin: null,

      // Playback
      playing: false,
      speed: init.speed,
      start: (playing) => {
        set({ playing });
        raw({ type: 'newRun', options: init.options, speed: init.speed, playing });
      },
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
      notable: (dir) => {
        set({ playing: false });
        send({ type: 'notable', dir });
      },

      // Timeline
      markers: [],
      seek: (to) => {
        set({ playing: false });
        send({ type: 'seek', to });
      },
      stepBack: () => {
        set({ playing: false });
        send({ type: 'stepBack' });
      },
      undo: () => {
        set({ playing: false });
        send({ type: 'undo' });
      },
      jumpTo: (e) => get().seek({ time: e.at, events: e.n }),
      jumpToMarker: (dir) => {
        const f = get().frame;
        if (!f) return;
        const here = { time: f.simNow, events: f.events };
        const m = markerBeside(get().markers, here, dir);
        if (m) get().seek({ time: m.time, events: m.events });
        else
          get().notice({
            level: 'info',
            text: dir > 0 ? 'No marker after this moment.' : 'No marker before this moment.',
          });
      },

      // Scenarios
      shareOpen: false,
      shareLink: null,
      explanation: null,
      lessonScenario: null,
      requestLessonScenario: () => raw({ type: 'scenario', purpose: 'lesson' }),
      openShare: () => {
        set({ shareOpen: true, shareLink: null });
        raw({ type: 'scenario', purpose: 'share' });
      },
      closeShare: () => set({ shareOpen: false }),
      exportScenario: () => raw({ type: 'scenario', purpose: 'export' }),
      loadScenario: (scenario, source, at, playOnFailure, horizon) => {
        // The new run's first frame clears logs, events and markers (a new run
        // number); a scenario that cannot be replayed leaves everything as it was.
        set({ playing: false });
        send({
          type: 'load',
          scenario,
          source,
          ...(at === undefined ? {} : { at }),
          ...(playOnFailure ? { playOnFailure } : {}),
          ...(horizon ? { horizon } : {}),
        });
      },
      importText: (text, name) => {
        const r =
          text.length > SCENARIO_TEXT_MAX
            ? { ok: false as const, error: `The file is too large to be a scenario.` }
            : parseScenarioJson(text);
        if (!r.ok) {
          get().notice({
            level: 'error',
            text: `Could not import ${name}: ${r.error} The current run is unchanged.`,
          });
          return;
        }
        set({ explanation: null });
        get().loadScenario(r.scenario, `The file ${name}`);
      },
      loadPreset: (id) => {
        const p = presetById(id);
        if (!p) return;
        set({ explanation: { id: p.id, title: p.title } });
        // The timeline reaches to the story's end at once: its pause points are on it.
        const end = { time: p.end.time, events: p.end.events };
        get().loadScenario(
          p.scenario,
          `The scenario "${p.title}"`,
          { time: 0, events: 0 },
          false,
          end,
        );
        // Until the worker has loaded it, the run shown is the old one: the story is at its start.
        pauseAsked = { at: { time: 0, events: 0 }, sent };
      },
      nextPausePoint: () => {
        const id = get().explanation?.id;
        const p = id === undefined ? undefined : presetById(id);
        const f = get().frame;
        if (!p) return;
        // No frame yet: the preset is loading, at its start.
        const shown = f ? { time: f.simNow, events: f.events } : { time: 0, events: 0 };
        const answered = f !== null && pauseAsked !== null && f.ack >= pauseAsked.sent;
        const here = pauseAsked !== null && !answered ? pauseAsked.at : shown;
        const q = p.points[pointsReached(p, here)];
        if (q) {
          const at = { time: q.time, events: q.events };
          get().seek(at);
          pauseAsked = { at, sent };
        } else
          get().notice({
            level: 'info',
            text: 'This is the end of the story: no pause point after it.',
          });
      },
      dismissExplanation: () => set({ explanation: null }),
      receiveScenario: (m) => {
        if (m.purpose === 'fragment') env.writeFragment(m.scenario);
        else if (m.purpose === 'share') set({ shareLink: env.linkFor(m.scenario) });
        else if (m.purpose === 'lesson') set({ lessonScenario: m.scenario });
        else env.download(m.scenario);
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
      transferLeadership: (to) => send({ type: 'transferLeadership', to }),
      toggleLink: (a, b) => {
        const links = get().frame?.links;
        const both = !!links?.[a]?.[b] && !!links?.[b]?.[a];
        send({ type: 'setLink', from: a, to: b, up: !both });
        send({ type: 'setLink', from: b, to: a, up: !both });
      },
      setLink: (from, to, up) => send({ type: 'setLink', from, to, up }),
      heal: () => send({ type: 'heal' }),
      partition: (groups) => send({ type: 'partition', groups }),
      proposeConfig: (members) =>
        send({ type: 'proposeConfig', members: [...members].sort((a, b) => a - b) }),
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
        if (startsNewRun(next, cur)) {
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
            preVote: next.preVote,
            checkQuorum: next.checkQuorum,
            readMode: next.readMode,
            // Sent only when changed: a run without snapshots keeps the options it had.
            ...((next.snapshotThreshold ?? 0) !== (cur.snapshotThreshold ?? 0)
              ? { snapshotThreshold: next.snapshotThreshold ?? 0 }
              : {}),
            ...((next.snapshotMargin ?? 0) !== (cur.snapshotMargin ?? 0)
              ? { snapshotMargin: next.snapshotMargin ?? 0 }
              : {}),
          },
        });
      },
      newRun: (options) => {
        const opts = options ?? get().frame?.options ?? init.options;
        const selected = get().selected;
        set({
          logs: {},
          events: [],
          panels: emptyPanels(),
          markers: [],
          explanation: null,
          selectedMessage: null,
          hoveredMessage: null,
          selected: selected !== null && selected <= opts.servers ? selected : null,
        });
        send({ type: 'newRun', options: opts, playing: get().playing });
        sendView();
      },

      // Presentation
      ...presentationSlice(set, get, init),

      // Space-time diagram
      diagramOpen: init.diagramOpen ?? false,
      setDiagramOpen: (v) => set({ diagramOpen: v }),
      diagram: null,
      // One question at a time: asked while one is out, it waits (only the newest) for the answer.
      queryDiagram: (q) => {
        if (diagramOut) {
          diagramNext = q;
          return;
        }
        diagramOut = true;
        raw({ type: 'diagram', seq: ++diagramSeq, ...q });
      },
      receiveDiagram: (a) => {
        diagramOut = false;
        const f = get().frame;
        // An answer about an older run is not drawn.
        if (f === null || a.run >= f.run) set({ diagram: a });
        const next = diagramNext;
        diagramNext = null;
        if (next) get().queryDiagram(next);
      },

      // UI
      commandsSent: () => sent,
      embed: init.embed ?? false,
      helpOpen: false,
      settingsOpen: false,
      notices: [],
      setHelpOpen: (v) => set({ helpOpen: v }),
      setSettingsOpen: (v) => set({ settingsOpen: v }),
      imageOpen: false,
      setImageOpen: (v) => set({ imageOpen: v }),
      notice: (n) => {
        const id = ++noticeId;
        set((s) => {
          const notices = [
            // The same words again (Play pressed twice at the run's ceiling): one notice, the newest.
            ...s.notices.filter((o) => o.text !== n.text || o.level !== n.level),
            { id, level: n.level, text: n.text, ...(n.reload ? { reload: true } : {}) },
          ];
          // The oldest go first, but never one that waits for the user to reload.
          for (let i = 0; notices.length > NOTICES_KEPT && i < notices.length;)
            if (notices[i]!.reload) i++;
            else notices.splice(i, 1);
          return { notices };
        });
        if (n.level === 'info' && !n.reload)
          env.clock.later(() => get().dismissNotice(id), NOTICE_FADE_MS);
      },
      dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
      applyFrame: (f) =>
        set((s) => {
          const next = mergeFrame(s, f, f.ack < sent);
          // Every panel follows at once unless the run simply plays on.
          const answers = f.ack >= acted && answered < acted;
          if (answers) answered = acted;
          const all =
            !f.playing || f.jumped || answers || s.frame === null || s.frame.run !== f.run;
          const groups = pacer.due(env.clock.now(), all);
          if (groups.length === 0) return next;
          const panels = { ...s.panels };
          const snap: PanelSnapshot = {
            frame: f,
            logs: next.logs ?? s.logs,
            events: next.events ?? s.events,
            markers: next.markers ?? s.markers,
          };
          for (const g of groups) panels[g] = snap;
          return { ...next, panels };
        }),
    };
  });
}

function emptyPanels(): Record<PanelGroup, PanelSnapshot> {
  const empty: PanelSnapshot = { frame: null, logs: {}, events: [], markers: [] };
  return Object.fromEntries(PANEL_GROUPS.map((g) => [g, empty])) as Record<
    PanelGroup,
    PanelSnapshot
  >;
}

/** The state after a frame: logs merged window by window, events prepended, stale ids cleared. */
export function mergeFrame(s: AppState, f: Frame, pending = false): Partial<AppState> {
  const newRun = s.frame !== null && s.frame.run !== f.run;
  const logs: Record<number, LogWindow> = newRun ? {} : { ...s.logs };
  for (const w of f.logs) logs[w.server] = w;
  for (const key of Object.keys(logs))
    if (Number(key) > f.options.servers) delete logs[Number(key)];
  let events = newRun ? [] : s.events;
  // After a jump, the worker tells what happened up to the moment shown.
  if (f.narration) events = f.narration.slice().reverse();
  else if (f.jumped && events.length > 0)
    events = events.filter((e) => e.n <= f.events && e.at <= f.simNow);
  if (f.newEvents.length > 0 || f.narration)
    events = keepEvents(f.newEvents.slice().reverse().concat(events));
  const inFlight = (id: number | null) =>
    id !== null && f.messages.some((m) => m.id === id) ? id : null;
  const lin =
    s.lin !== null && !newRun && s.lin.version === f.linearizability.version
      ? s.lin
      : f.linearizability;
  return {
    frame: f,
    logs,
    events,
    lin,
    markers: f.timeline.markers ?? (newRun ? [] : s.markers),
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
