/**
 * Log compaction (§7 of the paper; dissertation chapter 5): a server snapshots
 * its state machine once enough applied entries sit in its log and discards
 * them; a leader sends its snapshot to a follower that needs a discarded entry;
 * a restart loads the snapshot before applying the rest of the log.
 *
 * server.ts calls in at a few narrow points: after applying (`maybeSnapshot`),
 * on restart (`restoreSnapshot`), when the entries a follower needs are gone
 * (`sendSnapshot`), and on an InstallSnapshot of the current term
 * (`installSnapshot`). Everything stays plain data: a snapshot is taken once
 * and never changed, so logs, checkpoints and messages share it.
 */
import { compactTo, lastIndex, termAt, truncateFrom } from './log.ts';
import type {
  Env,
  InstallSnapshot,
  InstallSnapshotReply,
  Membership,
  ServerState,
  Snapshot,
} from './types.ts';

/**
 * §7: once more than `snapshotThreshold` entries were applied since its last snapshot,
 * the server writes its state machine (the key-value store and the client sessions, §8)
 * and the configuration as of its last applied entry into a snapshot, and discards the
 * log up to there. Only applied, hence committed, entries are ever compacted. Returns
 * whether it snapshotted.
 *
 * Dissertation §5.1: a leader has to send its snapshot only to a follower that needs an
 * entry it discarded. With `snapshotMargin` m (etcd's `SnapshotCatchUpEntries`), the
 * server keeps its last m applied entries in its log, (index - m, index], so a follower
 * slightly behind is still sent them by AppendEntries: the log is compacted up to
 * index - m only, never below where it starts already. The log then starts before the
 * snapshot's index (`log.start <= snapshot.index`); with m = 0 the two are equal.
 */
export function maybeSnapshot(s: ServerState, env: Env): boolean {
  const threshold = env.config.snapshotThreshold;
  const previous = s.snapshot?.index ?? s.log.start;
  if (threshold <= 0 || s.lastApplied - previous <= threshold) return false;
  const index = s.lastApplied;
  const snapshot: Snapshot = {
    index,
    term: termAt(s.log, index),
    kv: new Map(s.kv),
    sessions: new Map(s.sessions),
    membership: configAt(s, index),
  };
  const margin = env.config.snapshotMargin;
  const startBefore = s.log.start;
  const to = Math.max(startBefore, index - margin);
  s.snapshot = snapshot;
  compactTo(s.log, to, termAt(s.log, to));
  dropConfigsBefore(s, index);
  if (env.note)
    say(s, env, () =>
      to === index
        ? `S${s.id} snapshots its state machine at index ${index} (term ${snapshot.term}) and discards ${index - startBefore} log entries`
        : `S${s.id} snapshots its state machine at index ${index} (term ${snapshot.term}), discards ${to - startBefore} log entries and keeps entries ${to + 1}–${index} for followers slightly behind (dissertation §5.1)`,
    );
  return true;
}

/**
 * Restart (§7): the state machine starts from the snapshot, which holds only committed
 * entries. Entries the log kept at or below the snapshot's index (a snapshot margin,
 * dissertation §5.1) are in it already: applying goes on after it.
 */
export function restoreSnapshot(s: ServerState): void {
  const snap = s.snapshot;
  if (snap === null) return;
  s.kv = new Map(snap.kv);
  s.sessions = new Map(snap.sessions);
  s.lastApplied = snap.index;
  s.commitIndex = snap.index;
}

/**
 * §7 (dissertation §5.1): the leader has discarded the next entry follower `p` needs
 * (`next <= log.start`; entries its log kept below its snapshot's index are still sent
 * by AppendEntries): it sends its snapshot instead, in one piece. The follower is
 * probed until it answers (nothing is streamed); while `next` stays in the discarded
 * prefix, each heartbeat sends the snapshot again.
 */
export function sendSnapshot(s: ServerState, p: number, env: Env): void {
  const snap = s.snapshot!;
  env.send({
    type: 'InstallSnapshot',
    term: s.currentTerm,
    from: s.id,
    to: p,
    lastIncludedIndex: snap.index,
    lastIncludedTerm: snap.term,
    snapshot: snap,
  });
  s.progress[p]!.probing = true;
  if (env.note)
    say(
      s,
      env,
      () =>
        `S${s.id} has discarded the entries S${p} needs (from index ${s.progress[p]!.next}): it sends its snapshot up to index ${snap.index} instead`,
    );
}

/** The reply to an InstallSnapshot; matchIndex 0 refuses it (Figure 13, receiver rule 1). */
export function snapshotReply(
  s: ServerState,
  m: InstallSnapshot,
  matchIndex: number,
): InstallSnapshotReply {
  return {
    type: 'InstallSnapshotReply',
    term: s.currentTerm,
    from: s.id,
    to: m.from,
    matchIndex,
  };
}

/**
 * Figure 13, InstallSnapshot receiver, rules 6 to 8, for a message of the current term
 * (rule 1 is the caller's; rules 2 to 5 concern chunks, and the snapshot comes whole).
 * A snapshot at or below the commitIndex holds nothing new: installing it would take
 * the state machine back, so it is only acknowledged (etcd's rule).
 */
export function installSnapshot(s: ServerState, m: InstallSnapshot, env: Env): void {
  const snap = m.snapshot;
  if (snap.index <= s.commitIndex) {
    if (env.note)
      say(
        s,
        env,
        () =>
          `S${s.id} ignores the snapshot up to index ${snap.index}: it has committed up to ${s.commitIndex} already`,
      );
    env.send(snapshotReply(s, m, s.commitIndex));
    return;
  }
  // Rule 6: an entry with the snapshot's last index and term means the log matches up
  // to there (§5.3, log matching): keep what follows it. Rule 7: otherwise discard it all.
  const keep = termAt(s.log, snap.index) === snap.term && snap.index <= lastIndex(s.log);
  const appliedBefore = s.lastApplied;
  // Its log starts at the snapshot's index, whatever the snapshot margin: it keeps no
  // entry the snapshot covers (dissertation §5.1 keeps them for followers behind a
  // leader; this server will keep its own margin when it next snapshots itself).
  compactTo(s.log, snap.index, snap.term);
  if (!keep) truncateFrom(s.log, snap.index + 1);
  s.snapshot = snap;
  // Rule 8: reset the state machine from the snapshot and load its configuration; the
  // configurations of the entries kept after it still apply, the latest last (§6).
  s.kv = new Map(snap.kv);
  s.sessions = new Map(snap.sessions);
  s.lastApplied = snap.index;
  s.commitIndex = snap.index;
  const later = s.configs.filter((c) => c.index > snap.index);
  s.configs = [snap.membership, ...(keep ? later : [])];
  s.membership = s.configs[s.configs.length - 1]!;
  if (env.note)
    say(
      s,
      env,
      () =>
        `S${s.id} installs S${m.from}'s snapshot up to index ${snap.index} (term ${snap.term})${keep && lastIndex(s.log) > snap.index ? `, keeping its entries ${snap.index + 1}–${lastIndex(s.log)}` : ''}`,
    );
  env.installed(s, snap, appliedBefore);
  env.send(snapshotReply(s, m, snap.index));
}

/** The configuration in use as of `index`: the latest in the log at or before it (§6). */
function configAt(s: ServerState, index: number): Membership {
  let found = s.configs[0]!;
  for (const c of s.configs) if (c.index <= index) found = c;
  return found;
}

/**
 * After compaction, configurations older than the one in use at `index` can never
 * be needed again (a truncation stops above the commitIndex): keep that one as the
 * bottom of the list, and the later ones.
 */
function dropConfigsBefore(s: ServerState, index: number): void {
  let k = 0;
  while (k + 1 < s.configs.length && s.configs[k + 1]!.index <= index) k++;
  if (k > 0) s.configs = s.configs.slice(k);
}

function say(s: ServerState, env: Env, text: () => string): void {
  env.note?.({ server: s.id, text: text(), section: '§7' });
}
