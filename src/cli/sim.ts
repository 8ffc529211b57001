/**
 * `npm run sim -- --seed 7 --servers 5 --duration 60000 [--faults] [--load N] [--snapshot-threshold N] [--snapshot-margin N] [--json]`
 *
 * Runs one simulation headless and prints a summary: leaders per term, commits,
 * messages, violations. With --faults, random crashes, restarts, partitions and
 * message loss drawn from the seed, healed at the end (then 5 s to settle). Exits 1 if any safety
 * invariant was violated, 2 on bad arguments.
 */
import { Sim } from '../sim/index.ts';
import { runWithFaults } from '../sim/faults.ts';
import { parseArgs } from './args.ts';

const SETTLE_MS = 5000;

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs(argv, {
      seed: 'number',
      servers: 'number',
      duration: 'number',
      load: 'number',
      'snapshot-threshold': 'number',
      'snapshot-margin': 'number',
      faults: 'flag',
      json: 'flag',
    });
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const seed = args.seed ?? 1;
  const durationMs = args.duration ?? 60_000;
  if (!Number.isInteger(durationMs) || durationMs < 0) {
    console.error('--duration is a whole number of virtual milliseconds.');
    return 2;
  }
  let sim: Sim;
  try {
    sim = new Sim({
      seed,
      servers: args.servers ?? 5,
      clientLoadPerSecond: args.load ?? 10,
      snapshotThreshold: args['snapshot-threshold'] ?? 0,
      // Dissertation §5.1: entries kept after a snapshot (given only when asked for).
      ...(args['snapshot-margin'] !== undefined ? { snapshotMargin: args['snapshot-margin'] } : {}),
    });
    if (args.faults) {
      runWithFaults(sim, { seed, durationMs });
      sim.advance(SETTLE_MS); // healed: let the cluster converge
    } else {
      sim.advance(durationMs);
    }
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }

  const servers = sim.servers();
  const ops = sim.clientOps();
  const stats = sim.stats();
  const summary = {
    seed,
    servers: servers.length,
    virtualMs: sim.now,
    faults: !!args.faults,
    leaders: sim.leadersByTerm(),
    leaderNow: sim.leader(),
    commitIndex: Math.max(...servers.map((s) => s.commitIndex)),
    logLength: Math.max(...servers.map((s) => s.log.length)),
    snapshotIndex: Math.max(0, ...servers.map((s) => s.snapshot?.index ?? 0)),
    clientCommands: {
      submitted: ops.length,
      completed: ops.filter((o) => o.completedAt !== null).length,
    },
    events: stats.events,
    messagesSent: stats.messagesSent,
    messagesDropped: stats.messagesDropped,
    violations: sim.violations(),
    actions: sim.actions().length,
    traceHash: sim.traceHash(),
  };
  if (args.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const p = (s: string) => console.log(s);
    p(
      `Raftlab simulation: seed ${seed}, ${summary.servers} servers, ${summary.virtualMs} virtual ms${summary.faults ? ', random faults' : ''}`,
    );
    p(
      `  leaders by term: ${summary.leaders.map((l) => `${l.term}:S${l.leader}`).join(' ') || 'none'}`,
    );
    p(`  leader now: ${summary.leaderNow === null ? 'none' : `S${summary.leaderNow}`}`);
    p(
      `  committed: index ${summary.commitIndex} of a log of ${summary.logLength}${summary.snapshotIndex > 0 ? ` after a snapshot (latest at index ${summary.snapshotIndex})` : ''}`,
    );
    p(
      `  client commands: ${summary.clientCommands.completed} completed of ${summary.clientCommands.submitted}`,
    );
    p(
      `  events: ${summary.events}; messages: ${Object.entries(summary.messagesSent)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; dropped ${summary.messagesDropped}`,
    );
    p(`  actions: ${summary.actions}; trace hash ${summary.traceHash}`);
    p(`  violations: ${summary.violations.length === 0 ? 'none' : ''}`);
    for (const v of summary.violations) p(`    [${v.invariant}] at ${v.at} ms: ${v.detail}`);
  }
  return summary.violations.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
