/**
 * The kit's KV watch (what the gateway's key store, revocations, settings and the hook policy replica follow) on a
 * 3-node NATS cluster, bucket with 3 replicas, while one node is killed (-9): the node holding the watch's consumer,
 * or the node the watcher is connected to. Every put made after the kill reaches the watcher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, namespaceOf, openKv, watchKv, type KV, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startCluster, type TestCluster } from '../support/index.ts';

let cluster: TestCluster;
const conns: NatsConnection[] = [];

beforeAll(async () => {
  cluster = await startCluster();
}, 120_000);
afterAll(async () => {
  for (const nc of conns) await nc.close().catch(() => undefined);
  await cluster?.stop();
}, 60_000);

const connect = async (name: string) => {
  const nc = await connectNats({ url: cluster.url, name, logger: testLogger() });
  conns.push(nc);
  return nc;
};

/** Puts until the bucket takes it (a node's loss makes some calls time out while leaders move). */
async function putAcked(kv: KV, key: string, value: string): Promise<void> {
  for (;;) {
    try {
      await kv.put(key, value);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('a KV watch on a NATS cluster losing a node', () => {
  it.each(['consumer', 'connection'] as const)(
    'kill -9 of the node holding the watch’s %s: every later put reaches the watcher',
    async (which) => {
      const bucket = `watch-${which}`;
      const watcherNc = await connect(`watcher-${which}`);
      const writerNc = await connect(`writer-${which}`);
      const kv = await openKv(watcherNc, bucket, { replicas: 3 });
      const writer = await openKv(writerNc, bucket, { replicas: 3 });
      await putAcked(writer, 'k0', 'v0');
      const seen = new Map<string, string>();
      const watch = await watchKv(kv, (e) => void (e.operation === 'PUT' && seen.set(e.key, e.string())));
      try {
        await waitFor(() => seen.get('k0') === 'v0', { what: 'the first value' });
        let node: number;
        if (which === 'connection') node = cluster.indexOf(watcherNc.info!.server_name);
        else {
          const jsm = await jetstreamManager(watcherNc);
          const leaders: string[] = [];
          for await (const ci of jsm.consumers.list(`KV_${namespaceOf(watcherNc)}_${bucket}`)) if (ci.cluster?.leader) leaders.push(ci.cluster.leader);
          expect(leaders).toHaveLength(1);
          node = cluster.indexOf(leaders[0]);
        }
        await cluster.kill9(node);
        for (let i = 1; i <= 20; i++) await putAcked(writer, `k${i}`, `v${i}`);
        await waitFor(() => Array.from({ length: 21 }, (_, i) => seen.get(`k${i}`) === `v${i}`).every(Boolean), {
          what: `all 21 values at the watcher (has ${seen.size})`,
          timeoutMs: 60_000,
          intervalMs: 100,
        });
        await cluster.restartNode(node);
      } finally {
        watch.stop();
      }
    },
    180_000,
  );
});
