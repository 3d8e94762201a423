import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';
import { Pattern } from './coordination-patterns.ts';

/** How long a lease lasts unless renewed: 10 s to 1 day (default per project, 1 h out of the box). */
export const TtlSeconds = z.number().int().min(10).max(86_400);

export const ReservationMode = z.enum(['exclusive', 'shared']);
export type ReservationMode = z.infer<typeof ReservationMode>;

export const ReleaseReason = z.enum(['released', 'expired', 'agent_ended', 'force_released']);
export type ReleaseReason = z.infer<typeof ReleaseReason>;

/** A lease by one agent on repo-relative paths or globs of a project (every worktree of one repository). */
export const Reservation = z.object({
  id: z.string(),
  projectId: Id,
  agentId: Id,
  accountId: z.string().optional(),
  patterns: z.array(z.string()).min(1),
  mode: ReservationMode,
  reason: z.string().optional(),
  status: z.enum(['active', 'released', 'expired']),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  renewedAt: IsoTime.optional(),
  releasedAt: IsoTime.optional(),
  releaseReason: ReleaseReason.optional(),
  releasedBy: z.string().optional(),
});
export type Reservation = z.infer<typeof Reservation>;

/** Another agent's lease that stands in the way: whose, which of its patterns, against which of ours. */
export const ReservationHolder = z.object({
  reservationId: z.string(),
  agentId: Id,
  mode: ReservationMode,
  pattern: z.string(),
  requested: z.string(),
  expiresAt: IsoTime,
});
export type ReservationHolder = z.infer<typeof ReservationHolder>;

export const ReserveRequest = z.object({
  /** Defaults to the agent's project (from the repository it runs in). */
  projectId: Id.optional(),
  agentId: Id,
  patterns: z.array(Pattern).min(1).max(100),
  mode: ReservationMode.default('exclusive'),
  ttlSeconds: TtlSeconds.optional(),
  reason: z.string().max(500).optional(),
});
export type ReserveRequest = z.infer<typeof ReserveRequest>;

/** Granted; in an advisory project `conflicts` lists the leases it overlaps (a strict one refuses with 409). */
export const ReserveReply = z.object({ reservation: Reservation, conflicts: z.array(ReservationHolder) });
export type ReserveReply = z.infer<typeof ReserveReply>;

/** `advisory`: overlapping requests are granted with the conflict list; `strict`: refused (409) naming the holders. */
export const GrantMode = z.enum(['advisory', 'strict']);
export type GrantMode = z.infer<typeof GrantMode>;

export const ProjectSettings = z.object({
  projectId: Id,
  grantMode: GrantMode,
  defaultTtlSeconds: TtlSeconds,
  updatedAt: IsoTime.optional(),
  updatedBy: z.string().optional(),
});
export type ProjectSettings = z.infer<typeof ProjectSettings>;

/** An agent as coordination knows it, from the runner's state events. */
export const CoordAgent = z.object({
  agentId: Id,
  name: z.string().optional(),
  accountId: z.string().optional(),
  projectId: Id,
  /** The agent's working tree (one worktree of the project's repository). */
  treeRoot: z.string().optional(),
  state: z.string(),
  live: z.boolean(),
  lastSeenAt: IsoTime,
});
export type CoordAgent = z.infer<typeof CoordAgent>;

/** A write the guard is about to allow: may this agent write these paths (absolute, or relative to `cwd`)? */
export const WriteCheckRequest = z.object({
  agentId: Id,
  projectId: z.string().max(100).optional(),
  cwd: z.string().max(4096).optional(),
  paths: z.array(z.string().min(1).max(4096)).min(1).max(200),
  /** Shell targets (`rm -r src`, `rm src/*.ts`) may be directories or globs: they touch what lies under them. */
  mayBeDirectory: z.boolean().default(false),
});
export type WriteCheckRequest = z.infer<typeof WriteCheckRequest>;

export const WriteHolder = ReservationHolder.omit({ requested: true }).extend({ path: z.string() });
export type WriteHolder = z.infer<typeof WriteHolder>;

export const WriteCheckReply = z.object({ allowed: z.boolean(), projectId: z.string().optional(), holders: z.array(WriteHolder) });
export type WriteCheckReply = z.infer<typeof WriteCheckReply>;

export const ReservationEvent = z.object({
  type: z.enum(['acquired', 'renewed', 'released', 'expired', 'expiring', 'transferred']),
  reservation: Reservation,
  conflicts: z.array(ReservationHolder).optional(),
});
export type ReservationEvent = z.infer<typeof ReservationEvent>;

/** `workspace.reservations.<projectId>` ↔ WS `workspace:reservations:<projectId>`. */
export const reservationEvent = defineEvent({ subject: 'workspace.reservations.*', payload: ReservationEvent, durable: true });
