/**
 * Timeline markers: the moments worth finding again on the scrubber. Elections,
 * leader changes and commits are seen in the servers' state after each event,
 * as the run moves forward; crashes, restarts, partitions and heals are the
 * user's recorded actions. Pure: state snapshots in, markers out.
 */
import type { Marker } from '../protocol/index.ts';

export interface Moment {
  time: number;
  events: number;
}

/** What the tracker needs of one server after an event. */
export interface ServerGlance {
  up: boolean;
  role: 'follower' | 'candidate' | 'leader';
  term: number;
  commitIndex: number;
  /** The configuration it uses (§6), in words, and the log index it came from (0: the start). */
  config?: string;
  configIndex?: number;
}

/** Commits closer together than this share one marker (a steady load commits often). */
export const COMMIT_MARKER_GAP_MS = 250;
/**
 * At most this many commit markers: past it, the gap between commit markers doubles
 * and the kept ones are thinned to it (a long run under load keeps a commit marker
 * every so often, its elections and leader changes all the same).
 */
export const COMMIT_MARKERS_MAX = 1000;
/** Elections, leaders and configurations: a bound for pathological runs only. */
export const EVENT_MARKERS_MAX = 5000;

function before(a: Moment, b: Moment): boolean {
  return a.time < b.time || (a.time === b.time && a.events < b.events);
}

interface Saved {
  at: Moment;
  dropped: Marker[];
  frontier: Moment;
  state: TrackState;
}

interface TrackState {
  maxTerm: number;
  leader: number | null;
  leaderTerm: number;
  commit: number;
  lastCommitAt: number;
  /** The leader's latest configuration seen, and the latest it committed (index|words). */
  configSeen: string;
  configCommitted: string;
}

/**
 * Collects event markers once per moment: a moment already seen (the user went
 * back and plays again) adds nothing. A fork drops the markers after it; undo
 * brings them back.
 */
export class MarkerTracker {
  private list: Marker[] = [];
  private frontier: Moment = { time: -1, events: -1 };
  private s: TrackState = {
    maxTerm: 0,
    leader: null,
    leaderTerm: 0,
    commit: 0,
    lastCommitAt: -Infinity,
    configSeen: '',
    configCommitted: '',
  };
  private saved: Saved[] = [];
  /** The gap between commit markers now (doubled as a long run fills COMMIT_MARKERS_MAX). */
  private commitGap = COMMIT_MARKER_GAP_MS;
  private commits = 0;
  /** Bumped whenever the list changes. */
  version = 0;

  get markers(): readonly Marker[] {
    return this.list;
  }

  /** The state at the start of a run (a preset may start with terms and commits). */
  start(servers: readonly ServerGlance[]): void {
    this.list = [];
    this.saved = [];
    this.commitGap = COMMIT_MARKER_GAP_MS;
    this.commits = 0;
    this.frontier = { time: 0, events: 0 };
    this.s = {
      maxTerm: 0,
      leader: null,
      leaderTerm: 0,
      commit: 0,
      lastCommitAt: -Infinity,
      configSeen: '',
      configCommitted: '',
    };
    for (const g of servers) {
      this.s.maxTerm = Math.max(this.s.maxTerm, g.term);
      this.s.commit = Math.max(this.s.commit, g.commitIndex);
    }
    this.version++;
  }

  /** The servers' state after the event that brought the run to `at`. */
  observe(at: Moment, servers: readonly ServerGlance[]): void {
    if (!before(this.frontier, at)) return;
    this.frontier = { ...at };
    const s = this.s;
    let maxTerm = 0;
    let commit = 0;
    let leader: number | null = null;
    let leaderTerm = 0;
    servers.forEach((g, i) => {
      if (g.term > maxTerm) maxTerm = g.term;
      if (g.up && g.commitIndex > commit) commit = g.commitIndex;
      if (g.up && g.role === 'leader' && g.term > leaderTerm) {
        leader = i + 1;
        leaderTerm = g.term;
      }
    });
    if (maxTerm > s.maxTerm) {
      const who = servers.findIndex((g) => g.term === maxTerm) + 1;
      this.add({
        ...at,
        kind: 'election',
        server: who,
        text: `Election: term ${maxTerm} begins (S${who})`,
      });
      s.maxTerm = maxTerm;
    }
    if (leader !== null && leaderTerm > s.leaderTerm) {
      const l: number = leader;
      this.add({
        ...at,
        kind: 'leader',
        server: l,
        text:
          s.leader === null || s.leader === l
            ? `S${l} leads term ${leaderTerm}`
            : `Leader change: S${l} leads term ${leaderTerm} (was S${s.leader})`,
      });
      s.leader = l;
      s.leaderTerm = leaderTerm;
    }
    if (leader !== null) this.observeConfig(at, leader, servers[(leader as number) - 1]!);
    if (commit > s.commit) {
      if (at.time - s.lastCommitAt >= this.commitGap) {
        this.add({ ...at, kind: 'commit', server: 0, text: `Entry ${commit} committed` });
        s.lastCommitAt = at.time;
      }
      s.commit = commit;
    }
  }

  /**
   * §6, Figure 11: a configuration entry the leader appends (C_old,new, or C_new) and
   * the moment it commits it.
   */
  private observeConfig(at: Moment, id: number, g: ServerGlance): void {
    if (g.config === undefined || !g.configIndex) return;
    const s = this.s;
    const key = `${g.configIndex}|${g.config}`;
    if (key !== s.configSeen) {
      // After C_old,new, C_new is appended the moment C_old,new commits (§6).
      const after = s.configSeen.includes('C_old,new') && !g.config.startsWith('C_old,new');
      s.configSeen = key;
      this.add({
        ...at,
        kind: 'config',
        server: id,
        text: `S${id} appends ${g.config} at index ${g.configIndex}${after ? ' (C_old,new committed)' : ''}`,
      });
    }
    if (g.commitIndex >= g.configIndex && key !== s.configCommitted) {
      s.configCommitted = key;
      this.add({ ...at, kind: 'config', server: id, text: `${g.config} committed` });
    }
  }

  /** Acting at `at` forked the run: markers after it go (kept for undo). */
  fork(at: Moment): void {
    const keep = this.list.filter((m) => !before(at, m));
    const dropped = this.list.filter((m) => before(at, m));
    this.saved.push({ at: { ...at }, dropped, frontier: this.frontier, state: { ...this.s } });
    this.list = keep;
    this.countCommits();
    if (before(at, this.frontier)) {
      this.frontier = { ...at };
      // The tracked state is that of the frontier; recompute it from what is kept.
      this.s = this.stateAt(keep);
    }
    this.version++;
  }

  /** Undo of the last fork: its dropped markers come back. */
  undo(): void {
    const f = this.saved.pop();
    if (!f) return;
    this.list = this.list.filter((m) => !before(f.at, m)).concat(f.dropped);
    this.countCommits();
    this.frontier = f.frontier;
    this.s = f.state;
    this.version++;
  }

  private add(m: Marker): void {
    if (m.kind === 'commit') {
      this.list.push(m);
      if (++this.commits > COMMIT_MARKERS_MAX) this.thinCommits();
    } else {
      if (this.list.length - this.commits >= EVENT_MARKERS_MAX) return;
      this.list.push(m);
    }
    this.version++;
  }

  /** Doubles the gap between commit markers and keeps those that are that far apart. */
  private thinCommits(): void {
    this.commitGap *= 2;
    let last = -Infinity;
    this.list = this.list.filter((m) => {
      if (m.kind !== 'commit') return true;
      if (m.time - last < this.commitGap) return false;
      last = m.time;
      return true;
    });
    this.countCommits();
  }

  private countCommits(): void {
    this.commits = 0;
    for (const m of this.list) if (m.kind === 'commit') this.commits++;
  }

  private stateAt(kept: Marker[]): TrackState {
    const s = { ...this.s };
    // Terms and commits never go back: keeping the frontier's values only makes
    // the tracker quieter (no duplicate election of an already begun term).
    const lastLeader = [...kept].reverse().find((m) => m.kind === 'leader');
    if (lastLeader) s.leader = lastLeader.server;
    const lastCommit = [...kept].reverse().find((m) => m.kind === 'commit');
    s.lastCommitAt = lastCommit ? lastCommit.time : -Infinity;
    return s;
  }
}

/** Markers for the user's actions: crashes, restarts, partitions and heals. */
export function actionMarkers(
  actions: readonly { at: number; events: number; call: string; args: unknown[] }[],
): Marker[] {
  const out: Marker[] = [];
  for (const a of actions) {
    const m = { time: a.at, events: a.events };
    const [x, y, z] = a.args;
    switch (a.call) {
      case 'crash':
        out.push({ ...m, kind: 'crash', server: Number(x), text: `S${String(x)} crashes` });
        break;
      case 'restart':
        out.push({ ...m, kind: 'restart', server: Number(x), text: `S${String(x)} restarts` });
        break;
      case 'isolate':
        out.push({ ...m, kind: 'partition', server: Number(x), text: `S${String(x)} is cut off` });
        break;
      case 'partition':
        out.push({ ...m, kind: 'partition', server: 0, text: 'Network partitioned' });
        break;
      case 'setLink':
        out.push({
          ...m,
          kind: z ? 'heal' : 'partition',
          server: Number(x),
          text: `Link S${String(x)} → S${String(y)} ${z ? 'restored' : 'cut'}`,
        });
        break;
      case 'connect':
        out.push({ ...m, kind: 'heal', server: Number(x), text: `S${String(x)} reconnected` });
        break;
      case 'heal':
        out.push({ ...m, kind: 'heal', server: 0, text: 'Network healed' });
        break;
      case 'proposeConfig':
        out.push({
          ...m,
          kind: 'config',
          server: Number(x),
          text: `Membership change asked of S${String(x)}: {${Array.isArray(y) ? y.map((p) => `S${String(p)}`).join(', ') : ''}}`,
        });
        break;
    }
  }
  return out;
}
