/**
 * One randomized run: random faults for several virtual minutes under a steady
 * client load, checkers on; then heal, let a leader emerge and commit a new
 * command everywhere. Returns what went wrong, naming the seed.
 */
import { healAll, injectFaults } from '../faults.ts';
import { Sim } from '../simulation.ts';

export const FAULT_MINUTES = 3;

export function sweepSeed(seed: number): string[] {
  const servers = [3, 5, 5, 7][seed % 4]!;
  const sim = new Sim({ seed, servers, clientLoadPerSecond: 10 });
  injectFaults(sim, { seed, durationMs: FAULT_MINUTES * 60_000 });
  healAll(sim);
  sim.advance(5000);
  const problems: string[] = [];
  const say = (what: string) =>
    problems.push(`seed ${seed} (${servers} servers): ${what} — reproduce with sweepSeed(${seed})`);
  for (const v of sim.violations()) say(`${v.invariant} at ${v.at} ms: ${v.detail}`);
  if (sim.leader() === null) say('no leader 5 s after healing');
  const op = sim.submit('set after heal', { client: 9 });
  sim.advance(5000);
  const done = sim.clientOps().find((o) => o.id === op);
  if (done?.result !== 'OK') say('a command submitted after healing did not complete');
  for (const s of sim.servers()) {
    if (s.kv.after !== 'heal') say(`S${s.id} did not apply the command submitted after healing`);
  }
  return problems;
}
