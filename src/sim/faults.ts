/**
 * Random faults drawn from a seed ("swarm" testing, after TigerBeetle's VOPR):
 * crashes, restarts, partitions, isolated servers, one-way link cuts, message
 * loss and duplication, applied through the public API (so they are recorded
 * actions and replay exactly), then healed at the end. Integer arithmetic only.
 */
import { chance, randomInt, stream, STREAM, type Rng } from './random.ts';
import type { Simulation } from './types.ts';

export interface FaultProfile {
  seed: number;
  /** Virtual ms of faults; healing and settling come after. */
  durationMs: number;
  /** Pause between two faults, drawn uniformly from this range (virtual ms). */
  gapMs?: [number, number];
  /** Relative weights of the kinds of fault (whole numbers). */
  weights?: Partial<Record<FaultKind, number>>;
  /**
   * Crash and restart frequency: multiplies the weights of crash, crashLeader, restart
   * and bounce (default 1; 0 turns crashes off). Some unsafe switches only show under
   * frequent crashes and restarts.
   */
  churn?: number;
  /** Most servers down at once (default: a minority, sometimes a majority). */
  maxDown?: number;
  /** Upper bound of the drop and duplicate rates drawn (default 0.3, 0.2). */
  dropRateMax?: number;
  duplicateRateMax?: number;
  /** What 'reconfigure' asks for: any new set (default) or one server changed. */
  membership?: 'joint' | 'single';
}

export type FaultKind =
  | 'crash'
  | 'crashLeader'
  | 'blackout'
  | 'restart'
  | 'bounce'
  | 'isolate'
  | 'connect'
  | 'partition'
  | 'cut'
  | 'heal'
  | 'network'
  | 'timeout'
  /** The leader is asked for a new configuration (§6): a random set in joint mode, one
   *  server added or removed when `single`. Off by default. */
  | 'reconfigure'
  /** The leader hands leadership to a random other server (dissertation §3.10). Off by
   *  default. */
  | 'transfer';

const DEFAULT_WEIGHTS: Record<FaultKind, number> = {
  crash: 4,
  crashLeader: 2,
  blackout: 1,
  restart: 4,
  bounce: 1,
  isolate: 2,
  connect: 2,
  partition: 3,
  cut: 3,
  heal: 2,
  network: 2,
  timeout: 1,
  reconfigure: 0,
  transfer: 0,
};

/** Runs `sim` for `durationMs` under random faults, then heals everything. */
export function runWithFaults(sim: Simulation, profile: FaultProfile): void {
  injectFaults(sim, profile);
  healAll(sim);
}

/** Only the faulty part: the world is left as the last fault left it. */
export function injectFaults(sim: Simulation, profile: FaultProfile): void {
  const rng = stream(profile.seed, STREAM.faults);
  const n = sim.servers().length;
  const [gapLo, gapHi] = profile.gapMs ?? [50, 1500];
  const weights = faultWeights(profile);
  const kinds = Object.keys(weights) as FaultKind[];
  const total = kinds.reduce((s, k) => s + weights[k], 0);
  const end = sim.now + profile.durationMs;
  const minority = minorityOf(n);
  while (sim.now < end) {
    sim.advance(Math.min(end - sim.now, randomInt(rng, gapLo, gapHi)));
    if (sim.now >= end) break;
    // Mostly a minority down; now and then one more (and a blackout takes a majority
    // down on purpose), so that the cluster also loses and regains availability.
    const maxDown = profile.maxDown ?? (chance(rng, 0.1) ? minority + 1 : minority);
    applyFault(sim, pick(rng, kinds, weights, total), rng, n, maxDown, profile);
  }
}

const CHURN_KINDS: readonly FaultKind[] = ['crash', 'crashLeader', 'blackout', 'restart', 'bounce'];

/** The weights a profile draws faults with: defaults, overrides, then churn. */
export function faultWeights(
  profile: Omit<FaultProfile, 'seed' | 'durationMs'>,
): Record<FaultKind, number> {
  const weights = { ...DEFAULT_WEIGHTS, ...profile.weights };
  const churn = profile.churn ?? 1;
  if (!(churn >= 0)) throw new Error(`churn must be a number ≥ 0, got ${String(churn)}.`);
  for (const k of CHURN_KINDS) weights[k] = Math.round(weights[k] * churn);
  for (const k of Object.keys(weights) as FaultKind[]) {
    if (!Number.isInteger(weights[k]) || weights[k] < 0)
      throw new Error(`The weight of ${k} must be a whole number ≥ 0, got ${String(weights[k])}.`);
  }
  return weights;
}

/** Everything back: every server up, every link up, a reliable network. */
export function healAll(sim: Simulation): void {
  for (const s of sim.servers()) if (!s.up) sim.restart(s.id);
  sim.heal();
  sim.setNetwork({ dropRate: 0, duplicateRate: 0 });
}

function applyFault(
  sim: Simulation,
  kind: FaultKind,
  rng: Rng,
  n: number,
  maxDown: number,
  p: FaultProfile,
): void {
  const servers = sim.servers();
  const up = servers.filter((s) => s.up).map((s) => s.id);
  const down = servers.filter((s) => !s.up).map((s) => s.id);
  const any = () => randomInt(rng, 1, n);
  switch (kind) {
    case 'crash':
      if (up.length > 0 && down.length < maxDown) sim.crash(up[randomInt(rng, 0, up.length - 1)]!);
      return;
    case 'crashLeader': {
      const leader = sim.leader();
      if (leader !== null && down.length < maxDown) sim.crash(leader);
      return;
    }
    case 'blackout': {
      // A majority down at once (or as many as the profile allows): no quorum until restarts.
      const target = Math.min(p.maxDown ?? minorityOf(n) + 1, n);
      while (up.length > 0 && n - up.length < target) {
        const id = up.splice(randomInt(rng, 0, up.length - 1), 1)[0]!;
        sim.crash(id);
      }
      return;
    }
    case 'restart':
      if (down.length > 0) sim.restart(down[randomInt(rng, 0, down.length - 1)]!);
      return;
    case 'bounce': {
      // Crash and restart at once: volatile state lost, persistent state kept.
      const id = any();
      sim.crash(id);
      sim.restart(id);
      return;
    }
    case 'isolate':
      return sim.isolate(any());
    case 'connect':
      return sim.connect(any());
    case 'partition': {
      const groups: number[][] = [[], [], []];
      const parts = randomInt(rng, 2, 3);
      for (let id = 1; id <= n; id++) groups[randomInt(rng, 0, parts - 1)]!.push(id);
      return sim.partition(groups.filter((g) => g.length > 0));
    }
    case 'cut': {
      if (n < 2) return;
      const from = any();
      let to = any();
      if (to === from) to = (from % n) + 1;
      return sim.setLink(from, to, false);
    }
    case 'heal':
      return sim.heal();
    case 'network':
      return sim.setNetwork({
        dropRate: randomInt(rng, 0, Math.round((p.dropRateMax ?? 0.3) * 100)) / 100,
        duplicateRate: randomInt(rng, 0, Math.round((p.duplicateRateMax ?? 0.2) * 100)) / 100,
      });
    case 'timeout':
      return sim.timeout(any());
    case 'reconfigure': {
      const leader = sim.leader();
      if (leader === null) return;
      const current = sim.server(leader).config.members;
      let members: number[];
      if (p.membership === 'single') {
        const id = any();
        members = current.includes(id) ? current.filter((x) => x !== id) : [...current, id];
        if (members.length === 0) return;
      } else {
        // A random non-empty set, mostly of a majority of the servers.
        const size =
          randomInt(rng, 1, 4) === 1 ? randomInt(rng, 1, n) : randomInt(rng, (n >> 1) + 1, n);
        const pool = Array.from({ length: n }, (_, i) => i + 1);
        members = [];
        while (members.length < size)
          members.push(pool.splice(randomInt(rng, 0, pool.length - 1), 1)[0]!);
      }
      sim.proposeConfig(leader, members);
      return;
    }
    case 'transfer': {
      const leader = sim.leader();
      if (leader === null) return;
      const to = any();
      if (to !== leader) sim.transferLeadership(leader, to);
      return;
    }
  }
}

/** The most servers that may be down while a majority stays up. */
function minorityOf(n: number): number {
  return Math.floor((n - 1) / 2);
}

function pick(
  rng: Rng,
  kinds: FaultKind[],
  weights: Record<FaultKind, number>,
  total: number,
): FaultKind {
  let r = randomInt(rng, 0, Math.max(0, total - 1));
  for (const k of kinds) {
    if (r < weights[k]) return k;
    r -= weights[k];
  }
  return kinds[kinds.length - 1]!;
}
