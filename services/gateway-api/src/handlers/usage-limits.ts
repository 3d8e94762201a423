import { agentRpcs, usageLimitRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorBy, callContext } from './context.ts';

/** Usage limits → the runner fleet: resume now and auto-resume go to the agent's owner, project settings to any runner. */
export function usageLimitHandlers(call: RpcCall): GroupHandlers<typeof API.usageLimits> {
  return {
    resume: ({ params }, c) => call(agentRpcs.resume, { agentId: params.id, actor: actorBy(c) }, callContext(c)),
    autoResume: ({ params, body }, c) => call(agentRpcs.autoResume, { agentId: params.id, enabled: body.enabled, actor: actorBy(c) }, callContext(c)),
    projectGet: ({ params }, c) => call(usageLimitRpcs.get, { projectId: params.projectId }, callContext(c)),
    projectPut: ({ params, body }, c) => call(usageLimitRpcs.put, { projectId: params.projectId, ...body, actor: actorBy(c) }, callContext(c)),
  };
}
