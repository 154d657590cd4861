/**
 * Majorities, once. Consensus (Raft) and the partition level (majority writes, leases) both rest
 * on the same fact: two majorities of one group always share a member, so a majority cannot be
 * in two places at once.
 */

export function majorityOf(memberCount: number): number {
  return Math.floor(memberCount / 2) + 1;
}

/** The ids of every node with this role, in level order. */
export function membersWithRole(ctx: { readonly nodes: readonly { readonly id: string; readonly role: string }[] }, role: string): string[] {
  return ctx.nodes.filter((n) => n.role === role).map((n) => n.id);
}

/** Do these distinct voters (self included if it counts) form a majority of the members? */
export function isMajority(voters: Iterable<string>, members: readonly string[]): boolean {
  const memberSet = new Set(members);
  let count = 0;
  for (const voter of new Set(voters)) if (memberSet.has(voter)) count++;
  return count >= majorityOf(members.length);
}
