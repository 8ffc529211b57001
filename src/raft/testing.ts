/**
 * What the server's unit tests share (never imported by the app): the
 * configuration of a plain Raft cluster of the paper, every extension and every
 * unsafe switch off, with fixed timeouts the tests reason about.
 */
import type { RaftConfig } from './types.ts';

export const TEST_CONFIG: RaftConfig = {
  electionTimeoutMs: [150, 300],
  heartbeatMs: 50,
  leaderNoop: false,
  membership: 'joint',
  ignoreVotesNearLeader: false,
  preVote: false,
  checkQuorum: false,
  readMode: 'log',
  snapshotThreshold: 0,
  snapshotMargin: 0,
  unsafe: {
    skipElectionRestriction: false,
    commitOldTermsByCount: false,
    forgetVoteOnRestart: false,
    directConfigChange: false,
    staleReads: false,
    leaseWithoutVoteWait: false,
  },
};
