import { AppError, canSeeAccount, type Role } from '@flywheel/contracts';

/** Who is calling, as the kit hands it over (no role: an internal call between services). */
export interface Caller {
  accountId?: string;
  role?: Role;
  /** Set for an agent credential: it acts as this agent only. */
  agentId?: string;
}

export interface Owned {
  agentId: string;
  accountId?: string | null;
}

/** May the caller act as this agent? An agent credential only as itself; a key only for its own account's agents. */
export function assertActsAs(c: Caller, agent: Owned): void {
  if (c.agentId && c.agentId !== agent.agentId) throw new AppError('FORBIDDEN', `this credential acts as agent ${c.agentId} only, not ${agent.agentId}`);
  if (!canSeeAccount(c, agent.accountId)) throw new AppError('FORBIDDEN', `agent ${agent.agentId} belongs to another account`);
}

/** May the caller see an object of this account? */
export function assertSees(c: Caller, accountId: string | null | undefined, what: string): void {
  if (!canSeeAccount(c, accountId)) throw new AppError('FORBIDDEN', `${what} belongs to another account`);
}

/** The agent a request acts as: the credential's own, or the one named (which an agent credential must match). */
export function actingAgent(c: Caller, named: string | undefined): string {
  const id = named ?? c.agentId;
  if (!id) throw new AppError('BAD_REQUEST', 'invalid agentId: required (which agent acts)', { field: 'agentId' });
  if (c.agentId && id !== c.agentId) throw new AppError('FORBIDDEN', `this credential acts as agent ${c.agentId} only, not ${id}`);
  return id;
}
