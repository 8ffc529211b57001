/**
 * The worker's engine: owns one simulation, paces its virtual time by the speed
 * factor, answers the UI's commands and builds frames. No timers of its own:
 * time moves only when the UI pulls a frame (once per display frame while
 * playing), so a paused or hidden page costs nothing.
 */
import { configView, type Sim } from '../sim/simulation.ts';
import { Timeline, before } from '../sim/timeline.ts';
import type { SimEvent, SimLoss } from '../sim/types.ts';
import type { Flight } from '../sim/world.ts';
import { CLIENTS_MAX } from '../model/limits.ts';
import { ENGINE_VERSION, type Scenario } from '../model/scenario.ts';
import { optionsOf, scenarioFrom } from '../scenario/scenario.ts';
import type {
  ClientOpFrame,
  Command,
  EventFrame,
  Frame,
  LogView,
  Marker,
  MessageFrame,
  Moment,
  Notice,
  RunOptions,
  ScenarioPurpose,
  WorkerMessage,
} from '../protocol/index.ts';
import { MarkerTracker, actionMarkers, type ServerGlance } from './markers.ts';
import { SpacetimeIndex, type ServerLook } from './spacetime.ts';
import { SpacetimeDetail, serverLook } from './spacetimeDetail.ts';
import { NARRATION_REPLAY_MAX, Narrator, actionFrame } from './narration.ts';
import { NOTABLE_CAP_EVENTS, NOTABLE_CAP_MS, previousNotable, stepToNotable } from './notable.ts';
import {
  clientOpFrame,
  configWords,
  eventFrame,
  linearizabilityFrame,
  logWindow,
  membershipFrame,
  messageFrame,
  serverFrame,
  windowKey,
} from './views.ts';

/** Longest wall-clock gap counted in one frame: a stalled tab does not jump ahead. */
const FRAME_GAP_MS_MAX = 100;
const EVENTS_PER_FRAME_MAX = 300;
const USER_OPS_KEPT = 40;
const STEPS_KEPT = 10_000;
/** How many of the latest actions are searched for the user's requests after a jump. */
const SUBMITS_SCANNED = 2000;
const LOAD_OPS_SHOWN = 6;
/** The speed factor's range: 1/1000x to 100x (1x: one virtual ms per real ms). */
export const SPEED_MIN = 0.001;
export const SPEED_MAX = 100;
export const NEXT_ELECTION_CAP_MS = 30_000;
const NEXT_ELECTION_STEPS_MAX = 500_000;
/** Loading a scenario walks its run once to find the markers: at most this many events. */
const SCAN_EVENTS_MAX = 3_000_000;
/**
 * The most log entries, or client requests, one run records. Everything the tool keeps
 * beside the simulated servers is bounded (checkpoints and narration thinned, the
 * diagram's index coarsened, markers capped), but the servers' own state is not: without
 * snapshots (§7) every request is one more entry in every log, and the run keeps the
 * requests' history and the checkers' record of each index. Past this many the run stops
 * going forward, with a warning, so that memory has a ceiling: at 9 servers the engine
 * holds 535 MB there in node (8-byte pointers; Chrome's are 4), after 11.3 virtual hours
 * at 50 requests a second (BENCH_ENGINE_CEILING=1 in src/worker/seek.bench.ts).
 */
export const RUN_RECORDS_MAX = 2_000_000;

export class Engine {
  private timeline!: Timeline;
  private tracker = new MarkerTracker();
  /** The space-time diagram's index of the run (answers `diagram` queries). */
  private spacetime = new SpacetimeIndex();
  /** The diagram's detail before the index's detailed stretch, replayed on demand. */
  private spacetimeDetail = new SpacetimeDetail();
  private actionMarks: Marker[] = [];
  private actionsDirty = true;
  /** The user's actions as markers, for the diagram (rebuilt when the actions change). */
  private diagramMarks: Marker[] | null = null;
  private trackerVersionSent = -1;
  private markersVersion = 0;
  private jumped = false;
  /** The latest seek not yet worked on: seeks coalesce until the next other command. */
  private pendingSeek: Moment | null = null;
  /** How far seeks may reach beyond the head (a preset's story end), if set by the load. */
  private horizon: Moment | null = null;
  private run = 0;
  private handled = 0;
  private eventIds = 0;
  private playing = false;
  private speed: number;
  /** Virtual time with a fraction (the simulator keeps whole milliseconds). */
  private vnow = 0;
  private lastWall: number | null = null;
  /** Events since the last frame: notable ones and heartbeats apart, so heartbeats never crowd out the rest. */
  private newNotable: EventFrame[] = [];
  private newMinor: EventFrame[] = [];
  private narrator = new Narrator();
  /** How many of the run's actions the narration has told. */
  private narrated = 0;
  private logKeys = new Map<number, string>();
  private messageCache = new Map<number, MessageFrame>();
  private userOps: number[] = [];
  private view: LogView = { from: 1, count: 40, follow: true };
  /** The Steps taken in a row, so that Step back returns to each moment exactly. */
  private steps: { from: Moment; fromNow: number; to: Moment }[] = [];
  private selected: number | null = null;
  /** A configuration's words, by the (immutable) membership object a server uses. */
  private configWordsCache = new WeakMap<object, string>();
  private linCache: { failure: unknown; frame: Frame['linearizability'] } | null = null;

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly wall: () => number,
    options: RunOptions,
    speed: number,
    playing = false,
    private readonly recordsMax = RUN_RECORDS_MAX,
  ) {
    this.speed = clampSpeed(speed);
    this.newRun(options);
    // The newRun that built this engine counts as the first command handled.
    this.handled = 1;
    if (playing) this.dispatch({ type: 'play' });
  }

  private get sim(): Sim {
    return this.timeline.sim;
  }

  handle(c: Command): void {
    // A diagram query is a question, like a pull: it changes nothing and is not counted.
    if (c.type === 'diagram') {
      const marks = this.actionMarkers();
      this.post(
        this.spacetimeDetail.answer(c, this.run, marks, this.spacetime, this.timeline) ??
          this.spacetime.query(c, this.run, marks),
      );
      return;
    }
    if (c.type !== 'pull') this.handled++;
    try {
      if (c.type === 'seek') {
        this.pause();
        this.pendingSeek = { ...c.to };
        return;
      }
      if (c.type !== 'view' && c.type !== 'speed') this.flushSeek();
      this.dispatch(c);
    } catch (e) {
      this.notice('error', e instanceof Error ? e.message : String(e));
    }
  }

  /** Works on the latest seek asked for, if any. */
  private flushSeek(): void {
    const to = this.pendingSeek;
    if (to === null) return;
    this.pendingSeek = null;
    const end = this.reach();
    this.seek(before(end, to) ? end : to);
  }

  /** How far a seek may go: the head, or the horizon beyond it. */
  private reach(): Moment {
    const head = this.timeline.head;
    return this.horizon !== null && before(head, this.horizon) ? this.horizon : head;
  }

  private seek(to: Moment): void {
    this.pause();
    const t = this.timeline;
    if (before(t.head, to)) {
      // Past the head (up to a horizon): the markers are collected on the way, as when playing.
      this.sim.onEvent = null;
      t.seek(t.head);
      this.sim.onEvent = (e) => this.tracker.observe({ time: e.at, events: e.n }, this.glances());
      t.seek(to);
      this.sim.onEvent = null;
    }
    // Rebuilding the narration replays the last stretch before `to`, and lands there.
    this.rebuildNarration(to);
    this.afterJump(false);
  }

  /** After a jump: the narration (unless just rebuilt) and the frame's caches are those of the moment shown. */
  private afterJump(rebuild = true): void {
    if (rebuild) this.rebuildNarration(this.timeline.now);
    this.attach();
    this.userOps = this.userOpsAt();
    this.vnow = this.sim.now;
    this.jumped = true;
    this.newNotable = [];
    this.newMinor = [];
    this.logKeys.clear();
    this.messageCache.clear();
  }

  private attach(): void {
    this.sim.onEvent = this.listener;
    this.sim.onLoss = this.lossListener;
  }

  /** Losses are indexed only while the run is watched (the event listener attached). */
  private readonly lossListener = (l: SimLoss): void => {
    if (this.sim.onEvent !== this.listener) return;
    if (this.actionLosses) this.actionLosses.push(l);
    else this.spacetime.lose(l);
  };
  /** Losses of the user's action being taken (null: none is). */
  private actionLosses: SimLoss[] | null = null;

  private readonly listener = (e: SimEvent): void => {
    // Recorded actions taken since the last event came before this one.
    this.narrateActions(true);
    const f = eventFrame(e, ++this.eventIds);
    this.tell(f, true);
    this.tracker.observe({ time: e.at, events: e.n }, this.glances());
    this.spacetime.observe(e, f.minor, this.look);
  };

  private readonly look = (id: number): ServerLook => serverLook(this.sim, id);

  private looks(): ServerLook[] {
    const out: ServerLook[] = [];
    for (let id = 1; id <= this.sim.options.servers; id++) out.push(this.look(id));
    return out;
  }

  private actionMarkers(): Marker[] {
    this.diagramMarks ??= actionMarkers(this.timeline.actions());
    return this.diagramMarks;
  }

  /** Adds a row to the narration (and to the next frame's new events if `live`). */
  private tell(f: EventFrame, live: boolean): void {
    this.narrator.observe(f);
    if (!live) return;
    const list = f.minor ? this.newMinor : this.newNotable;
    list.push(f);
    if (list.length > EVENTS_PER_FRAME_MAX * 2) list.splice(0, list.length - EVENTS_PER_FRAME_MAX);
  }

  /** Tells the actions taken since the last told (the user's, or the recorded future's). */
  private narrateActions(live: boolean, text?: string): void {
    const sim = this.sim;
    const count = sim.actionCount;
    if (count <= this.narrated) {
      this.narrated = count;
      return;
    }
    const added = sim.actionsFrom(this.narrated);
    added.forEach((a, i) =>
      this.tell(actionFrame(a, ++this.eventIds, i === added.length - 1 ? text : undefined), live),
    );
    this.narrated = count;
  }

  /**
   * Makes the narration that of the moment shown: from the snapshot at or
   * before it (at most NARRATION_EVERY_EVENTS back where the run was watched
   * lately, CHECKPOINT_SPACING_OLD in its thinned past, NARRATION_REPLAY_MAX where
   * it was not watched), replays the events since, telling them and the actions
   * among them. The timeline gets there from its own checkpoint at or before the
   * snapshot (on the same moment where the run was watched).
   * Leaves the timeline at `target`.
   */
  private rebuildNarration(target: Moment): void {
    const t = this.timeline;
    let base = this.narrator.base(target);
    this.narrator.restore(base);
    if (target.events - base.events > NARRATION_REPLAY_MAX) {
      // No snapshot near (a stretch never watched): tell only the last stretch, from the
      // timeline's checkpoint there, after what the snapshot knew.
      base = t.checkpointAtOrBefore({
        time: target.time,
        events: target.events - NARRATION_REPLAY_MAX,
      });
    }
    this.sim.onEvent = null;
    // Restores the timeline's checkpoint at or before `base` (a snapshot lies on one, or
    // close after it) and replays to it.
    t.seek(base);
    // Actions taken at the base moment itself came after its snapshot: tell them.
    let k = this.sim.actionCount;
    while (k > 0) {
      const a = this.sim.actionsFrom(k - 1)[0]!;
      if (before({ time: a.at, events: a.events }, base)) break;
      k--;
    }
    this.narrated = k;
    this.narrateActions(false);
    // A listener turns the simulator's narration (notes) on; step() returns the event.
    this.sim.onEvent = () => {};
    while (t.now.events < target.events) {
      // Recorded actions due here come first: they may schedule the next event themselves.
      t.takeActionsUpTo(target.time);
      this.narrateActions(false);
      const next = t.sim.nextEventAt();
      if (next === null || next > target.time) break;
      const e = t.step();
      // Actions the step took came before its event.
      this.narrateActions(false);
      if (e !== null) this.narrator.observe(eventFrame(e, ++this.eventIds));
    }
    this.sim.onEvent = null;
    t.seek(target);
    this.narrateActions(false);
  }

  private glances(): ServerGlance[] {
    const sim = this.sim;
    const out: ServerGlance[] = [];
    for (let id = 1; id <= sim.options.servers; id++) {
      const s = sim.inner(id);
      const g: ServerGlance = {
        up: s.up,
        role: s.role,
        term: s.currentTerm,
        commitIndex: s.commitIndex,
      };
      if (s.membership.index > 0) {
        let words = this.configWordsCache.get(s.membership);
        if (words === undefined) {
          words = configWords(configView(s));
          this.configWordsCache.set(s.membership, words);
        }
        g.config = words;
        g.configIndex = s.membership.index;
      }
      out.push(g);
    }
    return out;
  }

  /**
   * The requests of the user's clients at the moment shown (the newest
   * USER_OPS_KEPT), found from the submits recorded among the latest actions:
   * each one's request is the one its client made at its time.
   */
  private userOpsAt(): number[] {
    const sim = this.sim;
    const actions = sim.actionsFrom(Math.max(0, sim.actionCount - SUBMITS_SCANNED));
    const ids: number[] = [];
    for (let i = actions.length - 1; i >= 0 && ids.length < USER_OPS_KEPT; i--) {
      const a = actions[i]!;
      if (a.call !== 'submit') continue;
      const client = ((a.args[1] ?? {}) as { client?: number }).client ?? 1;
      // Requests are numbered in the order they were made: find the first made at a.at.
      let lo = 1;
      let hi = sim.clientOpCount + 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sim.clientOp(mid)!.submittedAt < a.at) lo = mid + 1;
        else hi = mid;
      }
      for (let id = lo; id <= sim.clientOpCount; id++) {
        const op = sim.clientOp(id)!;
        if (op.submittedAt !== a.at) break;
        if (op.client === client && !ids.includes(id)) {
          ids.push(id);
          break;
        }
      }
    }
    return ids.reverse();
  }

  /** Takes a user action through the timeline (forking if in the past). */
  private act<T>(apply: (sim: Sim) => T): T {
    const t = this.timeline;
    const now = t.now;
    const head = t.head;
    const taken = this.sim.actionCount;
    // The action's losses wait until the index has forked, if it must.
    const lost: SimLoss[] = [];
    this.actionLosses = lost;
    let result: T;
    try {
      result = t.act(apply);
    } finally {
      this.actionLosses = null;
    }
    const h = t.head;
    if (before(now, head) && (h.time !== head.time || h.events !== head.events)) {
      this.tracker.fork(now);
      this.spacetime.fork(now.events, this.look, now.time, taken);
      this.spacetimeDetail.drop();
      this.narrator.fork(now);
      this.steps = [];
      this.notice(
        'info',
        `Acting at ${now.time} ms set aside the run recorded after it (up to ${head.time} ms): this is a new future. Undo (U) brings the recorded one back.`,
      );
    }
    for (const l of lost) this.spacetime.lose(l);
    this.spacetime.resync(this.timeline.now.events, this.look);
    this.actionsDirty = true;
    this.diagramMarks = null;
    return result;
  }

  private dispatch(c: Command): void {
    const sim = this.sim;
    switch (c.type) {
      case 'pull':
        this.tick();
        this.post(this.frame());
        return;
      case 'play':
        if (this.full()) return;
        this.playing = true;
        this.lastWall = this.wall();
        return;
      case 'pause':
        this.pause();
        return;
      case 'speed':
        this.speed = clampSpeed(c.speed);
        return;
      case 'step': {
        this.pause();
        if (this.full()) return;
        const from = this.timeline.now;
        const fromNow = Math.max(this.vnow, sim.now);
        const e = this.timeline.step();
        this.vnow = sim.now;
        if (e === null) {
          this.notice('info', 'Nothing is scheduled: no event to step to.');
          return;
        }
        this.steps.push({ from, fromNow, to: this.timeline.now });
        if (this.steps.length > STEPS_KEPT) this.steps.shift();
        return;
      }
      case 'nextElection':
        if (this.full()) this.pause();
        else this.nextElection();
        return;
      case 'notable':
        if (c.dir > 0) {
          if (this.full()) this.pause();
          else this.nextNotable();
        } else this.previousNotable();
        return;
      case 'crash':
        if (!sim.inner(c.id).up) return;
        this.act((x) => x.crash(c.id));
        this.action();
        return;
      case 'restart':
        if (sim.inner(c.id).up) return;
        this.act((x) => x.restart(c.id));
        this.action();
        return;
      case 'timeout': {
        const s = sim.inner(c.id);
        if (!s.up || s.role === 'leader') {
          this.notice(
            'info',
            `S${c.id} ${s.up ? 'leads: a leader has no election timer' : 'is down'}.`,
          );
          return;
        }
        this.act((x) => x.timeout(c.id));
        this.action();
        return;
      }
      case 'transferLeadership': {
        const from = this.currentLeader();
        const target = c.to;
        if (from === null) {
          this.notice('info', 'No server leads now: there is no leadership to transfer.');
          return;
        }
        if (from === target) {
          this.notice('info', `S${target} already leads.`);
          return;
        }
        if (!this.act((x) => x.transferLeadership(from, target))) {
          this.notice(
            'info',
            `S${from} cannot hand leadership to S${target} (not a voting member).`,
          );
          return;
        }
        this.action();
        return;
      }
      case 'setLink':
        this.act((x) => x.setLink(c.from, c.to, c.up));
        this.action();
        return;
      case 'heal':
        this.act((x) => x.heal());
        this.action();
        return;
      case 'partition':
        this.act((x) => x.partition(c.groups));
        this.action();
        return;
      case 'drop': {
        const m = this.messageCache.get(c.id);
        this.act((x) => x.drop(c.id));
        this.action(m ? `A message in flight is dropped: ${m.summary}` : undefined);
        return;
      }
      case 'submit': {
        const id = this.act((x) => x.submit(c.command, c.to === undefined ? {} : { to: c.to }));
        this.userOps.push(id);
        if (this.userOps.length > USER_OPS_KEPT) this.userOps.shift();
        this.action();
        return;
      }
      case 'proposeConfig':
        this.proposeConfig(c.members);
        return;
      case 'settings': {
        const { network, runtime } = c;
        if (network) this.act((x) => x.setNetwork(network));
        if (runtime) this.act((x) => x.setOptions(runtime));
        this.action();
        return;
      }
      case 'newRun':
        if (c.speed !== undefined) this.speed = clampSpeed(c.speed);
        this.newRun(c.options);
        if (c.playing !== undefined) this.dispatch({ type: c.playing ? 'play' : 'pause' });
        return;
      case 'view':
        this.view = { ...c.log, count: Math.max(1, Math.min(400, Math.floor(c.log.count))) };
        this.selected = c.selected;
        return;
      case 'seek': // handled (coalesced) in handle()
        return;
      case 'stepBack':
        this.stepBack();
        return;
      case 'undo':
        this.pause();
        this.sim.onEvent = null;
        if (!this.timeline.undo()) {
          this.attach();
          this.notice('info', 'Nothing to undo: no action has changed a recorded future.');
          return;
        }
        this.tracker.undo();
        this.spacetime.undo();
        this.spacetimeDetail.drop();
        this.narrator.undo(this.timeline.now);
        this.steps = [];
        this.actionsDirty = true;
        this.diagramMarks = null;
        this.afterJump();
        return;
      case 'load':
        if (!this.load(c.scenario, c.at, c.source)) {
          if (c.playOnFailure) this.dispatch({ type: 'play' });
          return;
        }
        this.horizon = c.horizon ? { ...c.horizon } : null;
        return;
      case 'scenario':
        this.postScenario(c.purpose);
        return;
    }
  }

  private postScenario(purpose: ScenarioPurpose): void {
    const t = this.timeline;
    const now = t.now;
    const scenario = scenarioFrom(t.options, t.actions(), {
      ...now,
      hash: this.sim.traceHash(),
    });
    this.post({ type: 'scenario', purpose, scenario });
  }

  /** Replaces the run by a scenario's; on failure the current run stays as it was. */
  private load(s: Scenario, at: Moment | undefined, source: string): boolean {
    let timeline: Timeline;
    try {
      timeline = new Timeline(optionsOf(s), s.actions);
    } catch (e) {
      this.notice(
        'error',
        `${source} cannot be replayed: ${e instanceof Error ? e.message : String(e)} The current run is unchanged.`,
      );
      return false;
    }
    this.pause();
    this.install(timeline);
    this.scan();
    const target = at ?? s.moment ?? { time: 0, events: 0 };
    this.seek(target);
    if (at === undefined && s.moment?.hash !== undefined) {
      const hash = this.sim.traceHash();
      if (hash !== s.moment.hash)
        this.notice(
          'error',
          `This link was made by a different version of Raftlab (engine ${s.engine}; this is engine ${ENGINE_VERSION}): ` +
            `replaying it here gives a different run (trace ${hash}, the link says ${s.moment.hash}). What you see may differ from what its author saw.`,
        );
    } else if (s.engine !== ENGINE_VERSION) {
      this.notice(
        'info',
        `${source} was made by engine version ${s.engine}; this is version ${ENGINE_VERSION}: the run may differ.`,
      );
    }
    return true;
  }

  /** Walks the loaded run from its start to its head once, collecting the markers. */
  private scan(): void {
    const t = this.timeline;
    const head = t.head;
    if (head.events === 0 && head.time === 0) return;
    t.seek({ time: 0, events: 0 });
    // The tracker starts from the run's start, not from the head the timeline was built at.
    this.tracker.start(this.glances());
    this.spacetime.start(this.looks());
    this.spacetimeDetail.drop();
    this.narrator.reset();
    this.narrated = 0;
    this.attach();
    for (let i = 0; i < SCAN_EVENTS_MAX && before(t.now, head); i++) {
      const next = t.sim.nextEventAt();
      if (next === null || next > head.time || t.now.events >= head.events) break;
      t.step();
    }
    this.narrateActions(false);
    this.sim.onEvent = null;
    t.seek(head);
    this.newNotable = [];
    this.newMinor = [];
  }

  private newRun(options: RunOptions): void {
    this.install(new Timeline(structuredClone(options)));
  }

  private install(timeline: Timeline): void {
    this.timeline = timeline;
    this.horizon = null;
    this.attach();
    this.tracker.start(this.glances());
    this.spacetime.start(this.looks());
    this.spacetimeDetail.drop();
    this.actionsDirty = true;
    this.diagramMarks = null;
    this.pendingSeek = null;
    this.jumped = false;
    this.run++;
    this.vnow = 0;
    this.lastWall = this.playing ? this.wall() : null;
    this.newNotable = [];
    this.newMinor = [];
    this.narrator.reset();
    this.narrated = timeline.sim.actionCount;
    this.logKeys.clear();
    this.messageCache.clear();
    this.userOps = [];
    this.steps = [];
    if (this.selected !== null && this.selected > timeline.sim.options.servers)
      this.selected = null;
  }

  private pause(): void {
    this.playing = false;
    this.lastWall = null;
  }

  /** Moves virtual time by the wall time since the last frame times the speed. */
  private tick(): void {
    if (!this.playing) return;
    const wall = this.wall();
    const dt = Math.min(FRAME_GAP_MS_MAX, Math.max(0, wall - (this.lastWall ?? wall)));
    this.lastWall = wall;
    this.vnow = Math.max(this.vnow + dt * this.speed, this.sim.now);
    const target = Math.floor(this.vnow);
    if (target > this.sim.now) this.timeline.advance(target - this.sim.now);
    if (this.full()) this.pause();
  }

  /**
   * Has the run recorded as much as one run keeps (RUN_RECORDS_MAX)? If so it says so:
   * the run does not go forward from here (its past stays to explore, share and act in).
   */
  private full(): boolean {
    const sim = this.sim;
    const entries = sim.entryCount;
    const requests = sim.clientOpCount;
    if (entries < this.recordsMax && requests < this.recordsMax) return false;
    const what = entries >= this.recordsMax ? 'log entries' : 'client requests';
    this.notice(
      'warning',
      `This run has recorded ${this.recordsMax.toLocaleString('en-US')} ${what}, as many as one run keeps in memory: it stops here. ` +
        'Everything before stays to explore, step back through and share. For a longer run, start a new one, or turn the client load down.',
    );
    return true;
  }

  /**
   * Goes back over the last event processed. Right after Steps, each Step back
   * returns to the very moment the Step started from (its clock included);
   * otherwise to the moment right after the event before, as a Step to it shows.
   */
  private stepBack(): void {
    this.pause();
    const t = this.timeline;
    const now = t.now;
    if (now.events === 0) {
      this.notice('info', 'This is the start of the run: no event to step back over.');
      return;
    }
    const top = this.steps[this.steps.length - 1];
    if (top && top.to.time === now.time && top.to.events === now.events) {
      this.steps.pop();
      this.seek(top.from);
      this.vnow = Math.max(top.fromNow, this.sim.now);
      return;
    }
    this.steps = [];
    if (now.events === 1) {
      this.seek({ time: 0, events: 0 });
      return;
    }
    // Stopped two events back, the clock waits at the event before: its time is the next event's.
    this.sim.onEvent = null;
    t.seek({ time: now.time, events: now.events - 2 });
    this.seek({ time: this.sim.nextEventAt() ?? now.time, events: now.events - 1 });
  }

  private nextElection(): void {
    const sim = this.sim;
    this.pause();
    const known = sim.leadersByTerm().length;
    const cap = sim.now + NEXT_ELECTION_CAP_MS;
    for (let i = 0; i < NEXT_ELECTION_STEPS_MAX; i++) {
      const t = sim.nextEventAt();
      if (t === null || t > cap) break;
      this.timeline.step();
      const leaders = sim.leadersByTerm();
      if (leaders.length > known) {
        const l = leaders[leaders.length - 1]!;
        this.vnow = sim.now;
        this.notice('info', `S${l.leader} is elected leader of term ${l.term}.`);
        return;
      }
    }
    if (sim.now < cap) this.timeline.advance(cap - sim.now);
    this.vnow = sim.now;
    this.notice(
      'info',
      `No new leader within ${NEXT_ELECTION_CAP_MS / 1000} virtual seconds: stopped there.`,
    );
  }

  private nextNotable(): void {
    this.pause();
    const r = stepToNotable(this.timeline);
    this.vnow = this.sim.now;
    if (r.found) return;
    this.notice(
      'info',
      r.reason === 'quiet'
        ? 'Nothing is scheduled: no event to step to.'
        : `Nothing notable within ${NOTABLE_CAP_MS / 1000} virtual seconds (only heartbeats and acknowledgements): stopped there.`,
    );
  }

  private previousNotable(): void {
    this.pause();
    const now = this.timeline.now;
    if (now.events === 0) {
      this.notice('info', 'This is the start of the run: no event to step back over.');
      return;
    }
    this.sim.onEvent = null;
    const found = previousNotable(this.timeline, now);
    if (found !== null) this.timeline.seek(found);
    else if (now.events <= NOTABLE_CAP_EVENTS) {
      this.timeline.seek({ time: 0, events: 0 });
      this.notice('info', 'Nothing notable happened before: back at the start of the run.');
    } else {
      this.timeline.seek(now);
      this.notice(
        'info',
        `Nothing notable in the last ${NOTABLE_CAP_EVENTS} events: stayed at this moment.`,
      );
    }
    this.afterJump();
  }

  /**
   * Asks the leader for a change to `members` (§6). A change it would refuse is not
   * taken (nothing is recorded): a notice says why.
   */
  private proposeConfig(members: number[]): void {
    const sim = this.sim;
    const leader = sim.leader();
    if (leader === null) {
      this.notice(
        'info',
        'No leader: a membership change goes through the leader (§6). Wait for an election.',
      );
      return;
    }
    const why = sim.configChangeError(leader, members);
    if (why !== null) {
      this.notice('info', `S${leader} refuses the membership change: ${why}.`);
      return;
    }
    const before = configView(sim.inner(leader));
    const r = this.act((x) => x.proposeConfig(leader, members));
    const now = configView(sim.inner(leader));
    const joining = members.filter((p) => !before.members.includes(p));
    this.action(
      r.index === 0
        ? `S${leader} is asked to change the cluster to {${members.map((p) => `S${p}`).join(', ')}}: first it lets ${joining.map((p) => `S${p}`).join(', ')} catch up as non-voting members, then the change begins (§6)`
        : `S${leader} is asked to change the cluster: it appends ${configWords(now)} at index ${r.index} and uses it at once${now.old ? ': from now on an election or a commit needs a majority of C_old and a majority of C_new (§6, Figure 11)' : ' (§6)'}`,
    );
  }

  /** Tells the action just taken (with `text` in place of the usual words, if given). */
  private action(text?: string): void {
    this.narrateActions(true, text);
  }

  private notice(level: Notice['level'], text: string): void {
    this.post({ type: 'notice', level, text });
  }

  /** The up leader of the highest term, if any (the one a transfer starts from). */
  private currentLeader(): number | null {
    let best: number | null = null;
    let bestTerm = -1;
    for (let id = 1; id <= this.sim.options.servers; id++) {
      const s = this.sim.inner(id);
      if (s.up && s.role === 'leader' && s.currentTerm > bestTerm) {
        best = id;
        bestTerm = s.currentTerm;
      }
    }
    return best;
  }

  private runOptions(): RunOptions {
    const o = this.sim.options;
    return {
      seed: o.seed,
      servers: o.servers,
      electionTimeoutMs: [o.electionTimeoutMs[0], o.electionTimeoutMs[1]],
      heartbeatMs: o.heartbeatMs,
      latencyMs: [o.latencyMs[0], o.latencyMs[1]],
      dropRate: o.dropRate,
      duplicateRate: o.duplicateRate,
      leaderNoop: o.leaderNoop,
      clientLoadPerSecond: o.clientLoadPerSecond,
      unsafe: { ...o.unsafe },
      preVote: o.preVote,
      checkQuorum: o.checkQuorum,
      readMode: o.readMode,
      ...(o.members !== undefined ? { members: o.members.slice() } : {}),
      ...(o.membership !== undefined ? { membership: o.membership } : {}),
      ...(o.snapshotThreshold !== undefined ? { snapshotThreshold: o.snapshotThreshold } : {}),
      ...(o.snapshotMargin !== undefined ? { snapshotMargin: o.snapshotMargin } : {}),
    };
  }

  private timelineFrame(): Frame['timeline'] {
    const t = this.timeline;
    if (this.actionsDirty) this.actionMarks = actionMarkers(t.actions());
    const changed = this.actionsDirty || this.tracker.version !== this.trackerVersionSent;
    this.actionsDirty = false;
    this.trackerVersionSent = this.tracker.version;
    const h = this.reach();
    const horizon = before(t.head, h) ? { horizon: h } : {};
    if (!changed)
      return { head: t.head, ...horizon, canUndo: t.canUndo, markersVersion: this.markersVersion };
    this.markersVersion++;
    const markers = [...this.tracker.markers, ...this.actionMarks].sort((a, b) =>
      a.time !== b.time ? a.time - b.time : a.events - b.events,
    );
    return {
      head: t.head,
      ...horizon,
      canUndo: t.canUndo,
      markersVersion: this.markersVersion,
      markers,
    };
  }

  /** The verdict's frame, rebuilt only when the failure changes (or its absence's verdict). */
  private linFrame(): Frame['linearizability'] {
    const sim = this.sim;
    const f = sim.linearizabilityFailure();
    const ok = sim.linearizable().ok;
    const c = this.linCache;
    if (c !== null && c.failure === f && c.frame.ok === ok) {
      const checked = sim.linearizabilityCost().answers;
      if (checked !== c.frame.checked)
        c.frame = {
          ...c.frame,
          checked,
          version: c.frame.version.replace(/\/\d+$/, `/${checked}`),
        };
      return c.frame;
    }
    const frame = linearizabilityFrame(sim);
    this.linCache = { failure: f, frame };
    return frame;
  }

  frame(): Frame {
    const sim = this.sim;
    const n = sim.options.servers;
    const membership = membershipFrame(sim);
    const servers = [];
    for (let id = 1; id <= n; id++) servers.push(serverFrame(sim, id, membership));

    const { count } = this.view;
    let from = this.view.from;
    if (this.view.follow) {
      let last = 0;
      for (const s of servers) last = Math.max(last, s.lastIndex);
      from = Math.max(1, last - count + 1);
    }
    const logs = [];
    for (let id = 1; id <= n; id++) {
      const key = windowKey(sim, id, from, count);
      if (this.logKeys.get(id) === key) continue;
      this.logKeys.set(id, key);
      logs.push(logWindow(sim, id, from, count));
    }

    const flights: Flight[] = sim.flights();
    const cache = new Map<number, MessageFrame>();
    const messages: MessageFrame[] = [];
    for (const f of flights) {
      const m = this.messageCache.get(f.id) ?? messageFrame(f);
      cache.set(f.id, m);
      messages.push(m);
    }
    messages.sort((a, b) => a.id - b.id);
    this.messageCache = cache;

    const links: boolean[][] = [];
    for (let a = 0; a <= n; a++) {
      const row: boolean[] = [];
      for (let b = 0; b <= n; b++) row.push(a > 0 && b > 0 && a !== b && sim.linkUp(a, b));
      links.push(row);
    }

    const ops = this.userOps
      .map((id) => clientOpFrame(sim, id))
      .filter((o): o is ClientOpFrame => o !== null);
    const loadOps: ClientOpFrame[] = [];
    for (let id = sim.clientOpCount; id >= 1 && loadOps.length < LOAD_OPS_SHOWN; id--) {
      const o = sim.clientOp(id);
      if (!o) break;
      if (o.client > CLIENTS_MAX) loadOps.unshift(clientOpFrame(sim, id)!);
      if (sim.clientOpCount - id > 200) break;
    }

    this.narrateActions(true);
    const events = this.newNotable
      .slice(-EVENTS_PER_FRAME_MAX)
      .concat(this.newMinor.slice(-EVENTS_PER_FRAME_MAX))
      .sort((a, b) => a.id - b.id);
    this.newNotable = [];
    this.newMinor = [];
    const jumped = this.jumped;
    this.jumped = false;
    const sel = this.selected !== null && this.selected <= n ? this.selected : null;
    return {
      type: 'frame',
      run: this.run,
      ack: this.handled,
      options: this.runOptions(),
      playing: this.playing,
      speed: this.speed,
      now: Math.max(this.vnow, sim.now),
      simNow: sim.now,
      events: sim.eventCount,
      nextEventAt: sim.nextEventAt(),
      servers,
      membership,
      logs,
      messages,
      links,
      newEvents: events,
      ops,
      loadOps,
      opCount: sim.clientOpCount,
      violationCount: sim.violationCount,
      violations: sim.recentViolations(5),
      linearizability: this.linFrame(),
      kv: sel === null ? null : Object.fromEntries(sim.inner(sel).kv),
      kvServer: sel,
      timeline: this.timelineFrame(),
      jumped,
      ...(jumped ? { narration: this.narrator.current() } : {}),
    };
  }
}

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return 1;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, x));
}
