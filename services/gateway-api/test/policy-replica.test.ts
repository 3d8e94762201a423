import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_VERSION_BUCKET, POLICY_VERSION_KEY, type PolicySnapshot } from '@flywheel/contracts';
import { builtinRulesHash } from '@flywheel/dcg';
import { connectNats, openKv, Registry, type NatsConnection, type RpcCall } from '@flywheel/kit';
import { startNats, testLogger, waitFor, type TestNats } from '@flywheel/kit/testing';
import { openPolicyReplica } from '../src/runtime/policy-replica.ts';

let nats: TestNats;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNats();
  nc = await connectNats({ url: nats.url, name: 'replica-test', logger: testLogger() });
});
afterAll(async () => {
  await nc?.drain();
  await nats?.stop();
});

describe('the hook fast path’s policy replica', () => {
  it('moves when safety’s rules or engine settings change under the same version, and is not used with other built-in rules', async () => {
    const snap: PolicySnapshot = {
      version: 3,
      packActions: [],
      customPacks: [],
      failMode: 'closed',
      defaultPacks: [],
      rulesHash: builtinRulesHash(),
      signature: 'sig-a',
    };
    let fetched = 0;
    // Safety's snapshot RPC, as this test sets it (a fake inside this one test).
    const safety = (async () => (fetched++, { ...snap })) as unknown as RpcCall;
    const kv = await openKv(nc, POLICY_VERSION_BUCKET);
    await kv.put(POLICY_VERSION_KEY, '3:sig-a');
    const replica = await openPolicyReplica(nc, safety, { logger: testLogger(), registry: new Registry(), replicas: 1 });
    try {
      await replica.whenCurrent((v) => v === 3);
      expect(replica.current()?.value).toBe('3:sig-a');

      // Safety restarted with another DCG_PACKS or fail mode: same stored version, another signature.
      snap.signature = 'sig-b';
      snap.failMode = 'open';
      await kv.put(POLICY_VERSION_KEY, '3:sig-b');
      await waitFor(() => replica.current()?.value === '3:sig-b', { what: 'the replica at the new signature', timeoutMs: 10_000 });
      expect(fetched).toBeGreaterThanOrEqual(2);

      // Safety runs other built-in rules (one side upgraded): the replica is not used; hooks ask the guard.
      snap.rulesHash = 'not-these-rules';
      snap.version = 4;
      const before = fetched;
      await kv.put(POLICY_VERSION_KEY, '4:sig-b');
      await waitFor(() => fetched > before, { what: 'the snapshot fetched again', timeoutMs: 10_000 });
      expect(replica.current()).toBeUndefined();
    } finally {
      replica.stop();
    }
  });
});
