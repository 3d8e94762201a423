import { z } from 'zod';
import { Id, Page, paged } from '../ids.ts';
import { InboxItem, Message, SendMessage } from '../coordination-messages.ts';
import { routesOf } from './route.ts';
import { CoordById, QueryBool } from './reservations.ts';

const route = routesOf('messages');
const P = '/api/v1/messages';

export const MessageQuery = Page.extend({
  projectId: Id.optional(),
  /** An agent's inbox, with its read and ack state. */
  agentId: Id.optional(),
  threadId: Id.optional(),
  q: z.string().min(1).max(200).optional(),
  unreadOnly: QueryBool.default(false),
});
const Recipient = z.object({ agentId: Id });

/** /api/v1/messages: per-project inboxes between agents (docs/coordination.md). */
export const messageRoutes = {
  send: route({
    method: 'POST',
    path: P,
    summary: 'Send a message from an agent to agents of its project',
    access: 'operator',
    body: SendMessage,
    reply: Message,
    status: 201,
  }),
  list: route({
    method: 'GET',
    path: P,
    summary: 'Messages of a project, an inbox or a thread; `q` searches',
    access: 'viewer',
    query: MessageQuery,
    reply: paged(InboxItem),
  }),
  get: route({ method: 'GET', path: `${P}/:id`, summary: 'One message', access: 'viewer', params: CoordById, reply: Message, errors: ['NOT_FOUND'] }),
  read: route({
    method: 'POST',
    path: `${P}/:id/read`,
    summary: 'Mark read for a recipient',
    access: 'operator',
    params: CoordById,
    body: Recipient,
    reply: InboxItem,
    errors: ['NOT_FOUND'],
  }),
  ack: route({
    method: 'POST',
    path: `${P}/:id/ack`,
    summary: 'Acknowledge for a recipient',
    access: 'operator',
    params: CoordById,
    body: Recipient,
    reply: InboxItem,
    errors: ['NOT_FOUND'],
  }),
} as const;
