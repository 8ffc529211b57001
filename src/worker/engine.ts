/**
 * The worker's engine: owns one simulation, paces its virtual time by the speed
 * factor, answers the UI's commands and builds frames. No timers of its own:
 * time moves only when the UI pulls a frame (once per display frame while
 * playing), so a paused or hidden page costs nothing.
 */
import { Sim } from '../sim/simulation.ts';
import type { Flight } from '../sim/world.ts';
import type {
  ClientOpFrame,
  Command,
  EventFrame,
  Frame,
  LogView,
  MessageFrame,
  RunOptions,
  WorkerMessage,
} from '../protocol/index.ts';
import {
  clientOpFrame,
  eventFrame,
  logWindow,
  messageFrame,
  serverFrame,
  windowKey,
} from './views.ts';

/** Longest wall-clock gap counted in one frame: a stalled tab does not jump ahead. */
const FRAME_GAP_MS_MAX = 100;
const EVENTS_PER_FRAME_MAX = 300;
const USER_OPS_KEPT = 40;
const LOAD_OPS_SHOWN = 6;
/** The speed factor's range: 1/1000x to 100x (1x: one virtual ms per real ms). */
export const SPEED_MIN = 0.001;
export const SPEED_MAX = 100;
export const NEXT_ELECTION_CAP_MS = 30_000;
const NEXT_ELECTION_STEPS_MAX = 500_000;

export class Engine {
  private sim!: Sim;
  private options!: RunOptions;
  private run = 0;
  private handled = 0;
  private eventIds = 0;
  private playing = false;
  private speed: number;
  /** Virtual time with a fraction (the simulator keeps whole milliseconds). */
  private vnow = 0;
  private lastWall: number | null = null;
  private newEvents: EventFrame[] = [];
  private logKeys = new Map<number, string>();
  private messageCache = new Map<number, MessageFrame>();
  private userOps: number[] = [];
  private view: LogView = { from: 1, count: 40, follow: true };
  private selected: number | null = null;

  constructor(
    private readonly post: (m: WorkerMessage) => void,
    private readonly wall: () => number,
    options: RunOptions,
    speed: number,
    playing = false,
  ) {
    this.speed = clampSpeed(speed);
    this.newRun(options);
    // The newRun that built this engine counts as the first command handled.
    this.handled = 1;
    if (playing) this.dispatch({ type: 'play' });
  }

  handle(c: Command): void {
    if (c.type !== 'pull') this.handled++;
    try {
      this.dispatch(c);
    } catch (e) {
      this.notice('error', e instanceof Error ? e.message : String(e));
    }
  }

  private dispatch(c: Command): void {
    const sim = this.sim;
    switch (c.type) {
      case 'pull':
        this.tick();
        this.post(this.frame());
        return;
      case 'play':
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
        const e = sim.step();
        this.vnow = sim.now;
        if (e === null) this.notice('info', 'Nothing is scheduled: no event to step to.');
        return;
      }
      case 'nextElection':
        this.nextElection();
        return;
      case 'crash':
        if (!sim.inner(c.id).up) return;
        sim.crash(c.id);
        this.action([c.id], `You crash S${c.id}: it keeps currentTerm, votedFor and its log`);
        return;
      case 'restart':
        if (sim.inner(c.id).up) return;
        sim.restart(c.id);
        this.action([c.id], `You restart S${c.id}: it comes back as a follower`);
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
        sim.timeout(c.id);
        this.action([c.id], `You force S${c.id}'s election timer to fire`);
        return;
      }
      case 'setLink':
        sim.setLink(c.from, c.to, c.up);
        this.action(
          [c.from, c.to],
          `You ${c.up ? 'restore' : 'cut'} the link S${c.from} → S${c.to}`,
        );
        return;
      case 'heal':
        sim.heal();
        this.action([], 'You heal the network: every link carries messages again');
        return;
      case 'drop': {
        const m = this.messageCache.get(c.id);
        sim.drop(c.id);
        this.action(m ? [m.from, m.to] : [], `You drop a message${m ? `: ${m.summary}` : ''}`);
        return;
      }
      case 'submit': {
        const id = sim.submit(c.command, c.to === undefined ? {} : { to: c.to });
        this.userOps.push(id);
        if (this.userOps.length > USER_OPS_KEPT) this.userOps.shift();
        const op = sim.clientOp(id);
        this.action(
          c.to === undefined ? [0] : [0, c.to],
          `Client 1 submits "${op?.command ?? c.command}"${c.to === undefined ? '' : ` to S${c.to}`}`,
        );
        return;
      }
      case 'settings':
        if (c.network) {
          sim.setNetwork(c.network);
          Object.assign(this.options, c.network);
        }
        if (c.runtime) {
          sim.setOptions(c.runtime);
          const { unsafe, ...rest } = c.runtime;
          Object.assign(this.options, rest);
          if (unsafe) Object.assign(this.options.unsafe, unsafe);
        }
        return;
      case 'newRun':
        if (c.speed !== undefined) this.speed = clampSpeed(c.speed);
        this.newRun(c.options);
        if (c.playing !== undefined) this.dispatch({ type: c.playing ? 'play' : 'pause' });
        return;
      case 'view':
        this.view = { ...c.log, count: Math.max(1, Math.min(400, Math.floor(c.log.count))) };
        this.selected = c.selected;
        return;
    }
  }

  private newRun(options: RunOptions): void {
    this.options = structuredClone(options);
    this.sim = new Sim(structuredClone(options));
    this.sim.onEvent = (e) => {
      this.newEvents.push(eventFrame(e, ++this.eventIds));
      if (this.newEvents.length > EVENTS_PER_FRAME_MAX * 2)
        this.newEvents.splice(0, this.newEvents.length - EVENTS_PER_FRAME_MAX);
    };
    this.run++;
    this.vnow = 0;
    this.lastWall = this.playing ? this.wall() : null;
    this.newEvents = [];
    this.logKeys.clear();
    this.messageCache.clear();
    this.userOps = [];
    if (this.selected !== null && this.selected > options.servers) this.selected = null;
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
    if (target > this.sim.now) this.sim.advance(target - this.sim.now);
  }

  private nextElection(): void {
    const sim = this.sim;
    this.pause();
    const known = sim.leadersByTerm().length;
    const cap = sim.now + NEXT_ELECTION_CAP_MS;
    for (let i = 0; i < NEXT_ELECTION_STEPS_MAX; i++) {
      const t = sim.nextEventAt();
      if (t === null || t > cap) break;
      sim.step();
      const leaders = sim.leadersByTerm();
      if (leaders.length > known) {
        const l = leaders[leaders.length - 1]!;
        this.vnow = sim.now;
        this.notice('info', `S${l.leader} is elected leader of term ${l.term}.`);
        return;
      }
    }
    if (sim.now < cap) sim.advance(cap - sim.now);
    this.vnow = sim.now;
    this.notice(
      'info',
      `No new leader within ${NEXT_ELECTION_CAP_MS / 1000} virtual seconds: stopped there.`,
    );
  }

  private action(servers: number[], text: string): void {
    const sim = this.sim;
    this.newEvents.push({
      id: ++this.eventIds,
      n: sim.stats().events,
      at: sim.now,
      kind: 'action',
      servers,
      text,
      notes: [],
      minor: false,
      action: true,
    });
  }

  private notice(level: 'info' | 'error', text: string): void {
    this.post({ type: 'notice', level, text });
  }

  frame(): Frame {
    const sim = this.sim;
    const n = this.options.servers;
    const servers = [];
    for (let id = 1; id <= n; id++) servers.push(serverFrame(sim, id));

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
      if (o.client !== 1) loadOps.unshift(clientOpFrame(sim, id)!);
      if (sim.clientOpCount - id > 200) break;
    }

    const events = this.newEvents.slice(-EVENTS_PER_FRAME_MAX);
    this.newEvents = [];
    const sel = this.selected !== null && this.selected <= n ? this.selected : null;
    return {
      type: 'frame',
      run: this.run,
      ack: this.handled,
      options: structuredClone(this.options),
      playing: this.playing,
      speed: this.speed,
      now: Math.max(this.vnow, sim.now),
      simNow: sim.now,
      events: sim.stats().events,
      nextEventAt: sim.nextEventAt(),
      servers,
      logs,
      messages,
      links,
      newEvents: events,
      ops,
      loadOps,
      opCount: sim.clientOpCount,
      violationCount: sim.violationCount,
      violations: sim.recentViolations(5),
      kv: sel === null ? null : Object.fromEntries(sim.inner(sel).kv),
      kvServer: sel,
    };
  }
}

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x)) return 1;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, x));
}
