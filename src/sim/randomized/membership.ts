/**
 * One randomized run with membership changes: random faults and random configuration
 * changes (joint consensus or one server at a time, per seed) for a while, checkers on;
 * then heal and settle. The last configuration must be committed by the leader (and no
 * longer joint), and a new command must commit on every member. Names the seed.
 */
import { injectFaults, healAll } from '../faults.ts';
import { Sim } from '../simulation.ts';
import { randomInt, stream, STREAM } from '../random.ts';
import { SNAPSHOT_THRESHOLDS } from './sweep.ts';

export const MEMBERSHIP_FAULT_MS = 30_000;

export function membershipSeed(seed: number): string[] {
  const rng = stream(seed, STREAM.faults, 7);
  const servers = [3, 5, 5, 7][seed % 4]!;
  const membership = seed % 2 === 0 ? 'joint' : 'single';
  // The starting configuration: every server, or a majority of them.
  const count = randomInt(rng, (servers >> 1) + 1, servers);
  const members = Array.from({ length: count }, (_, i) => i + 1);
  // Log compaction (§7): snapshots carry the configuration as of their last entry.
  const snapshotThreshold = SNAPSHOT_THRESHOLDS[Math.floor(seed / 2) % 3]!;
  const sim = new Sim({
    seed,
    servers,
    members,
    membership,
    clientLoadPerSecond: 10,
    snapshotThreshold,
  });
  injectFaults(sim, {
    seed,
    durationMs: MEMBERSHIP_FAULT_MS,
    membership,
    weights: { reconfigure: 16 },
  });
  healAll(sim);
  sim.advance(6000);
  const problems: string[] = [];
  const say = (what: string) =>
    problems.push(
      `seed ${seed} (${servers} servers, members ${members.join(',')}, ${membership}, snapshotThreshold ${snapshotThreshold}): ${what} — reproduce with membershipSeed(${seed})`,
    );
  const leader = sim.leader();
  if (leader === null) {
    say('no leader 6 s after healing');
    for (const v of sim.violations()) say(`${v.invariant} at ${v.at} ms: ${v.detail}`);
    return problems;
  }
  const inner = sim.inner(leader);
  const config = sim.server(leader).config;
  if (config.old !== null) say(`the leader S${leader} is still joint after healing`);
  if (inner.membership.index > inner.commitIndex)
    say(`the leader S${leader}'s configuration (index ${inner.membership.index}) is not committed`);
  const op = sim.submit('set after heal', { client: 9 });
  sim.advance(6000);
  if (sim.clientOps().find((o) => o.id === op)?.result !== 'OK')
    say('a command submitted after healing did not complete');
  const now = sim.leader();
  const final = now === null ? config : sim.server(now).config;
  for (const id of final.members) {
    const s = sim.server(id);
    if (s.kv.after !== 'heal')
      say(`member S${id} did not apply the command submitted after healing`);
    if (JSON.stringify(s.config) !== JSON.stringify(final))
      say(`member S${id} uses ${JSON.stringify(s.config)}, the leader ${JSON.stringify(final)}`);
  }
  for (const v of sim.violations()) say(`${v.invariant} at ${v.at} ms: ${v.detail}`);
  return problems;
}
