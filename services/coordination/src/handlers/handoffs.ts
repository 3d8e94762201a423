import { coordRpcs } from '@flywheel/contracts';
import { serve, type NatsConnection, type RpcCall } from '@flywheel/kit';
import type { CoordCore } from '../runtime/core.ts';
import type { Delivery } from '../runtime/delivery.ts';
import { acceptHandoff, closeHandoff, createHandoff, createSpawnHandoff, getHandoff, listHandoffs } from '../runtime/handoffs.ts';
import { getConflict, listConflicts, resolveConflict } from '../runtime/conflicts.ts';

/** svc.coordination.handoffs.* and conflicts.*. */
export function serveHandoffs(nc: NatsConnection, core: CoordCore, delivery: Delivery, runner: RpcCall) {
  const opts = { logger: core.logger, queue: 'coordination' };
  return [
    serve(nc, coordRpcs.handoff, (req, ctx) => (req.spawn ? createSpawnHandoff(core, runner, req, ctx) : createHandoff(core, req, ctx)), opts),
    serve(nc, coordRpcs.handoffs, (req, ctx) => listHandoffs(core, req, ctx), opts),
    serve(nc, coordRpcs.handoffGet, (req, ctx) => getHandoff(core, req.id, ctx), opts),
    serve(
      nc,
      coordRpcs.accept,
      (req, ctx) => {
        const h = acceptHandoff(core, req, ctx);
        delivery.enqueue(h.id);
        return h;
      },
      opts,
    ),
    serve(nc, coordRpcs.reject, (req, ctx) => closeHandoff(core, req, 'rejected', ctx), opts),
    serve(nc, coordRpcs.cancel, (req, ctx) => closeHandoff(core, req, 'cancelled', ctx), opts),
    serve(nc, coordRpcs.conflicts, (req, ctx) => listConflicts(core, req, ctx), opts),
    serve(nc, coordRpcs.conflict, (req, ctx) => getConflict(core, req.id, ctx), opts),
    serve(nc, coordRpcs.resolve, (req, ctx) => resolveConflict(core, req, ctx), opts),
  ];
}
