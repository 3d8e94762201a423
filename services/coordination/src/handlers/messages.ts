import { coordRpcs } from '@flywheel/contracts';
import { serve, type NatsConnection } from '@flywheel/kit';
import type { CoordCore } from '../runtime/core.ts';
import { getMessage, listMessages, markMessage, sendMessage } from '../runtime/messages.ts';

/** svc.coordination.messages.*. */
export function serveMessages(nc: NatsConnection, core: CoordCore) {
  const opts = { logger: core.logger, queue: 'coordination' };
  return [
    serve(nc, coordRpcs.send, (req, ctx) => sendMessage(core, req, ctx), opts),
    serve(nc, coordRpcs.messages, (req, ctx) => listMessages(core, req, ctx), opts),
    serve(nc, coordRpcs.message, (req, ctx) => getMessage(core, req.id, ctx), opts),
    serve(nc, coordRpcs.read, (req, ctx) => markMessage(core, req, 'read', ctx), opts),
    serve(nc, coordRpcs.ack, (req, ctx) => markMessage(core, req, 'acknowledged', ctx), opts),
  ];
}
