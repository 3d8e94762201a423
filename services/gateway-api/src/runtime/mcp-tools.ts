import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  AppError,
  coordRpcs,
  HandoffContext,
  HandoffSpawn,
  Importance,
  ReservationMode,
  taskRpcs,
  TaskPriority,
  TaskStatus,
  TaskType,
  type Principal,
} from '@flywheel/contracts';
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

const agentArg = {
  agentId: z.string().optional().describe('Only with an operator key: the agent of your account to act as. An agent credential always acts as its own agent.'),
};

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
  const tool: ToolFn = (name, description, shape, fn) => {
    server.registerTool(name, { description, inputSchema: shape }, ((a: never) => answer(() => fn(a))) as never);
  };

  tool(
    'reserve_paths',
    'Reserve repo-relative paths or globs (src/**, *.ts) before writing them. Exclusive: other agents cannot write them until you release or the lease expires.',
    {
      patterns: z.array(z.string()).min(1).max(100),
      mode: ReservationMode.optional(),
      ttlSeconds: z.number().int().optional(),
      reason: z.string().optional(),
      ...agentArg,
    },
    (a) =>
      rpc(coordRpcs.reserve, { agentId: self(a.agentId), patterns: a.patterns, mode: a.mode, ttlSeconds: a.ttlSeconds, reason: a.reason, actor: caller.actor }),
  );
  tool(
    'release_paths',
    'Release your reservations: those holding any of `patterns`, the ones in `reservationIds`, or all of them when neither is given.',
    { patterns: z.array(z.string()).min(1).max(100).optional(), reservationIds: z.array(z.string()).min(1).max(100).optional(), ...agentArg },
    async (a) => {
      const agentId = self(a.agentId);
      return rpc(coordRpcs.release, a.reservationIds ? { ids: a.reservationIds, actor: caller.actor } : { agentId, patterns: a.patterns, actor: caller.actor });
    },
  );
  tool(
    'list_reservations',
    'Active reservations of your project (or of `projectId`), newest first.',
    { projectId: z.string().optional(), holder: z.string().optional().describe('only this agent’s'), ...agentArg },
    async (a) => rpc(coordRpcs.reservations, { projectId: a.projectId ?? (await projectOf(self(a.agentId))), agentId: a.holder, status: 'active', limit: 200 }),
  );
  tool(
    'list_agents',
    'Agents of your project (live ones unless includeEnded).',
    { projectId: z.string().optional(), includeEnded: z.boolean().optional(), ...agentArg },
    async (a) => rpc(coordRpcs.agents, { projectId: a.projectId, agentId: a.projectId ? undefined : self(a.agentId), live: !a.includeEnded }),
  );
  tool(
    'send_message',
    'Send a message to agents of your project (`to`: agent ids, or "all" for every other live agent).',
    {
      to: z.union([z.literal('all'), z.array(z.string()).min(1).max(100)]),
      subject: z.string(),
      body: z.string().optional(),
      threadId: z.string().optional(),
      importance: Importance.optional(),
      ackRequired: z.boolean().optional(),
      ...agentArg,
    },
    (a) =>
      rpc(coordRpcs.send, {
        from: self(a.agentId),
        to: a.to,
        subject: a.subject,
        body: a.body,
        threadId: a.threadId,
        importance: a.importance,
        ackRequired: a.ackRequired,
        actor: caller.actor,
      }),
  );
  tool(
    'fetch_inbox',
    'Your messages, newest first; they are marked read unless markRead is false.',
    { unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(200).optional(), markRead: z.boolean().optional(), ...agentArg },
    (a) => rpc(coordRpcs.messages, { agentId: self(a.agentId), unreadOnly: a.unreadOnly ?? false, limit: a.limit ?? 50, markRead: a.markRead ?? true }),
  );
  tool('acknowledge_message', 'Acknowledge a message sent to you (those with ackRequired expect it).', { messageId: z.string(), ...agentArg }, (a) =>
    rpc(coordRpcs.ack, { id: a.messageId, agentId: self(a.agentId) }),
  );
  tool(
    'request_handoff',
    'Hand your work and your reservations to another agent of your project (toAgentId; it receives this context as its next message once accepted) or to a new agent started for it (spawn; it gets the context as its first prompt). Give exactly one.',
    { toAgentId: z.string().optional(), spawn: HandoffSpawn.optional(), context: HandoffContext, reservationIds: z.array(z.string()).optional(), ...agentArg },
    (a) =>
      rpc(coordRpcs.handoff, {
        fromAgentId: self(a.agentId),
        toAgentId: a.toAgentId,
        spawn: a.spawn,
        context: a.context,
        reservationIds: a.reservationIds,
        actor: caller.actor,
      }),
  );

  registerTaskTools(tool, rpc, caller, self, projectOf);
}

type ToolFn = <S extends z.ZodRawShape>(name: string, description: string, shape: S, fn: (a: z.infer<z.ZodObject<S>>) => Promise<unknown>) => void;

/** The work graph for agents: ready work, claim, update, complete, and discovered work linked to the task at hand. */
function registerTaskTools(
  tool: ToolFn,
  rpc: RpcCall,
  caller: McpCaller,
  self: (given?: string) => string,
  projectOf: (agentId: string) => Promise<string | undefined>,
): void {
  const project = async (given: string | undefined, agentId: string): Promise<string> => {
    const p = given ?? (await projectOf(agentId));
    if (!p) throw new AppError('BAD_REQUEST', `invalid projectId: agent ${agentId} has no project yet; give projectId`);
    return p;
  };
  /** The task this agent works on: its most recently claimed in-progress task of the project. */
  const current = async (projectId: string, agentId: string) =>
    (await rpc(taskRpcs.list, { projectId, view: 'in_progress', limit: 5000 })).items
      .filter((t) => t.assignee === agentId)
      .sort((a, b) => (b.claimedAt ?? '').localeCompare(a.claimedAt ?? ''))[0];

  tool(
    'list_ready_tasks',
    'Tasks of your project that are ready to start (open, nothing open blocking them), most urgent first (priority 0 first).',
    { projectId: z.string().optional(), limit: z.number().int().min(1).max(200).optional(), ...agentArg },
    async (a) => rpc(taskRpcs.list, { projectId: await project(a.projectId, self(a.agentId)), view: 'ready', limit: a.limit ?? 50 }),
  );
  tool(
    'claim_task',
    'Take a ready task: it becomes in_progress and assigned to you. Refused when it is blocked or someone else has it.',
    { taskId: z.string(), ...agentArg },
    (a) => rpc(taskRpcs.claim, { id: a.taskId, agentId: self(a.agentId), actor: caller.actor }),
  );
  tool(
    'update_task',
    'Change a task: status (open, in_progress, blocked, done, cancelled), priority, description, acceptance notes, labels.',
    {
      taskId: z.string(),
      status: TaskStatus.optional(),
      priority: TaskPriority.optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      acceptance: z.string().optional(),
      labels: z.array(z.string()).optional(),
      ...agentArg,
    },
    async (a) => {
      self(a.agentId);
      const { taskId, agentId: _agent, ...patch } = a;
      return rpc(taskRpcs.update, { id: taskId, patch, actor: caller.actor });
    },
  );
  tool(
    'complete_task',
    'Mark your task done (call it when the work and its acceptance notes are met); tasks waiting on it become ready.',
    { taskId: z.string().optional().describe('default: the task you are working on'), note: z.string().optional().describe('what was done'), ...agentArg },
    async (a) => {
      const agentId = self(a.agentId);
      const id = a.taskId ?? (await current(await project(undefined, agentId), agentId))?.id;
      if (!id) throw new AppError('BAD_REQUEST', 'invalid taskId: you are working on no task; give taskId');
      return rpc(taskRpcs.complete, { id, agentId, note: a.note, actor: caller.actor });
    },
  );
  tool(
    'create_task',
    'Record work you discovered as a new task of your project; it is linked discovered-from the task you are working on.',
    {
      title: z.string(),
      description: z.string().optional(),
      priority: TaskPriority.optional(),
      type: TaskType.optional(),
      labels: z.array(z.string()).optional(),
      acceptance: z.string().optional(),
      blocksCurrent: z.boolean().optional().describe('your current task cannot finish before this one'),
      discoveredFrom: z.string().optional().describe('default: the task you are working on'),
      projectId: z.string().optional(),
      ...agentArg,
    },
    async (a) => {
      const agentId = self(a.agentId);
      const projectId = await project(a.projectId, agentId);
      const from = a.discoveredFrom ?? (await current(projectId, agentId))?.id;
      const created = await rpc(taskRpcs.create, {
        projectId,
        title: a.title,
        description: a.description ?? '',
        priority: a.priority ?? 2,
        type: a.type ?? 'task',
        labels: a.labels ?? [],
        acceptance: a.acceptance,
        dependencies: from ? [{ type: 'discovered-from', dependsOn: from }] : [],
        actor: caller.actor,
      });
      if (a.blocksCurrent && from) {
        const cur = await rpc(taskRpcs.get, { id: from });
        await rpc(taskRpcs.update, {
          id: from,
          patch: { dependencies: [...cur.dependencies, { type: 'blocks', dependsOn: created.id }] },
          actor: caller.actor,
        });
      }
      return created;
    },
  );
}
