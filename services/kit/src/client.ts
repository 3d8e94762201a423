import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { AppError, type RpcDescriptor } from '@flywheel/contracts';
import type { Registry } from 'prom-client';
import { createBreaker, isPeerFailure } from './breaker.ts';
import { request, type CallContext } from './rpc.ts';

/**
 * What a call does when the peer is unwell (no responder, timeout, INTERNAL, circuit open):
 * `throw` the UNAVAILABLE/TIMEOUT, or answer for it, allowing (`open`) or refusing (`closed`).
 * Domain answers (NOT_FOUND, BUDGET_EXCEEDED, ...) always pass through as thrown AppErrors.
 */
export type FailMode = 'throw' | 'open' | 'closed';

export type CallOptions = CallContext & { subject?: string; timeoutMs?: number };

export type RpcCall = <Req extends z.ZodType, Res extends z.ZodType>(
  rpc: RpcDescriptor<Req, Res>,
  payload: z.input<Req>,
  ctx?: CallOptions,
) => Promise<z.infer<Res>>;

/** A gate's outcome: the peer's reply, or (the peer being unwell) the fail mode's verdict and why. */
export type Gated<R> = { answered: true; reply: R } | { answered: false; allow: boolean; error: AppError };

export type GatedCall = <Req extends z.ZodType, Res extends z.ZodType>(
  rpc: RpcDescriptor<Req, Res>,
  payload: z.input<Req>,
  ctx?: CallOptions,
) => Promise<Gated<z.infer<Res>>>;

export interface PeerClientOptions<M extends FailMode> {
  failMode: M;
  registry?: Registry;
  /** The longest call this client makes, ms; the breaker's own timeout sits just above it. */
  timeoutMs?: number;
}

/**
 * The one factory for calls to a peer service: NATS request with the descriptor's timeout, behind a
 * breaker named after the peer (metrics: breaker_state, breaker_transitions_total). The fail mode is
 * stated by every caller: `throw` gives an RpcCall, `open`/`closed` a GatedCall.
 */
export function rpcClient(nc: NatsConnection, peer: string, opts: PeerClientOptions<'throw'>): RpcCall;
export function rpcClient(nc: NatsConnection, peer: string, opts: PeerClientOptions<'open' | 'closed'>): GatedCall;
export function rpcClient(nc: NatsConnection, peer: string, opts: PeerClientOptions<FailMode>): RpcCall | GatedCall {
  const guarded = createBreaker(
    (rpc: RpcDescriptor, payload: unknown, ctx?: CallOptions) => request(nc, rpc, payload, ctx),
    // Just above the request's own timeout, so the request's TIMEOUT wins.
    { name: peer, timeoutMs: (opts.timeoutMs ?? 30_000) + 500, registry: opts.registry },
  );
  if (opts.failMode === 'throw') return guarded as RpcCall;
  const allow = opts.failMode === 'open';
  const gated = async (rpc: RpcDescriptor, payload: unknown, ctx?: CallOptions): Promise<Gated<unknown>> => {
    try {
      return { answered: true, reply: await guarded(rpc, payload, ctx) };
    } catch (err) {
      if (!isPeerFailure(err)) throw err;
      return { answered: false, allow, error: err instanceof AppError ? err : new AppError('UNAVAILABLE', `${peer}: ${(err as Error)?.message}`) };
    }
  };
  return gated as GatedCall;
}
