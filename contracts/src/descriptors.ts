import { z } from 'zod';
import { ErrorBody } from './errors.ts';

/** A request/reply subject with its request and reply schemas, shared by caller and server. */
export interface RpcDescriptor<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'rpc';
  readonly subject: string;
  readonly request: Req;
  readonly reply: Res;
  /** Default timeout for callers, ms. */
  readonly timeoutMs: number;
}

/** An event subject (or subject pattern with `*` tokens) and its payload schema. */
export interface EventDescriptor<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: string;
  readonly payload: P;
  /** Durable events go through JetStream with a message id and are retried until acked. */
  readonly durable: boolean;
}

export function defineRpc<Req extends z.ZodType, Res extends z.ZodType>(d: {
  subject: string;
  request: Req;
  reply: Res;
  timeoutMs?: number;
}): RpcDescriptor<Req, Res> {
  return { kind: 'rpc', timeoutMs: 2000, ...d };
}

export function defineEvent<P extends z.ZodType>(d: { subject: string; payload: P; durable?: boolean }): EventDescriptor<P> {
  return { kind: 'event', durable: false, ...d };
}

/** Fills the `*` tokens of a subject pattern in order: `agent.output.*` + ['a1'] → `agent.output.a1`. */
export function subjectFor(pattern: string, ...tokens: string[]): string {
  let i = 0;
  const out = pattern
    .split('.')
    .map((t) => (t === '*' ? (tokens[i++] ?? '*') : t))
    .join('.');
  if (i !== tokens.length) throw new Error(`subject ${pattern} takes ${i} tokens, got ${tokens.length}`);
  return out;
}

/** The NATS reply envelope: `{ok:true,data}` or `{ok:false,error}`. */
export const replyEnvelope = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: ErrorBody })]);

export type Reply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Header that carries the edge request id across NATS hops. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** Header that carries the calling principal (account id) across NATS hops. */
export const ACCOUNT_HEADER = 'x-account-id';
/** Header that carries the calling principal's role; absent on internal calls between services. */
export const ROLE_HEADER = 'x-role';
/** Header that carries the agent an agent credential acts as. */
export const AGENT_HEADER = 'x-agent-id';
