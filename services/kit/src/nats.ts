import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from './logger.ts';
import { checkNamespace } from '@flywheel/contracts';
import { bindNamespace } from './namespace.ts';

export type { NatsConnection };

/**
 * Connects and never gives up reconnecting; the first connect waits for the broker too. The
 * connection is bound to `namespace` (default `fw`): every kit helper prefixes its subjects and streams.
 */
export async function connectNats(opts: { url: string; name: string; logger: Logger; namespace?: string }): Promise<NatsConnection> {
  if (opts.namespace) checkNamespace(opts.namespace);
  const nc = await connect({
    servers: opts.url.split(',').map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 10_000,
    maxPingOut: 3,
    // No Error (with a captured stack) made ahead of every request just in case it fails: the kit maps
    // transport errors to AppError, whose message says which subject failed.
    noAsyncTraces: true,
  });
  if (opts.namespace) bindNamespace(nc, opts.namespace);
  void watchStatus(nc, opts.logger.child({ mod: 'nats' }));
  return nc;
}

async function watchStatus(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const s of nc.status()) {
    if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error' || s.type === 'close') {
      log.info({ status: s.type, server: 'server' in s ? s.server : undefined }, `nats ${s.type}`);
    }
  }
}
