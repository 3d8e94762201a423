import type { NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import type { RpcDescriptor } from '@flywheel/contracts';
import type { Registry } from 'prom-client';
import { createBreaker } from './breaker.ts';
import { request, type CallContext } from './rpc.ts';

export type RpcCall = <Req extends z.ZodType, Res extends z.ZodType>(
  rpc: RpcDescriptor<Req, Res>,
  payload: z.input<Req>,
  ctx?: CallContext & { subject?: string; timeoutMs?: number },
) => Promise<z.infer<Res>>;

/**
 * The one factory for calls to a peer service: NATS request with the descriptor's timeout,
 * behind a breaker named after the peer. Open circuit → UNAVAILABLE; domain errors pass through.
 */
export function rpcClient(nc: NatsConnection, peer: string, opts: { registry?: Registry; timeoutMs?: number } = {}): RpcCall {
  const guarded = createBreaker(
    (rpc: RpcDescriptor, payload: unknown, ctx?: CallContext & { subject?: string; timeoutMs?: number }) => request(nc, rpc, payload, ctx),
    // The breaker's own timeout sits just above the request's, so the request's TIMEOUT wins.
    { name: peer, timeoutMs: (opts.timeoutMs ?? 30_000) + 500, registry: opts.registry },
  );
  return guarded as RpcCall;
}
