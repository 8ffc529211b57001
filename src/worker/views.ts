/** Turning the simulator's raw state into the plain data of a frame. */
import type { Message, ServerState } from '../raft/types.ts';
import { clusterMembership, configView, logView, voteTally, type Sim } from '../sim/simulation.ts';
import type { Flight } from '../sim/world.ts';
import type { MessageView, SimEvent } from '../sim/types.ts';
import type {
  ClientOpFrame,
  LinearizabilityFrame,
  LinOpFrame,
  EntryFrame,
  EventFrame,
  FieldValue,
  LogWindow,
  MembershipFrame,
  MessageFrame,
  ServerFrame,
} from '../protocol/index.ts';

/** The configuration the cluster is in (the leader's, else the newest in a live log). */
export function membershipFrame(sim: Sim): MembershipFrame {
  const states = [];
  let changed = false;
  for (let id = 1; id <= sim.options.servers; id++) {
    const s = sim.inner(id);
    states.push(s);
    if (s.configs.length > 1 || s.catchUp !== null) changed = true;
  }
  const m = clusterMembership(states);
  const o = sim.options;
  return {
    ...m,
    inPlay: changed || o.members !== undefined || o.membership !== undefined,
    rival: rivalOf(states, m),
  };
}

/**
 * Figure 10: another up leader whose configuration differs from the one the frame
 * is read from (the highest term first). Never there after a safe change: two
 * leaders of one term cannot both win, and the band follows the highest term.
 */
function rivalOf(
  states: readonly ServerState[],
  m: { by: number | null; members: readonly number[]; old: readonly number[] | null },
): MembershipFrame['rival'] {
  if (m.by === null) return null;
  const same = (a: readonly number[] | null, b: readonly number[] | null) =>
    a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));
  let best: ServerState | null = null;
  for (const s of states) {
    if (!s.up || s.role !== 'leader' || s.id === m.by) continue;
    const c = configView(s);
    if (same(c.members, m.members) && same(c.old, m.old)) continue;
    if (best === null || s.currentTerm > best.currentTerm) best = s;
  }
  if (best === null) return null;
  const c = configView(best);
  return {
    by: best.id,
    ...c,
    need: majorityOf(c.members.length),
    oldNeed: c.old ? majorityOf(c.old.length) : null,
  };
}

function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** "C_new {S1, S2, S4}", or "C_old,new {S1, S2, S3} → {S1, S2, S4}" (§6, Figure 11). */
export function configWords(c: {
  members: readonly number[];
  old: readonly number[] | null;
}): string {
  const set = (ids: readonly number[]) => `{${ids.map((p) => `S${p}`).join(', ')}}`;
  return c.old ? `C_old,new ${set(c.old)} → ${set(c.members)}` : `C_new ${set(c.members)}`;
}

/** A server's place in the cluster's configuration `m`. */
function place(m: MembershipFrame, id: number): Pick<ServerFrame, 'member' | 'change'> {
  const inNew = m.members.includes(id);
  const inOld = m.old?.includes(id) ?? false;
  // Figure 10: a voter of the other leader's configuration is a voter too.
  if (!inNew && !inOld && (m.rival?.members.includes(id) || m.rival?.old?.includes(id)))
    return { member: 'voter', change: null };
  if (inNew || inOld)
    return {
      member: 'voter',
      change: m.old === null || (inNew && inOld) ? null : inNew ? 'joining' : 'leaving',
    };
  return { member: m.learners.includes(id) ? 'learner' : 'outside', change: null };
}

export function serverFrame(sim: Sim, id: number, m: MembershipFrame): ServerFrame {
  const s = sim.inner(id);
  const leading = s.up && s.role === 'leader';
  let votes = 0;
  if (s.role !== 'follower') for (const key in s.votes) if (s.votes[key]) votes++;
  const nextIndex: number[] = [];
  const matchIndex: number[] = [];
  if (leading)
    for (const key in s.progress) {
      nextIndex[Number(key)] = s.progress[key]!.next;
      matchIndex[Number(key)] = s.progress[key]!.match;
    }
  return {
    id,
    up: s.up,
    role: s.role,
    term: s.currentTerm,
    votedFor: s.votedFor,
    leaderId: s.leaderId,
    commitIndex: s.commitIndex,
    lastApplied: s.lastApplied,
    lastIndex: s.log.last,
    // The last entry's term; the snapshot's when the log holds nothing after it (§7).
    lastTerm:
      s.log.last === s.log.start
        ? s.log.startTerm
        : (logView(s.log, s.log.last, s.log.last)[0]?.term ?? 0),
    // §7: the snapshot's own index and term; its log may start below it when the server
    // keeps a margin of applied entries (dissertation §5.1): `logStart` says where.
    snapshot:
      s.snapshot !== null
        ? { index: s.snapshot.index, term: s.snapshot.term, logStart: s.log.start }
        : null,
    votes,
    quorum: s.role === 'follower' ? [] : voteTally(s),
    config: configView(s),
    configIndex: s.membership.index,
    ...place(m, id),
    electionStartedAt: s.electionStartedAt,
    electionDeadline: s.electionDeadline,
    heartbeatDeadline: s.heartbeatDeadline,
    nextIndex,
    matchIndex,
  };
}

/** A key that changes whenever the window [from, from + count) of a log may show something else. */
export function windowKey(sim: Sim, id: number, from: number, count: number): string {
  const log = sim.inner(id).log;
  const end = Math.min(log.last, from + count - 1);
  // Entries are immutable, only a truncation rewrites a suffix, and only a snapshot
  // removes a prefix (§7): these say it all.
  return `${from}|${end}|${log.truncations}|${log.start}`;
}

export function logWindow(sim: Sim, id: number, from: number, count: number): LogWindow {
  const log = sim.inner(id).log;
  const set = (ids: number[]) => `{${ids.join(',')}}`;
  const entries = logView(log, from, from + count - 1).map((e): EntryFrame => {
    if (e.kind === 'config')
      return {
        term: e.term,
        command: null,
        config: e.old ? `${set(e.old)}→${set(e.members!)}` : set(e.members!),
      };
    return { term: e.term, command: e.kind === 'noop' ? null : (e.command ?? '') };
  });
  // The window starts after the snapshot (§7): entries[0] is the entry at `from`.
  return { server: id, from: Math.max(1, from, log.start + 1), entries };
}

export function messageFrame(f: Flight): MessageFrame {
  const m: Message = f.msg;
  const base = {
    id: f.id,
    type: m.type,
    from: m.from,
    to: m.to,
    term: m.term,
    sentAt: f.sentAt,
    deliverAt: f.time,
  };
  switch (m.type) {
    case 'RequestVote':
      return {
        ...base,
        label: 'RV',
        ok: true,
        summary: `S${m.from} asks S${m.to} for its vote in term ${m.term}`,
        fields: {
          term: m.term,
          candidateId: m.from,
          lastLogIndex: m.lastLogIndex,
          lastLogTerm: m.lastLogTerm,
        },
      };
    case 'RequestVoteReply':
      return {
        ...base,
        label: m.voteGranted ? '✓' : '✗',
        ok: m.voteGranted,
        summary: `S${m.from} ${m.voteGranted ? 'grants' : 'denies'} its vote to S${m.to} (term ${m.term})`,
        fields: { term: m.term, voteGranted: m.voteGranted },
      };
    case 'AppendEntries': {
      const n = m.entries.length;
      const fields: Record<string, FieldValue> = {
        term: m.term,
        leaderId: m.from,
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries:
          n === 0
            ? 'none (heartbeat)'
            : `${n}: index ${m.prevLogIndex + 1}${n > 1 ? `–${m.prevLogIndex + n}` : ''}`,
        leaderCommit: m.leaderCommit,
      };
      if (n > 0) fields.firstEntry = m.entries[0]!.command ?? 'no-op';
      return {
        ...base,
        label: n === 0 ? 'HB' : String(n),
        ok: true,
        summary:
          n === 0
            ? `Heartbeat from S${m.from} to S${m.to} (term ${m.term})`
            : `S${m.from} sends S${m.to} ${n} ${n === 1 ? 'entry' : 'entries'} from index ${m.prevLogIndex + 1}`,
        fields,
      };
    }
    case 'AppendEntriesReply':
      return {
        ...base,
        label: m.success ? '✓' : '✗',
        ok: m.success,
        summary: m.success
          ? `S${m.from} accepts: its log matches up to index ${m.matchIndex}`
          : `S${m.from} rejects: no matching entry at index ${m.prevLogIndex}`,
        fields: m.success
          ? { term: m.term, success: true, matchIndex: m.matchIndex }
          : {
              term: m.term,
              success: false,
              conflictTerm: m.conflictTerm,
              conflictIndex: m.conflictIndex,
            },
      };
    case 'InstallSnapshot':
      return {
        ...base,
        label: 'SN',
        ok: true,
        summary: `S${m.from} sends S${m.to} its snapshot up to index ${m.lastIncludedIndex} (term ${m.lastIncludedTerm})`,
        fields: {
          term: m.term,
          leaderId: m.from,
          lastIncludedIndex: m.lastIncludedIndex,
          lastIncludedTerm: m.lastIncludedTerm,
          keys: m.snapshot.kv.size,
        },
      };
    case 'InstallSnapshotReply':
      return {
        ...base,
        label: m.matchIndex > 0 ? '✓' : '✗',
        ok: m.matchIndex > 0,
        summary:
          m.matchIndex > 0
            ? `S${m.from} has the snapshot: its log matches up to index ${m.matchIndex}`
            : `S${m.from} refuses the snapshot: term ${m.term} is newer`,
        fields: { term: m.term, matchIndex: m.matchIndex },
      };
    case 'ClientRequest':
      return {
        ...base,
        label: 'C',
        ok: true,
        summary: `Client ${m.client} sends "${m.command}" to S${m.to}`,
        fields: { client: m.client, seq: m.seq, command: m.command },
      };
    case 'ClientReply':
      return {
        ...base,
        label: m.ok ? '✓' : '↪',
        ok: m.ok,
        summary: m.ok
          ? `S${m.from} answers client ${m.client}: ${JSON.stringify(m.result)}`
          : `S${m.from} redirects client ${m.client}${m.leaderHint ? ` to S${m.leaderHint}` : ''}`,
        fields: {
          client: m.client,
          seq: m.seq,
          ok: m.ok,
          result: m.result,
          leaderHint: m.leaderHint,
        },
      };
    case 'PreVote':
      return {
        ...base,
        label: 'PV',
        ok: true,
        summary: `S${m.from} asks S${m.to} whether it could win term ${m.term} (a pre-vote)`,
        fields: {
          term: m.term,
          candidateId: m.from,
          lastLogIndex: m.lastLogIndex,
          lastLogTerm: m.lastLogTerm,
        },
      };
    case 'PreVoteReply':
      return {
        ...base,
        label: m.voteGranted ? '✓' : '✗',
        ok: m.voteGranted,
        summary: `S${m.from} ${m.voteGranted ? 'grants' : 'refuses'} S${m.to} a pre-vote`,
        fields: { term: m.term, voteGranted: m.voteGranted },
      };
    case 'TimeoutNow':
      return {
        ...base,
        label: 'TN',
        ok: true,
        summary: `S${m.from} tells S${m.to} to start an election now (leadership transfer)`,
        fields: { term: m.term },
      };
  }
}

function isMinor(e: SimEvent, m: MessageView | undefined): boolean {
  if (e.notes.length > 0) return false;
  if (e.kind === 'heartbeat' || e.kind === 'client-load') return true;
  if (e.kind !== 'deliver' || !m) return false;
  return m.type === 'AppendEntries' || m.type === 'AppendEntriesReply';
}

export function eventFrame(e: SimEvent, id: number): EventFrame {
  const servers = new Set<number>([e.server]);
  if (e.message) {
    servers.add(e.message.from);
    servers.add(e.message.to);
  }
  for (const n of e.notes) servers.add(n.server);
  return {
    id,
    n: e.n,
    at: e.at,
    kind: e.kind,
    servers: [...servers],
    text: e.text,
    notes: e.notes.map((n) => ({ server: n.server, text: n.text, section: n.section })),
    minor: isMinor(e, e.message),
  };
}

export function clientOpFrame(sim: Sim, id: number): ClientOpFrame | null {
  const op = sim.clientOp(id);
  if (!op) return null;
  const c = sim.clientStates().get(op.client);
  let status: ClientOpFrame['status'] = 'done';
  let target: number | null = null;
  let attempts = 0;
  if (op.completedAt === null) {
    if (c?.current?.op === id) {
      status = 'sent';
      target = c.current.target;
      attempts = c.current.attempts;
    } else {
      status = 'queued';
      target = c?.queue.find((q) => q.op === id)?.to ?? null;
    }
  }
  const frame: ClientOpFrame = { ...op, status, target, attempts };
  // The mode the read was submitted under, not the current one (Settings may have changed it since).
  const read = sim.clientOpRead(id);
  if (read !== null) frame.read = read;
  return frame;
}

/** Operations shown on the linearizability timeline at most (the culprits always are). */
export const LIN_OPS_SHOWN = 24;

export function linearizabilityFrame(sim: Sim): LinearizabilityFrame {
  const v = sim.linearizable();
  const checked = sim.linearizabilityCost().answers;
  const f = sim.linearizabilityFailure();
  if (f === null)
    return {
      ok: v.ok,
      checked,
      version: `${v.ok}/${checked}`,
      key: null,
      at: 0,
      events: 0,
      ops: [],
    };
  const culprits = new Set(f.removed);
  // The culprits, and the other operations nearest before the last of them.
  const last = Math.max(...f.removed);
  const others = f.context
    .filter((o) => !culprits.has(o.id) && o.id <= last)
    .slice(-(LIN_OPS_SHOWN - culprits.size));
  const shown = new Set([...culprits, ...others.map((o) => o.id)]);
  const ops: LinOpFrame[] = f.context
    .filter((o) => shown.has(o.id))
    .map((o) => ({
      id: o.id,
      client: o.client,
      command: o.command,
      submittedAt: o.submittedAt,
      sentAt: o.sentAt ?? o.submittedAt,
      completedAt: o.completedAt,
      result: o.result,
      sentEvents: o.submittedEvents ?? 0,
      completedEvents: o.completedEvents ?? null,
      culprit: culprits.has(o.id),
    }));
  return {
    ok: false,
    checked,
    version: `false/${f.key}/${f.at}/${f.events}/${f.removed.join(',')}/${checked}`,
    key: f.key,
    at: f.at,
    events: f.events,
    ops,
  };
}
