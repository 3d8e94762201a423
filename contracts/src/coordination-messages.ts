import { z } from 'zod';
import { Id, IsoTime } from './ids.ts';
import { defineEvent } from './descriptors.ts';

export const Importance = z.enum(['low', 'normal', 'high', 'urgent']);
export type Importance = z.infer<typeof Importance>;

/** A message between agents of one project; `to` is resolved at send time (`all` → every other live agent). */
export const Message = z.object({
  id: z.string(),
  projectId: Id,
  threadId: z.string(),
  from: Id,
  to: z.array(Id),
  broadcast: z.boolean(),
  subject: z.string(),
  body: z.string(),
  importance: Importance,
  ackRequired: z.boolean(),
  accountId: z.string().optional(),
  createdAt: IsoTime,
});
export type Message = z.infer<typeof Message>;

/** A message as one recipient sees it. */
export const InboxItem = Message.extend({ recipient: Id.optional(), readAt: IsoTime.optional(), ackedAt: IsoTime.optional() });
export type InboxItem = z.infer<typeof InboxItem>;

export const SendMessage = z.object({
  projectId: Id.optional(),
  from: Id,
  to: z.union([z.literal('all'), z.array(Id).min(1).max(100)]),
  subject: z.string().min(1).max(200),
  body: z.string().max(50_000).default(''),
  /** Reply in a thread: the id of its first message (or any thread id given before). */
  threadId: Id.optional(),
  importance: Importance.default('normal'),
  ackRequired: z.boolean().default(false),
});
export type SendMessage = z.infer<typeof SendMessage>;

export const MessageEvent = z.object({
  type: z.enum(['sent', 'read', 'acknowledged']),
  message: Message,
  /** The recipient who read or acknowledged. */
  agentId: Id.optional(),
});
export type MessageEvent = z.infer<typeof MessageEvent>;

/** `workspace.messages.<projectId>` ↔ WS `workspace:messages:<projectId>`. */
export const messageEvent = defineEvent({ subject: 'workspace.messages.*', payload: MessageEvent, durable: true });
