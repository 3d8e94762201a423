import { NoRespondersError } from '@nats-io/transport-node';
import { z } from 'zod';
import { AppError, ErrorBody, type RpcDescriptor } from '@flywheel/contracts';
import { contextHeaders, decode, encode, mapTransportError, type CallContext, type NatsConnection } from '@flywheel/kit';

const Envelope = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorBody })]);

/** Thrown when nobody serves the subject: the owner is gone (or never existed). */
export class NoOwner extends Error {}

/**
 * A request to another runner's subject that tells "nobody listens" (NoOwner) apart from a remote
 * error, which the kit's request folds into UNAVAILABLE.
 */
export async function forwardRequest<Res extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  reply: Res,
  opts: CallContext & { timeoutMs: number },
): Promise<z.infer<Res>> {
  let msg;
  try {
    msg = await nc.request(subject, encode(payload), { timeout: opts.timeoutMs, headers: contextHeaders(opts) });
  } catch (e) {
    if (e instanceof NoRespondersError || (e as Error)?.cause instanceof NoRespondersError) throw new NoOwner(subject);
    throw mapTransportError(e, subject);
  }
  const env = Envelope.safeParse(decode(msg.data));
  if (!env.success) throw new AppError('INTERNAL', `malformed reply on ${subject}`);
  if (!env.data.ok) throw AppError.from(env.data.error);
  return reply.parse(env.data.data);
}

export type ReplyOf<R extends RpcDescriptor> = z.infer<R['reply']>;
