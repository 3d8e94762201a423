import type { NatsConnection } from '@flywheel/kit';
import { decode } from '@flywheel/kit';

/** Collects every message on a subject pattern (core subscription on the JetStream-captured subjects). */
export function collect(nc: NatsConnection, subject: string): { items: { subject: string; data: any }[]; stop(): void } {
  const items: { subject: string; data: any }[] = [];
  const sub = nc.subscribe(subject);
  void (async () => {
    for await (const m of sub) items.push({ subject: m.subject, data: decode(m.data) });
  })();
  return { items, stop: () => sub.unsubscribe() };
}
