import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent, defineRpc } from './descriptors.ts';

/** A claim by one agent on paths (globs) of a workspace, exclusive for writers or shared for readers. */
export const Reservation = z.object({
  id: z.string(),
  workspaceId: Id,
  agentId: Id,
  patterns: z.array(z.string().min(1).max(1024)).min(1).max(100),
  exclusive: z.boolean(),
  reason: z.string().max(500).optional(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  releasedAt: IsoTime.optional(),
});
export type Reservation = z.infer<typeof Reservation>;

/** Two agents touching the same file: detected from reservations or from actual writes. */
export const Conflict = z.object({
  id: z.string(),
  workspaceId: Id,
  path: z.string(),
  agentIds: z.array(Id).min(2),
  kind: z.enum(['reservation_overlap', 'concurrent_write', 'write_without_reservation']),
  detectedAt: IsoTime,
  resolvedAt: IsoTime.optional(),
});
export type Conflict = z.infer<typeof Conflict>;

/** Work passed from one agent to another, with the context the receiver needs. */
export const Handoff = z.object({
  id: z.string(),
  workspaceId: Id,
  fromAgentId: Id,
  toAgentId: Id.optional(),
  summary: z.string().max(20_000),
  files: z.array(z.string()).default([]),
  state: z.enum(['offered', 'accepted', 'rejected', 'completed', 'cancelled']),
  createdAt: IsoTime,
});
export type Handoff = z.infer<typeof Handoff>;

/** Asked before a write/edit tool runs: may this agent write these paths now? */
export const writeCheckRpc = defineRpc({
  subject: 'svc.coordination.write-check',
  request: z.object({ workspaceId: Id, agentId: Id, paths: z.array(z.string().min(1).max(4096)).min(1).max(100) }),
  reply: z.object({ allowed: z.boolean(), heldBy: z.array(z.object({ path: z.string(), agentId: Id, reservationId: z.string() })) }),
  timeoutMs: 1000,
});

export const reservationEvent = defineEvent({
  subject: 'workspace.reservations.*',
  payload: z.object({ action: z.enum(['created', 'released', 'expired']), reservation: Reservation }),
  durable: true,
});
export const conflictEvent = defineEvent({ subject: 'workspace.conflicts.*', payload: Conflict, durable: true });
export const handoffEvent = defineEvent({ subject: 'workspace.handoffs.*', payload: Handoff, durable: true });
