import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { SpawnAgentRequest } from './agent.ts';

/** initiated → pending → accepted → transferring → completed, or rejected / cancelled / failed / expired. */
export const HandoffPhase = z.enum(['initiated', 'pending', 'accepted', 'transferring', 'completed', 'rejected', 'cancelled', 'failed', 'expired']);
export type HandoffPhase = z.infer<typeof HandoffPhase>;

const Lines = (max: number) => z.array(z.string().min(1).max(2000)).max(max).default([]);

/** What the receiving agent needs to carry on. */
export const HandoffContext = z.object({
  goal: z.string().min(1).max(5000),
  currentState: z.string().max(20_000).default(''),
  status: z.enum(['complete', 'partial', 'blocked']),
  decisions: Lines(50),
  blockers: Lines(50),
  filesTouched: z.array(z.string().min(1).max(1024)).max(500).default([]),
  costUsd: z.number().nonnegative().max(1e6).optional(),
  /** The source agent's Claude Code session or checkpoint, to resume or read from. */
  sessionId: z.string().max(200).optional(),
  checkpointId: z.string().max(100).optional(),
});
export type HandoffContext = z.infer<typeof HandoffContext>;

export const HandoffStep = z.object({ phase: HandoffPhase, at: IsoTime, by: z.string().optional(), note: z.string().optional() });
export type HandoffStep = z.infer<typeof HandoffStep>;

export const Handoff = z.object({
  id: z.string(),
  projectId: Id,
  fromAgentId: Id,
  /** Absent only while a target spawned for the handoff does not exist yet, or when its spawn failed. */
  toAgentId: Id.optional(),
  accountId: z.string().optional(),
  phase: HandoffPhase,
  context: HandoffContext,
  /** The source's leases that move to the target on acceptance. */
  reservationIds: z.array(z.string()),
  /** The context message in the target's inbox, once accepted. */
  messageId: z.string().optional(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  expiresAt: IsoTime,
  deliveredAt: IsoTime.optional(),
  deliveryAttempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  trail: z.array(HandoffStep),
});
export type Handoff = z.infer<typeof Handoff>;

/**
 * A target started for the handoff, in the source agent's account and project, with the context message as its first
 * prompt; `workingDirectory` defaults to the source agent's.
 */
export const HandoffSpawn = SpawnAgentRequest.pick({
  driver: true,
  name: true,
  model: true,
  env: true,
  profileId: true,
  isolation: true,
  baseRef: true,
}).extend({ workingDirectory: SpawnAgentRequest.shape.workingDirectory.optional() });
export type HandoffSpawn = z.infer<typeof HandoffSpawn>;

/** The fields of a handoff request; exactly one of `toAgentId` (an existing agent) and `spawn` (a new one). */
export const HandoffCreateFields = z.object({
  fromAgentId: Id,
  toAgentId: Id.optional(),
  spawn: HandoffSpawn.optional(),
  context: HandoffContext,
  /** Which of the source's leases move; all its active ones when absent. */
  reservationIds: z.array(z.string().min(1).max(64)).max(100).optional(),
  /** Pending handoffs expire after this (default 5 min). */
  ttlSeconds: z.number().int().min(10).max(86_400).optional(),
});

/** Exactly one of `toAgentId` and `spawn`. */
export const oneTarget = (v: { toAgentId?: string; spawn?: unknown }, ctx: z.RefinementCtx): void => {
  if ((v.toAgentId === undefined) === (v.spawn === undefined)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['toAgentId'], message: 'give exactly one of toAgentId (an existing agent) and spawn (a new agent)' });
  }
};
export const HandoffCreate = HandoffCreateFields.superRefine(oneTarget);
export type HandoffCreate = z.infer<typeof HandoffCreate>;

export const HandoffEvent = z.object({ type: HandoffPhase, handoff: Handoff });
export type HandoffEvent = z.infer<typeof HandoffEvent>;

/** `workspace.handoffs.<projectId>` ↔ WS `workspace:handoffs:<projectId>`. */
export const handoffEvent = defineEvent({ subject: 'workspace.handoffs.*', payload: HandoffEvent, durable: true });
