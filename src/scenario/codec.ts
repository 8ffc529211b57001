/**
 * Scenarios in a URL fragment: a compact positional form (defaults left out,
 * actions as tuples with time and event count stored as deltas), compressed
 * with lz-string into URL-safe characters. Decoding never throws: whatever the
 * fragment holds, the answer is a scenario or a message saying what is wrong.
 */
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import {
  ACTION_CALLS,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  SCENARIO_VERSIONS_READ,
  validateScenario,
  type Scenario,
  type ScenarioResult,
} from '../model/scenario.ts';

/** The fragment key: `#s=…`. */
export const FRAGMENT_KEY = 's';
const FRAGMENT_MAX = 200_000;

type Packed = [
  version: number,
  engine: number,
  options: Scenario['options'],
  initial: Scenario['initial'] | 0,
  actions: unknown[][],
  moment: [number, number, string?] | 0,
  title?: string,
  description?: string,
];

export function packScenario(s: Scenario): Packed {
  let at = 0;
  let events = 0;
  const actions = s.actions.map((a) => {
    const t = [a.at - at, a.events - events, ACTION_CALLS.indexOf(a.call), ...a.args];
    at = a.at;
    events = a.events;
    return t;
  });
  const moment: Packed[5] = s.moment
    ? s.moment.hash
      ? [s.moment.time - at, s.moment.events - events, s.moment.hash]
      : [s.moment.time - at, s.moment.events - events]
    : 0;
  const packed: Packed = [SCENARIO_VERSION, s.engine, s.options, s.initial ?? 0, actions, moment];
  if (s.title !== undefined || s.description !== undefined) packed.push(s.title ?? '');
  if (s.description !== undefined) packed.push(s.description);
  return packed;
}

export function unpackScenario(data: unknown): ScenarioResult {
  if (!Array.isArray(data) || data.length < 6 || data.length > 8) {
    return { ok: false, error: 'This link does not hold a Raftlab scenario.' };
  }
  const [version, engine, options, initial, actions, moment, title, description] = data as Packed;
  // Older links read as they are (validateScenario migrates them).
  if (version !== SCENARIO_VERSION && !SCENARIO_VERSIONS_READ.includes(version)) {
    return {
      ok: false,
      error: `This link has scenario format version ${String(version)}; this Raftlab reads version ${SCENARIO_VERSION}.`,
    };
  }
  if (!Array.isArray(actions) || !actions.every((a) => Array.isArray(a) && a.length >= 3)) {
    return { ok: false, error: 'This link is damaged: its actions cannot be read.' };
  }
  let at = 0;
  let events = 0;
  const list = [];
  for (const [dt, de, code, ...args] of actions) {
    if (
      typeof dt !== 'number' ||
      typeof de !== 'number' ||
      typeof code !== 'number' ||
      ACTION_CALLS[code] === undefined
    ) {
      return { ok: false, error: 'This link is damaged: it names an unknown action.' };
    }
    at += dt;
    events += de;
    list.push({ at, events, call: ACTION_CALLS[code], args });
  }
  const scenario: Record<string, unknown> = {
    format: SCENARIO_FORMAT,
    version,
    engine,
    options,
    actions: list,
  };
  if (initial !== 0) scenario.initial = initial;
  if (moment !== 0) {
    if (!Array.isArray(moment) || typeof moment[0] !== 'number' || typeof moment[1] !== 'number') {
      return { ok: false, error: 'This link is damaged: its moment cannot be read.' };
    }
    scenario.moment = {
      time: at + moment[0],
      events: events + moment[1],
      ...(moment[2] === undefined ? {} : { hash: moment[2] }),
    };
  }
  if (title) scenario.title = title;
  if (description !== undefined) scenario.description = description;
  return validateScenario(scenario);
}

/** The fragment value (without `#s=`) for a scenario. */
export function encodeScenario(s: Scenario): string {
  return compressToEncodedURIComponent(JSON.stringify(packScenario(s)));
}

export function decodeScenario(encoded: string): ScenarioResult {
  if (typeof encoded !== 'string' || encoded.length === 0)
    return { ok: false, error: 'The link holds no scenario.' };
  if (encoded.length > FRAGMENT_MAX)
    return { ok: false, error: 'This link is too long to be a Raftlab scenario.' };
  let json: string | null;
  try {
    json = decompressFromEncodedURIComponent(encoded);
  } catch {
    json = null;
  }
  if (!json)
    return {
      ok: false,
      error: 'This link is damaged or incomplete: its scenario cannot be decompressed.',
    };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return {
      ok: false,
      error: 'This link is damaged or incomplete: its scenario is not readable.',
    };
  }
  return unpackScenario(data);
}

/** Reads `#s=…` from a location hash; null when the hash holds no scenario at all. */
export function scenarioFromHash(hash: string): ScenarioResult | null {
  // Not URLSearchParams: it would read lz-string's "+" as a space.
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part.startsWith(`${FRAGMENT_KEY}=`))
      return decodeScenario(part.slice(FRAGMENT_KEY.length + 1));
  }
  return null;
}

export function hashForScenario(s: Scenario): string {
  return `#${FRAGMENT_KEY}=${encodeScenario(s)}`;
}
