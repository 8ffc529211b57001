/**
 * PreVote (dissertation §9.6): before a real election, a server asks whether it
 * could win one, without raising any term. A voter grants a pre-vote only if the
 * candidate's log is at least as up to date as its own (§5.4.1) and it has not
 * heard from a leader within the minimum election timeout. A server cut off from
 * the cluster thus keeps its term while away, and does not force a new election
 * when it comes back.
 *
 * The asking server stays a follower (etcd calls it a pre-candidate); its answers
 * are kept in `preVote`. Only a majority of pre-votes (of each half while joint)
 * makes it a candidate.
 */
import { lastIndex, lastTerm } from './log.ts';
import { voteResult, voterIds } from './quorum.ts';
import { heardFromLeaderRecently } from './reads.ts';
import { becomeCandidate, narrate, resetElectionTimer } from './server.ts';
import type { Env, PreVote, PreVoteReply, ServerState } from './types.ts';

/** The election timer fired: ask for pre-votes for the next term, keeping this one. */
export function startPreVote(s: ServerState, env: Env, forced: boolean): void {
  // A candidate whose election timed out asks again as a follower, keeping its term and vote.
  s.role = 'follower';
  s.preVote = { votes: { [s.id]: true }, force: forced };
  s.leaderId = null;
  resetElectionTimer(s, env);
  const term = s.currentTerm + 1;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} times out and asks for pre-votes: could it win an election for term ${term}? Its own term stays ${s.currentTerm}`,
      'dissertation §9.6',
    );
  if (voteResult(s.membership.voters, s.preVote.votes) === 'won') return win(s, env);
  const lastLogIndex = lastIndex(s.log);
  const lastLogTerm = lastTerm(s.log);
  for (const p of voterIds(s.membership.voters)) {
    if (p === s.id) continue;
    const m: PreVote = { type: 'PreVote', term, from: s.id, to: p, lastLogIndex, lastLogTerm };
    if (forced) m.force = true;
    env.send(m);
  }
}

/** Any role: answer a pre-vote. Changes nothing here: no term, no vote, no timer. */
export function handlePreVote(s: ServerState, m: PreVote, env: Env): void {
  const myLastTerm = lastTerm(s.log);
  const myLastIndex = lastIndex(s.log);
  // §5.4.1: the candidate's log must be at least as up to date as ours.
  const upToDate =
    m.lastLogTerm > myLastTerm || (m.lastLogTerm === myLastTerm && m.lastLogIndex >= myLastIndex);
  // Could it get our vote in that term at all? A newer term, or ours with our vote free.
  const termOk =
    m.term > s.currentTerm ||
    (m.term === s.currentTerm &&
      s.leaderId === null &&
      (s.votedFor === null || s.votedFor === m.from));
  const recent = m.force !== true && heardFromLeaderRecently(s, env);
  const granted = termOk && !recent && (upToDate || env.config.unsafe.skipElectionRestriction);
  if (env.note)
    narrate(
      s,
      env,
      () =>
        granted
          ? `S${s.id} grants S${m.from} a pre-vote for term ${m.term} (its own term stays ${s.currentTerm})`
          : !termOk
            ? `S${s.id} refuses S${m.from} a pre-vote: term ${m.term} is not ahead of its term ${s.currentTerm}`
            : recent
              ? `S${s.id} refuses S${m.from} a pre-vote: it has heard from a leader within the minimum election timeout`
              : `S${s.id} refuses S${m.from} a pre-vote: its log (last term ${myLastTerm}, index ${myLastIndex}) is more up to date than the candidate's (${m.lastLogTerm}, ${m.lastLogIndex})`,
      'dissertation §9.6',
    );
  const reply: PreVoteReply = {
    type: 'PreVoteReply',
    term: granted ? m.term : s.currentTerm,
    from: s.id,
    to: m.from,
    voteGranted: granted,
  };
  env.send(reply);
}

/** A pre-candidate counts an answer; a majority of pre-votes starts the real election. */
export function handlePreVoteReply(s: ServerState, m: PreVoteReply, env: Env): void {
  const pv = s.preVote;
  if (pv === null || s.role !== 'follower') return;
  if (m.voteGranted && m.term !== s.currentTerm + 1) return; // for another term: stale
  pv.votes[m.from] = m.voteGranted || pv.votes[m.from] === true;
  if (!m.voteGranted) return;
  if (voteResult(s.membership.voters, pv.votes) === 'won') win(s, env);
}

function win(s: ServerState, env: Env): void {
  const force = s.preVote?.force ?? false;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} won a majority of pre-votes: it starts a real election for term ${s.currentTerm + 1}`,
      'dissertation §9.6',
    );
  s.preVote = null;
  becomeCandidate(s, env, force);
}
