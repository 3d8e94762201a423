import { z } from 'zod';
import { Cursor, Id, paged } from './ids.ts';
import { defineRpc } from './descriptors.ts';
import { Pattern } from './coordination-patterns.ts';
import {
  CoordAgent,
  GrantMode,
  ProjectSettings,
  Reservation,
  ReserveReply,
  ReserveRequest,
  TtlSeconds,
  WriteCheckReply,
  WriteCheckRequest,
} from './coordination-reservations.ts';
import { InboxItem, Message, SendMessage } from './coordination-messages.ts';
import { Conflict, ConflictType } from './coordination-conflicts.ts';
import { Handoff, HandoffCreateFields, HandoffPhase, oneTarget } from './coordination-handoffs.ts';

const rpc = <Req extends z.ZodType, Res extends z.ZodType>(op: string, request: Req, reply: Res, timeoutMs = 5000) =>
  defineRpc({ subject: `svc.coordination.${op}`, request, reply, timeoutMs });

/** Who did it (`account/keyId`), filled by the gateway from the key; never from a client body. */
const Actor = { actor: z.string().max(200).optional() };
const PageIn = { cursor: Cursor.optional(), limit: z.number().int().min(1).max(1000).default(100) };
const ById = z.object({ id: z.string().min(1).max(64) });

export const ReservationListRequest = z.object({
  projectId: Id.optional(),
  agentId: Id.optional(),
  status: z.enum(['active', 'released', 'expired', 'any']).default('active'),
  ...PageIn,
});
export const ReleaseRequest = z.object({
  /** Whose leases (checked against the caller); required with `patterns`. */
  agentId: Id.optional(),
  projectId: Id.optional(),
  ids: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
  /** Releases the agent's leases holding any of these patterns; none and no ids: all its active leases. */
  patterns: z.array(Pattern).min(1).max(100).optional(),
  ...Actor,
});
export const MessageListRequest = z.object({
  projectId: Id.optional(),
  /** An inbox: messages to this agent, with its read and ack state. */
  agentId: Id.optional(),
  threadId: Id.optional(),
  /** Words that must all appear in the subject or body. */
  q: z.string().min(1).max(200).optional(),
  unreadOnly: z.boolean().default(false),
  /** Mark what this inbox page returns as read. */
  markRead: z.boolean().default(false),
  ...PageIn,
});
export const MessageReceipt = z.object({ id: z.string().min(1).max(64), agentId: Id });
export const ConflictListRequest = z.object({
  projectId: Id.optional(),
  agentId: Id.optional(),
  status: z.enum(['open', 'resolved', 'any']).default('any'),
  type: ConflictType.optional(),
  ...PageIn,
});
export const HandoffListRequest = z.object({ projectId: Id.optional(), agentId: Id.optional(), phase: HandoffPhase.optional(), ...PageIn });
export const HandoffAction = ById.extend({ note: z.string().max(2000).optional(), ...Actor });

/** svc.coordination.*: reservations, the write check, messages, conflicts, handoffs, agents, project settings. */
export const coordRpcs = {
  reserve: rpc('reservations.reserve', ReserveRequest.extend(Actor), ReserveReply),
  renew: rpc('reservations.renew', ById.extend({ ttlSeconds: TtlSeconds.optional(), ...Actor }), Reservation),
  release: rpc('reservations.release', ReleaseRequest, z.object({ released: z.array(Reservation) })),
  forceRelease: rpc('reservations.force-release', ById.extend({ reason: z.string().max(500).optional(), ...Actor }), Reservation),
  reservations: rpc('reservations.list', ReservationListRequest, paged(Reservation)),
  reservation: rpc('reservations.get', ById, Reservation),
  /** Asked by the safety guard before a write; answers from memory and SQLite in well under a millisecond. */
  writeCheck: rpc('write-check', WriteCheckRequest, WriteCheckReply, 1000),
  send: rpc('messages.send', SendMessage.extend(Actor), Message),
  messages: rpc('messages.list', MessageListRequest, paged(InboxItem)),
  message: rpc('messages.get', ById, Message),
  read: rpc('messages.read', MessageReceipt, InboxItem),
  ack: rpc('messages.ack', MessageReceipt, InboxItem),
  conflicts: rpc('conflicts.list', ConflictListRequest, paged(Conflict)),
  conflict: rpc('conflicts.get', ById, Conflict),
  resolve: rpc('conflicts.resolve', ById.extend({ resolution: z.string().min(1).max(2000), ...Actor }), Conflict),
  handoff: rpc('handoffs.create', HandoffCreateFields.extend(Actor).superRefine(oneTarget), Handoff, 45_000),
  handoffs: rpc('handoffs.list', HandoffListRequest, paged(Handoff)),
  handoffGet: rpc('handoffs.get', ById, Handoff),
  accept: rpc('handoffs.accept', HandoffAction, Handoff),
  reject: rpc('handoffs.reject', HandoffAction, Handoff),
  cancel: rpc('handoffs.cancel', HandoffAction, Handoff),
  agents: rpc(
    'agents.list',
    z.object({ projectId: Id.optional(), agentId: Id.optional(), live: z.boolean().default(true) }),
    z.object({ items: z.array(CoordAgent) }),
  ),
  settings: rpc('settings.get', z.object({ projectId: Id }), ProjectSettings),
  settingsSet: rpc(
    'settings.set',
    z.object({ projectId: Id, grantMode: GrantMode.optional(), defaultTtlSeconds: TtlSeconds.optional(), ...Actor }),
    ProjectSettings,
  ),
} as const;
