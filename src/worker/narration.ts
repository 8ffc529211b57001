/**
 * What the event log and the caption tell at the moment shown: the newest
 * notable events (votes, elections, entries, commits, client requests, actions)
 * however many heartbeats came after them, and the newest heartbeats too.
 *
 * The narrator keeps two bounded lists as the run moves forward, and a
 * snapshot of them every NARRATION_EVERY_EVENTS events. After a jump the
 * engine restores the snapshot at or before the target and replays from there
 * (at most NARRATION_EVERY_EVENTS events, told; the timeline reaches the
 * snapshot from its checkpoint at or before it, at most CHECKPOINT_EVERY_EVENTS
 * events, untold), so rebuilding the narration costs the same at any length of
 * run. A snapshot holds references to at most
 * NOTABLE_KEPT + MINOR_KEPT frames, shared with its neighbours. Past the latest
 * CHECKPOINTS_DENSE, snapshots are thinned to CHECKPOINT_SPACING_OLD events apart,
 * as the timeline's checkpoints are (a rebuild there tells up to that many events).
 */
import type { EventFrame, Moment } from '../protocol/index.ts';
import type { RecordedAction } from '../sim/types.ts';
import { before, CHECKPOINT_SPACING_OLD, CHECKPOINTS_DENSE, thinMoments } from '../sim/timeline.ts';

/** Notable events kept (and sent after a jump), newest last. */
export const NOTABLE_KEPT = 60;
/** Heartbeats and routine replies kept beside them. */
export const MINOR_KEPT = 20;
/**
 * A snapshot every so many events, on the timeline's checkpoints (CHECKPOINT_EVERY_EVENTS
 * is a multiple of it): a rebuild restores the checkpoint and tells the events from there.
 * Under a client load the lists turn over within a few thousand events, so each
 * snapshot holds its own ~80 frames (~20 kB): snapshots as sparse as checkpoints.
 */
export const NARRATION_EVERY_EVENTS = 5000;
/**
 * Where no snapshot lies this close before a moment (a stretch never watched: a
 * loaded run longer than the scan), the narration is rebuilt from this many events
 * before it only, starting from the timeline's checkpoint there.
 */
export const NARRATION_REPLAY_MAX = 5 * NARRATION_EVERY_EVENTS;

interface Snapshot extends Moment {
  notable: readonly EventFrame[];
  minor: readonly EventFrame[];
}

const START: Snapshot = { time: 0, events: 0, notable: [], minor: [] };

export class Narrator {
  private notable: EventFrame[] = [];
  private minor: EventFrame[] = [];
  /**
   * By events processed, ascending, from the run's start (as the timeline's checkpoints,
   * so that both thin alike); every boundary up to the furthest moment observed.
   */
  private snapshots: Snapshot[] = [START];
  /** The snapshots each fork set aside, for undo. */
  private forks: Snapshot[][] = [];

  reset(): void {
    this.notable = [];
    this.minor = [];
    this.snapshots = [START];
    this.forks = [];
  }

  /** Takes the next event or action of the run, in order. */
  observe(e: EventFrame): void {
    const list = e.minor ? this.minor : this.notable;
    const cap = e.minor ? MINOR_KEPT : NOTABLE_KEPT;
    list.push(e);
    if (list.length >= cap * 2) list.splice(0, list.length - cap);
    if (!e.action && e.n > 0 && e.n % NARRATION_EVERY_EVENTS === 0) {
      const last = this.snapshots[this.snapshots.length - 1];
      if (!last || last.events < e.n)
        this.snapshots.push({
          time: e.at,
          events: e.n,
          notable: this.notable.slice(-NOTABLE_KEPT).map(flatten),
          minor: this.minor.slice(-MINOR_KEPT).map(flatten),
        });
      // Older snapshots thinned as the timeline thins its checkpoints: on the same moments.
      thinMoments(this.snapshots, CHECKPOINTS_DENSE, CHECKPOINT_SPACING_OLD);
    }
  }

  /** The latest snapshot at or before `t` (the run's start if none). */
  base(t: Moment): Moment {
    return this.snapshotAtOrBefore(t);
  }

  /** Goes back to the narration of the snapshot at or before `t`, to replay from it. */
  restore(t: Moment): void {
    const s = this.snapshotAtOrBefore(t);
    this.notable = s.notable.slice();
    this.minor = s.minor.slice();
  }

  /** What the log shows now, oldest first: the kept notable events and heartbeats, merged. */
  current(): EventFrame[] {
    const a = this.notable.slice(-NOTABLE_KEPT);
    const b = this.minor.slice(-MINOR_KEPT);
    const out: EventFrame[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && order(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
      else out.push(b[j++]!);
    }
    return out;
  }

  /** An action in the past replaced the future after `at`: its snapshots go aside. */
  fork(at: Moment): void {
    const keep = this.snapshots.filter((s) => s.events <= at.events);
    this.forks.push(this.snapshots.slice(keep.length));
    this.snapshots = keep;
  }

  /** Undo brought back the future set aside at `at`. */
  undo(at: Moment): void {
    const saved = this.forks.pop();
    if (!saved) return;
    this.snapshots = this.snapshots.filter((s) => s.events <= at.events).concat(saved);
  }

  private snapshotAtOrBefore(t: Moment): Snapshot {
    const s = this.snapshots;
    let lo = 0;
    let hi = s.length - 1;
    let found = START;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = s[mid]!;
      if (before(t, m)) hi = mid - 1;
      else {
        found = m;
        lo = mid + 1;
      }
    }
    return found;
  }
}

/**
 * A frame kept for long: its texts, built by concatenation (a tree of pieces, about 330
 * bytes for a line), made flat (about 100). Reading a character flattens a string in
 * place in V8; other engines ignore it. Returns the same frame.
 */
function flatten(f: EventFrame): EventFrame {
  f.text.charCodeAt(0);
  for (const n of f.notes) n.text.charCodeAt(0);
  return f;
}

/** Events by when they happened; an action comes after the event it followed. */
function order(a: EventFrame, b: EventFrame): number {
  if (a.n !== b.n) return a.n - b.n;
  return (a.action ? 1 : 0) - (b.action ? 1 : 0) || a.id - b.id;
}

const groupsText = (groups: unknown): string =>
  Array.isArray(groups)
    ? groups
        .map((g) => `{${Array.isArray(g) ? g.map((x) => `S${String(x)}`).join(', ') : ''}}`)
        .join(' | ')
    : '';

/** The event log's row for a recorded action (the user's, or a scenario's). */
export function actionFrame(a: RecordedAction, id: number, text?: string): EventFrame {
  const [x, y, z] = a.args;
  let servers: number[] = [];
  let said: string;
  switch (a.call) {
    case 'crash':
      servers = [x as number];
      said = `S${String(x)} crashes: it keeps currentTerm, votedFor and its log`;
      break;
    case 'restart':
      servers = [x as number];
      said = `S${String(x)} restarts: it comes back as a follower`;
      break;
    case 'timeout':
      servers = [x as number];
      said = `S${String(x)}'s election timer is made to fire`;
      break;
    case 'isolate':
      servers = [x as number];
      said = `S${String(x)} is cut off from every other server`;
      break;
    case 'connect':
      servers = [x as number];
      said = `S${String(x)}'s links carry messages again`;
      break;
    case 'partition':
      said = `The network is partitioned: ${groupsText(x)}`;
      break;
    case 'heal':
      said = 'The network heals: every link carries messages again';
      break;
    case 'setLink':
      servers = [x as number, y as number];
      said = `The link S${String(x)} → S${String(y)} is ${z ? 'restored' : 'cut'}`;
      break;
    case 'setNetwork':
      said = 'The network settings change (latency, loss, duplicates)';
      break;
    case 'setOptions':
      said = `The run’s settings change${switchesText(x)}`;
      break;
    case 'propose':
      servers = [x as number];
      said = `S${String(x)} is handed "${String(y)}" to append`;
      break;
    case 'submit': {
      const o = (y ?? {}) as { client?: number; to?: number };
      servers = o.to === undefined ? [0] : [0, o.to];
      said = `Client ${o.client ?? 1} submits "${String(x)}"${o.to === undefined ? '' : ` to S${o.to}`}`;
      break;
    }
    case 'drop':
      said = 'A message in flight is dropped';
      break;
    case 'transferLeadership':
      servers = [x as number, y as number];
      said = `S${String(x)} is asked to hand leadership to S${String(y)}`;
      break;
    case 'proposeConfig': {
      servers = [x as number];
      const set = Array.isArray(y) ? y.map((p) => `S${String(p)}`).join(', ') : '';
      said = `S${String(x)} is asked to change the cluster to {${set}}: new servers catch up first, then C_old,new, then C_new (§6, Figure 11)`;
      break;
    }
    default:
      said = `Action: ${a.call}`;
  }
  return {
    id,
    n: a.events,
    at: a.at,
    kind: 'action',
    servers,
    text: text ?? said,
    notes: [],
    minor: false,
    action: true,
  };
}

/** What a setOptions action turns on or off among the switches, in words ("" if none). */
function switchesText(x: unknown): string {
  if (x === null || typeof x !== 'object') return ' (timeouts, heartbeats, load)';
  const o = x as {
    preVote?: boolean;
    checkQuorum?: boolean;
    readMode?: string;
    snapshotThreshold?: number;
    snapshotMargin?: number;
    unsafe?: Record<string, boolean | undefined>;
  };
  const parts: string[] = [];
  if (o.preVote !== undefined) parts.push(`PreVote ${o.preVote ? 'on' : 'off'}`);
  if (o.checkQuorum !== undefined) parts.push(`CheckQuorum ${o.checkQuorum ? 'on' : 'off'}`);
  if (o.readMode !== undefined)
    parts.push(
      `reads ${o.readMode === 'log' ? 'through the log' : `by ${o.readMode === 'readIndex' ? 'ReadIndex' : 'lease'}`}`,
    );
  if (o.snapshotThreshold !== undefined)
    parts.push(
      o.snapshotThreshold > 0 ? `snapshot after ${o.snapshotThreshold} entries` : 'no snapshots',
    );
  if (o.snapshotMargin !== undefined)
    parts.push(
      o.snapshotMargin > 0
        ? `keep ${o.snapshotMargin} ${o.snapshotMargin === 1 ? 'entry' : 'entries'} after a snapshot`
        : 'keep no entries after a snapshot',
    );
  const unsafe = Object.entries(o.unsafe ?? {})
    .filter(([, v]) => v)
    .map(([k]) => k);
  if (unsafe.length > 0) parts.push(`unsafe: ${unsafe.join(', ')}`);
  return parts.length > 0 ? `: ${parts.join('; ')}` : ' (timeouts, heartbeats, load)';
}
