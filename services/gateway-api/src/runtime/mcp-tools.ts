import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AppError, coordRpcs, HandoffContext, Importance, ReservationMode, type Principal } from '@flywheel/contracts';
import type { CallContext, RpcCall } from '@flywheel/kit';

/** Who calls the MCP tools: the key's principal, its NATS call context and how it is named in histories. */
export interface McpCaller {
  principal: Principal;
  ctx: CallContext;
  actor: string;
}

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/** A domain refusal is a tool result the model reads (isError), not a protocol failure. */
async function answer(fn: () => Promise<unknown>): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(await fn(), null, 2) }] };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const details = err.details ? `\n${JSON.stringify(err.details)}` : '';
    return { isError: true, content: [{ type: 'text', text: `${err.code}: ${err.message}${details}` }] };
  }
}

const agentArg = { agentId: z.string().optional().describe('Only with an operator key: the agent of your account to act as. An agent credential always acts as its own agent.') };

/** The coordination tools, acting as the credential's agent (an operator key names one of its account's agents). */
export function registerCoordinationTools(server: McpServer, call: RpcCall, caller: McpCaller): void {
  const self = (given?: string): string => {
    const own = caller.principal.agentId;
    if (own && given && given !== own) throw new AppError('FORBIDDEN', `this credential acts as agent ${own} only`);
    const id = own ?? given;
    if (!id) throw new AppError('BAD_REQUEST', 'invalid agentId: required with an operator key (which agent acts)');
    return id;
  };
  const rpc: RpcCall = (d, payload) => call(d, payload, caller.ctx);
  const projectOf = async (agentId: string) => (await rpc(coordRpcs.agents, { agentId, live: false })).items.find((a) => a.agentId === agentId)?.projectId;
  const tool = <S extends z.ZodRawShape>(name: string, description: string, shape: S, fn: (a: z.infer<z.ZodObject<S>>) => Promise<unknown>) =>
    server.registerTool(name, { description, inputSchema: shape }, ((a: z.infer<z.ZodObject<S>>) => answer(() => fn(a))) as never);

  tool('reserve_paths', 'Reserve repo-relative paths or globs (src/**, *.ts) before writing them. Exclusive: other agents cannot write them until you release or the lease expires.',
    { patterns: z.array(z.string()).min(1).max(100), mode: ReservationMode.optional(), ttlSeconds: z.number().int().optional(), reason: z.string().optional(), ...agentArg },
    (a) => rpc(coordRpcs.reserve, { agentId: self(a.agentId), patterns: a.patterns, mode: a.mode, ttlSeconds: a.ttlSeconds, reason: a.reason, actor: caller.actor }));
  tool('release_paths', 'Release your reservations: those holding any of `patterns`, the ones in `reservationIds`, or all of them when neither is given.',
    { patterns: z.array(z.string()).min(1).max(100).optional(), reservationIds: z.array(z.string()).min(1).max(100).optional(), ...agentArg },
    async (a) => {
      const agentId = self(a.agentId);
      return rpc(coordRpcs.release, a.reservationIds ? { ids: a.reservationIds, actor: caller.actor } : { agentId, patterns: a.patterns, actor: caller.actor });
    });
  tool('list_reservations', "Active reservations of your project (or of `projectId`), newest first.",
    { projectId: z.string().optional(), holder: z.string().optional().describe('only this agent’s'), ...agentArg },
    async (a) => rpc(coordRpcs.reservations, { projectId: a.projectId ?? (await projectOf(self(a.agentId))), agentId: a.holder, status: 'active', limit: 200 }));
  tool('list_agents', 'Agents of your project (live ones unless includeEnded).',
    { projectId: z.string().optional(), includeEnded: z.boolean().optional(), ...agentArg },
    async (a) => rpc(coordRpcs.agents, { projectId: a.projectId, agentId: a.projectId ? undefined : self(a.agentId), live: !a.includeEnded }));
  tool('send_message', 'Send a message to agents of your project (`to`: agent ids, or "all" for every other live agent).',
    {
      to: z.union([z.literal('all'), z.array(z.string()).min(1).max(100)]), subject: z.string(), body: z.string().optional(), threadId: z.string().optional(),
      importance: Importance.optional(), ackRequired: z.boolean().optional(), ...agentArg,
    },
    (a) => rpc(coordRpcs.send, { from: self(a.agentId), to: a.to, subject: a.subject, body: a.body, threadId: a.threadId, importance: a.importance, ackRequired: a.ackRequired, actor: caller.actor }));
  tool('fetch_inbox', 'Your messages, newest first; they are marked read unless markRead is false.',
    { unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(200).optional(), markRead: z.boolean().optional(), ...agentArg },
    (a) => rpc(coordRpcs.messages, { agentId: self(a.agentId), unreadOnly: a.unreadOnly ?? false, limit: a.limit ?? 50, markRead: a.markRead ?? true }));
  tool('acknowledge_message', 'Acknowledge a message sent to you (those with ackRequired expect it).',
    { messageId: z.string(), ...agentArg },
    (a) => rpc(coordRpcs.ack, { id: a.messageId, agentId: self(a.agentId) }));
  tool('request_handoff', 'Hand your work and your reservations to another agent of your project; it receives this context as its next message once accepted.',
    { toAgentId: z.string(), context: HandoffContext, reservationIds: z.array(z.string()).optional(), ...agentArg },
    (a) => rpc(coordRpcs.handoff, { fromAgentId: self(a.agentId), toAgentId: a.toAgentId, context: a.context, reservationIds: a.reservationIds, actor: caller.actor }));
}
