/**
 * The 3-node cluster helper: streams the kit ensures with STREAM_REPLICAS=3 live on all three nodes, an acknowledged
 * publish survives kill -9 of the stream's leader, and the restarted node catches up from its own store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { StreamSpec } from '@flywheel/contracts';
import { connectNats, ensureStreams, type NatsConnection } from '@flywheel/kit';
import { testLogger, waitFor } from '@flywheel/kit/testing';
import { startCluster, type TestCluster } from './cluster.ts';

const spec: StreamSpec = { name: 'CLUSTERED', subjects: ['clustered.*'], maxAgeS: 3600, maxPerSubject: -1, duplicateWindowS: 120 };

describe('startCluster', () => {
  let c: TestCluster;
  let nc: NatsConnection;
  beforeAll(async () => {
    c = await startCluster();
    nc = await connectNats({ url: c.url, name: 'cluster-test', logger: testLogger() });
  });
  afterAll(async () => {
    await nc?.close();
    await c?.stop();
  });

  it('replicates a kit stream on three nodes; acknowledged messages survive kill -9 of its leader and the node rejoins', async () => {
    await ensureStreams(nc, [spec], testLogger(), 3);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('FW_CLUSTERED');
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas?.length).toBe(2);
    const js = jetstream(nc);
    for (let i = 0; i < 20; i++) await js.publish('fw.clustered.a', JSON.stringify({ i }), { msgID: `m${i}` });

    const leader = c.indexOf(info.cluster!.leader!);
    await c.kill9(leader);
    expect(c.nodes[leader].up).toBe(false);
    // A new leader is elected among the two left; publishing goes on (retried while the election runs).
    for (let i = 20; i < 40; i++) await waitFor(() => js.publish('fw.clustered.a', JSON.stringify({ i }), { msgID: `m${i}` }), { timeoutMs: 20_000 });
    expect((await jsm.streams.info('FW_CLUSTERED')).state.messages).toBe(40);

    await c.restartNode(leader);
    // The restarted node is a current replica again.
    await waitFor(
      async () => {
        const i = await jsm.streams.info('FW_CLUSTERED');
        const peers = [i.cluster!.leader!, ...(i.cluster!.replicas ?? []).filter((r) => r.current && !r.offline).map((r) => r.name)];
        return peers.length === 3 && peers.includes(c.nodes[leader].name);
      },
      { timeoutMs: 20_000, what: 'the restarted node current' },
    );
    // The duplicate window still holds across the failover: a re-sent id is not stored twice.
    const again = await js.publish('fw.clustered.a', JSON.stringify({ i: 0 }), { msgID: 'm0' });
    expect(again.duplicate).toBe(true);
    expect((await jsm.streams.info('FW_CLUSTERED')).state.messages).toBe(40);
  }, 90_000);
});
