import { headers as natsHeaders, NoRespondersError, TimeoutError, type Msg, type MsgHdrs } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import {
  ACCOUNT_HEADER,
  AGENT_HEADER,
  AppError,
  badRequestFromZod,
  ErrorBody,
  nsSubject,
  REQUEST_ID_HEADER,
  Role,
  ROLE_HEADER,
  stripNamespace,
  toErrorBody,
  type RpcDescriptor,
} from '@flywheel/contracts';
import type { Logger } from './logger.ts';
import { decode, encode } from './codec.ts';
import { namespaceOf, wireSubject } from './namespace.ts';
import { timeRequest, timeServed } from './rpc-metrics.ts';

/** What travels with every call: the edge request id and who called (account, role, agent); none of it on internal calls. */
export interface CallContext {
  requestId?: string;
  accountId?: string;
  role?: Role;
  agentId?: string;
}

export interface HandlerContext extends CallContext {
  logger: Logger;
  subject: string;
}

export function contextHeaders(ctx?: CallContext): MsgHdrs | undefined {
  if (!ctx?.requestId && !ctx?.accountId && !ctx?.role && !ctx?.agentId) return undefined;
  const h = natsHeaders();
  if (ctx.requestId) h.set(REQUEST_ID_HEADER, ctx.requestId);
  if (ctx.accountId) h.set(ACCOUNT_HEADER, ctx.accountId);
  if (ctx.role) h.set(ROLE_HEADER, ctx.role);
  if (ctx.agentId) h.set(AGENT_HEADER, ctx.agentId);
  return h;
}

export function contextFrom(msg: Msg): CallContext {
  // Read once: internal calls carry no headers at all, and then there is nothing to look up or parse.
  const h = msg.headers;
  if (!h) return { requestId: undefined, accountId: undefined, role: undefined, agentId: undefined };
  const rawRole = h.get(ROLE_HEADER) || undefined;
  return {
    requestId: h.get(REQUEST_ID_HEADER) || undefined,
    accountId: h.get(ACCOUNT_HEADER) || undefined,
    // A role header that is not a role limits the caller as much as any: never more than a viewer.
    role: rawRole === undefined ? undefined : parseRole(rawRole),
    agentId: h.get(AGENT_HEADER) || undefined,
  };
}

function parseRole(raw: string): Role {
  const role = Role.safeParse(raw);
  return role.success ? role.data : 'viewer';
}

const Envelope = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorBody })]);

/**
 * Calls an RPC; parses the reply; throws AppError (UNAVAILABLE, TIMEOUT or the remote's code).
 * Nobody serving the subject is UNAVAILABLE with `details.reason = 'no_responders'` (see isNoResponders).
 */
export async function request<Req extends z.ZodType, Res extends z.ZodType>(
  nc: NatsConnection,
  rpc: RpcDescriptor<Req, Res>,
  payload: z.input<Req>,
  opts: CallContext & { timeoutMs?: number; subject?: string } = {},
): Promise<z.infer<Res>> {
  // One async frame per call (this function used to wrap a second one just for the timing).
  const done = timeRequest(nc, rpc.subject);
  const subject = opts.subject ?? rpc.subject;
  try {
    let msg: Msg;
    try {
      msg = await nc.request(wireSubject(nc, subject), encode(payload), { timeout: opts.timeoutMs ?? rpc.timeoutMs, headers: contextHeaders(opts) });
    } catch (e) {
      throw mapTransportError(e, subject);
    }
    const reply = parseReply(rpc, subject, decode(msg.data));
    done();
    return reply;
  } catch (err) {
    done(err);
    throw err;
  }
}

function parseReply<Res extends z.ZodType>(rpc: RpcDescriptor<z.ZodType, Res>, subject: string, body: unknown): z.infer<Res> {
  const env = Envelope.safeParse(body);
  if (!env.success) throw new AppError('INTERNAL', `malformed reply on ${subject}`);
  if (!env.data.ok) throw AppError.from(env.data.error);
  const parsed = rpc.reply.safeParse(env.data.data);
  if (!parsed.success) throw new AppError('INTERNAL', `reply on ${subject} does not match its contract`);
  return parsed.data;
}

const NO_RESPONDERS = { reason: 'no_responders' } as const;

/** True for the error request() throws when nobody serves the subject (as opposed to a slow or failing server). */
export const isNoResponders = (err: unknown): boolean =>
  err instanceof AppError && err.code === 'UNAVAILABLE' && (err.details as { reason?: unknown } | undefined)?.reason === NO_RESPONDERS.reason;

export function mapTransportError(e: unknown, subject: string): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof NoRespondersError || hasCause(e, NoRespondersError)) return new AppError('UNAVAILABLE', `no service answers ${subject}`, NO_RESPONDERS);
  if (e instanceof TimeoutError || hasCause(e, TimeoutError)) return new AppError('TIMEOUT', `${subject} did not answer in time`);
  return new AppError('UNAVAILABLE', `${subject}: ${(e as Error)?.message ?? 'transport error'}`);
}

function hasCause(e: unknown, cls: abstract new (...a: never[]) => Error): boolean {
  return e instanceof Error && e.cause instanceof cls;
}

export type RpcHandler<Req extends z.ZodType, Res extends z.ZodType> = (req: z.infer<Req>, ctx: HandlerContext) => Promise<z.input<Res>> | z.input<Res>;

/**
 * Serves an RPC in a queue group (instances share the load). Every request is parsed; a bad one
 * gets `{ok:false, error: BAD_REQUEST}`; a throwing handler never ends the loop. Subjects, in and
 * as handlers see them (`ctx.subject`), are unprefixed; the connection's namespace is added on the wire.
 */
export function serve<Req extends z.ZodType, Res extends z.ZodType>(
  nc: NatsConnection,
  rpc: RpcDescriptor<Req, Res>,
  handler: RpcHandler<Req, Res>,
  opts: { logger: Logger; queue?: string; subject?: string },
): { stop(): void } {
  const subject = opts.subject ?? rpc.subject;
  const ns = namespaceOf(nc);
  const sub = nc.subscribe(nsSubject(ns, subject), { queue: opts.queue });
  const log = opts.logger.child({ mod: 'rpc', subject });
  // Without a wildcard every message arrives on the subscribed subject: no need to decode and strip it each time.
  const wildcard = subject.includes('*') || subject.includes('>');
  void (async () => {
    for await (const msg of sub) void answer(msg, wildcard ? stripNamespace(ns, msg.subject) : subject, rpc, handler, log, timeServed(nc, rpc.subject));
  })();
  return { stop: () => sub.unsubscribe() };
}

async function answer<Req extends z.ZodType, Res extends z.ZodType>(
  msg: Msg,
  subject: string,
  rpc: RpcDescriptor<Req, Res>,
  handler: RpcHandler<Req, Res>,
  log: Logger,
  done: (err?: unknown) => void,
): Promise<void> {
  const cc = contextFrom(msg);
  const logger = cc.requestId ? log.child({ requestId: cc.requestId }) : log;
  let reply: unknown;
  try {
    const parsed = rpc.request.safeParse(decode(msg.data));
    if (!parsed.success) throw badRequestFromZod(parsed.error, `request on ${subject}`);
    const data = await handler(parsed.data, { ...cc, logger, subject });
    reply = { ok: true, data };
    done();
  } catch (e) {
    if (!(e instanceof AppError)) logger.error({ err: e }, 'handler failed');
    reply = { ok: false, error: toErrorBody(e, cc.requestId) };
    done(e);
  }
  if (msg.reply) msg.respond(encode(reply));
}
