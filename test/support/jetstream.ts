import { jetstream, type JetStreamPublishOptions } from '@nats-io/jetstream';
import { wireSubject, type NatsConnection } from '@flywheel/kit';

/** JetStream publish of raw payloads on (unprefixed) subjects, in the connection's namespace as services publish. */
export function jetstreamIn(nc: NatsConnection): {
  publish(subject: string, data: string, opts?: Partial<JetStreamPublishOptions>): ReturnType<ReturnType<typeof jetstream>['publish']>;
} {
  const js = jetstream(nc);
  return { publish: (subject, data, opts) => js.publish(wireSubject(nc, subject), data, opts) };
}

/** Publishes `n` events `{i, filler}` to one subject through JetStream, in order. */
export async function publishMany(nc: NatsConnection, subject: string, n: number, start = 0, pad = 0): Promise<void> {
  const js = jetstreamIn(nc);
  const filler = 'x'.repeat(pad);
  const batch = 200;
  for (let i = 0; i < n; i += batch) {
    const acks = [];
    for (let j = i; j < Math.min(n, i + batch); j++) acks.push(js.publish(subject, JSON.stringify({ i: start + j, filler })));
    await Promise.all(acks);
  }
}
