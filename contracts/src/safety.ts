import { z } from 'zod';
import { Id } from './ids.ts';
import { defineRpc } from './descriptors.ts';
import { GUARD_SUBJECT } from './safety-subjects.ts';

export const GuardDecisionKind = z.enum(['allow', 'deny', 'warn', 'ask']);
export type GuardDecisionKind = z.infer<typeof GuardDecisionKind>;

/**
 * Asked by a driver before any tool runs. For an `ask` rule the safety service holds the reply
 * until a human approves or denies (or the approval times out → deny), so callers give this RPC
 * a timeout longer than the approval timeout.
 */
export const GuardRequest = z.object({
  agentId: Id,
  accountId: z.string().max(100).optional(),
  projectId: z.string().max(100).optional(),
  /** The agent's tool name as the driver sees it: Bash, Write, Edit, shell, execute ... */
  tool: z.string().min(1).max(200),
  input: z.unknown(),
  cwd: z.string().max(4096).optional(),
  toolCallId: z.string().max(200).optional(),
  /** Agent profile whose optional packs apply (besides global and project settings). */
  profileId: z.string().max(100).optional(),
  /** false: an `ask` rule answers deny with a short code at once instead of holding (hooks use this). Default true. */
  wait: z.boolean().optional(),
  /** Who is asking: a driver (default) or a hook of an agent we do not drive. */
  source: z.enum(['driver', 'hook']).optional(),
  /** A worktree agent's worktree: a write outside it is denied (isolation check, docs/worktrees.md). */
  isolationRoot: z.string().max(4096).optional(),
  /** The caller's id for this guard call, the same on every re-send: safety answers a repeat with the first decision. */
  callId: z.string().max(100).optional(),
});
export type GuardRequest = z.infer<typeof GuardRequest>;

/** The guard's final word for this tool call: only allow/deny reach the driver (ask is resolved first). */
export const GuardReply = z.object({
  decision: z.enum(['allow', 'deny']),
  reason: z.string().optional(),
  ruleId: z.string().optional(),
  shortCode: z.string().optional(),
  decisionId: z.string().optional(),
  /** Set when the call is allowed with a warning (a `warn` rule, or fail-open). */
  warning: z.string().optional(),
});
export type GuardReply = z.infer<typeof GuardReply>;

export const guardRpc = defineRpc({ subject: GUARD_SUBJECT, request: GuardRequest, reply: GuardReply, timeoutMs: 5000 });

export * from './safety-records.ts';
export * from './safety-rpcs.ts';
export * from './safety-replica.ts';
export * from './safety-subjects.ts';
