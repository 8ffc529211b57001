/** Reading the URL's parameters: ?speed= ?servers= ?seed= ?load=, clamped with a notice. */
import { SERVERS_MAX, SERVERS_MIN, CLIENT_LOAD_PER_SECOND_MAX } from '../model/limits.ts';

export const SPEED_MIN = 0.001;
export const SPEED_MAX = 100;
export const SPEED_DEFAULT = 0.01;
export const SPEED_CHOICES = [
  0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100,
];

export interface StartParams {
  speed: number;
  servers: number | null;
  seed: number | null;
  load: number | null;
  /** `?embed=1`: the cluster, the caption and the playback controls only. */
  embed: boolean;
  /** `?presenter=1`: open in presenter mode. */
  presenter: boolean;
  /** `?preset=<id>`: open a preset scenario, its explanation shown. */
  preset: string | null;
  notices: string[];
}

export function clampSpeed(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return SPEED_MIN;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, x));
}

function flag(v: string | null): boolean {
  return v === '1' || v === 'true';
}

export function readParams(search: string): StartParams {
  const q = new URLSearchParams(search);
  const notices: string[] = [];
  const out: StartParams = {
    speed: SPEED_DEFAULT,
    servers: null,
    seed: null,
    load: null,
    embed: flag(q.get('embed')),
    presenter: flag(q.get('presenter')),
    preset: q.get('preset'),
    notices,
  };

  const speed = q.get('speed');
  if (speed !== null) {
    const x = Number(speed);
    if (!Number.isFinite(x) || x <= 0) {
      notices.push(`Speed "${speed}" is not a positive number: using ${SPEED_DEFAULT}x.`);
    } else {
      out.speed = clampSpeed(x);
      if (out.speed !== x)
        notices.push(
          `Speed ${speed} is out of range (${SPEED_MIN} to ${SPEED_MAX}): using ${out.speed}x.`,
        );
    }
  }
  const servers = q.get('servers');
  if (servers !== null) {
    const x = Math.round(Number(servers));
    if (!Number.isFinite(x)) notices.push(`Servers "${servers}" is not a number.`);
    else {
      out.servers = Math.min(SERVERS_MAX, Math.max(SERVERS_MIN, x));
      if (String(out.servers) !== servers)
        notices.push(
          `Servers ${servers} is out of range (${SERVERS_MIN} to ${SERVERS_MAX}): using ${out.servers}.`,
        );
    }
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const x = Number(seed);
    if (Number.isInteger(x) && x >= -0x80000000 && x <= 0xffffffff) out.seed = x;
    else notices.push(`Seed "${seed}" is not a 32-bit integer: using the default.`);
  }
  const load = q.get('load');
  if (load !== null) {
    const x = Number(load);
    if (Number.isFinite(x) && x >= 0) out.load = Math.min(CLIENT_LOAD_PER_SECOND_MAX, x);
    else notices.push(`Load "${load}" is not a number of commands per second.`);
  }
  return out;
}

/** "1/100×" for 0.01, "2×" for 2. */
export function speedLabel(x: number): string {
  if (x >= 1) return `${x}×`;
  const inv = 1 / x;
  return Math.abs(inv - Math.round(inv)) < 1e-9 ? `1/${Math.round(inv)}×` : `${x}×`;
}
