import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';

/**
 * `reservation_overlap`: a lease requested over another agent's; `reserved_write`: a write (blocked or not) to a
 * path another agent holds; `concurrent_write`: two agents wrote one file within the window; `unmerged_paths`:
 * a working tree with unmerged files.
 */
export const ConflictType = z.enum(['reservation_overlap', 'reserved_write', 'concurrent_write', 'unmerged_paths']);
export type ConflictType = z.infer<typeof ConflictType>;

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const Suggestion = z.object({ kind: z.enum(['wait', 'narrow', 'share', 'handoff', 'merge']), text: z.string() });
export type Suggestion = z.infer<typeof Suggestion>;

/** A conflict detected from facts; one open conflict per (type, resource, agents), counted as it recurs. */
export const Conflict = z.object({
  id: z.string(),
  projectId: Id,
  type: ConflictType,
  severity: Severity,
  agents: z.array(Id),
  resource: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  suggestions: z.array(Suggestion),
  status: z.enum(['open', 'resolved']),
  occurrences: z.number().int().positive(),
  accountId: z.string().optional(),
  detectedAt: IsoTime,
  lastSeenAt: IsoTime,
  resolvedAt: IsoTime.optional(),
  resolvedBy: z.string().optional(),
  resolution: z.string().optional(),
});
export type Conflict = z.infer<typeof Conflict>;

export const ConflictEvent = z.object({ type: z.enum(['detected', 'recurred', 'resolved']), conflict: Conflict });
export type ConflictEvent = z.infer<typeof ConflictEvent>;

/** `workspace.conflicts.<projectId>` ↔ WS `workspace:conflicts:<projectId>`. */
export const conflictEvent = defineEvent({ subject: 'workspace.conflicts.*', payload: ConflictEvent, durable: true });
