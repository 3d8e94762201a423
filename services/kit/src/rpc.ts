import { headers as natsHeaders, NoRespondersError, TimeoutError, type Msg, type MsgHdrs } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import {
  ACCOUNT_HEADER,
  AppError,
  badRequestFromZod,
  ErrorBody,
  REQUEST_ID_HEADER,
  toErrorBody,
  type RpcDescriptor,
} from '@flywheel/contracts';
import type { Logger } from './logger.ts';
import { decode, encode } from './codec.ts';

/** What travels with every call: the edge request id and the calling account. */
export interface CallContext {
  requestId?: string;
  accountId?: string;
}

export interface HandlerContext extends CallContext {
  logger: Logger;
  subject: string;
}

export function contextHeaders(ctx?: CallContext): MsgHdrs | undefined {
  if (!ctx?.requestId && !ctx?.accountId) return undefined;
  const h = natsHeaders();
  if (ctx.requestId) h.set(REQUEST_ID_HEADER, ctx.requestId);
  if (ctx.accountId) h.set(ACCOUNT_HEADER, ctx.accountId);
  return h;
}

export function contextFrom(msg: Msg): CallContext {
  return {
    requestId: msg.headers?.get(REQUEST_ID_HEADER) || undefined,
    accountId: msg.headers?.get(ACCOUNT_HEADER) || undefined,
  };
}

const Envelope = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

/** Calls an RPC; parses the reply; throws AppError (UNAVAILABLE, TIMEOUT or the remote's code). */
export async function request<Req extends z.ZodType, Res extends z.ZodType>(
  nc: NatsConnection,
  rpc: RpcDescriptor<Req, Res>,
  payload: z.input<Req>,
  opts: CallContext & { timeoutMs?: number; subject?: string } = {},
): Promise<z.infer<Res>> {
  const subject = opts.subject ?? rpc.subject;
  let msg: Msg;
  try {
    msg = await nc.request(subject, encode(payload), { timeout: opts.timeoutMs ?? rpc.timeoutMs, headers: contextHeaders(opts) });
  } catch (e) {
    throw mapTransportError(e, subject);
  }
  const env = Envelope.safeParse(decode(msg.data));
  if (!env.success) throw new AppError('INTERNAL', `malformed reply on ${subject}`);
  if (!env.data.ok) throw AppError.from(env.data.error);
  const parsed = rpc.reply.safeParse(env.data.data);
  if (!parsed.success) throw new AppError('INTERNAL', `reply on ${subject} does not match its contract`);
  return parsed.data;
}

export function mapTransportError(e: unknown, subject: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof NoRespondersError || hasCause(e, NoRespondersError)) return new AppError('UNAVAILABLE', `no service answers ${subject}`);
  if (e instanceof TimeoutError || hasCause(e, TimeoutError)) return new AppError('TIMEOUT', `${subject} did not answer in time`);
  return new AppError('UNAVAILABLE', `${subject}: ${(e as Error)?.message ?? 'transport error'}`);
}

function hasCause(e: unknown, cls: abstract new (...a: never[]) => Error): boolean {
  return e instanceof Error && e.cause instanceof cls;
}

export type RpcHandler<Req extends z.ZodType, Res extends z.ZodType> = (
  req: z.infer<Req>,
  ctx: HandlerContext,
) => Promise<z.input<Res>> | z.input<Res>;

/**
 * Serves an RPC in a queue group (instances share the load). Every request is parsed; a bad one
 * gets `{ok:false, error: BAD_REQUEST}`; a throwing handler never ends the loop.
 */
export function serve<Req extends z.ZodType, Res extends z.ZodType>(
  nc: NatsConnection,
  rpc: RpcDescriptor<Req, Res>,
  handler: RpcHandler<Req, Res>,
  opts: { logger: Logger; queue?: string; subject?: string },
): { stop(): void } {
  const subject = opts.subject ?? rpc.subject;
  const sub = nc.subscribe(subject, { queue: opts.queue });
  const log = opts.logger.child({ mod: 'rpc', subject });
  void (async () => {
    for await (const msg of sub) void answer(msg, rpc, handler, log);
  })();
  return { stop: () => sub.unsubscribe() };
}

async function answer<Req extends z.ZodType, Res extends z.ZodType>(
  msg: Msg,
  rpc: RpcDescriptor<Req, Res>,
  handler: RpcHandler<Req, Res>,
  log: Logger,
): Promise<void> {
  const cc = contextFrom(msg);
  const logger = cc.requestId ? log.child({ requestId: cc.requestId }) : log;
  let reply: unknown;
  try {
    const parsed = rpc.request.safeParse(decode(msg.data));
    if (!parsed.success) throw badRequestFromZod(parsed.error, `request on ${msg.subject}`);
    const data = await handler(parsed.data, { ...cc, logger, subject: msg.subject });
    reply = { ok: true, data };
  } catch (e) {
    if (!(e instanceof AppError)) logger.error({ err: e }, 'handler failed');
    reply = { ok: false, error: toErrorBody(e, cc.requestId) };
  }
  if (msg.reply) msg.respond(encode(reply));
}
