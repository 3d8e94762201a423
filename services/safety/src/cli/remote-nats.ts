import { connect } from '@nats-io/transport-node';
import { z } from 'zod';
import { ErrorBody } from '@flywheel/contracts/errors';
import { guardRpc, type GuardReply, type GuardRequest } from '@flywheel/contracts/safety';
import { DEFAULT_NAMESPACE, nsSubject } from '@flywheel/contracts/namespace';

const Envelope = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorBody })]);

/** The full NATS client, for servers that need TLS or auth; undefined when unreachable in time. */
export async function askServiceWithClient(url: string, req: GuardRequest, timeoutMs: number, namespace = DEFAULT_NAMESPACE): Promise<GuardReply | undefined> {
  const deadline = Date.now() + timeoutMs;
  let nc;
  try {
    nc = await connect({ servers: url.split(','), timeout: timeoutMs, maxReconnectAttempts: 0, reconnect: false, name: 'flywheel-guard' });
  } catch {
    return undefined;
  }
  try {
    // A bare client (the hook must start fast): the namespace is added here, as the kit does for services.
    const msg = await nc.request(nsSubject(namespace, guardRpc.subject), new TextEncoder().encode(JSON.stringify(req)), {
      timeout: Math.max(50, deadline - Date.now()),
    });
    const env = Envelope.parse(JSON.parse(new TextDecoder().decode(msg.data)));
    return env.ok ? guardRpc.reply.parse(env.data) : undefined;
  } catch {
    return undefined;
  } finally {
    void nc.close();
  }
}
