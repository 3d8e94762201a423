import type { ChannelFamily, Principal } from '@flywheel/contracts';

/** Who owns an agent, as far as this hub has learnt from agent events. */
export interface OwnerLookup {
  ownerOf(agentId: string): string | undefined;
}

const isAgentFamily = (f: ChannelFamily) => f.name.startsWith('agent:');
/** Reservations, conflicts, handoffs and messages of a project: their agents' account's only (coordination names it). */
const isWorkspaceFamily = (f: ChannelFamily) => f.name.startsWith('workspace:');

/** Guard decisions and exceptions: shown to their own account only; one that names no account (a hook of an unmanaged agent) to admins only. */
const OWNED_ONLY = new Set(['system:dcg']);
/** Budget alerts, enforcement and cost ticks: an event naming an account goes to that account; one naming none is for everyone. */
const OWNED_WHEN_NAMED = new Set(['system:alerts', 'system:budget', 'system:cost']);

/**
 * May this principal receive an event of `family` with id `id` and account `account`? Admins see
 * everything; others see their own agents (an agent of unknown owner is not shown), their own
 * notifications, their own account's dcg, workspace, budget and cost events, and infrastructure (fleet, health).
 */
export function canSee(p: Principal, family: ChannelFamily, id: string | undefined, owners: OwnerLookup, account?: string): boolean {
  if (p.role === 'admin') return true;
  if (isAgentFamily(family)) return id !== undefined && owners.ownerOf(id) === p.accountId;
  if (family.name === 'user:notifications') return id === p.accountId;
  if (OWNED_ONLY.has(family.name) || isWorkspaceFamily(family)) return account === p.accountId;
  if (OWNED_WHEN_NAMED.has(family.name)) return account === undefined || account === p.accountId;
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
