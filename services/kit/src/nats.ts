import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from './logger.ts';

export type { NatsConnection };

/** Connects and never gives up reconnecting; the first connect waits for the broker too. */
export async function connectNats(opts: { url: string; name: string; logger: Logger }): Promise<NatsConnection> {
  const nc = await connect({
    servers: opts.url.split(',').map((s) => s.trim()),
    name: opts.name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 10_000,
    maxPingOut: 3,
  });
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
