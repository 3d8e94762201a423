import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dcgEvent,
  dcgRpcs,
  HOOK_ALLOWED_STREAM,
  hookAllowedEvent,
  policySnapshotRpc,
  POLICY_VERSION_BUCKET,
  POLICY_VERSION_KEY,
  policyVersionValue,
  subjectFor,
  type DcgDecision,
  type HookAllow,
} from '@flywheel/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, DurablePublisher, openKv, request, startService, subscribe, wireStream, type NatsConnection, type RunningService } from '@flywheel/kit';
import { startNats, testLogger, type TestNats } from '@flywheel/kit/testing';
import { builtinRulesHash, policySignature } from '@flywheel/dcg';
import { SafetyDefinition } from '../src/service.ts';

const allow = (id: string, over: Partial<HookAllow> = {}): HookAllow => ({
  id,
  ts: new Date().toISOString(),
  agentId: 'cc-1',
  accountId: 'acct-a',
  tool: 'Bash',
  command: `ls ${id}`,
  durationUs: 7,
  policyVersion: 0,
  ...over,
});

describe('safety and the gateway’s hook fast path', () => {
  let nats: TestNats;
  let safety: RunningService;
  let nc: NatsConnection;
  let dir: string;
  let pub: DurablePublisher;
  const seen: DcgDecision[] = [];
  const waiting = new Set<() => void>();
  let events: { stop(): void };
  const eventFor = (id: string) =>
    new Promise<DcgDecision>((resolve) => {
      const check = () => {
        const d = seen.find((x) => x.id === id);
        if (!d) return;
        waiting.delete(check);
        resolve(d);
      };
      waiting.add(check);
      check();
    });

  beforeAll(async () => {
    nats = await startNats();
    dir = mkdtempSync(join(tmpdir(), 'fw-safety-handed-'));
    safety = await startService(SafetyDefinition, { NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
    nc = await connectNats({ url: nats.url, name: 'safety-handed-test', logger: testLogger() });
    pub = new DurablePublisher(nc, { logger: testLogger() });
    events = subscribe(
      nc,
      dcgEvent,
      (e) => {
        if (e.type === 'decision') seen.push(e.decision);
        for (const w of [...waiting]) w();
      },
      { logger: testLogger() },
    );
  });
  afterAll(async () => {
    events?.stop();
    await pub?.close();
    await nc?.close();
    await safety?.stop();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a handed allow once, publishes and counts it; a redelivered copy and a malformed message store nothing', async () => {
    const first = eventFor('dcd_h1');
    await pub.publish(hookAllowedEvent, ['cc-1'], allow('dcd_h1'), 'dcd_h1');
    expect(await first).toMatchObject({ id: 'dcd_h1', source: 'hook', decision: 'allow', agentId: 'cc-1', accountId: 'acct-a', command: 'ls dcd_h1' });
    // The same decision again under another msg id (as after the duplicate window), then a message no schema accepts.
    await pub.publish(hookAllowedEvent, ['cc-1'], allow('dcd_h1'), 'dcd_h1-again');
    await pub.publishRaw(subjectFor(hookAllowedEvent.subject, 'cc-1'), new TextEncoder().encode('{"id":"dcd_bad"}'), 'dcd_bad');
    const third = eventFor('dcd_h3');
    await pub.publish(hookAllowedEvent, ['cc-1'], allow('dcd_h3'), 'dcd_h3');
    await third;
    const { items } = await request(nc, dcgRpcs.decisions, { agentId: 'cc-1', limit: 100 });
    expect(items.map((d) => d.id).sort()).toEqual(['dcd_h1', 'dcd_h3']);
    const handed = await safety.deps.metrics.registry.getSingleMetric('dcg_hook_allows_handed_total')!.get();
    expect(handed.values[0].value).toBe(2);
    // A work queue: what safety acked leaves the stream.
    const info = await (await jetstreamManager(nc)).streams.info(wireStream(nc, HOOK_ALLOWED_STREAM.name));
    expect(info.config.retention).toBe('workqueue');
  });

  it('the policy snapshot carries what engines are built from; a change is answered once KV holds its version', async () => {
    const before = await request(nc, policySnapshotRpc, {});
    expect(before).toMatchObject({ packActions: [], customPacks: [], failMode: 'open', defaultPacks: [], rulesHash: builtinRulesHash() });
    // The signature covers the built-in rules and the engine settings, so a restart with others moves the KV value.
    expect(before.signature).toBe(policySignature({ rulesHash: builtinRulesHash(), failMode: 'open', defaultPacks: [] }));
    const kv = await openKv(nc, POLICY_VERSION_BUCKET);
    expect((await kv.get(POLICY_VERSION_KEY))?.string()).toBe(policyVersionValue(before.version, before.signature));

    await request(nc, dcgRpcs.packAction, { packId: 'database', scope: 'account', scopeId: 'acct-a', action: 'off', actor: 'test' });
    const after = await request(nc, policySnapshotRpc, {});
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.packActions).toEqual([{ scopeKey: 'account:acct-a', packId: 'database', action: 'off' }]);
    expect((await kv.get(POLICY_VERSION_KEY))?.string()).toBe(policyVersionValue(after.version, before.signature));
  });
});
