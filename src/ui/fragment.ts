/**
 * The address bar's fragment at start and when a link is pasted: a scenario
 * (`#s=…`), nothing, or something else, which gets a message rather than silence.
 */
import type { ScenarioResult } from '../model/scenario.ts';
import { FRAGMENT_KEY, scenarioFromHash } from '../scenario/codec.ts';

/** How much of an unreadable fragment a message quotes. */
const QUOTED_MAX = 40;

/**
 * `#s=…` gives the codec's answer (a scenario, or what is wrong with it); an empty
 * fragment gives null (a new run, nothing to say); anything else is a failure
 * naming what the address holds. Text-fragment directives (`#:~:text=`) are the
 * browser's, not ours.
 */
export function readFragment(hash: string): ScenarioResult | null {
  const linked = scenarioFromHash(hash);
  if (linked !== null) return linked;
  const body = hash.replace(/^#/, '').split(':~:')[0]!.trim();
  if (body === '') return null;
  const quoted = body.length > QUOTED_MAX ? `${body.slice(0, QUOTED_MAX)}…` : body;
  return {
    ok: false,
    error: `The address ends in "#${quoted}", which is not a Raftlab scenario (a scenario link ends in #${FRAGMENT_KEY}=…).`,
  };
}
