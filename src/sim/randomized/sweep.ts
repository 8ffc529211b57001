/**
 * One randomized run: random faults for several virtual minutes under a steady
 * client load, checkers on; then heal, let a leader emerge and commit a new
 * command everywhere. Returns what went wrong, naming the seed.
 */
import { executeCommand, parseCommand } from '../../model/command.ts';
import type { ReadMode } from '../../model/options.ts';
import { entryAt } from '../../raft/log.ts';
import { healAll, injectFaults } from '../faults.ts';
import { Sim } from '../simulation.ts';

export const FAULT_MINUTES = 3;
/** The snapshot thresholds the seeds take in turn (0: no snapshots). */
export const SNAPSHOT_THRESHOLDS = [0, 8, 40];
/**
 * The snapshot margins (dissertation §5.1: applied entries kept after a snapshot) the
 * seeds take in turn: none, a few, and more than the smaller threshold.
 */
export const SNAPSHOT_MARGINS = [0, 3, 16];

export interface Features {
  preVote: boolean;
  checkQuorum: boolean;
  readMode: ReadMode;
  snapshotThreshold: number;
  snapshotMargin: number;
}

/**
 * The production switches a seed runs with, drawn from it: every combination of PreVote,
 * CheckQuorum, the three read modes and the three snapshot thresholds comes up within
 * 48 consecutive seeds (each combination of the first three holds for 4 seeds in a row,
 * which meet every threshold); every threshold meets every margin within 9 seeds.
 */
export function featuresOf(seed: number): Features {
  return {
    preVote: Math.floor(seed / 4) % 2 === 1,
    checkQuorum: Math.floor(seed / 8) % 2 === 1,
    readMode: (['log', 'readIndex', 'lease'] as const)[Math.floor(seed / 16) % 3]!,
    // Log compaction (§7) off for a third of the seeds, else often or now and then.
    snapshotThreshold: SNAPSHOT_THRESHOLDS[seed % 3]!,
    // Dissertation §5.1: with snapshots, some seeds keep entries after them, so that a
    // follower slightly behind is sent entries, and the log starts below the snapshot.
    snapshotMargin: SNAPSHOT_MARGINS[Math.floor(seed / 3) % 3]!,
  };
}

export function describeFeatures(f: Features): string {
  const on = [
    f.preVote && 'PreVote',
    f.checkQuorum && 'CheckQuorum',
    `reads: ${f.readMode}`,
    f.snapshotThreshold > 0 && `snapshotThreshold ${f.snapshotThreshold}`,
    f.snapshotThreshold > 0 && f.snapshotMargin > 0 && `snapshotMargin ${f.snapshotMargin}`,
  ];
  return on.filter(Boolean).join(', ');
}

export function sweepSeed(seed: number): string[] {
  const servers = [3, 5, 5, 7][seed % 4]!;
  // One seed in five without the leader's no-op: old entries then commit only with a client's.
  const leaderNoop = seed % 5 !== 0;
  const features = featuresOf(seed);
  const sim = new Sim({ seed, servers, clientLoadPerSecond: 10, leaderNoop, ...features });
  injectFaults(sim, { seed, durationMs: FAULT_MINUTES * 60_000, weights: { transfer: 1 } });
  healAll(sim);
  const healedAt = sim.now;
  sim.advance(5000);
  const problems: string[] = [];
  const say = (what: string) =>
    problems.push(
      `seed ${seed} (${servers} servers${leaderNoop ? '' : ', no leader no-op'}, ${describeFeatures(features)}): ${what} — reproduce with sweepSeed(${seed})`,
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
  for (const p of checkReads(sim)) say(p);
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
 * per-client dedup and compares with what the clients were told. Reads answered
 * without the log (§6.4) are checked by `checkReads`: together, the client history
 * is linearizable with the log's order as the order of its writes.
 */
export function checkClientResults(sim: Sim): string[] {
  const leader = sim.leader();
  if (leader === null) return ['no leader to read the committed log from'];
  const s = sim.inner(leader);
  const kv = new Map<string, string>();
  const lastSeq = new Map<number, number>();
  const results = new Map<string, string | null>();
  for (let i = 1; i <= s.commitIndex; i++) {
    // What it applied (§7: its log may start after a snapshot), then its log.
    const e = i <= s.lastApplied ? sim.appliedEntry(leader, i)! : entryAt(s.log, i)!;
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
    // Reads are checked by checkReads: a retried read may be answered outside the log
    // while an earlier attempt sits in it (§6.4).
    if (o.command.startsWith('get ')) continue;
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

interface Write {
  index: number;
  value: string | null;
  /** The client operation's interval ([-Infinity, Infinity] for entries of no client). */
  invokedAt: number;
  answeredAt: number;
}

interface Read {
  op: number;
  result: string | null;
  invokedAt: number;
  answeredAt: number;
}

/**
 * Linearizability of every key's history of reads (through the log or not), the log's
 * order being the order of the writes (checkClientResults checks that order against what clients were told). A read
 * is placed after the writes of its key up to some index j: its answer must be the
 * key's value there; j must cover every write answered before the read began and no
 * write begun after it was answered; and a read answered before another began sits at
 * or before it (greedy: each read, in order of answer, at the first j it may take).
 * Intervals that touch at one millisecond count as concurrent.
 */
export function checkReads(sim: Sim): string[] {
  const leader = sim.leader();
  if (leader === null) return [];
  const s = sim.inner(leader);
  const ops = sim.clientOps();
  // Client operations by (client, seq), numbered as the clients number them.
  const opOf = new Map<string, (typeof ops)[number]>();
  const seqOf = new Map<number, number>();
  for (const o of ops) {
    const seq = (seqOf.get(o.client) ?? 0) + 1;
    seqOf.set(o.client, seq);
    opOf.set(`${o.client}/${seq}`, o);
  }
  const writes = new Map<string, Write[]>();
  const reads = new Map<string, Read[]>();
  const kv = new Map<string, string>();
  const lastSeq = new Map<number, number>();
  for (let i = 1; i <= s.commitIndex; i++) {
    // Up to lastApplied from the applied sequence: a snapshot (§7) may have discarded
    // the log's prefix; the rest is in the log.
    const e = (i <= s.lastApplied ? sim.appliedEntry(leader, i) : entryAt(s.log, i))!;
    if (e.kind !== 'command' || !e.cmd) continue;
    if (e.client > 0) {
      if (e.seq <= (lastSeq.get(e.client) ?? 0)) continue;
      lastSeq.set(e.client, e.seq);
    }
    const o = e.client > 0 ? opOf.get(`${e.client}/${e.seq}`) : undefined;
    const key = e.cmd.key;
    if (e.cmd.op === 'get') continue; // placed below with the others
    executeCommand(kv, e.cmd);
    push(writes, key, {
      index: i,
      value: kv.get(key) ?? null,
      invokedAt: o?.submittedAt ?? -Infinity,
      answeredAt: o?.completedAt ?? Infinity,
    });
  }
  for (const o of ops) {
    if (o.completedAt === null) continue;
    const parsed = parseCommand(o.command);
    if (!parsed.ok || parsed.command.op !== 'get') continue;
    push(reads, parsed.command.key, {
      op: o.id,
      result: o.result,
      invokedAt: o.submittedAt,
      answeredAt: o.completedAt,
    });
  }
  const problems: string[] = [];
  for (const [key, list] of reads) {
    const ws = writes.get(key) ?? [];
    // The key's value after index j: that of the last write at or before j.
    const valueAt = (k: number) => (k < 0 ? null : ws[k]!.value); // k: position in ws
    list.sort((a, b) => a.answeredAt - b.answeredAt);
    const placed: { answeredAt: number; at: number }[] = [];
    for (const r of list) {
      // Positions: k = -1 (before every write of the key) … ws.length - 1.
      let lo = -1;
      let hi = ws.length - 1;
      ws.forEach((w, k) => {
        if (w.answeredAt < r.invokedAt) lo = Math.max(lo, k);
        if (w.invokedAt > r.answeredAt) hi = Math.min(hi, k - 1);
      });
      for (const p of placed) if (p.answeredAt < r.invokedAt) lo = Math.max(lo, p.at);
      // A read through the log has its place there, but a retry of it may have been
      // answered outside the log first: any place its answer allows will do.
      let at: number | null = null;
      for (let k = lo; k <= hi && at === null; k++) if (valueAt(k) === r.result) at = k;
      if (at === null) {
        problems.push(
          `"get ${key}" (op ${r.op}, ${r.invokedAt}–${r.answeredAt} ms) answered ${JSON.stringify(r.result)}: no linearization of key ${key} allows it`,
        );
        break; // one per key: what follows may only repeat it
      }
      placed.push({ answeredAt: r.answeredAt, at });
    }
  }
  return problems;
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}
