import { coordRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorBy, callContext } from './context.ts';

/** /api/v1/reservations and /api/v1/projects/:projectId → the coordination service (svc.coordination.*). */
export function reservationHandlers(call: RpcCall): GroupHandlers<typeof API.reservations> {
  return {
    reserve: ({ body }, c) => call(coordRpcs.reserve, { ...body, actor: actorBy(c) }, callContext(c)),
    list: ({ query }, c) => call(coordRpcs.reservations, query, callContext(c)),
    get: ({ params }, c) => call(coordRpcs.reservation, params, callContext(c)),
    renew: ({ params, body }, c) => call(coordRpcs.renew, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
    release: ({ params }, c) => call(coordRpcs.release, { ids: [params.id], actor: actorBy(c) }, callContext(c)),
    forceRelease: ({ params, body }, c) => call(coordRpcs.forceRelease, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
  };
}

export function projectHandlers(call: RpcCall): GroupHandlers<typeof API.projects> {
  return {
    settings: ({ params }, c) => call(coordRpcs.settings, params, callContext(c)),
    setSettings: ({ params, body }, c) => call(coordRpcs.settingsSet, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
    agents: ({ params, query }, c) => call(coordRpcs.agents, { projectId: params.projectId, live: query.live }, callContext(c)),
  };
}

export function messageHandlers(call: RpcCall): GroupHandlers<typeof API.messages> {
  return {
    send: ({ body }, c) => call(coordRpcs.send, { ...body, actor: actorBy(c) }, callContext(c)),
    list: ({ query }, c) => call(coordRpcs.messages, query, callContext(c)),
    get: ({ params }, c) => call(coordRpcs.message, params, callContext(c)),
    read: ({ params, body }, c) => call(coordRpcs.read, { id: params.id, agentId: body.agentId }, callContext(c)),
    ack: ({ params, body }, c) => call(coordRpcs.ack, { id: params.id, agentId: body.agentId }, callContext(c)),
  };
}

export function conflictHandlers(call: RpcCall): GroupHandlers<typeof API.conflicts> {
  return {
    list: ({ query }, c) => call(coordRpcs.conflicts, query, callContext(c)),
    get: ({ params }, c) => call(coordRpcs.conflict, params, callContext(c)),
    resolve: ({ params, body }, c) => call(coordRpcs.resolve, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
  };
}

export function handoffHandlers(call: RpcCall): GroupHandlers<typeof API.handoffs> {
  return {
    create: ({ body }, c) => call(coordRpcs.handoff, { ...body, actor: actorBy(c) }, callContext(c)),
    list: ({ query }, c) => call(coordRpcs.handoffs, query, callContext(c)),
    get: ({ params }, c) => call(coordRpcs.handoffGet, params, callContext(c)),
    accept: ({ params, body }, c) => call(coordRpcs.accept, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
    reject: ({ params, body }, c) => call(coordRpcs.reject, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
    cancel: ({ params, body }, c) => call(coordRpcs.cancel, { ...params, ...body, actor: actorBy(c) }, callContext(c)),
  };
}
