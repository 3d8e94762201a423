import { AppError, coordRpcs, limitedTo } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import type { CoordCore } from '../runtime/core.ts';
import { release, renew, reserve } from '../runtime/reservations.ts';
import { forceRelease } from '../runtime/force-release.ts';
import { writeCheck } from '../runtime/write-check.ts';
import { assertSees } from '../domain/access.ts';

/** svc.coordination.reservations.* and write-check. */
export function serveReservations(nc: NatsConnection, core: CoordCore) {
  const opts = { logger: core.logger, queue: 'coordination' };
  return [
    serve(nc, coordRpcs.reserve, (req, ctx) => reserve(core, req, ctx), opts),
    serve(nc, coordRpcs.renew, (req, ctx) => renew(core, req, ctx), opts),
    serve(nc, coordRpcs.release, (req, ctx) => ({ released: release(core, req, ctx) }), opts),
    serve(nc, coordRpcs.forceRelease, (req, ctx) => forceRelease(core, req, ctx), opts),
    serve(nc, coordRpcs.reservations, (req, ctx) => core.repos.leases.list({ ...req, accountId: limitedTo(ctx) }, core.now().toISOString()), opts),
    serve(
      nc,
      coordRpcs.reservation,
      (req, ctx) => {
        const r = core.repos.leases.get(req.id);
        if (!r) throw new AppError('NOT_FOUND', `no reservation ${req.id}`);
        assertSees(ctx, r.accountId, `reservation ${r.id}`);
        return r;
      },
      opts,
    ),
    serve(nc, coordRpcs.writeCheck, (req) => writeCheck(core, req), opts),
  ];
}
