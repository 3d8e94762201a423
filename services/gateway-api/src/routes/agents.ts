import { Router, type Request } from 'express';
import { z } from 'zod';
import { agentRpcs, AgentEventType, AgentState, Id, Page, SendMessageRequest, SpawnAgentRequest } from '@flywheel/contracts';
import type { ApiDeps } from './deps.ts';
import { body, params, query } from '../http/validate.ts';

const AgentParams = z.object({ id: Id });
const ListQuery = Page.extend({ state: AgentState.optional() });
const EventsQuery = Page.extend({
  types: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(AgentEventType))
    .optional(),
});
const RestoreParams = AgentParams.extend({ checkpointId: z.string().min(1).max(100) });

/** Event types `/output` returns: what the agent says and thinks, in seq order. */
const OUTPUT_TYPES = ['output', 'thinking'];

/** /api/v1/agents: spawn, list, inspect and command agents on the runner fleet. */
export function agentRoutes(deps: ApiDeps): Router {
  const r = Router();
  const call = deps.peer('agent-runner');
  // The caller's account travels as x-account-id once an auth middleware has set req.principal.
  const ctx = (req: Request) => ({ requestId: req.requestId, accountId: req.principal?.accountId });
  // Who sent a command, for the agent's command history: the API key when there is one.
  const actor = (req: Request) => (req.principal ? `${req.principal.accountId}/${req.principal.keyId ?? req.principal.role}` : undefined);
  const id = (req: Request) => params(req, AgentParams).id;

  r.post('/agents', async (req, res) => {
    res.status(201).json(await call(agentRpcs.spawn, { ...body(req, SpawnAgentRequest), actor: actor(req) }, ctx(req)));
  });
  r.get('/agents', async (req, res) => {
    res.json(await call(agentRpcs.list, query(req, ListQuery), ctx(req)));
  });
  r.get('/agents/:id', async (req, res) => {
    res.json(await call(agentRpcs.get, { agentId: id(req) }, ctx(req)));
  });
  r.delete('/agents/:id', async (req, res) => {
    res.json(await call(agentRpcs.terminate, { agentId: id(req), actor: actor(req) }, ctx(req)));
  });
  r.post('/agents/:id/send', async (req, res) => {
    const { message } = body(req, SendMessageRequest);
    res.status(202).json(await call(agentRpcs.send, { agentId: id(req), message, actor: actor(req) }, ctx(req)));
  });
  r.post('/agents/:id/interrupt', async (req, res) => {
    res.status(202).json(await call(agentRpcs.interrupt, { agentId: id(req), actor: actor(req) }, ctx(req)));
  });
  r.get('/agents/:id/output', async (req, res) => {
    const q = query(req, Page);
    res.json(await call(agentRpcs.events, { agentId: id(req), ...q, types: OUTPUT_TYPES }, ctx(req)));
  });
  r.get('/agents/:id/events', async (req, res) => {
    const q = query(req, EventsQuery);
    res.json(await call(agentRpcs.events, { agentId: id(req), ...q }, ctx(req)));
  });
  r.post('/agents/:id/checkpoints', async (req, res) => {
    res.status(201).json(await call(agentRpcs.checkpointCreate, { agentId: id(req), actor: actor(req) }, ctx(req)));
  });
  r.get('/agents/:id/checkpoints', async (req, res) => {
    res.json(await call(agentRpcs.checkpointList, { agentId: id(req), ...query(req, Page) }, ctx(req)));
  });
  r.post('/agents/:id/checkpoints/:checkpointId/restore', async (req, res) => {
    const p = params(req, RestoreParams);
    res.json(await call(agentRpcs.checkpointRestore, { agentId: p.id, checkpointId: p.checkpointId, actor: actor(req) }, ctx(req)));
  });
  r.get('/agents/:id/commands', async (req, res) => {
    res.json(await call(agentRpcs.commands, { agentId: id(req), ...query(req, Page) }, ctx(req)));
  });
  return r;
}

