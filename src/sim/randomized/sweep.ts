/**
 * One randomized run: random faults for several virtual minutes under a steady
 * client load, checkers on; then heal, let a leader emerge and commit a new
 * command everywhere. Returns what went wrong, naming the seed.
 */
import { executeCommand } from '../../model/command.ts';
import { entryAt } from '../../raft/log.ts';
import { healAll, injectFaults } from '../faults.ts';
import { Sim } from '../simulation.ts';

export const FAULT_MINUTES = 3;

export function sweepSeed(seed: number): string[] {
  const servers = [3, 5, 5, 7][seed % 4]!;
  // One seed in five without the leader's no-op: old entries then commit only with a client's.
  const leaderNoop = seed % 5 !== 0;
  const sim = new Sim({ seed, servers, clientLoadPerSecond: 10, leaderNoop });
  injectFaults(sim, { seed, durationMs: FAULT_MINUTES * 60_000 });
  healAll(sim);
  const healedAt = sim.now;
  sim.advance(5000);
  const problems: string[] = [];
  const say = (what: string) =>
    problems.push(
      `seed ${seed} (${servers} servers${leaderNoop ? '' : ', no leader no-op'}): ${what} — reproduce with sweepSeed(${seed})`,
    );
  if (sim.leader() === null) say('no leader 5 s after healing');
  const op = sim.submit('set after heal', { client: 9 });
  sim.advance(5000);
  for (const v of sim.violations()) say(`${v.invariant} at ${v.at} ms: ${v.detail}`);
  const done = sim.clientOps().find((o) => o.id === op);
  if (done?.result !== 'OK') say('a command submitted after healing did not complete');
  for (const s of sim.servers()) {
    if (s.kv.after !== 'heal') say(`S${s.id} did not apply the command submitted after healing`);
  }
  const pending = sim.clientOps().filter((o) => o.completedAt === null && o.submittedAt < healedAt);
  if (pending.length > 0)
    say(`${pending.length} client commands from before the heal never completed`);
  for (const p of checkClientResults(sim)) say(p);
  const lin = sim.linearizable();
  if (lin.ok !== true)
    say(
      lin.ok === null
        ? 'the client history is undecided within the linearizability checker’s budget'
        : `the client history is not linearizable (without ops ${lin.ops.join(', ')} it would be)`,
    );
  return problems;
}

/**
 * §8: every answered command was committed, ran exactly once and was answered with
 * the result it had in log order. Re-executes the leader's committed log with
 * per-client dedup and compares with what the clients were told.
 */
export function checkClientResults(sim: Sim): string[] {
  const leader = sim.leader();
  if (leader === null) return ['no leader to read the committed log from'];
  const s = sim.inner(leader);
  const kv = new Map<string, string>();
  const lastSeq = new Map<number, number>();
  const results = new Map<string, string | null>();
  for (let i = 1; i <= s.commitIndex; i++) {
    const e = entryAt(s.log, i)!;
    if (e.kind !== 'command' || !e.cmd) continue;
    if (e.client > 0) {
      if (e.seq <= (lastSeq.get(e.client) ?? 0)) continue; // a retry: not run again
      lastSeq.set(e.client, e.seq);
    }
    const result = executeCommand(kv, e.cmd);
    if (e.client > 0) results.set(`${e.client}/${e.seq}`, result);
  }
  const problems: string[] = [];
  const seqOf = new Map<number, number>();
  for (const o of sim.clientOps()) {
    // A client numbers its commands 1, 2, 3 … in the order they were submitted.
    const seq = (seqOf.get(o.client) ?? 0) + 1;
    seqOf.set(o.client, seq);
    if (o.completedAt === null) continue;
    const key = `${o.client}/${seq}`;
    if (!results.has(key)) problems.push(`"${o.command}" (op ${o.id}) was answered, not committed`);
    else if (results.get(key) !== o.result)
      problems.push(
        `"${o.command}" (op ${o.id}) was answered ${String(o.result)}, the log says ${String(results.get(key))}`,
      );
  }
  const view = sim.server(leader);
  if (
    view.lastApplied === s.commitIndex &&
    JSON.stringify(view.kv) !== JSON.stringify(Object.fromEntries(kv))
  )
    problems.push(`S${leader}'s state machine differs from its committed log run once per command`);
  return problems;
}
