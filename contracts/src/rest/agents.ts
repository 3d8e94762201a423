import { z } from 'zod';
import { Id, Page, paged } from '../ids.ts';
import { AgentEventType, AgentInfo, AgentState, Checkpoint, CommandRecord, SendMessageRequest, SpawnAgentRequest } from '../agent.ts';
import { AgentPage, EventPage } from '../fleet.ts';
import { routesOf } from './route.ts';

const route = routesOf('agents');
const P = '/api/v1/agents';

export const AgentParams = z.object({ id: Id });
export const AgentListQuery = Page.extend({ state: AgentState.optional() });
/**
 * `order=desc`: newest first, and `cursor` pages towards older events (the newest N without reading the rest;
 * the dashboard's terminal and the inbox's recent output use it). Default `asc`: oldest first, tailing forwards.
 */
export const EventOrder = z.enum(['asc', 'desc']);
export const AgentOutputQuery = Page.extend({ order: EventOrder.default('asc') });
export const AgentEventsQuery = AgentOutputQuery.extend({
  /** Comma-separated event types, e.g. `output,tool_call_start`. */
  types: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(AgentEventType))
    .optional(),
});
export const CheckpointParams = AgentParams.extend({ checkpointId: z.string().min(1).max(100) });
const CommandAck = z.object({ commandId: z.string(), state: AgentState });

/** /api/v1/agents: spawn, list, inspect and command agents on the runner fleet (docs/agents.md). */
export const agentRoutes = {
  spawn: route({
    method: 'POST',
    path: P,
    summary: 'Spawn an agent',
    access: 'operator',
    body: SpawnAgentRequest,
    reply: AgentInfo,
    status: 201,
    errors: ['BUDGET_EXCEEDED', 'CONFLICT'],
  }),
  list: route({ method: 'GET', path: P, summary: 'List agents', access: 'viewer', query: AgentListQuery, reply: AgentPage }),
  get: route({ method: 'GET', path: `${P}/:id`, summary: 'One agent', access: 'viewer', params: AgentParams, reply: AgentInfo, errors: ['NOT_FOUND'] }),
  terminate: route({
    method: 'DELETE',
    path: `${P}/:id`,
    summary: 'Terminate an agent',
    access: 'operator',
    params: AgentParams,
    reply: CommandAck,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  send: route({
    method: 'POST',
    path: `${P}/:id/send`,
    summary: 'Send the agent a message',
    access: 'operator',
    params: AgentParams,
    body: SendMessageRequest,
    reply: CommandAck,
    status: 202,
    errors: ['NOT_FOUND', 'CONFLICT', 'BUDGET_EXCEEDED'],
  }),
  interrupt: route({
    method: 'POST',
    path: `${P}/:id/interrupt`,
    summary: "Interrupt the agent's turn",
    access: 'operator',
    params: AgentParams,
    reply: CommandAck,
    status: 202,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  output: route({
    method: 'GET',
    path: `${P}/:id/output`,
    summary: 'What the agent said and thought, in seq order',
    access: 'viewer',
    params: AgentParams,
    query: AgentOutputQuery,
    reply: EventPage,
    errors: ['NOT_FOUND'],
  }),
  events: route({
    method: 'GET',
    path: `${P}/:id/events`,
    summary: "The agent's events, optionally of some types",
    access: 'viewer',
    params: AgentParams,
    query: AgentEventsQuery,
    reply: EventPage,
    errors: ['NOT_FOUND'],
  }),
  checkpointCreate: route({
    method: 'POST',
    path: `${P}/:id/checkpoints`,
    summary: 'Checkpoint the agent',
    access: 'operator',
    params: AgentParams,
    reply: Checkpoint,
    status: 201,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  checkpointList: route({
    method: 'GET',
    path: `${P}/:id/checkpoints`,
    summary: "The agent's checkpoints",
    access: 'viewer',
    params: AgentParams,
    query: Page,
    reply: paged(Checkpoint),
    errors: ['NOT_FOUND'],
  }),
  checkpointRestore: route({
    method: 'POST',
    path: `${P}/:id/checkpoints/:checkpointId/restore`,
    summary: 'Restart the agent at a checkpoint',
    access: 'operator',
    params: CheckpointParams,
    reply: AgentInfo,
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  commands: route({
    method: 'GET',
    path: `${P}/:id/commands`,
    summary: 'Commands sent to the agent and who sent them',
    access: 'viewer',
    params: AgentParams,
    query: Page,
    reply: paged(CommandRecord),
    errors: ['NOT_FOUND'],
  }),
} as const;
