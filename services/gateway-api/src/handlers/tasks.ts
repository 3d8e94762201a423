import { taskRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorBy, callContext } from './context.ts';

/** /api/v1/tasks → the coordination service's work graph (svc.coordination.tasks.*); who acted comes from the key. */
export function taskHandlers(call: RpcCall): GroupHandlers<typeof API.tasks> {
  return {
    create: ({ body }, c) => call(taskRpcs.create, { ...body, actor: actorBy(c) }, callContext(c)),
    list: ({ query }, c) => call(taskRpcs.list, { ...query, limit: 5000 }, callContext(c)),
    graph: ({ query }, c) => call(taskRpcs.graph, query, callContext(c)),
    import: ({ body }, c) => call(taskRpcs.import, { ...body, actor: actorBy(c) }, callContext(c)),
    export: async ({ query }, c) => {
      const { jsonl } = await call(taskRpcs.export, query, callContext(c));
      c.res.type('application/x-ndjson; charset=utf-8').send(jsonl);
    },
    autopilot: ({ params }, c) => call(taskRpcs.autopilot, params, callContext(c)),
    pauseAutopilot: ({ params, body }, c) => call(taskRpcs.autopilotPause, { projectId: params.projectId, ...body, actor: actorBy(c) }, callContext(c)),
    setAutopilot: ({ params, body }, c) => call(taskRpcs.autopilotSet, { projectId: params.projectId, config: body, actor: actorBy(c) }, callContext(c)),
    beadsSync: ({ params, body }, c) => call(taskRpcs.beadsSync, { projectId: params.projectId, config: body, actor: actorBy(c) }, callContext(c)),
    get: ({ params }, c) => call(taskRpcs.get, params, callContext(c)),
    update: ({ params, body }, c) => call(taskRpcs.update, { id: params.id, patch: body, actor: actorBy(c) }, callContext(c)),
    delete: ({ params }, c) => call(taskRpcs.delete, { id: params.id, actor: actorBy(c) }, callContext(c)),
    history: ({ params }, c) => call(taskRpcs.history, params, callContext(c)),
    claim: ({ params, body }, c) => call(taskRpcs.claim, { id: params.id, agentId: body.agentId, actor: actorBy(c) }, callContext(c)),
    complete: ({ params, body }, c) => call(taskRpcs.complete, { id: params.id, ...body, actor: actorBy(c) }, callContext(c)),
  };
}

/** /api/v1/analytics → coordination (velocity from the task history and the cost records). */
export function analyticsHandlers(call: RpcCall): GroupHandlers<typeof API.analytics> {
  return { velocity: ({ query }, c) => call(taskRpcs.velocity, query, callContext(c)) };
}
