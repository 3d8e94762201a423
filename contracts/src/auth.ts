import { z } from 'zod';
import { defineRpc } from './descriptors.ts';

export const Role = z.enum(['admin', 'operator', 'viewer']);
export type Role = z.infer<typeof Role>;

/** Who is calling: resolved from an API key or a short-lived token at the edge or the hub. */
export const Principal = z.object({
  accountId: z.string().min(1).max(100),
  role: Role,
  keyId: z.string().optional(),
  /** Set for an agent credential: the principal acts as this agent only. */
  agentId: z.string().max(64).optional(),
  /** For a worktree agent's credential: its worktree; the guard denies its writes outside it (HTTP hooks, MCP). */
  isolationRoot: z.string().max(4096).optional(),
});
export type Principal = z.infer<typeof Principal>;

/** Who a call is made for, as services see it (from NATS headers); no role means an internal call. */
export interface CallerScope {
  accountId?: string;
  role?: Role;
}

/**
 * The account a caller is limited to, or undefined when it may see every account: admins, and
 * internal calls between services (which carry no role).
 */
export function limitedTo(c: CallerScope): string | undefined {
  if (!c.role || c.role === 'admin') return undefined;
  return c.accountId ?? '';
}

/**
 * The account a guard call or a /check is made for: a limited caller's own (it cannot speak for
 * another); for admins and internal callers (the runner, a hook), the account it names, else its header's.
 * Shared by the safety guard and the gateway's hook fast path, so both pick the same account's policy.
 */
export function callAccount(ctx: CallerScope, named?: string): string | undefined {
  const only = limitedTo(ctx);
  if (only !== undefined) return only || undefined;
  return named ?? ctx.accountId;
}

/** May this caller see data owned by `owner` (an account id, or undefined for unowned data)? */
export const canSeeAccount = (c: CallerScope, owner: string | null | undefined): boolean => {
  const only = limitedTo(c);
  return only === undefined || owner === only;
};

/** Verifies an API key or a ws token; UNAUTHORIZED when it is unknown, revoked or expired. */
export const verifyCredentialRpc = defineRpc({
  subject: 'svc.gateway-api.auth.verify',
  request: z.object({ credential: z.string().min(1).max(512) }),
  reply: Principal,
  timeoutMs: 1000,
});

/** A credential the agent-runner gives an agent at spawn: it can act only as that agent (MCP, HTTP hooks). */
export const AgentCredential = z.object({ token: z.string(), keyId: z.string(), gatewayUrl: z.string() });
export type AgentCredential = z.infer<typeof AgentCredential>;

export const agentCredentialRpcs = {
  mint: defineRpc({
    subject: 'svc.gateway-api.agent-credentials.mint',
    request: z.object({
      agentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      accountId: z.string().min(1).max(100).optional(),
      /** A worktree agent's worktree, bound to the credential (never taken from what the agent sends). */
      isolationRoot: z.string().min(1).max(4096).optional(),
    }),
    reply: AgentCredential,
    timeoutMs: 2000,
  }),
  revoke: defineRpc({
    subject: 'svc.gateway-api.agent-credentials.revoke',
    request: z.object({ agentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
    reply: z.object({ revoked: z.number().int() }),
    timeoutMs: 2000,
  }),
};
