/**
 * Who leads: the live leader of the highest term. A live server that is still a
 * leader in an older term (cut off, it has not heard of the newer one) only
 * believes it leads (§5.1: a leader steps down once it sees a higher term).
 */
export interface Leading {
  id: number;
  up: boolean;
  role: string;
  term: number;
}

export function leadersOf<S extends Leading>(
  servers: readonly S[],
): { leader: S | null; believers: S[] } {
  let leader: S | null = null;
  for (const s of servers)
    if (s.up && s.role === 'leader' && (leader === null || s.term > leader.term)) leader = s;
  const believers =
    leader === null
      ? []
      : servers.filter((s) => s.up && s.role === 'leader' && s.term < leader.term);
  return { leader, believers };
}
