/**
 * A ws-hub on a 3-node NATS cluster (streams with 3 replicas) while one node is killed (-9) and restarted: the node
 * holding the hub's ordered consumer of the output stream, or the node the hub is connected to. Events are published
 * through JetStream all along; a client watching them gets each exactly once, in order, and a client resuming with a
 * cursor the hub sent gets exactly what came after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamNameForFamily } from '@flywheel/contracts';
import { wireStream } from '@flywheel/kit';
import { jetstreamIn, startCluster, startStack, TestClient, type Stack, type TestCluster } from '../support/index.ts';

let cluster: TestCluster;
let s: Stack;

beforeAll(async () => {
  cluster = await startCluster();
  s = await startStack({ nats: cluster, env: { STREAM_REPLICAS: '3' }, services: ['gateway-api', 'ws-hub'] });
}, 120_000);

afterAll(async () => {
  await s?.stop();
  await cluster?.stop();
}, 60_000);

/** Publishes until JetStream acks (a retry after a lost ack is deduplicated by the message id). */
async function publishAcked(subject: string, tag: string, i: number): Promise<void> {
  const js = jetstreamIn(s.nc);
  for (;;) {
    try {
      await js.publish(subject, JSON.stringify({ i }), { msgID: `${tag}-${i}`, timeout: 2000 });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The node holding the hub's ordered consumer of the output stream (the only reader of that stream here). */
async function consumerNode(): Promise<number> {
  const jsm = await jetstreamManager(s.nc);
  for await (const ci of jsm.consumers.list(wireStream(s.nc, streamNameForFamily('agent:output'))))
    if (ci.cluster?.leader) return cluster.indexOf(ci.cluster.leader);
  throw new Error('no consumer on the output stream');
}

/** The node the hub's own connection is on. */
const connectionNode = async () => cluster.indexOf(s.service('ws-hub').deps.nc.info!.server_name);

const N = 300;

describe('ws-hub on a NATS cluster losing a node', () => {
  it.each([
    ['the node holding the hub’s consumer', consumerNode],
    ['the node the hub is connected to', connectionNode],
  ])(
    'kill -9 of %s mid-stream: every event reaches a client exactly once, in order',
    async (label, pick) => {
      const tag = label.includes('consumer') ? 'oc' : 'conn';
      const subject = `agent.output.${tag}1`;
      const c = await TestClient.connect(s.port('ws-hub'), s.adminKey);
      await c.subscribe([`agent:output:${tag}1`]);
      for (let i = 0; i < N / 3; i++) await publishAcked(subject, tag, i);
      await c.until(() => c.events().length === N / 3, 20_000, 'before the kill');
      const victim = await pick();
      await cluster.kill9(victim);
      for (let i = N / 3; i < (2 * N) / 3; i++) await publishAcked(subject, tag, i);
      await cluster.restartNode(victim);
      for (let i = (2 * N) / 3; i < N; i++) await publishAcked(subject, tag, i);
      await c.until(() => c.events().length >= N, 60_000, `all ${N} events`).catch(() => undefined);
      const seen = c.events().map((e) => (e.data as { i: number }).i);
      expect(seen).toEqual(Array.from({ length: N }, (_, i) => i));

      // A client resuming from the cursor of the event just after the kill gets exactly the rest.
      const k = N / 3;
      const again = await TestClient.connect(s.port('ws-hub'), s.adminKey);
      await again.subscribe([`agent:output:${tag}1`], c.events()[k].cursor);
      await again.until(() => again.events().length >= N - k - 1, 20_000, 'the replay');
      expect(again.events().map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: N - k - 1 }, (_, i) => k + 1 + i));
      await Promise.all([c.close(), again.close()]);
    },
    180_000,
  );
});
