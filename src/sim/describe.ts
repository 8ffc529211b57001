/** Messages in words and as plain fields, for the event log and the inspector. */
import type { Message } from '../raft/types.ts';
import type { MessageView } from './types.ts';

export function messageFields(m: Message): Record<string, unknown> {
  switch (m.type) {
    case 'RequestVote':
      return { lastLogIndex: m.lastLogIndex, lastLogTerm: m.lastLogTerm };
    case 'RequestVoteReply':
      return { voteGranted: m.voteGranted };
    case 'AppendEntries':
      return {
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries: m.entries.map((e, i) => ({
          index: m.prevLogIndex + 1 + i,
          term: e.term,
          kind: e.kind,
          ...(e.command === undefined ? {} : { command: e.command }),
        })),
        leaderCommit: m.leaderCommit,
      };
    case 'AppendEntriesReply':
      return m.success
        ? { success: true, matchIndex: m.matchIndex }
        : {
            success: false,
            prevLogIndex: m.prevLogIndex,
            conflictTerm: m.conflictTerm,
            conflictIndex: m.conflictIndex,
          };
    case 'InstallSnapshot':
      return {
        lastIncludedIndex: m.lastIncludedIndex,
        lastIncludedTerm: m.lastIncludedTerm,
        keys: m.snapshot.kv.size,
        sessions: m.snapshot.sessions.size,
      };
    case 'InstallSnapshotReply':
      return { matchIndex: m.matchIndex };
    case 'ClientRequest':
      return { client: m.client, seq: m.seq, command: m.command };
    case 'ClientReply':
      return { client: m.client, seq: m.seq, ok: m.ok, result: m.result, leaderHint: m.leaderHint };
    case 'PreVote':
      return { lastLogIndex: m.lastLogIndex, lastLogTerm: m.lastLogTerm };
    case 'PreVoteReply':
      return { voteGranted: m.voteGranted };
    case 'TimeoutNow':
      return {};
  }
}

export function describeMessage(m: MessageView): string {
  const f = m.fields;
  const from = m.from === 0 ? 'the client' : `S${m.from}`;
  switch (m.type) {
    case 'RequestVote':
      return `a vote request from ${from} for term ${m.term}`;
    case 'RequestVoteReply':
      return `${f.voteGranted ? 'a vote' : 'a refusal to vote'} from ${from} in term ${m.term}`;
    case 'AppendEntries': {
      const n = (f.entries as unknown[]).length;
      return n === 0
        ? `a heartbeat from ${from} (term ${m.term})`
        : `AppendEntries with ${n} ${n === 1 ? 'entry' : 'entries'} from ${from} (term ${m.term})`;
    }
    case 'AppendEntriesReply':
      return f.success
        ? `an AppendEntries success from ${from} (match index ${String(f.matchIndex)})`
        : `an AppendEntries rejection from ${from}`;
    case 'InstallSnapshot':
      return `a snapshot up to index ${String(f.lastIncludedIndex)} from ${from} (term ${m.term})`;
    case 'InstallSnapshotReply':
      return f.matchIndex === 0
        ? `a snapshot refusal from ${from} (term ${m.term})`
        : `a snapshot acknowledgement from ${from} (match index ${String(f.matchIndex)})`;
    case 'ClientRequest':
      return `the client's request "${String(f.command)}"`;
    case 'ClientReply':
      return f.ok
        ? `the reply ${JSON.stringify(f.result)} from ${from}`
        : `a redirect from ${from}`;
    case 'PreVote':
      return `a pre-vote request from ${from} for term ${m.term}`;
    case 'PreVoteReply':
      return `${f.voteGranted ? 'a pre-vote' : 'a refusal to pre-vote'} from ${from}`;
    case 'TimeoutNow':
      return `TimeoutNow from ${from} (term ${m.term}): start an election at once`;
    default:
      return `a ${m.type} from ${from}`;
  }
}
