import { agentRpcs, AppError, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { ProfileStore } from '../runtime/profile-store.ts';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorOf, callContext } from './context.ts';

/** Event types `/output` returns: what the agent says and thinks, in seq order. */
const OUTPUT_TYPES = ['output', 'thinking'];

/** /api/v1/agents → the runner fleet (svc.agent-runner.agents.*). */
export function agentHandlers(call: RpcCall, profiles: ProfileStore): GroupHandlers<typeof API.agents> {
  return {
    spawn: ({ body }, c) => {
      const profile = body.profileId ? profiles.get(body.profileId) : undefined;
      if (body.profileId && profile?.accountId !== c.principal?.accountId)
        throw new AppError('BAD_REQUEST', `invalid profileId: no profile ${body.profileId} in your account`);
      return call(agentRpcs.spawn, { ...body, actor: actorOf(c.principal) }, callContext(c));
    },
    list: ({ query }, c) => call(agentRpcs.list, query, callContext(c)),
    get: ({ params }, c) => call(agentRpcs.get, { agentId: params.id }, callContext(c)),
    terminate: ({ params }, c) => call(agentRpcs.terminate, { agentId: params.id, actor: actorOf(c.principal) }, callContext(c)),
    send: ({ params, body }, c) => call(agentRpcs.send, { agentId: params.id, message: body.message, actor: actorOf(c.principal) }, callContext(c)),
    interrupt: ({ params }, c) => call(agentRpcs.interrupt, { agentId: params.id, actor: actorOf(c.principal) }, callContext(c)),
    output: ({ params, query }, c) => call(agentRpcs.events, { agentId: params.id, ...query, types: OUTPUT_TYPES }, callContext(c)),
    events: ({ params, query }, c) => call(agentRpcs.events, { agentId: params.id, ...query }, callContext(c)),
    checkpointCreate: ({ params }, c) => call(agentRpcs.checkpointCreate, { agentId: params.id, actor: actorOf(c.principal) }, callContext(c)),
    checkpointList: ({ params, query }, c) => call(agentRpcs.checkpointList, { agentId: params.id, ...query }, callContext(c)),
    checkpointRestore: ({ params }, c) =>
      call(agentRpcs.checkpointRestore, { agentId: params.id, checkpointId: params.checkpointId, actor: actorOf(c.principal) }, callContext(c)),
    commands: ({ params, query }, c) => call(agentRpcs.commands, { agentId: params.id, ...query }, callContext(c)),
  };
}
