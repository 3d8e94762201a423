import type { z } from 'zod';
import { agentForwardRpc, type RpcDescriptor } from '@flywheel/contracts';
import { isNoResponders, request, type CallContext, type NatsConnection } from '@flywheel/kit';

/** Thrown when nobody serves the subject: the owner is gone (or never existed). */
export class NoOwner extends Error {}

/** The per-agent forward envelope, answered with the forwarded op's reply (and within its timeout). */
export const forwardRpcFor = <R extends RpcDescriptor>(op: R) => ({ ...agentForwardRpc, reply: op.reply as R['reply'], timeoutMs: op.timeoutMs });

/**
 * Kit request to another runner's own subject (per agent or per runner) that tells "nobody listens"
 * (NoOwner) apart from a remote error or a slow peer.
 */
export async function forwardRequest<Req extends z.ZodType, Res extends z.ZodType>(
  nc: NatsConnection,
  rpc: RpcDescriptor<Req, Res>,
  subject: string,
  payload: z.input<Req>,
  ctx: CallContext & { timeoutMs?: number },
): Promise<z.infer<Res>> {
  try {
    return await request(nc, rpc, payload, { ...ctx, subject });
  } catch (err) {
    if (isNoResponders(err)) throw new NoOwner(subject);
    throw err;
  }
}
