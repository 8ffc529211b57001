/** Ranges and defaults every layer validates against: one source of truth. */

export const SERVERS_MIN = 1;
export const SERVERS_MAX = 9;
export const SERVERS_DEFAULT = 5;

/** User clients are numbered 1..CLIENTS_MAX; the steady load uses its own ids above. */
export const CLIENTS_MAX = 9;
export const LOAD_CLIENT_FIRST = 101;
export const LOAD_CLIENTS = 4;

export const TIME_MS_MAX = 1_000_000_000; // about 11.5 virtual days
export const ELECTION_TIMEOUT_MS_DEFAULT: [number, number] = [150, 300];
export const ELECTION_TIMEOUT_MS_RANGE: [number, number] = [10, 60_000];
export const HEARTBEAT_MS_DEFAULT = 50;
export const HEARTBEAT_MS_RANGE: [number, number] = [1, 60_000];
export const LATENCY_MS_DEFAULT: [number, number] = [10, 30];
export const LATENCY_MS_RANGE: [number, number] = [0, 60_000];
export const CLIENT_LOAD_PER_SECOND_MAX = 1000;
/** §7: snapshot once more than this many applied entries are in a log; 0 (the default): never. */
export const SNAPSHOT_THRESHOLD_RANGE: [number, number] = [0, 1_000_000];
/** Dissertation §5.1: applied entries a log keeps after a snapshot; 0 (the default): none. */
export const SNAPSHOT_MARGIN_RANGE: [number, number] = [0, 1_000_000];

/** Entries per AppendEntries at most: a far-behind follower is caught up in batches. */
export const APPEND_BATCH_MAX = 64;

export const KEY_LENGTH_MAX = 32;
export const VALUE_LENGTH_MAX = 64;
export const COMMAND_LENGTH_MAX = 128;
