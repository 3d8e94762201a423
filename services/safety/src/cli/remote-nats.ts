import { connect } from '@nats-io/transport-node';
import { z } from 'zod';
import { ErrorBody } from '@flywheel/contracts/errors';
import { guardRpc, type GuardReply, type GuardRequest } from '@flywheel/contracts/safety';

const Envelope = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorBody })]);

/** Asks the running safety service over NATS; undefined when it cannot be reached in time (caller falls back to local). */
export async function askService(url: string, req: GuardRequest, timeoutMs: number): Promise<GuardReply | undefined> {
  const deadline = Date.now() + timeoutMs;
  let nc;
  try {
    nc = await connect({ servers: url.split(','), timeout: timeoutMs, maxReconnectAttempts: 0, reconnect: false, name: 'flywheel-guard' });
  } catch {
    return undefined;
  }
  try {
    const msg = await nc.request(guardRpc.subject, new TextEncoder().encode(JSON.stringify(req)), { timeout: Math.max(50, deadline - Date.now()) });
    const env = Envelope.parse(JSON.parse(new TextDecoder().decode(msg.data)));
    return env.ok ? guardRpc.reply.parse(env.data) : undefined;
  } catch {
    return undefined;
  } finally {
    void nc.close();
  }
}
