/**
 * Leadership transfer (dissertation §3.10). The leader stops accepting client
 * requests, brings the target's log up to date, then sends it TimeoutNow; the
 * target starts an election at once, and its vote requests are forced: voters
 * do not refuse them for having heard from a leader recently. A transfer that
 * has not finished within an election timeout is abandoned and the leader
 * serves again. The transfer also ends the leader's lease (§6.4.1): the target
 * may be elected before it would have expired.
 */
import { lastIndex } from './log.ts';
import { isVoter } from './quorum.ts';
import { endLease } from './reads.ts';
import { becomeCandidate, mayCampaign, narrate, sendAppend } from './server.ts';
import type { Env, ServerState, TimeoutNow } from './types.ts';

/**
 * Starts handing leadership from `s` to `to`. False (and nothing happens) if `s` is not an
 * up leader, or `to` is `s` or not a voter of its configuration.
 */
export function transferLeadership(s: ServerState, to: number, env: Env): boolean {
  if (!s.up || s.role !== 'leader' || to === s.id || !isVoter(s.membership.voters, to))
    return false;
  if (!s.progress[to]) return false;
  s.transfer = { to, startedAt: env.now, sent: false };
  endLease(s);
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} hands leadership to S${to}: it takes no more client requests and ends its lease`,
      'dissertation §3.10',
    );
  if (!maybeSendTimeoutNow(s, env)) sendAppend(s, to, env);
  return true;
}

/** Once the target's log matches the leader's, TimeoutNow (once per transfer). */
export function maybeSendTimeoutNow(s: ServerState, env: Env): boolean {
  const t = s.transfer;
  if (t === null || t.sent) return false;
  const pr = s.progress[t.to];
  if (pr === undefined || pr.match < lastIndex(s.log)) return false;
  t.sent = true;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${t.to}'s log is up to date (index ${pr.match}): S${s.id} tells it to start an election now`,
      'dissertation §3.10',
    );
  const m: TimeoutNow = { type: 'TimeoutNow', term: s.currentTerm, from: s.id, to: t.to };
  env.send(m);
  return true;
}

/** At a heartbeat: a transfer older than an election timeout is abandoned (§3.10). */
export function maybeAbandonTransfer(s: ServerState, env: Env): void {
  const t = s.transfer;
  if (t === null || env.now - t.startedAt < env.config.electionTimeoutMs[1]) return;
  s.transfer = null;
  if (env.note)
    narrate(
      s,
      env,
      () =>
        `S${s.id} abandons the transfer to S${t.to}: no election followed within an election timeout, so it serves clients again`,
      'dissertation §3.10',
    );
}

/** The target: start an election at once, as if the timer had fired (forced, no pre-vote). */
export function handleTimeoutNow(s: ServerState, m: TimeoutNow, env: Env): void {
  if (s.role !== 'follower' || m.term !== s.currentTerm || !mayCampaign(s)) return;
  if (env.note)
    narrate(
      s,
      env,
      () => `S${s.id} gets TimeoutNow from S${m.from}: it starts an election at once`,
      'dissertation §3.10',
    );
  s.preVote = null;
  becomeCandidate(s, env, true);
}
