import { dcgRpcs, type API } from '@flywheel/contracts';
import type { RpcCall } from '@flywheel/kit';
import type { GroupHandlers } from '../http/bind-routes.ts';
import { actorBy, callContext } from './context.ts';

/** /api/v1/dcg → the safety service (svc.safety.*). `policyChanged`: after a pack or rule change, so this gateway's hook replica refetches. */
export function dcgHandlers(call: RpcCall, policyChanged: () => void = () => {}): GroupHandlers<typeof API.dcg> {
  const changed = async <T>(reply: Promise<T>): Promise<T> => {
    const r = await reply;
    policyChanged();
    return r;
  };
  return {
    check: ({ body }, c) => call(dcgRpcs.check, body, callContext(c)),
    explain: ({ body }, c) => call(dcgRpcs.explain, body, callContext(c)),
    decisions: ({ query }, c) => call(dcgRpcs.decisions, query, callContext(c)),
    stats: ({ query }, c) => call(dcgRpcs.stats, query, callContext(c)),
    packs: ({ query }, c) => call(dcgRpcs.packs, query, callContext(c)),
    rules: async ({ query }, c) => {
      const { items } = await call(dcgRpcs.packs, query, callContext(c));
      return { items: items.flatMap((p) => p.rules.map((rule) => ({ ...rule, packId: p.id, enabled: p.enabled }))) };
    },
    ruleAction: ({ params, body }, c) => changed(call(dcgRpcs.ruleAction, { ...body, ruleId: params.ruleId, actor: actorBy(c) }, callContext(c))),
    packsEnable: ({ body }, c) => changed(call(dcgRpcs.packsEnable, { ...body, actor: actorBy(c) }, callContext(c))),
    packAction: ({ params, body }, c) => changed(call(dcgRpcs.packAction, { ...body, packId: params.id, actor: actorBy(c) }, callContext(c))),
    quorum: ({ body }, c) => call(dcgRpcs.quorum, { ...body, actor: actorBy(c) }, callContext(c)),
    packUpload: ({ body }, c) => changed(call(dcgRpcs.packUpload, { ...body, actor: actorBy(c) }, callContext(c))),
    packDelete: ({ params }, c) => changed(call(dcgRpcs.packDelete, { ...params, actor: actorBy(c) }, callContext(c))),
    allowlistList: (_i, c) => call(dcgRpcs.allowlistList, {}, callContext(c)),
    allowlistAdd: ({ body }, c) => call(dcgRpcs.allowlistAdd, { ...body, actor: actorBy(c) }, callContext(c)),
    allowlistRemove: ({ params }, c) => call(dcgRpcs.allowlistRemove, { ...params, actor: actorBy(c) }, callContext(c)),
    exceptions: ({ query }, c) => call(dcgRpcs.exceptions, query, callContext(c)),
    approve: ({ params, body }, c) => call(dcgRpcs.approve, { ...params, ...body, decidedBy: actorBy(c) }, callContext(c)),
    deny: ({ params, body }, c) => call(dcgRpcs.deny, { ...params, ...body, decidedBy: actorBy(c) }, callContext(c)),
    audit: ({ query }, c) => call(dcgRpcs.audit, query, callContext(c)),
  };
}
