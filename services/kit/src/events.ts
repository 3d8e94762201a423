import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { nsSubject, stripNamespace, subjectFor, type EventDescriptor } from '@flywheel/contracts';
import { contextFrom, contextHeaders, type CallContext } from './rpc.ts';
import { decode, encode } from './codec.ts';
import type { Logger } from './logger.ts';
import { namespaceOf, wireSubject } from './namespace.ts';

/** Core (best-effort) publish in the connection's namespace: parsed before sending. Durable events use DurablePublisher. */
export function publish<P extends z.ZodType>(nc: NatsConnection, event: EventDescriptor<P>, tokens: string[], payload: z.input<P>, ctx?: CallContext): void {
  const data = event.payload.parse(payload);
  nc.publish(wireSubject(nc, subjectFor(event.subject, ...tokens)), encode(data), { headers: contextHeaders(ctx) });
}

/**
 * Core subscription in the connection's namespace with parsing on receipt; `meta.subject` comes
 * unprefixed. A message that fails its schema is logged and skipped; a throwing handler is logged;
 * neither ends the loop.
 */
export function subscribe<P extends z.ZodType>(
  nc: NatsConnection,
  event: EventDescriptor<P>,
  handler: (payload: z.infer<P>, meta: CallContext & { subject: string }) => void | Promise<void>,
  opts: { logger: Logger; queue?: string; subject?: string },
): { stop(): void } {
  const subject = opts.subject ?? event.subject;
  const ns = namespaceOf(nc);
  const sub = nc.subscribe(nsSubject(ns, subject), { queue: opts.queue });
  const log = opts.logger.child({ mod: 'sub', subject });
  void (async () => {
    for await (const msg of sub) {
      const parsed = event.payload.safeParse(decode(msg.data));
      if (!parsed.success) {
        log.warn({ subject: msg.subject, issues: parsed.error.issues.slice(0, 3) }, 'dropped malformed event');
        continue;
      }
      try {
        await handler(parsed.data, { ...contextFrom(msg), subject: stripNamespace(ns, msg.subject) });
      } catch (err) {
        log.error({ err }, 'event handler failed');
      }
    }
  })();
  return { stop: () => sub.unsubscribe() };
}
