/** Which allowlist entry (if any) exempts a decision; pure over entries already loaded. */

export interface AllowRule {
  id: string;
  kind: 'rule' | 'command';
  ruleId?: string | null;
  commandHash?: string | null;
  scope: 'global' | 'project' | 'agent';
  scopeId?: string | null;
  expiresAt?: string | null;
}

export interface AllowQuery {
  ruleId?: string;
  commandHash: string;
  agentId?: string;
  projectId?: string;
  now: Date;
}

const SCOPE_ORDER = { agent: 0, project: 1, global: 2 } as const;

function inScope(e: AllowRule, q: AllowQuery): boolean {
  if (e.scope === 'global') return true;
  if (e.scope === 'agent') return !!q.agentId && e.scopeId === q.agentId;
  return !!q.projectId && e.scopeId === q.projectId;
}

function matches(e: AllowRule, q: AllowQuery): boolean {
  if (e.kind === 'command') return e.commandHash === q.commandHash;
  return !!q.ruleId && e.ruleId === q.ruleId;
}

/** The narrowest unexpired entry matching the rule or the exact command in the caller's scope. */
export function findAllowed<E extends AllowRule>(entries: readonly E[], q: AllowQuery): E | undefined {
  const live = entries.filter((e) => (!e.expiresAt || Date.parse(e.expiresAt) > q.now.getTime()) && inScope(e, q) && matches(e, q));
  return live.sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope])[0];
}
