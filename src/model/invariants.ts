/**
 * The safety invariants the checkers watch: ids (as violations name them), and
 * for people, a name and the rule in one sentence with where the paper states it.
 */
export const INVARIANTS = {
  electionSafety: 'election-safety',
  leaderAppendOnly: 'leader-append-only',
  logMatching: 'log-matching',
  leaderCompleteness: 'leader-completeness',
  stateMachineSafety: 'state-machine-safety',
  monotonicTerms: 'monotonic-terms',
  /** A server applies only entries up to its commitIndex, in index order, each once. */
  appliesCommitted: 'applies-committed-in-order',
  /** What two servers applied at one index is the same entry. */
  appliedAgreement: 'applied-agreement',
  /** A client request (client, seq) takes effect at most once in a state machine (§8). */
  atMostOnce: 'at-most-once',
  /** A server's commitIndex never decreases (until a crash loses it). */
  commitIndexMonotonic: 'commit-index-monotonic',
  /** No server removes entries at or below its own commitIndex. */
  noTruncateCommitted: 'no-truncate-committed',
  /** Two state machines that applied the same number of entries hold the same keys and values. */
  kvAgreement: 'kv-agreement',
  /** A read answered outside the log reflects every entry committed before it arrived (§6.4). */
  readsSeeCommitted: 'reads-see-committed',
} as const;

export type Invariant = (typeof INVARIANTS)[keyof typeof INVARIANTS];

export const INVARIANT_INFO: Record<Invariant, { name: string; rule: string }> = {
  'election-safety': { name: 'Election safety', rule: 'at most one leader per term (Figure 3)' },
  'leader-append-only': {
    name: 'Leader append-only',
    rule: 'a leader never overwrites or deletes its own entries (Figure 3)',
  },
  'log-matching': {
    name: 'Log matching',
    rule: 'an index and term name one entry, with one history before it (Figure 3)',
  },
  'leader-completeness': {
    name: 'Leader completeness',
    rule: 'a leader holds every committed entry (Figure 3)',
  },
  'state-machine-safety': {
    name: 'State machine safety',
    rule: 'one entry is committed and applied per index (Figure 3)',
  },
  'monotonic-terms': { name: 'Monotonic terms', rule: 'a server’s term never goes down (§5.1)' },
  'applies-committed-in-order': {
    name: 'Applies committed entries in order',
    rule: 'a server applies only committed entries, in order, each once (Figure 2)',
  },
  'applied-agreement': {
    name: 'Applied agreement',
    rule: 'what two servers applied at one index is the same command (§5.4.3)',
  },
  'at-most-once': {
    name: 'At most once',
    rule: 'a client request takes effect at most once (§8)',
  },
  'commit-index-monotonic': {
    name: 'commitIndex never decreases',
    rule: 'a server’s commitIndex only grows until it crashes (Figure 2)',
  },
  'no-truncate-committed': {
    name: 'No truncation of committed entries',
    rule: 'a follower never removes entries at or below its commitIndex (§5.3)',
  },
  'kv-agreement': {
    name: 'Key-value stores agree',
    rule: 'state machines that applied as many entries hold the same keys and values (§5.4.3)',
  },
  'reads-see-committed': {
    name: 'Reads see committed writes',
    rule: 'a read answered without the log reflects every entry committed before it arrived (§6.4, §8)',
  },
};
