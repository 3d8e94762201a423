import type { ChannelFamily, Principal } from '@flywheel/contracts';

/** Who owns an agent, as far as this hub has learnt from agent events. */
export interface OwnerLookup {
  ownerOf(agentId: string): string | undefined;
}

const isAgentFamily = (f: ChannelFamily) => f.name.startsWith('agent:');

/**
 * May this principal receive an event of `family` with id `id`? Admins see everything; others see
 * their own agents (an agent of unknown owner is not shown) and their own notifications.
 */
export function canSee(p: Principal, family: ChannelFamily, id: string | undefined, owners: OwnerLookup): boolean {
  if (p.role === 'admin') return true;
  if (isAgentFamily(family)) return id !== undefined && owners.ownerOf(id) === p.accountId;
  if (family.name === 'user:notifications') return id === p.accountId;
  return true;
}

/**
 * May this principal subscribe to a channel? Wildcards are allowed (events are filtered per
 * account on delivery); a concrete channel owned by another account is FORBIDDEN. An agent whose
 * owner is not known yet is allowed and filtered on delivery.
 */
export function canSubscribe(p: Principal, family: ChannelFamily, id: string | undefined, owners: OwnerLookup): boolean {
  if (p.role === 'admin' || id === undefined || id === '*') return true;
  if (isAgentFamily(family)) {
    const owner = owners.ownerOf(id);
    return owner === undefined || owner === p.accountId;
  }
  if (family.name === 'user:notifications') return id === p.accountId;
  return true;
}
