import { AppError, limitedTo, newId, type CoordAgent, type InboxItem, type Message, type SendMessage } from '@flywheel/contracts';
import { actingAgent, assertActsAs, assertSees, type Caller } from '../domain/access.ts';
import type { MessageQuery } from '../db/messages-repo.ts';
import { iso, knownAgent, type CoordCore } from './core.ts';

/** The sender of messages coordination itself writes (force-release notices). */
export const SYSTEM_SENDER = 'coordination';

function recipients(core: CoordCore, from: CoordAgent, projectId: string, to: SendMessage['to']): string[] {
  if (to === 'all') {
    const all = core.repos.agents
      .list({ projectId, live: true, accountId: from.accountId ?? undefined })
      .map((a) => a.agentId)
      .filter((id) => id !== from.agentId);
    if (!all.length) throw new AppError('BAD_REQUEST', `invalid to: a message to nobody (no other live agent in project ${projectId})`, { field: 'to' });
    return all;
  }
  const ids = [...new Set(to)];
  for (const id of ids) {
    const a = knownAgent(core, id, 'to');
    if (a.projectId !== projectId || a.accountId !== from.accountId)
      throw new AppError('BAD_REQUEST', `invalid to: agent ${id} is not an agent of this project`, { field: 'to', agentId: id });
  }
  return ids;
}

/** Stores a message and its recipients' inbox entries, then announces it. */
export function deliver(core: CoordCore, m: Omit<Message, 'id' | 'threadId' | 'createdAt'> & { threadId?: string }): Message {
  const id = newId('msg');
  const message: Message = { ...m, id, threadId: m.threadId ?? id, createdAt: iso(core.now()) };
  core.repos.messages.insert(message);
  core.events.message('sent', message);
  return message;
}

export function sendMessage(core: CoordCore, req: SendMessage, caller: Caller): Message {
  const from = knownAgent(core, actingAgent(caller, req.from), 'from');
  assertActsAs(caller, from);
  const projectId = req.projectId ?? from.projectId;
  if (projectId !== from.projectId)
    throw new AppError('BAD_REQUEST', `invalid projectId: agent ${from.agentId} works in project ${from.projectId}`, { field: 'projectId' });
  const to = recipients(core, from, projectId, req.to);
  return deliver(core, {
    projectId,
    from: from.agentId,
    to,
    broadcast: req.to === 'all',
    subject: req.subject,
    body: req.body,
    threadId: req.threadId,
    importance: req.importance,
    ackRequired: req.ackRequired,
    accountId: from.accountId,
  });
}

/** A project's messages, a thread, or (with agentId) an inbox; an agent credential reads its own inbox only. */
export function listMessages(core: CoordCore, q: Omit<MessageQuery, 'accountId'> & { markRead?: boolean }, caller: Caller) {
  if (q.agentId) assertActsAs(caller, knownAgent(core, q.agentId));
  else if (caller.agentId) throw new AppError('FORBIDDEN', 'an agent credential reads its own inbox only: give agentId');
  const page = core.repos.messages.list({ ...q, accountId: limitedTo(caller) });
  if (q.agentId && q.markRead) {
    const unread = page.items.filter((i) => !i.readAt);
    core.repos.messages.mark(
      unread.map((i) => i.id),
      q.agentId,
      'readAt',
      iso(core.now()),
    );
    for (const i of unread) core.events.message('read', i, q.agentId);
  }
  return page;
}

export function getMessage(core: CoordCore, id: string, caller: Caller): Message {
  const m = core.repos.messages.get(id);
  if (!m) throw new AppError('NOT_FOUND', `no message ${id}`);
  assertSees(caller, m.accountId, `message ${id}`);
  if (caller.agentId && m.from !== caller.agentId && !m.to.includes(caller.agentId))
    throw new AppError('FORBIDDEN', `message ${id} is not to or from agent ${caller.agentId}`);
  return m;
}

/** Marks one recipient's entry read or acknowledged. */
export function markMessage(core: CoordCore, req: { id: string; agentId: string }, how: 'read' | 'acknowledged', caller: Caller): InboxItem {
  const agent = knownAgent(core, req.agentId);
  assertActsAs(caller, agent);
  if (!core.repos.messages.item(req.id, req.agentId)) throw new AppError('NOT_FOUND', `no message ${req.id} to agent ${req.agentId}`);
  core.repos.messages.mark([req.id], req.agentId, how === 'read' ? 'readAt' : 'ackedAt', iso(core.now()));
  const item = core.repos.messages.item(req.id, req.agentId)!;
  core.events.message(how, item, req.agentId);
  return item;
}
