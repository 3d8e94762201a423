import type { NatsConnection } from '@flywheel/kit';
import { decode, localSubject, wireSubject } from '@flywheel/kit';

/** Collects every message on an (unprefixed) subject pattern in the connection's namespace (core subscription on the JetStream-captured subjects). */
export function collect(nc: NatsConnection, subject: string): { items: { subject: string; data: any }[]; stop(): void } {
  const items: { subject: string; data: any }[] = [];
  const sub = nc.subscribe(wireSubject(nc, subject));
  void (async () => {
    for await (const m of sub) items.push({ subject: localSubject(nc, m.subject), data: decode(m.data) });
  })();
  return { items, stop: () => sub.unsubscribe() };
}
